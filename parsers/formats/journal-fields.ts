// journald's entry fields → a record, shared by `journalctl -o json` and `-o export`.
import type { LogRecord, Severity } from '../types.ts';
import { makeRecord, OpenRecord } from './record.ts';
import { CONTINUE, KernelBlocks } from './kernel-blocks.ts';
import type { ParseSink } from './format.ts';

/** Fields kept on the record besides the ones it has columns for: what an SRE filters on. */
const KEEP = ['_SYSTEMD_UNIT', '_COMM', '_EXE', '_TRANSPORT', 'SYSLOG_FACILITY', 'UNIT', 'USER_UNIT', 'CONTAINER_NAME', 'CODE_FILE', 'CODE_FUNC', 'EXIT_STATUS', 'EXIT_CODE', 'JOB_RESULT', '_KERNEL_SUBSYSTEM', '_KERNEL_DEVICE'];

/** MESSAGE may be a string, or an array of bytes when it was not valid UTF-8. */
export function fieldText(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  if (Array.isArray(v)) {
    if (v.every((b) => typeof b === 'number')) return Buffer.from(v as number[]).toString('utf8');
    return v.map((x) => fieldText(x) ?? '').join('\n'); // a field repeated in one entry
  }
  return null;
}

export function journalRecord(get: (k: string) => string | null, first: number, last: number, raw: string): LogRecord {
  const rt = get('__REALTIME_TIMESTAMP');
  const mt = get('__MONOTONIC_TIMESTAMP');
  const ts = rt !== null && /^\d+$/.test(rt) ? Number(rt) : null;
  const mono = mt !== null && /^\d+$/.test(mt) ? Number(mt) / 1e6 : null;
  const pr = get('PRIORITY');
  const sev = pr !== null && /^[0-7]$/.test(pr) ? (Number(pr) as Severity) : null;
  const pidText = get('_PID') ?? get('SYSLOG_PID');
  const pid = pidText !== null && /^\d+$/.test(pidText) ? Number(pidText) : null;
  const ident = get('SYSLOG_IDENTIFIER') ?? get('_COMM') ?? (get('_TRANSPORT') === 'kernel' ? 'kernel' : null);
  const rec = makeRecord(first, ts, ts === null ? (mono === null ? 'none' : 'monotonic') : 'exact', mono, sev,
    get('_HOSTNAME'), ident, pid, get('_BOOT_ID'), get('MESSAGE') ?? '', raw);
  rec.endLine = last;
  let fields: Record<string, string> | undefined;
  for (const k of KEEP) {
    const v = get(k);
    if (v !== null) (fields ??= {})[k] = v;
  }
  rec.fields = fields;
  return rec;
}

/** Journal entries from the kernel are one line each: a report (Oops, OOM…) is grouped like in
 *  dmesg, continuation decided on MESSAGE. Other entries pass through and end any report. */
export class JournalEntries {
  private readonly open: OpenRecord;
  private readonly blocks = new KernelBlocks();
  constructor(sink: ParseSink) { this.open = new OpenRecord(sink); }

  push(rec: LogRecord): void {
    if (rec.ident === 'kernel') {
      if (this.blocks.classify(rec.message) === CONTINUE && this.open.rec?.ident === 'kernel'
        && this.open.append(rec.raw, rec.message, rec.endLine)) return;
    } else this.blocks.interrupt();
    this.open.open(rec);
  }

  end(): void { this.open.flush(); }
}
