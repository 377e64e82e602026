// Boot marks and coverage from a stream of records of one source: where the journal's _BOOT_ID
// changes, where the kernel prints its `Linux version` banner, where dmesg's monotonic clock starts
// again near zero, and what time span the source covers. Used when analysing a bundle in memory
// (from-bundle.ts); a case file gets the same marks from SQL (from-case.ts).
import type { LogRecord, SourceRole } from '../../parsers/types.ts';
import type { BootMark, Coverage } from './input.ts';

/** A dmesg clock this small right after a larger one is a new boot (not a wrap: it never wraps). */
const DMESG_RESTART_MAX_S = 60;
const LINUX_VERSION = /^Linux version (\S+)/;

export class MarkCollector {
  readonly marks: BootMark[] = [];
  private firstTs: number | null = null;
  private lastTs: number | null = null;
  private lastStamp: { tsKind: LogRecord['tsKind']; mono: number | null } | null = null;
  private bootId: string | null = null;
  private lastMono: number | null = null;

  constructor(private node: string, readonly sourcePath: string, private role: SourceRole) {}

  onRecord(rec: LogRecord): void {
    const base = {
      node: this.node, sourcePath: this.sourcePath, line: rec.line, prevTs: this.lastTs,
      stamp: { tsKind: rec.tsKind, mono: rec.mono }, ...(this.lastStamp ? { prevStamp: this.lastStamp } : {}),
    };
    if (rec.bootId && rec.bootId !== this.bootId) {
      this.marks.push({ ...base, ts: rec.ts, bootId: rec.bootId, kind: 'journal-boot-id' });
      this.bootId = rec.bootId;
    }
    if (rec.mono !== null) {
      if (this.lastMono !== null && rec.mono < this.lastMono && rec.mono <= DMESG_RESTART_MAX_S) {
        this.marks.push({ ...base, ts: rec.ts, bootId: null, kind: 'dmesg-restart' });
      }
      this.lastMono = rec.mono;
    }
    const m = rec.message.length < 400 ? LINUX_VERSION.exec(rec.message) : null;
    if (m) this.marks.push({ ...base, ts: rec.ts, bootId: rec.bootId, kind: 'linux-version', kernel: m[1]! });
    if (rec.ts !== null) {
      if (this.firstTs === null || rec.ts < this.firstTs) this.firstTs = rec.ts;
      if (this.lastTs === null || rec.ts > this.lastTs) { this.lastTs = rec.ts; this.lastStamp = { tsKind: rec.tsKind, mono: rec.mono }; }
    }
  }

  /** A vmcore-dmesg.txt is the crashed boot's kernel log: its existence is the mark. */
  vmcore(ts: number | null): void {
    this.marks.push({ node: this.node, sourcePath: this.sourcePath, ts, bootId: null, kind: 'vmcore', prevTs: null });
  }

  coverage(truncated = false): Coverage {
    return { node: this.node, sourcePath: this.sourcePath, role: this.role, firstTs: this.firstTs, lastTs: this.lastTs, truncated };
  }
}
