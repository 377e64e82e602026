// Kernel reports that span many printk lines are ONE record: an Oops / BUG / general protection
// fault / panic / WARNING with its registers, Call Trace, module list, Code: and end-trace line;
// a hung task report with its trace; a soft lockup or RCU stall with its trace; the OOM report from
// `… invoked oom-killer:` through the task table to `Killed process …` (and the oom_reaper line).
// The decision is made on the message alone (after the stamp and, in syslog/journal, the
// `kernel:` prefix), so every format that carries kernel text shares it. A block continues only
// while its lines look like report lines: a normal message after a trace starts its own record.
// Tables, not if-chains: add a shape here with a sample line in kernel-blocks.test.ts.

/** Lines that start a report. Every one starts a new record, even inside another report: the
 *  `BUG: unable to handle …` header and the `Oops:` that follows are two events of their own. */
const BLOCK_START = new RegExp([
  String.raw`^(?:[\w.-]+: |NMI watchdog: )?BUG: `,
  String.raw`^kernel BUG at `,
  String.raw`^Oops(?:: | - )`,
  String.raw`^(?:[\w.-]+: )?general protection fault`,
  String.raw`^Kernel panic - not syncing`,
  String.raw`^WARNING: (?:CPU: |at |possible |suspicious |inconsistent |bad unlock|lock held)`,
  String.raw`^INFO: task \S.* blocked for more than`,
  String.raw`^(?:rcu: )?INFO: rcu_\w+ (?:self-)?detected stall`,
  String.raw`^(?:rcu: )?INFO: rcu_\w+ detected expedited stalls`,
  String.raw`^(?:NMI )?[Ww]atchdog: (?:Watchdog detected hard LOCKUP|BUG: soft lockup)`,
  String.raw`^Watchdog detected hard LOCKUP`,
  String.raw`^Unable to handle kernel `,
  String.raw`^-+\[ cut here \]-+$`,
].join('|'));

/** lockdep splats open with a rule of '=' and print free text (lock chains, `other info that
 *  might help us debug this:`) before their stack backtrace: everything up to the trace belongs. */
const LOCKDEP_START = /^={20,}$/;

/** The OOM report: starts anywhere in the line (`<comm> invoked oom-killer: gfp_mask=…`). */
const OOM_START = ' invoked oom-killer: ';

/** Report lines: registers, traces, module lists, task states, OOM tables. Anchored at the start. */
const BLOCK_BODY = new RegExp([
  String.raw`^\s`, // stack frames, hex stack words, indented Tainted:, tab-indented RCU details
  String.raw`^$`,
  String.raw`^(?:Call Trace|Call trace|Stack|Code|Modules linked in|Hardware name|CPU|CPU\d+|task|Workqueue|RIP|RSP|RAX|RBX|RCX|RDX|RSI|RDI|RBP|R\d\d?|FS|GS|CS|DS|ES|CR0|CR2|CR3|CR4|DR0|DR3|DR6|EIP|EAX|ESI|ESP|EFLAGS|ORIG_RAX|IP|PGD|P4D|PUD|PMD|PTE|Pid|Comm|Process|Backtrace|Exception stack|Instruction dump|NIP|LR|CTR|REGS|MSR|pc|lr|sp|pstate|x\d+|irq event stamp|hardirqs last|softirqs last|Kernel Offset|Mem-Info|Tasks state|Node \d+|lowmem_reserve\[\]|Free swap|Total swap|Swap cache stats|Showing busy workqueues|Showing all locks|workqueue|pool \d+|Sending NMI|NMI backtrace|rcu|Preemption disabled|other info|stack backtrace|Task dump|Out of memory|Memory cgroup|memory|memory\+swap|kmem|oom-kill|oom_kill_process|Killed process|Task in|Tainted|Not tainted|Uninitialized|Unable to handle|Internal error|Mem abort info|Data abort info|user pgtable|softirq|Thread overran|INFO: lockdep|lockdep)\b`,
  String.raw`^---\[ end `,
  String.raw`^\[<[0-9a-f]+>\]`, // old-style frames without indentation
  String.raw`^</?(?:TASK|IRQ|NMI|EOI|SOFTIRQ)>`,
  String.raw`^\? \S+\+0x`,
  String.raw`^\[\s*(?:pid|\d+)\s*\]`, // OOM task table
  String.raw`^\d+ (?:total pagecache pages|pages|lock|locks held)\b`,
  String.raw`^"echo 0 > /proc/sys/kernel/hung_task_timeout_secs"`,
  String.raw`^\S+\s+[RSDTtXZIPWKN]\s*(?:[0-9a-f]{8,16}\s+)?\d+\s+\d+\s+\d+\s+0x[0-9a-f]+`, // sched_show_task: `dockerd  D  0  1810  1 0x00004080`
  String.raw`^[0-9a-f]{8,16}(?: [0-9a-f]{8,16})+\s*$`,
  String.raw`^(?:active_anon|active_file|inactive_anon|free|slab_reclaimable|mapped):`,
].join('|'));

const END_TRACE = '---[ end ';

export const NO_BLOCK = 0;
export const GENERIC_BLOCK = 1;
export const OOM_BLOCK = 2;
export const LOCKDEP_BLOCK = 3;

/** What a kernel message does to the block state. */
export const START = 1;
export const CONTINUE = 2;
export const SINGLE = 0;

/** Per-source state: which block is open and whether it just ended. */
export class KernelBlocks {
  private kind = NO_BLOCK;
  private lines = 0;
  private ending = false; // OOM report after its Killed process line: only oom_reaper may follow
  private cutHere = false; // `[ cut here ]` seen: the WARNING/BUG line after it continues

  /** Classifies one kernel message: START a new record, CONTINUE the open one, or SINGLE. */
  classify(msg: string): number {
    if (this.cutHere && this.lines === 1 && BLOCK_START.test(msg)) {
      this.cutHere = false;
      this.lines++;
      return CONTINUE;
    }
    if (msg.includes(OOM_START)) return this.open(OOM_BLOCK, false);
    if (LOCKDEP_START.test(msg)) return this.open(LOCKDEP_BLOCK, false);
    if (this.kind === LOCKDEP_BLOCK) {
      // Free text until the backtrace; from there on, a report like any other.
      if (msg.startsWith('Call Trace:') || msg.startsWith('stack backtrace:')) this.kind = GENERIC_BLOCK;
      if (this.lines < 200) { this.lines++; return CONTINUE; }
    }
    if (BLOCK_START.test(msg)) return this.open(GENERIC_BLOCK, msg.charCodeAt(0) === 45 /* - */);
    if (this.kind === NO_BLOCK) return SINGLE;
    if (this.ending) {
      this.ending = false;
      if (this.kind === OOM_BLOCK && msg.startsWith('oom_reaper:')) { this.close(); return CONTINUE; }
      this.close();
      return SINGLE;
    }
    if (this.kind === OOM_BLOCK) {
      // Everything between the header and the kill belongs to the report (Mem-Info, per-zone
      // lines, the task table have too many shapes to list).
      if (msg.includes('Killed process ')) this.ending = true;
      this.lines++;
      return CONTINUE;
    }
    if (msg.startsWith(END_TRACE)) { this.close(); return CONTINUE; }
    if (BLOCK_BODY.test(msg)) { this.lines++; return CONTINUE; }
    this.close();
    return SINGLE;
  }

  /** A non-kernel line came between (syslog, journal): the report is over. */
  interrupt(): void { this.close(); }

  private open(kind: number, cutHere: boolean): number {
    this.kind = kind;
    this.lines = 1;
    this.ending = false;
    this.cutHere = cutHere;
    return START;
  }

  private close(): void {
    this.kind = NO_BLOCK;
    this.lines = 0;
    this.ending = false;
    this.cutHere = false;
  }
}
