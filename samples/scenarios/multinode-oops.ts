// sos collect from a three-node control plane: cp-2 hits a kernel NULL-pointer Oops in the ice
// NIC driver's interrupt handler, panics (panic_on_oops=1) and kdump saves vmcore-dmesg. cp-1 and
// cp-3 show the effects: the etcd leader (cp-2) vanishes, a new leader is elected, the
// controller-manager marks cp-2 NotReady.
import { kgen, panicLines } from '../generator/kmsg.ts';
import type { Scenario } from '../generator/scenario.ts';
import type { PodRef, World } from '../generator/world.ts';
import { controlPlane } from './common.ts';
import { klogPrefix } from '../generator/clock.ts';

const NODES = ['cp-1', 'cp-2', 'cp-3'];
const HOST = 'cp-2';
const id = (w: World, h: string) => w.stableHex(`member-${h}`, 16);
const kcm = (w: World, h: string): PodRef => ({ ns: 'kube-system', pod: `kube-controller-manager-${h}`, uid: w.stableHex(`kcm-${h}`, 32), container: 'kube-controller-manager' });

export const scenario: Scenario = {
  id: 'multinode-oops',
  title: 'One of three control-plane nodes died (sos collect)',
  description: 'A three-node control plane (RHEL 9) lost cp-2 for a few minutes around midday; the API stayed up. The team ran sos collect on all three nodes afterwards.',
  category: 'kernel',
  type: 'oops',
  layout: 'sos-collect',
  seed: 1013,
  nodes: NODES.map((h, i) => controlPlane(h, `10.60.0.${21 + i}`, { nic: { name: 'ens3f0', driver: 'ice', pci: '0000:31:00.0', speed: '25000 Mbps' } })),
  crashNode: HOST,
  crashAt: '2025-04-24T16:11:37Z',
  outcome: 'panic',
  kdump: true,
  truncateLogsSecondsBefore: 1,
  historyHours: 20,
  distractors: { slowApplyBeforeUs: 19 * 3600e6 },
  story(w, { before, crashT }) {
    const n = w.node(HOST);
    const b = n.boots[0]!;
    const g = kgen(b.kernel);
    const rng = w.rng.fork('story');
    const hw = n.spec.vendor!;
    w.kernel(HOST, before(95), `ice 0000:31:00.0 ens3f0: Tx Queue 4 hung, resetting`, 4);
    const oops = w.kernel(HOST, crashT - 4000, [
      'BUG: kernel NULL pointer dereference, address: 0000000000000008',
      '#PF: supervisor read access in kernel mode',
      '#PF: error_code(0x0000) - not-present page',
      `PGD 0 P4D 0 `,
      'Oops: 0000 [#1] PREEMPT SMP NOPTI',
      `CPU: 11 PID: 0 Comm: swapper/11 Kdump: loaded Not tainted ${b.kernel} #1`,
      `Hardware name: ${hw}`,
      `RIP: 0010:ice_clean_rx_irq+0x${rng.hex(3)}/0x${rng.hex(3)} [ice]`,
      `RSP: 0018:ffffb${rng.hex(4)}00318e48 EFLAGS: 00010246`,
      'Call Trace:', ' <IRQ>', ' ice_napi_poll+0x1a7/0x6a0 [ice]', ' __napi_poll+0x2a/0x170', ' net_rx_action+0x22f/0x2e0', ' __do_softirq+0xc7/0x2ac', ' __irq_exit_rcu+0xb5/0xe0', ' common_interrupt+0xb9/0xd0', ' </IRQ>',
      `---[ end trace ${rng.hex(16)} ]---`,
    ], 0);
    w.cite('oops', oops, 'BUG: kernel NULL pointer dereference, address: 0000000000000008', 'NULL-pointer Oops in the ice driver, in interrupt context');
    const p = w.kernel(HOST, crashT - 1000, panicLines('Fatal exception in interrupt', g, rng, b.kernel, hw, 11, 0, 'swapper/11'), 0);
    w.cite('kernel_panic', p, 'Kernel panic - not syncing: Fatal exception in interrupt', 'an Oops in interrupt context is always fatal');
    const me = id(w, HOST);
    for (const peer of ['cp-1', 'cp-3']) {
      const t = crashT + rng.int(150, 900) * 1000;
      const e = w.etcd(peer, t, 'warn', 'rafthttp/stream.go:421', 'lost TCP streaming connection with remote peer', { 'stream-reader-type': 'stream MsgApp v2', 'local-member-id': id(w, peer), 'remote-peer-id': me, error: 'read tcp 10.60.0.2' + (peer === 'cp-1' ? 1 : 3) + ':2380->10.60.0.22:2380: read: connection reset by peer' });
      if (peer === 'cp-1') w.cite('etcd_peer_lost', e, 'lost TCP streaming connection with remote peer', 'the peers see cp-2 vanish at the same second');
      for (let k = 1; k < 10; k++) w.etcd(peer, t + k * 30e6, 'warn', 'rafthttp/probing_status.go:68', 'prober detected unhealthy status', { 'round-tripper-name': 'ROUND_TRIPPER_SNAPSHOT', 'remote-peer-id': me, rtt: '0s', error: 'dial tcp 10.60.0.22:2380: connect: no route to host' });
    }
    const el = w.etcd('cp-3', crashT + 1.3e6, 'info', 'etcdserver/zap_raft.go:77', `raft.node: ${id(w, 'cp-3')} elected leader ${id(w, 'cp-3')} at term 9`, { logger: 'raft' });
    w.etcd('cp-1', crashT + 1.31e6, 'info', 'etcdserver/zap_raft.go:77', `raft.node: ${id(w, 'cp-1')} changed leader from ${me} to ${id(w, 'cp-3')} at term 9`, { logger: 'raft' });
    w.cite('etcd_leader_change', el, `elected leader ${id(w, 'cp-3')} at term 9`, 'cp-2 was the etcd leader: a new one is elected');
    const nt = crashT + 41e6;
    const nr = w.pod('cp-1', nt, kcm(w, 'cp-1'), `${klogPrefix('I', nt, 'UTC', 1)} node_lifecycle_controller.go:1214] "Node is NotReady" node="${HOST}"`.replace(/^I(\d{4} [\d:.]+)\s+1 /, 'I$1       1 '), 'stderr');
    w.pod('cp-1', nt + 2000, kcm(w, 'cp-1'), `${klogPrefix('I', nt + 2000, 'UTC', 1)} controller_utils.go:151] "Recording status change event message for node" status="NodeNotReady" node="${HOST}"`, 'stderr');
    w.cite('node_not_ready', nr, `"Node is NotReady" node="${HOST}"`, 'the controller-manager on cp-1 marks cp-2 NotReady 40 s later');
    for (let k = 0; k < 5; k++) w.kubelet('cp-1', crashT + (20 + k * 9) * 1e6, 'E', 'controller.go:195', `"Failed to update lease" err="Put \\"https://10.60.0.22:6443/apis/coordination.k8s.io/v1/namespaces/kube-node-lease/leases/cp-1?timeout=10s\\": dial tcp 10.60.0.22:6443: connect: no route to host"`);
  },
  explanation:
    'cp-2 crashed on its own: a NULL-pointer dereference in the ice NIC driver\'s receive path, in interrupt context (BUG: kernel NULL pointer dereference … RIP ice_clean_rx_irq), which is always fatal: "Kernel panic - not syncing: Fatal exception in interrupt". kdump saved vmcore-dmesg.txt in cp-2\'s sosreport; its journal stops a moment before. '
    + 'The other two nodes only show the consequences, at the same second: their etcd members lose the stream to cp-2, cp-3 is elected leader (cp-2 had been leader), and the controller-manager on cp-1 marks cp-2 NotReady 40 s later. '
    + 'A "Tx Queue hung" message a minute and a half before hints at the driver state. Action: open a case with the vmcore, update the ice driver/firmware; the cluster itself behaved as designed.',
};
