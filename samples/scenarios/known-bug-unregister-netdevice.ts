// Amazon Linux 2 with a 4.14 kernel: a network namespace cannot be torn down because a device
// reference leaks ("unregister_netdevice: waiting for eth0 to become free"), the task doing it
// holds the RTNL lock, so every container start/stop hangs (copy_net_ns), pods pile up in
// ContainerCreating, PLEG goes unhealthy, the node turns NotReady and is replaced.
import { kgen, hungTask } from '../generator/kmsg.ts';
import { HW } from '../generator/hardware.ts';
import type { Scenario } from '../generator/scenario.ts';
import { rhel8Worker } from './common.ts';

const HOST = 'ip-10-1-42-17.ec2.internal';

export const scenario: Scenario = {
  id: 'known-bug-unregister-netdevice',
  title: 'EKS node stuck with pods in ContainerCreating',
  description: 'On an older EKS node group (Amazon Linux 2), pods on ip-10-1-42-17 stayed in ContainerCreating for half an hour, the node went NotReady; an engineer force-rebooted it from the console and took a sosreport.',
  category: 'operations',
  type: 'unregister_netdevice',
  layout: 'sosreport',
  seed: 1011,
  nodes: [rhel8Worker(HOST, { os: 'amzn2', kernel: '4.14.238-182.422.amzn2.x86_64', zone: 'UTC', vendor: HW.ec2, ip: '10.1.42.17', kubelet: 'v1.21.14-eks-fb459a0', runtimeVersion: '1.4.13', memKb: 32010212, nic: { name: 'eth0', driver: 'ena', pci: '0000:00:05.0', speed: '25 Gbps' }, disk: 'nvme0n1', cmdline: 'BOOT_IMAGE=/boot/vmlinuz-4.14.238-182.422.amzn2.x86_64 root=UUID=2c9f1a5e-8b7d-4c3a-9e6f-0d1b2a3c4d5e ro console=tty0 console=ttyS0,115200n8 net.ifnames=0 biosdevname=0 nvme_core.io_timeout=4294967295 rd.emergency=poweroff rd.shell=0' })],
  crashNode: HOST,
  crashAt: '2025-01-16T19:12:40Z',
  outcome: 'hard_reset',
  quietSeconds: 60,
  story(w, { before, crashT }) {
    const n = w.node(HOST);
    const b = n.boots[0]!;
    const g = kgen(b.kernel);
    const rng = w.rng.fork('story');
    let first = true;
    for (let s = 46 * 60; s > 0; s -= 10) {
      const e = w.kernel(HOST, before(s) - 7e5, 'unregister_netdevice: waiting for eth0 to become free. Usage count = 1', 0);
      if (first) { w.cite('unregister_netdevice', e, 'unregister_netdevice: waiting for eth0 to become free', 'a pod\'s network namespace cannot be destroyed: a device reference leaked'); first = false; }
    }
    const frames = ['__schedule+0x28c/0x8a0', 'schedule+0x28/0x80', 'schedule_preempt_disabled+0xa/0x10', '__mutex_lock.isra.5+0x2c5/0x4e0', 'copy_net_ns+0xa7/0x190', 'create_new_namespaces+0x11b/0x1e0', 'unshare_nsproxy_namespaces+0x55/0xa0', 'SyS_unshare+0x1c2/0x340', 'do_syscall_64+0x67/0x100'];
    const h = w.kernel(HOST, before(41 * 60), hungTask(g, rng, b.kernel, 'runc:[1:CHILD]', rng.int(20000, 30000), 120, frames), 3);
    w.cite('hung_task', h, 'blocked for more than 120 seconds', 'new containers hang creating their network namespace (copy_net_ns waits for the RTNL lock)');
    for (let i = 1; i < 6; i++) w.kernel(HOST, before(41 * 60 - i * 240), hungTask(g, rng, b.kernel, rng.pick(['runc:[1:CHILD]', 'containerd-shim', 'aws-k8s-agent']), rng.int(20000, 40000), 120 * (1 + (i % 3)), frames), 3);
    for (let i = 0; i < 10; i++) {
      w.kubelet(HOST, before(38 * 60 - i * 200), 'E', 'kuberuntime_sandbox.go:68', `"Failed to create sandbox for pod" err="rpc error: code = DeadlineExceeded desc = context deadline exceeded" pod="shop/web-${rng.hex(9)}-${rng.hex(5)}"`);
    }
    const pleg = w.kubelet(HOST, before(12 * 60), 'I', 'kubelet.go:1956', '"Skipping pod synchronization" err="PLEG is not healthy: pleg was last seen active 3m0.982337s ago; threshold is 3m0s"');
    w.cite('kubelet_pleg', pleg, 'PLEG is not healthy', 'the runtime no longer answers');
    const nr = w.kubelet(HOST, before(11 * 60), 'I', 'kubelet_node_status.go:650', `"Node became not ready" node="${HOST}" condition={Type:Ready Status:False LastHeartbeatTime:${new Date(before(11 * 60) / 1000).toISOString()} Reason:KubeletNotReady Message:PLEG is not healthy: pleg was last seen active 3m4.91s ago; threshold is 3m0s}`);
    w.cite('node_not_ready', nr, 'Node became not ready', 'and the node turns NotReady');
    w.sudo(HOST, before(3 * 60), 'ec2-user', 1000, '/bin/journalctl -k --no-pager');
    w.kernel(HOST, crashT, 'unregister_netdevice: waiting for eth0 to become free. Usage count = 1', 0);
  },
  explanation:
    'This node ran Amazon Linux 2 kernel 4.14.238, which has the long-known network-namespace reference leak (moby/moby#5618): when a pod was deleted its namespace could not be torn down, and the kernel printed "unregister_netdevice: waiting for eth0 to become free. Usage count = 1" every ten seconds for 46 minutes. '
    + 'The task stuck there holds the RTNL lock, so every new container blocked creating its network namespace (hung task in copy_net_ns), sandboxes timed out, pods stayed in ContainerCreating, PLEG went unhealthy and the node NotReady. '
    + 'Nothing but a reboot clears it. The cause is the kernel version, a known bug, not the workload: move the node group to a newer AMI/kernel (≥ 4.15/5.x).',
};
