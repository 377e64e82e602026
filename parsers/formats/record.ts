// Building records: one object shape for every format (V8 keeps one hidden class), and a small
// holder for the record still open while continuation lines may follow.
import type { LogRecord, Severity, TsKind } from '../types.ts';
import type { ParseSink } from './format.ts';

/** Longest multi-line record: a mis-detected block start cannot swallow a whole file. */
export const MAX_RECORD_LINES = 2000;

export function makeRecord(line: number, ts: number | null, tsKind: TsKind, mono: number | null,
  severity: Severity | null, host: string | null, ident: string | null, pid: number | null,
  bootId: string | null, message: string, raw: string, messageAt = -1): LogRecord {
  return { line, endLine: line, ts, tsKind, mono, severity, host, ident, pid, bootId, message, raw, messageAt, fields: undefined, fieldsJson: undefined };
}

/** The record being built: continuation lines are appended until the next record starts. */
export class OpenRecord {
  rec: LogRecord | null = null;
  lines = 0;
  constructor(private readonly sink: ParseSink) {}

  open(rec: LogRecord): void {
    if (this.rec) this.sink.record(this.rec);
    this.rec = rec;
    this.lines = rec.endLine - rec.line + 1;
  }

  /** Appends a line; false (and nothing done) when no record is open or it is full. */
  append(raw: string, message: string, lineNo: number): boolean {
    const r = this.rec;
    if (!r || this.lines >= MAX_RECORD_LINES) return false;
    r.raw += '\n' + raw;
    r.message += '\n' + message;
    r.messageAt = -1;
    r.endLine = lineNo;
    this.lines++;
    return true;
  }

  flush(): void {
    if (this.rec) { this.sink.record(this.rec); this.rec = null; this.lines = 0; }
  }
}

/** Counts and caps 'unparsed-line' warnings: a wrongly detected file must not flood the case. */
export class WarnLimiter {
  private n = 0;
  constructor(private readonly sink: ParseSink, private readonly max = 50) {}
  unparsed(lineNo: number, what: string): void {
    this.n++;
    if (this.n <= this.max) this.sink.warn({ line: lineNo, code: 'unparsed-line', message: `line ${lineNo}: ${what}` });
  }
  badTime(lineNo: number, what: string): void {
    this.n++;
    if (this.n <= this.max) this.sink.warn({ line: lineNo, code: 'bad-timestamp', message: `line ${lineNo}: ${what}` });
  }
  end(): void {
    if (this.n > this.max) this.sink.warn({ code: 'unparsed-line', message: `${this.n - this.max} more lines could not be parsed (warnings not repeated)` });
  }
}

/** Severity words of JSON / logfmt / capnslog logs → syslog levels. */
export function severityFromWord(w: string): Severity | null {
  switch (w.toLowerCase()) {
    case 'emerg': case 'emergency': return 0;
    case 'alert': return 1;
    case 'crit': case 'critical': case 'fatal': case 'panic': case 'dpanic': return 2;
    case 'err': case 'error': case 'eror': return 3;
    case 'warn': case 'warning': return 4;
    case 'notice': return 5;
    case 'info': case 'information': return 6;
    case 'debug': case 'trace': case 'dbug': return 7;
    default: return null;
  }
}

/** Severity of a klog / glog / capnslog level letter. */
export function severityFromLetter(c: number): Severity | null {
  switch (c) {
    case 0x46: return 2; // F
    case 0x43: return 2; // C (capnslog CRITICAL)
    case 0x45: return 3; // E
    case 0x57: return 4; // W
    case 0x4e: return 5; // N (capnslog NOTICE)
    case 0x49: return 6; // I
    case 0x44: return 7; // D
    default: return null;
  }
}

/** Reads `n` ASCII digits at s[i..]; -1 if any is not a digit. */
export function digits(s: string, i: number, n: number): number {
  let v = 0;
  for (let k = 0; k < n; k++) {
    const c = s.charCodeAt(i + k) - 48;
    if (!(c >= 0 && c <= 9)) return -1; // NaN past the end of the line too
    v = v * 10 + c;
  }
  return v;
}

/** Where the last micros() call stopped: a shared slot instead of a returned pair, so the
 *  per-line stamp readers allocate nothing. */
export const scanned = { end: 0 };

/** Fraction digits at s[i..] as microseconds (digits past the sixth are read and dropped, as
 *  fraction() does); the index after them goes to `scanned.end`. */
export function micros(s: string, i: number): number {
  let v = 0, n = 0;
  for (;;) {
    const c = s.charCodeAt(i) - 48;
    if (!(c >= 0 && c <= 9)) break; // NaN past the end of the line too
    if (n < 6) v = v * 10 + c;
    n++; i++;
  }
  for (let k = n; k < 6; k++) v *= 10;
  scanned.end = i;
  return v;
}

/** Fraction digits at s[i..] (up to 9) as microseconds; returns [micros, index after]. */
export function fraction(s: string, i: number): [number, number] {
  const v = micros(s, i);
  return [v, scanned.end];
}
