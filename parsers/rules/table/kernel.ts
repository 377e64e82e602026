// Kernel: panics, Oopses, BUGs, lockups, hung tasks, RCU stalls, and user processes dying on a signal.
// A's parser hands an Oops with its registers and Call Trace as one record; the `CPU: N PID: P
// Comm: X` line inside it (or just after it, when a blank line split the block) names the task.
import type { Rule } from '../rule.ts';

const KERNEL = /^(kernel|vmunix)$/;
const TASK = /CPU: \d+ PID: (?<pid>\d+) Comm: (?<process>\S+)/;
const TASK_KERNEL = /CPU: \d+ PID: \d+ Comm: \S+(?: Kdump: \w+)? (?:Not tainted|Tainted: [^\n]*?) (?<kernel>\d+\.\d+\S*) #/;
const OOPS_MODULE = /(?:IP|RIP): (?:\d+:)?\[<[0-9a-f]+>\]\s+\S+ \[(?<module>\w+)\]/;

export const KERNEL_RULES: Rule[] = [
  {
    id: 'kernel.panic',
    type: 'kernel_panic', category: 'kernel', severity: 'critical',
    keys: ['Kernel panic'],
    // 4.x+ repeats the reason in the closing `---[ end Kernel panic - not syncing: … ]---` line: not a second panic.
    pattern: /(?<!end )Kernel panic - not syncing:? ?(?<reason>[^\n]*?)(?: \]---)?\s*$/m,
    context: [TASK, TASK_KERNEL],
    fields: { pid: 'number' },
    idents: KERNEL,
    message: 'kernel panic: {reason}',
    versions: 'Linux 2.6–6.x',
    samples: {
      match: [
        { line: 'Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled', fields: { reason: 'Out of memory: system-wide panic_on_oom is enabled' } },
        { line: 'Kernel panic - not syncing: Fatal exception in interrupt', fields: { reason: 'Fatal exception in interrupt' } },
        { line: 'Kernel panic - not syncing: hung_task: blocked tasks', fields: { reason: 'hung_task: blocked tasks' } },
      ],
      noMatch: ['---[ end Kernel panic - not syncing: Fatal exception ]---'],
    },
  },
  {
    id: 'kernel.oops',
    type: 'oops', category: 'kernel', severity: 'critical',
    keys: ['Oops: 00', 'protection fault', 'invalid opcode', 'stack segment', 'double fault', 'divide error', 'Internal error'],
    // The `[#N]` die counter is what every x86/arm64 die() line carries, whatever the trap's name.
    pattern: /(?<![\w-])(?<kind>Oops|general protection fault|invalid opcode|stack segment|double fault|divide error|Internal error)\b[^\n\[]*?\b(?<code>[0-9a-f]{4,8}) \[#(?<die_count>\d+)\]/,
    fields: { die_count: 'number', pid: 'number' },
    context: [TASK, TASK_KERNEL, OOPS_MODULE],
    idents: KERNEL,
    message: 'kernel Oops ({kind}) in {process}',
    versions: 'Linux 2.6–6.8 `Oops: 0000 [#1] SMP`, `general protection fault: 0000 [#1]`; 6.9+ `Oops: general protection fault, …: 0000 [#1]`; arm64 `Internal error: Oops: 96000004 [#1]`',
    samples: {
      match: [
        { line: 'Oops: 0000 [#1] SMP ', fields: { kind: 'Oops', code: '0000', die_count: 1 } },
        { line: 'general protection fault, probably for non-canonical address 0xdead000000000122: 0000 [#1] SMP PTI', fields: { kind: 'general protection fault' } },
        { line: 'invalid opcode: 0000 [#1] SMP NOPTI', fields: { kind: 'invalid opcode' } },
        { line: 'Internal error: Oops: 96000004 [#1] PREEMPT SMP', fields: { kind: 'Internal error', code: '96000004' } },
        { line: 'divide error: 0000 [#1] SMP', fields: { kind: 'divide error' } },
      ],
      noMatch: ['Oops: oops in the parser at line 3', '[ INFO: possible circular locking dependency detected ]'],
    },
  },
  {
    id: 'kernel.bug.bad-address',
    type: 'bug', category: 'kernel', severity: 'critical',
    keys: ['BUG: unable to handle', 'BUG: kernel NULL pointer', 'Unable to handle kernel'],
    pattern: /(?:BUG: unable to handle (?:kernel )?(?<kind>NULL pointer dereference|paging request|page fault)(?: for address:| at) |BUG: kernel (?<kind2>NULL pointer dereference), address: |Unable to handle kernel (?<kind3>NULL pointer dereference|paging request) at virtual address )(?<address>[0-9a-fx]+)/,
    accept: (f) => { f.kind = f.kind ?? f.kind2 ?? f.kind3 ?? 'bad address'; delete f.kind2; delete f.kind3; return true; },
    idents: KERNEL,
    message: 'kernel BUG: {kind} at {address}',
    versions: 'Linux ≤ 4.16 `BUG: unable to handle kernel NULL pointer dereference at X`; 4.17+ `BUG: kernel NULL pointer dereference, address: X`; arm64 `Unable to handle kernel … at virtual address X`',
    samples: {
      match: [
        { line: 'BUG: unable to handle kernel NULL pointer dereference at 0000000000000078', fields: { address: '0000000000000078', kind: 'NULL pointer dereference' } },
        { line: 'BUG: unable to handle kernel paging request at ffffffffa0312000', fields: { address: 'ffffffffa0312000', kind: 'paging request' } },
        { line: 'BUG: kernel NULL pointer dereference, address: 0000000000000008', fields: { address: '0000000000000008' } },
        { line: 'BUG: unable to handle page fault for address: ffffb4f8c0a4e000', fields: { address: 'ffffb4f8c0a4e000', kind: 'page fault' } },
        { line: 'Unable to handle kernel NULL pointer dereference at virtual address 0000000000000010', fields: { address: '0000000000000010' } },
      ],
      noMatch: ['#PF: supervisor read access in kernel mode'],
    },
  },
  {
    id: 'kernel.bug.workqueue-lockup',
    type: 'bug', category: 'kernel', severity: 'error',
    keys: ['BUG: workqueue lockup'],
    pattern: /BUG: workqueue lockup - pool (?<pool>[^\n]*?) stuck for (?<stuck_seconds>\d+)s!/,
    fields: { stuck_seconds: 'number' },
    set: { kind: 'workqueue lockup' },
    idents: KERNEL,
    message: 'workqueue lockup: pool stuck for {stuck_seconds}s',
    versions: 'Linux 4.5–6.x',
    samples: {
      match: [{ line: 'BUG: workqueue lockup - pool cpus=1 node=0 flags=0x0 nice=0 stuck for 34s!', fields: { stuck_seconds: 34, kind: 'workqueue lockup' } }],
      noMatch: ['pool 20: cpus=10 node=1 flags=0x0 nice=0 hung=20s workers=2 idle: 117'],
    },
  },
  {
    // Every other `BUG:` (scheduling while atomic, bad page state, KASAN, spinlock lockup…);
    // soft lockups and bad addresses have their own rows.
    id: 'kernel.bug.other',
    type: 'bug', category: 'kernel', severity: 'error',
    keys: ['BUG: ', 'kernel BUG at'],
    pattern: /(?<![\w-])(?:kernel BUG at (?<location>[^\n!]+)!|BUG: (?!soft lockup|unable to handle|kernel NULL pointer|workqueue lockup)(?<kind>[^\n:]{3,80}))/,
    accept: (f) => { if (f.location !== undefined) f.kind = 'kernel BUG'; return true; },
    idents: KERNEL,
    message: 'kernel BUG: {kind} {location}',
    versions: 'Linux 2.6–6.x',
    samples: {
      match: [
        { line: 'kernel BUG at mm/slub.c:3878!', fields: { location: 'mm/slub.c:3878', kind: 'kernel BUG' } },
        { line: 'BUG: scheduling while atomic: swapper/0/0/0x00010000', fields: { kind: 'scheduling while atomic' } },
        { line: 'BUG: Bad page state in process kworker/2:1  pfn:1f6a3b', fields: { kind: 'Bad page state in process kworker/2' } },
        { line: 'BUG: KASAN: use-after-free in tcp_retransmit_timer+0x2b4/0x2c0', fields: { kind: 'KASAN' } },
      ],
      noMatch: [
        'NMI watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [pulseaudio:1580]',
        'BUG: unable to handle kernel NULL pointer dereference at 0000000000000078',
        'DEBUG: foo',
      ],
    },
  },
  {
    id: 'kernel.soft-lockup',
    type: 'soft_lockup', category: 'kernel', severity: 'error',
    keys: ['soft lockup'],
    pattern: /BUG: soft lockup - CPU#(?<cpu>\d+) stuck for (?<stuck_seconds>\d+)s! \[(?<process>[^\]\n]+):(?<pid>\d+)\]/,
    fields: { cpu: 'number', stuck_seconds: 'number', pid: 'number' },
    idents: KERNEL,
    message: 'soft lockup: CPU {cpu} stuck for {stuck_seconds}s in {process}',
    versions: 'Linux 2.6–4.x `BUG: soft lockup - CPU#0 stuck for 22s!`, 4.x `NMI watchdog: BUG: …`, 4.15+ `watchdog: BUG: …`',
    samples: {
      match: [
        { line: 'NMI watchdog: BUG: soft lockup - CPU#0 stuck for 22s! [pulseaudio:1580]', fields: { cpu: 0, stuck_seconds: 22, process: 'pulseaudio', pid: 1580 } },
        { line: 'watchdog: BUG: soft lockup - CPU#3 stuck for 23s! [kworker/3:1:213]', fields: { cpu: 3, process: 'kworker/3:1', pid: 213 } },
        { line: 'BUG: soft lockup - CPU#5 stuck for 67s! [java:31337]', fields: { cpu: 5, stuck_seconds: 67 } },
      ],
      noMatch: ['BUG: workqueue lockup - pool cpus=1 node=0 flags=0x0 nice=0 stuck for 34s!', 'kernel.softlockup_panic = 0'],
    },
  },
  {
    id: 'kernel.hard-lockup',
    type: 'hard_lockup', category: 'kernel', severity: 'critical',
    keys: ['hard LOCKUP', 'Hard LOCKUP'],
    pattern: /Watchdog detected hard LOCKUP on cpu (?<cpu>\d+)|Kernel panic - not syncing: Hard LOCKUP/,
    fields: { cpu: 'number' },
    idents: KERNEL,
    message: 'hard lockup on CPU {cpu}',
    versions: 'Linux 2.6.36–6.x (NMI watchdog)',
    samples: {
      match: [
        { line: 'NMI watchdog: Watchdog detected hard LOCKUP on cpu 5', fields: { cpu: 5 } },
        { line: 'watchdog: Watchdog detected hard LOCKUP on cpu 12', fields: { cpu: 12 } },
      ],
      noMatch: ['NMI watchdog: enabled on all CPUs, permanently consumes one hw-PMU counter.'],
    },
  },
  {
    id: 'kernel.hung-task',
    type: 'hung_task', category: 'kernel', severity: 'error',
    keys: ['blocked for more than'],
    pattern: /task (?<process>[^\n]+?):(?<pid>\d+) blocked for more than (?<blocked_seconds>\d+) seconds/,
    fields: { pid: 'number', blocked_seconds: 'number' },
    idents: KERNEL,
    message: 'hung task: {process} (pid {pid}) blocked for more than {blocked_seconds}s',
    versions: 'Linux 2.6.30–6.x',
    samples: {
      match: [
        { line: 'INFO: task docker:20744 blocked for more than 120 seconds.', fields: { process: 'docker', pid: 20744, blocked_seconds: 120 } },
        { line: 'INFO: task containerd-shim:28325 blocked for more than 120 seconds.', fields: { process: 'containerd-shim', pid: 28325 } },
        { line: 'INFO: task kworker/u16:2:3141 blocked for more than 122 seconds.', fields: { process: 'kworker/u16:2', pid: 3141, blocked_seconds: 122 } },
      ],
      noMatch: ['"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.'],
    },
  },
  {
    id: 'kernel.rcu-stall',
    type: 'rcu_stall', category: 'kernel', severity: 'error',
    keys: ['detected stall'],
    // `self-detected stall on CPU` and `detected stalls on CPUs/tasks`; lockdep's "suspicious RCU usage" is not a stall.
    pattern: /INFO: (?<flavor>rcu_\w+|rcu) (?:self-)?detected stalls? on (?:CPUs?(?:\/tasks)?|tasks):?(?: \{ ?(?<cpus>[\d ]+?) ?\})?/,
    fields: { jiffies: 'number' },
    // 5.x lists each stalled CPU on its own line (`rcu: \t1-...!: (0 ticks this GP)`).
    context: [/\bt=(?<jiffies>\d+) jiffies/, /(?:^|rcu:)\s+(?<cpus>\d+)-[.\w!]+: \(/m],
    idents: KERNEL,
    message: 'RCU stall ({flavor}) on CPUs {cpus}',
    versions: 'Linux 2.6.x–4.x `INFO: rcu_sched detected stalls on CPUs/tasks: { 1}`; 5.x+ `rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:`',
    samples: {
      match: [
        { line: 'rcu: INFO: rcu_sched detected stalls on CPUs/tasks:', fields: { flavor: 'rcu_sched' } },
        { line: 'INFO: rcu_sched self-detected stall on CPU { 3}  (t=60000 jiffies g=1234 c=1233 q=20)', fields: { flavor: 'rcu_sched', cpus: '3' } },
        { line: 'INFO: rcu_preempt detected stalls on CPUs/tasks: { 1 4} (detected by 0, t=6002 jiffies, g=87, c=86, q=3)', fields: { flavor: 'rcu_preempt', cpus: '1 4' } },
        { line: 'INFO: rcu_tasks detected stalls on tasks:', fields: { flavor: 'rcu_tasks' } },
      ],
      noMatch: ['[ INFO: suspicious RCU usage. ]', 'rcu_scheduler_active = 1, debug_locks = 0', 'rcu: rcu_sched kthread starved for 38227 jiffies! g-1127 f0x0 RCU_GP_WAIT_FQS(5) ->state=0x402 ->cpu=1'],
    },
  },
  {
    id: 'kernel.coredump.systemd',
    type: 'coredump', category: 'kernel', severity: 'warning',
    keys: ['dumped core', 'dumping core'],
    pattern: /Process (?<pid>\d+) \((?<process>[^)\n]+)\) of user (?<uid>\d+) (?:dumped core|killed by SIG(?<signal>\w+) - dumping core)/,
    fields: { pid: 'number', uid: 'number' },
    message: '{process} (pid {pid}) dumped core',
    versions: 'systemd-coredump 215+, abrt-hook-ccpp',
    samples: {
      match: [
        { line: 'Process 2144 (kubelet) of user 0 dumped core.', fields: { pid: 2144, process: 'kubelet', uid: 0 } },
        { line: 'Process 8123 (containerd) of user 0 killed by SIGSEGV - dumping core', fields: { process: 'containerd', signal: 'SEGV' } },
      ],
      noMatch: ['Process 2144 (kubelet) of user 0 exited'],
    },
  },
  {
    id: 'kernel.coredump.segfault',
    type: 'coredump', category: 'kernel', severity: 'warning',
    keys: [']: segfault at', 'protection fault', 'invalid opcode', 'divide error'],
    pattern: /(?:^|\s)(?:traps: )?(?<process>[^\s\[]+)\[(?<pid>\d+)\]:? (?<kind>segfault|general protection fault|trap [\w ]+?)(?: at (?<address>[0-9a-f]+))? ip:? ?[0-9a-f]+/,
    fields: { pid: 'number' },
    idents: KERNEL,
    message: '{process} (pid {pid}) crashed: {kind}',
    versions: 'Linux 2.6–6.x (`segfault at`), 4.x+ `traps: x[pid] general protection fault ip:`',
    samples: {
      match: [
        { line: 'dockerd[1834]: segfault at 0 ip 000055d1b0f3c4a1 sp 000000c420a4fd20 error 4 in dockerd[55d1af2a3000+2a8b000]', fields: { process: 'dockerd', pid: 1834, kind: 'segfault', address: '0' } },
        { line: 'traps: kubelet[2213] general protection fault ip:45e0c1 sp:c000a1bd50 error:0 in kubelet[400000+5c00000]', fields: { process: 'kubelet', pid: 2213, kind: 'general protection fault' } },
      ],
      noMatch: ['general protection fault: 0000 [#1] SMP'],
    },
  },
];
