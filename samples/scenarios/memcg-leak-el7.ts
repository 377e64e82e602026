// RHEL 7's 3.10 kernel with kernel-memory accounting switched on in every pod cgroup (runc does
// it): each short-lived pod leaves its slab caches behind, so slab grows for days, pods hit their
// limits early (kmem counts against them) and new cgroups fail with "cannot allocate memory"
// while `free` looks fine. The node ends in a global OOM and hangs.
import { HW } from '../generator/hardware.ts';
import { kgen, oomReport } from '../generator/kmsg.ts';
import type { Scenario } from '../generator/scenario.ts';
import { rhel8Worker } from './common.ts';

const HOST = 'k8s-cp-07';

export const scenario: Scenario = {
  id: 'memcg-leak-el7',
  title: 'Old RHEL 7 node: pods failing to start, then it hung',
  description: 'k8s-cp-07 is one of the RHEL 7.9 nodes of a small, older cluster (Kubernetes 1.16, etcd 3.3) whose control-plane nodes also run batch jobs. Pods started failing to start in the afternoon, then the node stopped responding and was power-cycled.',
  category: 'memory',
  type: 'memcg_oom',
  layout: 'sosreport',
  seed: 1002,
  nodes: [rhel8Worker(HOST, {
    os: 'rhel7', kernel: '3.10.0-1160.92.1.el7.x86_64', zone: 'America/Chicago', memKb: 16265960, cpus: 8, ip: '10.40.2.17',
    role: 'control-plane', kubelet: 'v1.16.15', runtimeVersion: 'v1.2.13', etcd: '3.3.15', vendor: HW.vmware, nic: { name: 'ens192', driver: 'vmxnet3', pci: '0000:0b:00.0', speed: '10000 Mbps' },
    slab: { 'kmalloc-64': 6_912_448, 'kmalloc-256': 1_210_880, kmem_cache: 98_112, 'kmalloc-1024': 402_304, dentry: 2_915_000 },
    cmdline: 'BOOT_IMAGE=/vmlinuz-3.10.0-1160.92.1.el7.x86_64 root=/dev/mapper/centos-root ro crashkernel=auto rd.lvm.lv=centos/root rhgb quiet',
  })],
  crashNode: HOST,
  crashAt: '2025-06-03T21:17:44Z',
  outcome: 'hard_reset',
  historyHours: 30,
  quietSeconds: 120,
  distractors: { memcgOomBeforeUs: null },
  story(w, { before, crashT }) {
    const n = w.node(HOST);
    const b = n.boots[0]!;
    const g = kgen(b.kernel);
    const rng = w.rng.fork('story');
    // slab allocations start failing hours before anything else looks wrong
    let first = true;
    for (let m = 200; m > 6; m -= rng.int(9, 24)) {
      const es = w.kernel(HOST, before(m * 60 + rng.int(0, 50)), [
        'SLUB: Unable to allocate memory on node -1 (gfp=0x8020)',
        `  cache: kmalloc-64(${rng.int(900, 4000)}:${rng.hex(8)}), object size: 64, buffer size: 64, default order: 0, min order: 0`,
        `  node 0: slabs: ${rng.int(40, 400)}, objs: ${rng.int(2560, 25600)}, free: 0`,
      ], 4);
      if (first) { w.cite('memcg_oom', es, 'SLUB: Unable to allocate memory on node -1', 'slab allocations inside pod cgroups fail: the kmem accounting leak of 3.10'); first = false; }
    }
    for (let i = 0; i < 6; i++) {
      const t = before(150 * 60 - i * 1300);
      const pod = `batch/etl-${28912340 + i * 15}-${rng.hex(5)}`;
      w.kubelet(HOST, t, 'E', 'pod_workers.go:918', `"Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"etl\\" with RunContainerError: \\"failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: unable to apply cgroup configuration: mkdir /sys/fs/cgroup/memory/kubepods/burstable/pod${rng.uuid()}/${rng.hex(64)}: cannot allocate memory: unknown\\"" pod="${pod}"`);
    }
    const memcg = (uid: string, cid: string) => `/kubepods/burstable/pod${uid}/${cid}`;
    for (let i = 0; i < 4; i++) {
      const victim = { pid: rng.int(20000, 90000), uid: 1000, comm: rng.pick(['java', 'python3', 'etl-worker']), rssPages: rng.int(60000, 120000), vmPages: rng.int(400000, 900000), adj: 994 };
      const es = w.kernel(HOST, before((70 - i * 15) * 60 + rng.int(0, 40)), oomReport({ g, rng, kernel: b.kernel, hw: HW.vmware, scope: 'memcg', trigger: victim, victim, tasks: [victim], memcg: memcg(rng.uuid(), rng.hex(64)), limitKb: 1048576 }), 3);
      if (i === 0 || i === 3) w.cite('memcg_oom', es.find((e) => e.msg.startsWith('Memory cgroup out of memory'))!, 'Memory cgroup out of memory: Kill process', i === 0 ? 'pods hit their limit far below their real usage: kmem counts against it' : 'still killing inside pod cgroups');
    }
    const v = { pid: b.pids.containerd!, uid: 0, comm: 'containerd', rssPages: 41000, vmPages: 720000, adj: -999 };
    const trig = { pid: b.pids.kubelet!, uid: 0, comm: 'kubelet', rssPages: 38000, vmPages: 610000, adj: -999 };
    const es = w.kernel(HOST, before(4 * 60 + 10), oomReport({ g, rng, kernel: b.kernel, hw: HW.vmware, scope: 'global', trigger: trig, victim: v, tasks: [trig, v] }), 3);
    w.cite('oom_kill', es.find((e) => e.msg.startsWith('Out of memory'))!, 'Out of memory: Kill process', 'finally a global OOM: unreclaimable slab has eaten the node');
    w.silence(HOST, 'containerd', before(4 * 60 + 10), crashT);
    w.kubelet(HOST, before(3 * 60), 'E', 'remote_runtime.go:633', '"ListContainers with filter from runtime service failed" err="rpc error: code = Unavailable desc = connection error: desc = \\"transport: Error while dialing dial unix /run/containerd/containerd.sock: connect: connection refused\\"" filter="&ContainerFilter{Id:,State:nil,PodSandboxId:,LabelSelector:map[string]string{},}"');
    const hung = w.kernel(HOST, crashT - 400, [`INFO: task xfsaild/dm-0:${rng.int(400, 900)} blocked for more than 120 seconds.`, `"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.`], 3);
    w.cite('hung_task', hung, 'blocked for more than 120 seconds', 'the node is no longer making progress');
  },
  explanation:
    'This is the RHEL 7 (3.10 kernel) kernel-memory accounting leak (kubernetes#61937): runc enables kmem accounting in every pod cgroup, and on 3.10 the slab objects charged there are never released when the cgroup goes away. '
    + 'Days of batch pods left slab caches behind (proc/slabinfo shows millions of kmalloc-64 objects), so allocations inside pod cgroups started failing ("SLUB: Unable to allocate memory on node -1"), new pods could not create their cgroup ("cannot allocate memory"), '
    + 'and pods were OOM-killed inside their cgroups although their own usage was small. Unreclaimable slab finally starved the whole node: a global OOM killed containerd and the node hung until it was power-cycled. '
    + 'Fix: boot with cgroup.memory=nokmem (or move to a RHEL 8+ kernel), and reboot long-running 3.10 nodes before slab grows.',
};
