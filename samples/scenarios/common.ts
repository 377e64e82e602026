// Node templates shared by scenarios, so that each scenario file says only what is special about it.
import { HW } from '../generator/hardware.ts';
import type { NodeSpec } from '../generator/world.ts';

export function rhel8Worker(host: string, over: Partial<NodeSpec> = {}): NodeSpec {
  return {
    host, role: 'worker', os: 'rhel8', kernel: '4.18.0-477.27.1.el8_8.x86_64', zone: 'Europe/Berlin',
    memKb: 32587104, cpus: 8, ip: '10.20.3.13', kubelet: 'v1.28.9', runtime: 'containerd', runtimeVersion: 'v1.6.31',
    nic: { name: 'ens1f0', driver: 'i40e', pci: '0000:3b:00.0', speed: '25 Gbps' }, disk: 'sda', vendor: HW.dell, ...over,
  };
}

export function controlPlane(host: string, ip: string, over: Partial<NodeSpec> = {}): NodeSpec {
  return {
    host, role: 'control-plane', os: 'rhel9', kernel: '5.14.0-427.13.1.el9_4.x86_64', zone: 'America/New_York',
    memKb: 16148540, cpus: 4, ip, kubelet: 'v1.29.4', runtime: 'containerd', runtimeVersion: 'v1.7.13', etcd: '3.5.12',
    nic: { name: 'eno1', driver: 'igb', pci: '0000:01:00.0', speed: '1000 Mbps' }, disk: 'nvme0n1', vendor: HW.supermicro, ...over,
  };
}

export function ubuntuWorker(host: string, over: Partial<NodeSpec> = {}): NodeSpec {
  return {
    host, role: 'worker', os: 'ubuntu2204', kernel: '5.15.0-105-generic', zone: 'UTC', memKb: 65842148, cpus: 16,
    ip: '172.16.8.21', kubelet: 'v1.29.4', runtime: 'containerd', runtimeVersion: 'v1.7.12',
    nic: { name: 'ens5', driver: 'ixgbe', pci: '0000:00:05.0', speed: '10 Gbps' }, disk: 'nvme0n1', vendor: HW.hpe,
    cmdline: 'BOOT_IMAGE=/vmlinuz-5.15.0-105-generic root=UUID=3f1c2b7a-1d2e-4a8f-9b51-2f6a0c7d9e11 ro console=tty1 console=ttyS0 nvme_core.io_timeout=4294967295',
    ...over,
  };
}
