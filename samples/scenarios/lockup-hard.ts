// A NIC driver spins with a lock held: soft lockups repeat on one CPU for minutes, the RCU
// machinery starts to complain, and finally the NMI watchdog sees the CPU stuck with interrupts
// off (hard LOCKUP) and panics (kernel.hardlockup_panic=1). kdump saves the ring buffer; the
// journal never receives the panic itself.
import { kgen, panicLines, softLockup } from '../generator/kmsg.ts';
import type { Scenario } from '../generator/scenario.ts';
import { controlPlane } from './common.ts';

const HOST = 'gpu-wrk-12';

export const scenario: Scenario = {
  id: 'lockup-hard',
  title: 'GPU worker rebooted during a training run',
  description: 'gpu-wrk-12, a RHEL 9 bare-metal worker, rebooted by itself during the night; kdump was configured. The sosreport was taken after it came back.',
  category: 'kernel',
  type: 'hard_lockup',
  layout: 'sosreport',
  seed: 1003,
  nodes: [controlPlane(HOST, '10.30.1.42', { role: 'worker', etcd: undefined, zone: 'Europe/Berlin', memKb: 263721984, cpus: 64, nic: { name: 'ens1f0np0', driver: 'bnxt_en', pci: '0000:17:00.0', speed: '25000 Mbps' } })],
  crashNode: HOST,
  crashAt: '2025-09-18T01:52:31Z',
  outcome: 'panic',
  kdump: true,
  truncateLogsSecondsBefore: 3,
  story(w, { before, crashT }) {
    const n = w.node(HOST);
    const b = n.boots[0]!;
    const g = kgen(b.kernel);
    const rng = w.rng.fork('story');
    const hw = n.spec.vendor!;
    const frames = ['_raw_spin_lock+0x25/0x30', 'bnxt_tx_int+0x6d/0x250 [bnxt_en]', 'bnxt_poll_p5+0x9a/0x2a0 [bnxt_en]', '__napi_poll+0x2a/0x170', 'net_rx_action+0x22f/0x2e0', '__do_softirq+0xc6/0x2ac', 'irq_exit_rcu+0xb5/0xe0', 'sysvec_apic_timer_interrupt+0x72/0x90'];
    let secs = 22;
    for (let i = 0; i < 7; i++) {
      const es = w.kernel(HOST, before(14 * 60 - i * 26 * 60 / 30), softLockup(g, rng, b.kernel, hw, 37, secs, 'ksoftirqd/37', 236, frames), 4);
      if (i === 0) w.cite('soft_lockup', es, 'soft lockup - CPU#37 stuck for 22s!', 'CPU 37 stuck in the bnxt_en NAPI poll, spinning on a lock');
      secs += 26;
    }
    const rcu = w.kernel(HOST, before(9 * 60), ['rcu: INFO: rcu_preempt self-detected stall on CPU', `rcu: \t37-....: (59997 ticks this GP) idle=${rng.hex(3)}/1/0x4000000000000000 softirq=${rng.int(100000, 900000)}/${rng.int(100000, 900000)} fqs=14923`, '\t(t=60000 jiffies g=98712345 q=1289 ncpus=64)'], 4);
    w.cite('rcu_stall', rcu, 'rcu_preempt self-detected stall on CPU', 'the stuck CPU now blocks RCU grace periods');
    w.kubelet(HOST, before(6 * 60), 'I', 'kubelet.go:2224', '"Skipping pod synchronization" err="PLEG is not healthy: pleg was last seen active 3m1.402718877s ago; threshold is 3m0s"');
    const hard = w.kernel(HOST, crashT - 3000, [
      'NMI watchdog: Watchdog detected hard LOCKUP on cpu 37',
      'Modules linked in: nvidia_uvm(POE) nvidia(POE) bnxt_en xt_conntrack nf_nat overlay br_netfilter bridge stp llc xfs sd_mod sg ahci libahci',
      `CPU: 37 PID: 236 Comm: ksoftirqd/37 Kdump: loaded Tainted: P           OEL    -------  ---  ${b.kernel} #1`,
      `Hardware name: ${hw}`,
      `RIP: 0010:native_queued_spin_lock_slowpath+0x${rng.hex(3)}/0x1d0`,
    ], 0);
    w.cite('hard_lockup', hard, 'Watchdog detected hard LOCKUP on cpu 37', 'interrupts off for more than 10 s: the hard-lockup detector fires');
    const p = w.kernel(HOST, crashT - 1000, panicLines('Hard LOCKUP', g, rng, b.kernel, hw, 37, 236, 'ksoftirqd/37'), 0);
    w.cite('kernel_panic', p, 'Kernel panic - not syncing: Hard LOCKUP', 'kernel.hardlockup_panic=1 turns the lockup into a panic; kdump saved vmcore-dmesg');
  },
  explanation:
    'CPU 37 got stuck in the bnxt_en network driver\'s receive/transmit poll, spinning on a lock that was never released. The soft-lockup watchdog reported it every ~26 s for a quarter of an hour, RCU grace periods stalled behind it, '
    + 'the kubelet\'s PLEG went unhealthy, and finally the CPU stayed with interrupts disabled long enough for the NMI watchdog to declare a hard LOCKUP; with kernel.hardlockup_panic=1 the kernel panicked and kdump saved vmcore-dmesg.txt. '
    + 'The journal stops a few seconds before: the panic itself is only in var/crash/*/vmcore-dmesg.txt. Next steps: analyse the vmcore with crash, update the bnxt_en driver/firmware, check for a matching vendor errata.',
};
