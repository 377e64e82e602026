// A batch of records as a parser worker hands it to the writer: columns, not one array per record.
// Numbers go in one Float64Array (NaN = SQL NULL) that is transferred, not copied; the strings
// that repeat on every record (identifier, host, boot id) are sent once per batch as a small
// dictionary and referenced by code. Measured on the 64 MiB bench bundle: building a 16-slot
// tuple per record and a Map from line to tuple were the two costliest lines of the worker, and the
// 4,096 live tuples of a batch kept the worker's young generation full (GC was ~30 % of its CPU).

/** Numeric columns, in this order, NUM_COLS per record. Codes index `dict`. */
const N_SOURCE = 0, N_LINE = 1, N_END_LINE = 2, N_TS = 3, N_TS_KIND = 4, N_MONO = 5, N_SEVERITY = 6, N_PID = 7,
  N_DUP_KEY = 8, N_IDENT = 9, N_HOST = 10, N_BOOT = 11;
const NUM_COLS = 12;
/** String columns, STR_COLS per record: message, prefix, raw. */
const STR_COLS = 3;

export interface RecordBatch {
  n: number;
  num: Float64Array;
  str: (string | null)[];
  dict: string[];
}

/** One record as a row of values, in the writer's column order (see CaseWriter). Used where rows
 *  are written directly (tests, tools); workers add records to a RecordBatchBuilder instead. */
export type RecordValues = [
  sourceId: number, line: number, endLine: number, ts: number | null, tsKind: number, mono: number | null,
  severity: number | null, ident: string | null, pid: number | null, host: string | null, bootId: string | null,
  message: string, prefix: string | null, raw: string | null, dupKey: number | null,
];

const orNaN = (v: number | null): number => (v === null ? NaN : v);
const orNull = (v: number): number | null => (v !== v ? null : v);
const word = (dict: string[], code: number): string | null => (code !== code ? null : dict[code]!);

export class RecordBatchBuilder {
  private num: Float64Array;
  private str: (string | null)[] = [];
  private dict: string[] = [];
  private codes = new Map<string, number>();
  /** The last string coded and its code: consecutive records mostly share ident, host and boot. */
  private lastWord: string | null = null;
  private lastCode = NaN;
  n = 0;

  constructor(private capacity: number) {
    this.num = new Float64Array(capacity * NUM_COLS);
  }

  private code(s: string | null): number {
    if (s === null) return NaN;
    if (s === this.lastWord) return this.lastCode;
    let c = this.codes.get(s);
    if (c === undefined) { c = this.dict.length; this.dict.push(s); this.codes.set(s, c); }
    this.lastWord = s; this.lastCode = c;
    return c;
  }

  add(sourceId: number, line: number, endLine: number, ts: number | null, tsKind: number, mono: number | null,
    severity: number | null, ident: string | null, pid: number | null, host: string | null, bootId: string | null,
    message: string, prefix: string | null, raw: string | null, dupKey: number | null): void {
    if (this.n === this.capacity) this.grow();
    const o = this.n * NUM_COLS; const a = this.num;
    a[o + N_SOURCE] = sourceId; a[o + N_LINE] = line; a[o + N_END_LINE] = endLine; a[o + N_TS] = orNaN(ts);
    a[o + N_TS_KIND] = tsKind; a[o + N_MONO] = orNaN(mono); a[o + N_SEVERITY] = orNaN(severity); a[o + N_PID] = orNaN(pid);
    a[o + N_DUP_KEY] = orNaN(dupKey); a[o + N_IDENT] = this.code(ident); a[o + N_HOST] = this.code(host); a[o + N_BOOT] = this.code(bootId);
    this.str.push(message, prefix, raw);
    this.n++;
  }

  addRow(r: RecordValues): void {
    this.add(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13], r[14]);
  }

  private grow(): void {
    const bigger = new Float64Array(this.num.length * 2);
    bigger.set(this.num);
    this.num = bigger;
    this.capacity *= 2;
  }

  /** Index in the batch of the record holding `line` (the last one starting at or before it), -1 if none.
   *  Events are rare, so a scan back from the newest record beats keeping a map per record. */
  indexOfLine(line: number): number {
    for (let i = this.n - 1; i >= 0; i--) {
      const o = i * NUM_COLS;
      if (this.num[o + N_LINE]! <= line && line <= this.num[o + N_END_LINE]!) return i;
    }
    return -1;
  }

  /** The batch so far (its buffer is handed over: transfer `num.buffer`); the builder starts empty. */
  take(): RecordBatch {
    const b: RecordBatch = { n: this.n, num: this.num.subarray(0, this.n * NUM_COLS), str: this.str, dict: this.dict };
    this.num = new Float64Array(this.capacity * NUM_COLS);
    this.str = []; this.dict = []; this.codes = new Map(); this.n = 0; this.lastWord = null; this.lastCode = NaN;
    return b;
  }
}

export function batchOf(rows: RecordValues[]): RecordBatch {
  const b = new RecordBatchBuilder(Math.max(1, rows.length));
  for (const r of rows) b.addRow(r);
  return b.take();
}

/** How a dictionary word is bound: the word itself by default; the writer binds the id of the
 *  word in the case's hosts or idents table instead (core/store/writer.ts). */
export type WordValue = (dict: string[], code: number) => unknown;

/** Reads a batch's record i into a statement's parameters, in the writer's column order. */
export function readRow(b: RecordBatch, i: number, out: unknown[], at: number, ident: WordValue = word, host: WordValue = word): number {
  const o = i * NUM_COLS; const a = b.num; const s = i * STR_COLS; const d = b.dict;
  out[at++] = a[o + N_SOURCE]; out[at++] = a[o + N_LINE]; out[at++] = a[o + N_END_LINE]; out[at++] = orNull(a[o + N_TS]!);
  out[at++] = a[o + N_TS_KIND]; out[at++] = orNull(a[o + N_MONO]!); out[at++] = orNull(a[o + N_SEVERITY]!);
  out[at++] = ident(d, a[o + N_IDENT]!); out[at++] = orNull(a[o + N_PID]!); out[at++] = host(d, a[o + N_HOST]!); out[at++] = word(d, a[o + N_BOOT]!);
  out[at++] = b.str[s]; out[at++] = b.str[s + 1]; out[at++] = b.str[s + 2]; out[at++] = orNull(a[o + N_DUP_KEY]!);
  return at;
}

export const sourceOf = (b: RecordBatch, i: number): number => b.num[i * NUM_COLS + N_SOURCE]!;
