// A pod without a memory limit leaks; the kubelet evicts what it can but the leak outruns it;
// the kernel's global OOM killer fires again and again, the node thrashes without swap and the
// hypervisor's watchdog resets it. The harmless memcg OOM seven hours earlier is the distractor.
import { kgen, oomReport, oomReaped, type OomTask } from '../generator/kmsg.ts';
import { appPods } from '../generator/noise.ts';
import type { Scenario } from '../generator/scenario.ts';
import { rhel8Worker } from './common.ts';

const HOST = 'wrk-eu-03';

export const scenario: Scenario = {
  id: 'global-oom-cascade',
  title: 'Shop worker reset by the hypervisor at night',
  description: 'wrk-eu-03, a RHEL 8 worker of the shop cluster, stopped answering shortly before 04:00 local time and was reset by the hypervisor. The sosreport was taken after it came back.',
  category: 'memory',
  type: 'oom_kill',
  layout: 'sosreport',
  seed: 1001,
  nodes: [rhel8Worker(HOST)],
  crashNode: HOST,
  crashAt: '2025-03-14T02:41:09Z',
  outcome: 'hard_reset',
  quietSeconds: 40,
  story(w, { before, crashT }) {
    const n = w.node(HOST);
    const b = n.boots[0]!;
    const g = kgen(b.kernel);
    const rng = w.rng.fork('story');
    const pods = appPods(w, HOST);
    const hog = { ns: 'analytics', pod: 'report-builder-6f9c7d8b4-qx2lm', uid: '9b2f4c1e-0d7a-4e3b-8c55-1a2b3c4d5e6f', container: 'builder' };
    const hw = n.spec.vendor!;
    w.kubelet(HOST, before(52 * 60), 'I', 'kubelet.go:2378', `"SyncLoop ADD" source="api" pods=["${hog.ns}/${hog.pod}"]`);
    w.runtime(HOST, before(52 * 60 - 2), 'info', `StartContainer for \\"${w.stableHex('hogcid', 64)}\\" returns successfully`);
    for (let i = 0; i < 40; i++) {
      w.pod(HOST, before(51 * 60 - i * 75), hog, `${new Date((before(51 * 60 - i * 75)) / 1000).toISOString()} INFO  [builder] loaded partition ${i + 1}/400 into cache (heap used ${(1.2 + i * 0.55).toFixed(1)} GiB)`);
    }
    const ev1 = w.kubelet(HOST, before(14 * 60 + 3), 'I', 'eviction_manager.go:366', '"Eviction manager: attempting to reclaim" resourceName="memory"');
    const ev2 = w.kubelet(HOST, before(14 * 60 + 2.9), 'I', 'eviction_manager.go:377', '"Eviction manager: must evict pod(s) to reclaim" resourceName="memory"');
    w.kubelet(HOST, before(14 * 60 + 2.8), 'I', 'eviction_manager.go:395', `"Eviction manager: pods ranked for eviction" pods=["${pods.web.ns}/${pods.web.pod}","${pods.cart.ns}/${pods.cart.pod}","${hog.ns}/${hog.pod}"]`);
    w.kubelet(HOST, before(14 * 60 - 9), 'I', 'eviction_manager.go:596', `"Eviction manager: pod is evicted successfully" pod="${pods.web.ns}/${pods.web.pod}"`);
    w.kubelet(HOST, before(14 * 60 - 30), 'I', 'kubelet_node_status.go:669', `"Recording event message for node" node="${HOST}" event="NodeHasInsufficientMemory"`);
    void ev1;
    w.cite('kubelet_eviction', ev2, 'Eviction manager: must evict pod(s) to reclaim', 'the kubelet saw memory pressure and started evicting');
    const tasks = (victim: OomTask): OomTask[] => [
      { pid: 1, uid: 0, comm: 'systemd', rssPages: 3100, vmPages: 61000, adj: 0 },
      { pid: b.pids.containerd!, uid: 0, comm: 'containerd', rssPages: 21000, vmPages: 480000, adj: -999 },
      { pid: b.pids.kubelet!, uid: 0, comm: 'kubelet', rssPages: 38000, vmPages: 610000, adj: -999 },
      { pid: 88120, uid: 65534, comm: 'node_exporter', rssPages: 6100, vmPages: 182000, adj: 999 },
      { pid: 90211, uid: 0, comm: 'fluent-bit', rssPages: 24000, vmPages: 260000, adj: 999 }, victim,
    ];
    const ooms: { at: number; victim: OomTask; trigger: string }[] = [
      { at: before(9 * 60 + 41), victim: { pid: 101733, uid: 1000, comm: 'java', rssPages: 7_300_000, vmPages: 9_200_000, adj: 1000 }, trigger: 'java' },
      { at: before(4 * 60 + 12), victim: { pid: 104512, uid: 1000, comm: 'java', rssPages: 7_250_000, vmPages: 9_180_000, adj: 1000 }, trigger: 'kswapd0' },
      { at: before(71), victim: { pid: 90211, uid: 0, comm: 'fluent-bit', rssPages: 24000, vmPages: 260000, adj: 999 }, trigger: 'java' },
    ];
    for (const [i, o] of ooms.entries()) {
      const trig = { ...o.victim, comm: o.trigger, pid: o.trigger === 'kswapd0' ? 112 : o.victim.pid };
      const lines = oomReport({ g, rng, kernel: b.kernel, hw, scope: 'global', trigger: trig, victim: o.victim, tasks: tasks(o.victim), memcg: `/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${hog.uid.replace(/-/g, '_')}.slice/cri-containerd-${w.stableHex('hogcid', 64)}.scope` });
      const es = w.kernel(HOST, o.at, lines, 3);
      const killed = es.find((e) => e.msg.startsWith('Out of memory: Killed process'))!;
      w.kernel(HOST, o.at + 210000, oomReaped(o.victim));
      if (i === 0 || i === ooms.length - 1) w.cite('oom_kill', killed, `Out of memory: Killed process ${o.victim.pid} (${o.victim.comm})`, i === 0 ? 'first global OOM kill: the leaking java' : 'the OOM killer is still firing; the node is thrashing');
      if (o.victim.comm === 'java') {
        w.kubelet(HOST, o.at + 2.5e6, 'I', 'kubelet.go:2410', `"SyncLoop (PLEG): event for pod" pod="${hog.ns}/${hog.pod}" event={"ID":"${hog.uid}","Type":"ContainerDied","Data":"${w.stableHex('hogcid' + i, 64)}"}`);
        w.kubelet(HOST, o.at + 31e6, 'I', 'kuberuntime_manager.go:1029', `"Message for Container of pod" containerName="builder" pod="${hog.ns}/${hog.pod}" containerMessage="Container builder was OOMKilled; restarting"`);
        w.kubelet(HOST, o.at + 40e6, 'I', 'kubelet.go:2410', `"SyncLoop (PLEG): event for pod" pod="${hog.ns}/${hog.pod}" event={"ID":"${hog.uid}","Type":"ContainerStarted","Data":"${w.stableHex('hogcid' + (i + 1), 64)}"}`);
      }
    }
    const pleg = w.kubelet(HOST, before(48), 'I', 'kubelet.go:2224', '"Skipping pod synchronization" err="PLEG is not healthy: pleg was last seen active 3m4.118522101s ago; threshold is 3m0s"');
    w.cite('kubelet_pleg', pleg, 'PLEG is not healthy', 'the kubelet itself is starved');
    w.kernel(HOST, crashT - 1200, `INFO: task kworker/u16:2:${rng.int(30000, 40000)} blocked for more than 120 seconds.`, 3);
    w.kernel(HOST, crashT, `      Not tainted ${b.kernel} #1`, 3);
  },
  explanation:
    'A report-builder pod in the analytics namespace ran with no memory limit and kept growing (its own log shows the heap climbing past 20 GiB). '
    + 'The kubelet noticed memory pressure and evicted smaller pods, but the leak outgrew eviction. The kernel\'s global OOM killer (not a cgroup limit: constraint=CONSTRAINT_NONE, global_oom) killed the java process, the pod restarted and leaked again, '
    + 'then the OOM killer took fluent-bit; with no swap the node thrashed, the kubelet\'s PLEG went unhealthy and the hypervisor reset the VM. '
    + 'The memcg OOM of the cart container seven hours earlier is a distractor: it hit its own 512 MiB limit and did not affect the node. '
    + 'Fix: give every pod a memory limit (LimitRange), reserve memory for the system (--system-reserved, --eviction-hard with a larger margin).',
};
