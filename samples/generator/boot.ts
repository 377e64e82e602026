// What a node prints while it boots: kernel banner, hardware, mounts, systemd, the NIC coming up
// (the harmless link-up every boot has — a detector must not call it a flap), then the
// container runtime and the kubelet starting.
import { linkUp } from './hardware.ts';
import { kgen } from './kmsg.ts';
import { defaultCmdline, kernelBuild } from './os.ts';
import { klogPrefix } from './clock.ts';
import type { Boot, World } from './world.ts';

const S = 1e6;

export function bootSequence(w: World, host: string, b: Boot): void {
  const n = w.node(host);
  const s = n.spec;
  const g = kgen(b.kernel);
  const rng = w.rng.fork(`boot-${host}-${b.id}`);
  const t0 = b.start;
  const hw = s.vendor ?? 'Dell Inc. PowerEdge R740/0YWR7D, BIOS 2.19.1 06/07/2023';
  const build = kernelBuild(n.os, b.kernel);
  const cmdline = s.cmdline ?? defaultCmdline(n.os, b.kernel);
  const k = (sec: number, lines: string | string[], pri: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 = 6) => w.kernel(host, t0 + Math.round(sec * S), lines, pri);
  k(0, [
    `Linux version ${b.kernel} ${build}`,
    `Command line: ${cmdline}`,
  ], 5);
  k(0.0001, [`DMI: ${hw}`, 'tsc: Fast TSC calibration using PIT', `Memory: ${Math.floor(s.memKb * 0.97)}K/${s.memKb + 524288}K available (12288K kernel code, 5821K rwdata, 8404K rodata, 2540K init, 13784K bss, ${rng.int(600000, 900000)}K reserved, 0K cma-reserved)`]);
  k(0.02 + rng.next() * 0.01, [`smpboot: Allowing ${s.cpus} CPUs, 0 hotplug CPUs`, 'mce: CPU0: Thermal monitoring enabled (TM1)', `mce: CPU supports ${rng.pick([9, 20, 22])} MCE banks`]);
  k(0.9 + rng.next() * 0.3, [`${s.disk.startsWith('nvme') ? `nvme nvme0: ${s.cpus}/0/0 default/read/poll queues` : `sd 0:0:0:0: [${s.disk}] 937703088 512-byte logical blocks: (480 GB/447 GiB)`}`]);
  // the ordinary chatter of every boot, so that the ring buffer and the journal look like a real one
  const chatter: [number, string][] = [
    [0.0002, 'x86/fpu: Supporting XSAVE feature 0x001: \'x87 floating point registers\''],
    [0.0003, 'BIOS-provided physical RAM map:'],
    [0.0004, 'NX (Execute Disable) protection: active'],
    [0.0005, `SMBIOS 3.2.0 present.`],
    [0.0009, 'tsc: Detected 2394.374 MHz processor'],
    [0.0031, 'ACPI: Early table checksum verification disabled'],
    [0.0102, `Zone ranges:`],
    [0.0190, `Kernel command line: ${cmdline}`],
    [0.0311, 'Dentry cache hash table entries: 4194304 (order: 13, 33554432 bytes, linear)'],
    [0.0442, 'SLUB: HWalign=64, Order=0-3, MinObjects=0, CPUs=' + s.cpus + ', Nodes=1'],
    [0.0610, 'rcu: Hierarchical RCU implementation.'],
    [0.0840, 'clocksource: hpet: mask: 0xffffffff max_cycles: 0xffffffff, max_idle_ns: 133484882848 ns'],
    [0.1150, 'Calibrating delay loop (skipped), value calculated using timer frequency.. 4788.74 BogoMIPS (lpj=2394374)'],
    [0.1510, `smp: Brought up 1 node, ${s.cpus} CPUs`],
    [0.2210, 'devtmpfs: initialized'],
    [0.2690, 'NET: Registered PF_NETLINK/PF_ROUTE protocol family'],
    [0.3300, 'audit: initializing netlink subsys (disabled)'],
    [0.4020, 'ACPI: Interpreter enabled'],
    [0.4810, 'PCI host bridge to bus 0000:00'],
    [0.6120, 'iommu: Default domain type: Translated '],
    [0.7010, 'clocksource: Switched to clocksource tsc-early'],
    [0.8320, 'Initialise system trusted keyrings'],
    [0.9230, 'Freeing initrd memory: 31212K'],
    [1.3050, 'Freeing unused kernel image (initmem) memory: 2540K'],
    [1.3110, 'Write protecting the kernel read-only data: 26624k'],
    [1.3330, 'Run /init as init process'],
    [1.8010, 'random: crng init done'],
    [3.9020, `SELinux:  policy capability network_peer_controls=1`],
    [4.6110, 'IPMI message handler: version 39.2'],
    [6.1450, 'Bridge firewalling registered'],
    [9.7780, 'Initializing XFRM netlink socket'],
  ];
  for (const [sec, msg] of chatter) k(sec + rng.next() * 0.0001, msg);
  k(2.1 + rng.next(), g.old || n.os.packages === 'rpm' ? ['XFS (dm-0): Mounting V5 Filesystem', 'XFS (dm-0): Ending clean mount'] : [`EXT4-fs (${s.disk.startsWith('nvme') ? 'nvme0n1p1' : s.disk + '1'}): mounted filesystem with ordered data mode. Opts: (null). Quota mode: none.`]);
  w.systemd(host, t0 + Math.round((3.1 + rng.next() * 0.2) * S), `systemd ${n.os.systemd} running in system mode. (+PAM +AUDIT +SELINUX +IMA -APPARMOR +SMACK +SYSVINIT +UTMP +LIBCRYPTSETUP +GCRYPT +GNUTLS +ACL +XZ +LZ4 +SECCOMP +BLKID +ELFUTILS +KMOD +IDN2 -IDN +PCRE2 default-hierarchy=${g.old ? 'legacy' : 'unified'})`);
  w.systemd(host, t0 + Math.round(3.35 * S), `Detected architecture x86-64.`);
  w.systemd(host, t0 + Math.round(3.36 * S), `Set hostname to <${s.host}>.`);
  k(4.2 + rng.next() * 0.3, `${s.nic.driver} ${s.nic.pci} ${s.nic.name}: renamed from eth0`);
  k(5.6 + rng.next() * 0.4, 'bridge: filtering via arp/ip/ip6tables is no longer available by default. Update your scripts to load br_netfilter if you need this.');
  const up = k(7.5 + rng.next() * 1.5, linkUp(s.nic));
  k(7.6 + rng.next() * 1.5, `IPv6: ADDRCONF(NETDEV_CHANGE): ${s.nic.name}: link becomes ready`);
  void up;
  const units: [number, string][] = [
    [5.1, 'Started Journal Service.'], [5.9, 'Started udev Kernel Device Manager.'], [6.8, 'Started Security Auditing Service.'],
    [7.2, 'Started Login Service.'], [7.4, 'Started NTP client/server.'], [8.1, 'Started Network Manager.'],
    [9.5, 'Reached target Network is Online.'], [9.8, 'Started OpenSSH server daemon.'], [9.9, 'Started Command Scheduler.'],
  ];
  if (n.os.syslog !== 'none') units.push([7.9, 'Started System Logging Service.']);
  units.push([10.4, `Started ${s.runtime === 'cri-o' ? 'Container Runtime Interface for OCI (CRI-O)' : 'containerd container runtime'}.`]);
  units.push([11.0, 'Started kubelet: The Kubernetes Node Agent.']);
  units.push([11.3, 'Reached target Multi-User System.']);
  units.push([5.0, 'Starting Flush Journal to Persistent Storage...']);
  units.push([5.3, 'Finished Flush Journal to Persistent Storage.']);
  units.push([6.0, 'Starting Create Volatile Files and Directories...']);
  units.push([6.2, 'Mounted /var/lib/containerd.']);
  units.push([8.3, 'Starting Wait for Network to be Configured...']);
  units.push([11.4, 'Startup finished in 2.912s (kernel) + 3.101s (initrd) + 5.432s (userspace) = 11.445s.']);
  for (const [sec, msg] of units) w.systemd(host, t0 + Math.round((sec + rng.next() * 0.1) * S), msg);
  w.audit(host, t0 + Math.round(6.9 * S), 'DAEMON_START', `op=start ver=3.0.7 format=enriched kernel=${b.kernel} auid=4294967295 pid=${b.pids.auditd} uid=0 ses=4294967295 subj=system_u:system_r:auditd_t:s0 res=success`);
  w.audit(host, t0 + Math.round(7.0 * S), 'SYSTEM_BOOT', `pid=${rng.int(900, 1000)} uid=0 auid=4294967295 ses=4294967295 subj=system_u:system_r:init_t:s0 msg=' comm="systemd-update-utmp" exe="/usr/lib/systemd/systemd-update-utmp" hostname=? addr=? terminal=? res=success'`);
  for (const u of ['systemd-journald', 'auditd', 'NetworkManager', 'sshd', 'crond', s.runtime === 'cri-o' ? 'crio' : 'containerd', 'kubelet']) {
    w.audit(host, t0 + Math.round((7.1 + rng.next() * 4) * S), 'SERVICE_START', `pid=1 uid=0 auid=4294967295 ses=4294967295 subj=system_u:system_r:init_t:s0 msg='unit=${u} comm="systemd" exe="/usr/lib/systemd/systemd" hostname=? addr=? terminal=? res=success'`);
  }
  w.log(host, t0 + Math.round(7.3 * S), 'chronyd', `chronyd version 4.3 starting (+CMDMON +NTP +REFCLOCK +RTC +PRIVDROP +SCFILTER +SIGND +ASYNCDNS +NTS +SECHASH +IPV6 +DEBUG)`);
  w.log(host, t0 + Math.round(15.2 * S), 'chronyd', `Selected source 10.0.0.2 (ntp1.corp.example)`);
  w.log(host, t0 + Math.round(9.85 * S), 'sshd', 'Server listening on 0.0.0.0 port 22.');
  if (s.runtime === 'cri-o') {
    w.runtime(host, t0 + Math.round(10.5 * S), 'info', `Starting CRI-O, version: ${s.runtimeVersion}, git: ${rng.hex(40)}(clean)`);
  } else {
    w.runtime(host, t0 + Math.round(10.5 * S), 'info', 'starting containerd', `revision=${rng.hex(40)} version=${s.runtimeVersion}`);
    w.runtime(host, t0 + Math.round(10.7 * S), 'info', 'containerd successfully booted in 0.0' + rng.int(31, 89) + '1234s');
  }
  w.kubelet(host, t0 + Math.round(11.2 * S), 'I', 'server.go:487', `"Kubelet version" kubeletVersion="${s.kubelet}"`);
  w.kubelet(host, t0 + Math.round(11.3 * S), 'I', 'server.go:489', `"Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""`);
  w.kubelet(host, t0 + Math.round(12.9 * S), 'I', 'kubelet_node_status.go:73', `"Attempting to register node" node="${s.host}"`);
  w.kubelet(host, t0 + Math.round(13.4 * S), 'I', 'kubelet_node_status.go:76', `"Successfully registered node" node="${s.host}"`);
  w.kubelet(host, t0 + Math.round(14.0 * S), 'I', 'kubelet.go:2378', `"SyncLoop ADD" source="api" pods=["kube-system/kube-proxy-${rng.hex(5)}","kube-system/calico-node-${rng.hex(5)}"]`);
  if (s.etcd) {
    w.etcd(host, t0 + Math.round(18 * S), 'info', 'etcdmain/etcd.go:73', 'Running: ', { args: `["etcd","--advertise-client-urls=https://${s.ip}:2379","--data-dir=/var/lib/etcd","--name=${s.host}"]` });
    w.etcd(host, t0 + Math.round(18.2 * S), 'info', 'embed/etcd.go:309', 'starting an etcd server', { 'etcd-version': s.etcd, 'git-sha': rng.hex(9), 'go-version': 'go1.21.8', 'data-dir': '/var/lib/etcd' });
    // the API server of the same node, a static pod too (klog in its CRI log, UTC in the container)
    const api = { ns: n.os.id === 'rhcos' ? 'openshift-kube-apiserver' : 'kube-system', pod: `kube-apiserver-${host}`, uid: w.stableHex(`api-${host}`, 32), container: 'kube-apiserver' };
    const kl = (lvl: 'I' | 'W' | 'E', sec: number, src: string, msg: string) => w.pod(host, t0 + Math.round(sec * S), api, `${klogPrefix(lvl, t0 + Math.round(sec * S), 'UTC', 1)} ${src}] ${msg}`, 'stderr');
    kl('I', 19.1, 'options.go:220', 'external host was not specified, using ' + s.ip);
    kl('I', 19.2, 'server.go:148', `Version: ${s.kubelet.replace(/\+.*$/, '')}`);
    kl('I', 19.3, 'server.go:150', '"Golang settings" GOGC="" GOMAXPROCS="" GOTRACEBACK=""');
    kl('W', 21.0, 'logging.go:59', `[core] [Channel #1 SubChannel #2] grpc: addrConn.createTransport failed to connect to {Addr: "127.0.0.1:2379", ServerName: "127.0.0.1:2379", }. Err: connection error: desc = "transport: Error while dialing: dial tcp 127.0.0.1:2379: connect: connection refused"`);
    kl('I', 24.5, 'secure_serving.go:213', 'Serving securely on [::]:6443');
    kl('I', 25.2, 'controller.go:624', 'quota admission added evaluator for: leases.coordination.k8s.io');
  }
}
