// A batch of records as a parser worker hands it to the writer: columns, not one array per record.
// Numbers go in one Float64Array (NaN = SQL NULL) that is transferred, not copied; the strings
// that repeat on every record (identifier, host, boot id) are sent once per batch as a small
// dictionary and referenced by code. Measured on the 64 MiB bench bundle: building a 16-slot
// tuple per record and a Map from line to tuple were the two costliest lines of the worker, and the
// 4,096 live tuples of a batch kept the worker's young generation full (GC was ~30 % of its CPU).
//
// The text columns (message, prefix, raw) are written as UTF-8 into one byte buffer as each record
// is added, also transferred, and each record keeps (offset, length) per column. The writer binds
// each value as a view of those bytes (CAST(? AS TEXT), core/store/writer.ts). Held as strings
// until the batch was posted, the text of 4,096 records survived the worker's scavenges (copied,
// then promoted), was copied again by the structured clone, rebuilt as strings on the writer's
// thread, and converted to UTF-8 there by the binding: on the bench's etcd log the writer's thread
// spent 1,195–1,243 ns a record with strings and 978–1,097 ns with bytes (alternated runs), and the
// worker's encoding cost the same as the structured clone it replaces (438 vs 439 ns a record).

import { applyCuts, Cuts, CUT_MESSAGE, KEEP_RAW, putMark, storedLayout } from './raw-text.ts';
import { utf8Bytes, type Utf8Bytes } from '../../parsers/utf8-bytes.ts';
import type { MessageBytes } from '../../parsers/rules/detector.ts';

/** Numeric columns, in this order, NUM_COLS per record. Codes index `dict`; a text column's bytes
 *  in `text` are at [*_AT, *_AT + length) with the length in the next column (AT NaN: SQL NULL). */
const N_SOURCE = 0, N_LINE = 1, N_END_LINE = 2, N_TS = 3, N_TS_KIND = 4, N_MONO = 5, N_SEVERITY = 6, N_PID = 7,
  N_DUP_KEY = 8, N_IDENT = 9, N_HOST = 10, N_BOOT = 11, N_MESSAGE_AT = 12, N_PREFIX_AT = 14, N_RAW_AT = 16;
const NUM_COLS = 18;
/** The columns coded through the dictionary, as RecordBatchBuilder.code's `column`. */
const WORD_IDENT = 0, WORD_HOST = 1, WORD_BOOT = 2;
/** Bytes a UTF-16 code unit can take in UTF-8 (a surrogate pair: 4 bytes for 2 units). */
const MAX_UTF8_PER_UNIT = 3;
export interface RecordBatch {
  n: number;
  num: Float64Array;
  /** The text columns' UTF-8 bytes, rows in order (with unused gaps where prefixes were cut). */
  text: Uint8Array;
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

/** Moves bytes[from, end) down to `to` (to <= from); returns the position after them. The pieces
 *  a prefix is cut into are often a few bytes long: a loop moves those without the call copyWithin
 *  costs (~20 ns, what the loop takes for ~12 bytes; it takes ~100 ns for 100). */
function moveDown(bytes: Uint8Array, to: number, from: number, end: number): number {
  if (to === from) return end;
  if (end - from > 12) { bytes.copyWithin(to, from, end); return to + end - from; }
  while (from < end) bytes[to++] = bytes[from++]!;
  return to;
}

export class RecordBatchBuilder {
  private num: Float64Array;
  private text: Utf8Bytes;
  private textUsed = 0;
  private dict: string[] = [];
  private codes = new Map<string, number>();
  /** Per coded column (ident, host, boot id: WORD_IDENT…), the last string coded and its code:
   *  consecutive records mostly share each. One pair for the three missed nearly always (ident,
   *  host and boot id take turns in it) and made every record hash three strings. */
  private readonly lastWords: (string | null)[] = [null, null, null];
  private readonly lastCodes: number[] = [NaN, NaN, NaN];
  /** storedLayout's cuts of the record being added (reused). */
  private readonly cuts = new Cuts();
  n = 0;

  constructor(private capacity: number) {
    this.num = new Float64Array(capacity * NUM_COLS);
    this.text = utf8Bytes(capacity * 64);
  }

  private code(s: string | null, column: number): number {
    if (s === null) return NaN;
    if (s === this.lastWords[column]) return this.lastCodes[column]!;
    let c = this.codes.get(s);
    if (c === undefined) { c = this.dict.length; this.dict.push(s); this.codes.set(s, c); }
    this.lastWords[column] = s; this.lastCodes[column] = c;
    return c;
  }

  add(sourceId: number, line: number, endLine: number, ts: number | null, tsKind: number, mono: number | null,
    severity: number | null, ident: string | null, pid: number | null, host: string | null, bootId: string | null,
    message: string, prefix: string | null, raw: string | null, dupKey: number | null): void {
    const o = this.open(sourceId, line, endLine, ts, tsKind, mono, severity, ident, pid, host, bootId, dupKey,
      message.length + (prefix?.length ?? 0) + (raw?.length ?? 0));
    this.put(o + N_PREFIX_AT, prefix); this.put(o + N_MESSAGE_AT, message); this.put(o + N_RAW_AT, raw);
    this.n++;
  }

  /** add() for a parsed record, given its raw text: what is kept of it (core/store/raw-text.ts) is
   *  written from the raw text's own bytes, cut in place, when every char of it is one byte (the
   *  common case); the prefix is never built as a string. Building it (slices and concatenations,
   *  flattened by the UTF-8 writer) and writing it was a fifth of a parser worker's time.
   *  `stamp`: ts when it is exact; `rawClean`, `messageAt`: what the caller knows (storedLayout). */
  addParsed(sourceId: number, line: number, endLine: number, ts: number | null, tsKind: number, mono: number | null,
    severity: number | null, ident: string | null, pid: number | null, host: string | null, bootId: string | null,
    raw: string, message: string, stamp: number | null, dupKey: number | null, rawClean = false, messageAt = -1): void {
    const cuts = this.cuts;
    const end = storedLayout(raw, message, host, ident, stamp, cuts, rawClean, messageAt);
    if (end < 0) {
      this.add(sourceId, line, endLine, ts, tsKind, mono, severity, ident, pid, host, bootId, message, null, end === KEEP_RAW ? raw : null, dupKey);
      return;
    }
    const o = this.open(sourceId, line, endLine, ts, tsKind, mono, severity, ident, pid, host, bootId, dupKey, raw.length + message.length);
    const t = this.text; const a = this.num;
    const at = this.textUsed;
    if (t.utf8Write(raw, at) !== raw.length) {
      // Not all one-byte chars: positions in chars are not positions in bytes. Over the bytes just
      // written, as strings.
      this.put(o + N_PREFIX_AT, applyCuts(raw, end, cuts)); this.put(o + N_MESSAGE_AT, message); this.put(o + N_RAW_AT, null);
      this.n++;
      return;
    }
    // The prefix: the raw bytes before `end`, each cut replaced by its mark, moved down in place.
    // The message, when it is the rest of the raw text, stays where it was written, after the gap
    // the cuts leave (unused bytes: the writer binds each value by its position and length); when
    // it sits inside, its bytes are first copied past the raw text's.
    const k = cuts.at;
    let messageByte = at + end;
    if (end === raw.length) {
      for (let c = 0; c < cuts.n; c += 3) if (k[c + 2] === CUT_MESSAGE) { messageByte = at + raw.length; t.copyWithin(messageByte, at + k[c]!, at + k[c + 1]!); }
    }
    let w = at; let from = 0;
    for (let c = 0; c < cuts.n; c += 3) {
      const start = k[c]!;
      w = moveDown(t, w, at + from, at + start);
      w = putMark(t, w, k[c + 2]!);
      from = k[c + 1]!;
    }
    w = moveDown(t, w, at + from, at + end);
    a[o + N_PREFIX_AT] = at; a[o + N_PREFIX_AT + 1] = w - at;
    a[o + N_RAW_AT] = NaN; a[o + N_RAW_AT + 1] = 0;
    a[o + N_MESSAGE_AT] = messageByte; a[o + N_MESSAGE_AT + 1] = message.length;
    this.textUsed = messageByte + message.length;
    this.n++;
  }

  /** Starts row n: its numeric columns, and room for `chars` UTF-16 units of text. Returns the
   *  row's offset in `num`. */
  private open(sourceId: number, line: number, endLine: number, ts: number | null, tsKind: number, mono: number | null,
    severity: number | null, ident: string | null, pid: number | null, host: string | null, bootId: string | null,
    dupKey: number | null, chars: number): number {
    if (this.n === this.capacity) this.grow();
    const o = this.n * NUM_COLS; const a = this.num;
    a[o + N_SOURCE] = sourceId; a[o + N_LINE] = line; a[o + N_END_LINE] = endLine; a[o + N_TS] = orNaN(ts);
    a[o + N_TS_KIND] = tsKind; a[o + N_MONO] = orNaN(mono); a[o + N_SEVERITY] = orNaN(severity); a[o + N_PID] = orNaN(pid);
    a[o + N_DUP_KEY] = orNaN(dupKey); a[o + N_IDENT] = this.code(ident, WORD_IDENT); a[o + N_HOST] = this.code(host, WORD_HOST); a[o + N_BOOT] = this.code(bootId, WORD_BOOT);
    const room = MAX_UTF8_PER_UNIT * chars;
    if (this.text.length - this.textUsed < room) this.growText(room);
    return o;
  }

  /** A text column's bytes at the end of `text` (room is made by the caller). */
  private put(at: number, s: string | null): void {
    if (s === null) { this.num[at] = NaN; this.num[at + 1] = 0; return; }
    const len = s.length === 0 ? 0 : this.text.utf8Write(s, this.textUsed);
    this.num[at] = this.textUsed; this.num[at + 1] = len;
    this.textUsed += len;
  }

  private growText(room: number): void {
    let size = this.text.length * 2;
    while (size - this.textUsed < room) size *= 2;
    const bigger = utf8Bytes(size);
    this.text.copy(bigger, 0, 0, this.textUsed);
    this.text = bigger;
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

  /** Points `into` at the UTF-8 bytes of the message of the last record added (valid until the
   *  next add or take). */
  lastMessage(into: MessageBytes): void {
    const o = (this.n - 1) * NUM_COLS;
    into.bytes = this.text; into.start = this.num[o + N_MESSAGE_AT]!; into.end = into.start + this.num[o + N_MESSAGE_AT + 1]!;
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

  /** The batch so far (its buffers are handed over: transfer batchBuffers(b)); the builder starts empty. */
  take(): RecordBatch {
    const b: RecordBatch = { n: this.n, num: this.num.subarray(0, this.n * NUM_COLS), text: new Uint8Array(this.text.buffer, this.text.byteOffset, this.textUsed), dict: this.dict };
    this.num = spareNum(this.capacity * NUM_COLS);
    // The next batch starts with room for as much text as this one held.
    this.text = spareText(pow2(Math.max(this.capacity * 64, this.textUsed + (this.textUsed >> 3))));
    this.textUsed = 0; this.dict = []; this.codes = new Map(); this.n = 0; this.lastWords.fill(null); this.lastCodes.fill(NaN);
    return b;
  }
}

/** Buffers of batches the writer is done with, handed back to the worker that filled them
 *  (core/ingest/pool.ts), for take() to fill again. A fresh pair per batch was 2 GiB of
 *  ArrayBuffers on the 1 GiB bench bundle: V8 collects as external memory grows, and the writer's
 *  thread, which received them all, ran a full collection every ~100 ms (82 in a parse of 8 s). */
const spare: { num: ArrayBuffer[]; text: ArrayBuffer[] } = { num: [], text: [] };
/** Spares kept per kind: a worker has a batch or two in flight; more would only hold memory. So
 *  would a buffer grown for a batch of huge multi-line records: one above MAX_SPARE_BYTES is let go. */
const MAX_SPARES = 2;
const MAX_SPARE_BYTES = 8 << 20;

export function reuseBatchBuffers(num: ArrayBuffer, text: ArrayBuffer): void {
  if (spare.num.length < MAX_SPARES && num.byteLength <= MAX_SPARE_BYTES) spare.num.push(num);
  if (spare.text.length < MAX_SPARES && text.byteLength <= MAX_SPARE_BYTES) spare.text.push(text);
}

/** A spare of at least `bytes` bytes, taken out of `list`; null if none is that big. */
function takeSpare(list: ArrayBuffer[], bytes: number): ArrayBuffer | null {
  const i = list.findIndex((b) => b.byteLength >= bytes);
  return i < 0 ? null : list.splice(i, 1)[0]!;
}

/** Text buffers come in powers of two (growText doubles them), so that a spare fits the next
 *  batch: sized to each batch's text, 7 in 8 spares were too small for the next. */
const pow2 = (n: number): number => 2 ** Math.ceil(Math.log2(n));

/** Room for `n` numbers: a spare (not zeroed: every column of a row is written when it is added)
 *  or a new array. */
function spareNum(n: number): Float64Array {
  const b = takeSpare(spare.num, n * Float64Array.BYTES_PER_ELEMENT);
  return b ? new Float64Array(b, 0, n) : new Float64Array(n);
}

function spareText(bytes: number): Utf8Bytes {
  const b = takeSpare(spare.text, bytes);
  return b ? Buffer.from(b) as Utf8Bytes : utf8Bytes(bytes);
}

export function batchOf(rows: RecordValues[]): RecordBatch {
  const b = new RecordBatchBuilder(Math.max(1, rows.length));
  for (const r of rows) b.addRow(r);
  return b.take();
}

/** What a worker transfers with a batch (not copied). */
export const batchBuffers = (b: RecordBatch): ArrayBuffer[] => [b.num.buffer as ArrayBuffer, b.text.buffer as ArrayBuffer];

/** How a dictionary word is bound: the word itself by default; the writer binds the id of the
 *  word in the case's hosts or idents table instead (core/store/writer.ts). */
export type WordValue = (dict: string[], code: number) => unknown;

/** Reads a batch's record i into a statement's parameters, in the writer's column order; a text
 *  column as its UTF-8 bytes (a view of the batch's `text`, not a copy), null for SQL NULL. */
export function readRow(b: RecordBatch, i: number, out: unknown[], at: number, ident: WordValue = word, host: WordValue = word): number {
  const o = i * NUM_COLS; const a = b.num; const d = b.dict;
  out[at++] = a[o + N_SOURCE]; out[at++] = a[o + N_LINE]; out[at++] = a[o + N_END_LINE]; out[at++] = orNull(a[o + N_TS]!);
  out[at++] = a[o + N_TS_KIND]; out[at++] = orNull(a[o + N_MONO]!); out[at++] = orNull(a[o + N_SEVERITY]!);
  out[at++] = ident(d, a[o + N_IDENT]!); out[at++] = orNull(a[o + N_PID]!); out[at++] = host(d, a[o + N_HOST]!); out[at++] = word(d, a[o + N_BOOT]!);
  const t = b.text;
  for (let c = o + N_MESSAGE_AT; c <= o + N_RAW_AT; c += 2) {
    const p = a[c]!;
    out[at++] = p !== p ? null : new Uint8Array(t.buffer, t.byteOffset + p, a[c + 1]!);
  }
  out[at++] = orNull(a[o + N_DUP_KEY]!);
  return at;
}

/** Record i's text columns as strings (tests and tools; the writer binds the bytes). */
export function rowText(b: RecordBatch, i: number): { message: string; prefix: string | null; raw: string | null } {
  const o = i * NUM_COLS; const a = b.num;
  const str = (c: number): string | null => (a[c] !== a[c] ? null : Buffer.from(b.text.buffer, b.text.byteOffset + a[c]!, a[c + 1]!).toString('utf8'));
  return { message: str(o + N_MESSAGE_AT)!, prefix: str(o + N_PREFIX_AT), raw: str(o + N_RAW_AT) };
}

export const sourceOf = (b: RecordBatch, i: number): number => b.num[i * NUM_COLS + N_SOURCE]!;
