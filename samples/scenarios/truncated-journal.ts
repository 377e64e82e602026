// The crash node's journal ends minutes before the crash: with a CPU stalled, journald (and
// rsyslog reading from it) stopped getting its writes to disk, so everything after 06:55 is lost
// from journal and messages. The RCU stalls and the panic survive only in kdump's vmcore-dmesg,
// and the pods' CRI logs (written by containerd) keep going until the end.
import { kgen, panicLines } from '../generator/kmsg.ts';
import type { Scenario } from '../generator/scenario.ts';
import { rhel8Worker } from './common.ts';

const HOST = 'wrk-tyo-05';

export const scenario: Scenario = {
  id: 'truncated-journal',
  title: 'The journal stops before the node died',
  description: 'wrk-tyo-05 (RHEL 8) rebooted in the early morning. Its journal and /var/log/messages end several minutes before the reboot. kdump was enabled.',
  category: 'kernel',
  type: 'rcu_stall',
  layout: 'sosreport',
  seed: 1014,
  nodes: [rhel8Worker(HOST, { zone: 'Asia/Tokyo', ip: '10.80.5.5', sysctl: { 'kernel.panic_on_rcu_stall': '1' } })],
  crashNode: HOST,
  crashAt: '2025-02-27T22:03:14Z',
  outcome: 'panic',
  kdump: true,
  truncateLogsSecondsBefore: 7 * 60 + 20,
  story(w, { before, crashT }) {
    const n = w.node(HOST);
    const b = n.boots[0]!;
    const g = kgen(b.kernel);
    const rng = w.rng.fork('story');
    const hw = n.spec.vendor!;
    w.kernel(HOST, before(9 * 60), `perf: interrupt took too long (${rng.int(2600, 4000)} > 2500), lowering kernel.perf_event_max_sample_rate to 79000`, 4);
    w.kubelet(HOST, before(8 * 60), 'W', 'kubelet.go:2220', '"Housekeeping took longer than expected" err="housekeeping took too long" expected="1s" actual="6.102s"');
    const rcu = (t: number, ticks: number) => w.kernel(HOST, t, [
      'rcu: INFO: rcu_sched detected stalls on CPUs/tasks:',
      `rcu: \t6-...!: (${ticks} ticks this GP) idle=${rng.hex(3)}/1/0x4000000000000000 softirq=${rng.int(1e6, 9e6)}/${rng.int(1e6, 9e6)} fqs=${Math.floor(ticks / 4)} `,
      `\t(detected by 2, t=${ticks + 3} jiffies, g=${rng.int(1e7, 9e7)}, q=${rng.int(100, 9000)})`,
      'Sending NMI from CPU 2 to CPUs 6:',
      `NMI backtrace for cpu 6`,
      `CPU: 6 PID: ${rng.int(3000, 9000)} Comm: kworker/6:2 Not tainted ${b.kernel} #1`,
      `RIP: 0010:__list_del_entry_valid+0x${rng.hex(2)}/0x80`,
    ], 3);
    const first = rcu(before(6 * 60 + 30), 60000);
    w.cite('rcu_stall', first, 'rcu_sched detected stalls on CPUs/tasks', 'CPU 6 stops passing through quiescent states; from here the journal is silent');
    rcu(before(3 * 60 + 30), 240003);
    rcu(before(40), 420006);
    const p = w.kernel(HOST, crashT - 1000, panicLines('RCU Stall', g, rng, b.kernel, hw, 2, 0, 'swapper/2'), 0);
    w.cite('kernel_panic', p, 'Kernel panic - not syncing: RCU Stall', 'kernel.panic_on_rcu_stall=1: the stall becomes a panic, seen only in vmcore-dmesg');
  },
  explanation:
    'The journal and /var/log/messages end at 06:55:54 local time, but the node lived until 07:03:14: the end of the logs is not the crash. The missing minutes are in var/crash/*/vmcore-dmesg.txt: CPU 6 stalled inside a kworker (RCU "detected stalls on CPUs/tasks", NMI backtrace in __list_del_entry_valid), '
    + 'the stall repeated for six and a half minutes while journald could no longer write, and kernel.panic_on_rcu_stall=1 turned it into "Kernel panic - not syncing: RCU Stall". The pods\' CRI logs also run past the journal\'s end, which confirms the node was alive. '
    + 'Lesson: never take the last journal line as the crash time without checking vmcore-dmesg and other sources. Action: analyse the vmcore (list corruption suggests a kernel bug), update the kernel.',
};
