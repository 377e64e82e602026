// Bare kernel messages without any stamp: oopses pasted into tickets, node-problem-detector
// fixtures, `kernel: …` lines cut out of syslog. No time at all ('none'), but the reports are
// still grouped into one record each so that the detectors see them whole.
import type { FormatSpec, LineParser, ParseSink } from './format.ts';
import { makeRecord, OpenRecord } from './record.ts';
import { KernelBlocks } from './kernel-blocks.ts';
import { joinsKernelReport } from './kernel-line.ts';

/** Shapes only the kernel prints; a file counts as kernel text when its first lines have them. */
const KERNEL_SHAPES = /^(?:kernel: |BUG: |Oops: |INFO: task |Call Trace:|Modules linked in:|Kernel panic|general protection fault|NMI watchdog:|watchdog: BUG|WARNING: CPU:|RIP: |\s*\[<[0-9a-f]{8,16}>\]|EXT4-fs |XFS \(|Memory cgroup out of memory|Out of memory: |Killed process \d+|\S+ invoked oom-killer|nf_conntrack: |EDAC |mce: |blk_update_request|Buffer I\/O error|sd \d+:\d+:\d+:\d+: |ata\d+(?:\.\d+)?: |nvme nvme\d+: |rcu: |INFO: rcu_|Tainted: |Hardware name: |CPU: \d+ PID: )/;
const KERNEL_PREFIX = 'kernel: ';

export function kernelTextSniff(lines: readonly string[]): number {
  let n = 0, hit = 0;
  for (const l of lines) {
    if (l.length === 0) continue;
    n++;
    if (KERNEL_SHAPES.test(l)) hit++;
  }
  // Report lines between the shapes (registers, frames) do not count against the file.
  return n === 0 || hit === 0 ? 0 : Math.min(0.6, 0.3 + hit / n);
}

class KernelTextParser implements LineParser {
  private readonly open: OpenRecord;
  private readonly blocks = new KernelBlocks();
  constructor(sink: ParseSink) { this.open = new OpenRecord(sink); }

  push(line: string, lineNo: number): void {
    const msg = line.startsWith(KERNEL_PREFIX) ? line.slice(KERNEL_PREFIX.length) : line;
    if (msg.length === 0) {
      if (this.blocks.classify('') === 2) this.open.append(line, '', lineNo);
      return;
    }
    if (!joinsKernelReport(this.blocks, this.open, msg, line, lineNo)) {
      this.open.open(makeRecord(lineNo, null, 'none', null, null, null, 'kernel', null, null, msg, line));
    }
  }

  end(): void { this.open.flush(); }
}

export const kernelText: FormatSpec = {
  id: 'kernel-text',
  title: 'Bare kernel messages (no timestamps)',
  pathHints: [/\.(?:oops|panic)$/],
  sniff: kernelTextSniff,
  open: (_time, sink) => new KernelTextParser(sink),
  samples: [
    { lines: 'EXT4-fs (sda1): Remounting filesystem read-only', expect: { line: 1, endLine: 1, ts: null, tsKind: 'none', ident: 'kernel', message: 'EXT4-fs (sda1): Remounting filesystem read-only' } },
    { lines: 'kernel: XFS (dm-4): Corruption detected. Unmount and run xfs_repair', expect: { message: 'XFS (dm-4): Corruption detected. Unmount and run xfs_repair', raw: 'kernel: XFS (dm-4): Corruption detected. Unmount and run xfs_repair' } },
    {
      lines: 'INFO: task docker:20744 blocked for more than 120 seconds.\n      Tainted: G         C    3.16.0-4-amd64 #1\n"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.\ndocker          D ffff8801a8f2b078     0 20744      1 0x00000000\n ffff8801a8f2ac20 0000000000000082 0000000000012f00 ffff880057a17fd8\nCall Trace:\n [<ffffffff81510915>] ? schedule_preempt_disabled+0x25/0x70',
      expect: { line: 1, endLine: 7, tsKind: 'none' },
    },
  ],
};
