// How a record's text is stored without keeping it twice (a case should stay near the size of the
// logs it holds). `message` is always stored as is (full text, exports, the SQL console read it);
// the raw line is kept as what is left around the message:
// - prefix = the raw text before the message (stamp, host, ident[pid]), when the raw text ends
//   with the message: raw = prefix + message;
// - prefix = the raw text with the message replaced by a mark, when the message sits inside it
//   (a CRI line around an etcd JSON record): raw = prefix with the mark replaced by the message;
// - raw = the raw text, when the message is not a piece of it (multi-line records, joined partials).
// In a prefix the host and the ident are marks too: both are in their own columns already. So is
// an exact stamp written the way ts renders it (ISO 8601 UTC to the microsecond, as CRI lines and
// etcd's JSON both write it: 24 of the ~170 bytes of an etcd record's prefix, twice): ts of an
// 'exact' record never moves after the import (core/store/retime.ts moves inferred stamps only),
// so the text comes back from it. Its mark is two host marks: a prefix of a case made before
// stamps were marked holds at most one, so its text can never be read as a stamp.
const HOST_MARK = '\u0001';
const STAMP_MARK = '\u0001\u0001';
const IDENT_MARK = '\u0002';
const MESSAGE_MARK = '\u0003';
const MARKS = /[\u0001-\u0003]/;
/** The last host and ident seen without marks: a source's records mostly share them, and are
 *  not searched again. */
let cleanHost = '';
let cleanIdent = '';

export interface StoredText { prefix: string | null; raw: string | null }
const NOTHING_KEPT: StoredText = { prefix: null, raw: null };

/** What storedLayout returns when the prefix is not kept: the raw text is the message, or it is
 *  kept as is. Any other value is where the prefix ends in the raw text. */
export const KEEP_NOTHING = -1;
export const KEEP_RAW = -2;
/** A cut's mark, by code: the text that replaces raw text in the prefix (STAMP: two host marks). */
const CUT_HOST = 1, CUT_IDENT = 2, CUT_STAMP = 4;
export const CUT_MESSAGE = 3;
const CUT_TEXT = ['', HOST_MARK, IDENT_MARK, MESSAGE_MARK, STAMP_MARK];

/** Writes the UTF-8 bytes of a cut's mark (ASCII control characters) at bytes[at]; returns the
 *  position after them. */
export function putMark(bytes: Uint8Array, at: number, code: number): number {
  if (code === CUT_STAMP) { bytes[at] = 1; bytes[at + 1] = 1; return at + 2; }
  bytes[at] = code; // HOST_MARK, IDENT_MARK, MESSAGE_MARK: \u0001, \u0002, \u0003, one byte each
  return at + 1;
}

/**
 * What is kept of a record's raw text, as cuts of the raw text itself: the prefix is raw[0, end)
 * with each cut [start, end) replaced by its mark, where end is the value returned (see
 * KEEP_NOTHING, KEEP_RAW). When end < raw.length the message is raw[end…]; otherwise the message
 * sits inside the prefix as a CUT_MESSAGE cut. `cuts` receives (start, end, code) triples in
 * order (cuts.n: how many ints). Workers write the prefix's bytes from the raw text's with these
 * cuts (core/store/record-batch.ts), never building it as a string; storeText builds the string.
 * `stamp`: the record's ts when it is exact (null otherwise: an inferred stamp may move later).
 * `rawClean`: the caller knows raw holds none of the marks' chars (parsers/lines.ts
 * sawLowControls), and it is not searched for them. `messageAt`: the parser says message ===
 * raw.slice(messageAt) (LogRecord.messageAt), and the two are not compared.
 */
export function storedLayout(raw: string, message: string, host: string | null, ident: string | null, stamp: number | null, cuts: Cuts,
  rawClean = false, messageAt = -1): number {
  cuts.n = 0;
  if (raw === message) return KEEP_NOTHING;
  // Marks are only read back in the prefix and in host and ident: log text holding them there
  // (binary garbage) is kept verbatim, never misread. The message is stored as is, marks or not.
  if (host !== null && host !== cleanHost) { if (MARKS.test(host)) return KEEP_RAW; cleanHost = host; }
  if (ident !== null && ident !== cleanIdent) { if (MARKS.test(ident)) return KEEP_RAW; cleanIdent = ident; }
  let end: number;
  if ((messageAt >= 0 && messageAt === raw.length - message.length) || endsWith(raw, message)) {
    end = raw.length - message.length;
    if (!rawClean && MARKS.test(raw.slice(0, end))) return KEEP_RAW;
    nameCuts(raw, end, host, ident, cuts);
  } else {
    const at = message ? raw.indexOf(message) : -1;
    if (at < 0) return KEEP_RAW;
    // Marks in the message are fine: the test of the whole line spares two slices when it has none.
    if (!rawClean && MARKS.test(raw) && (MARKS.test(raw.slice(0, at)) || MARKS.test(raw.slice(at + message.length)))) return KEEP_RAW;
    nameCuts(raw, at, host, ident, cuts);
    cuts.add(at, at + message.length, CUT_MESSAGE);
    end = raw.length;
  }
  if (stamp !== null) stampCuts(raw, end, stamp, cuts);
  return end;
}

/** raw.endsWith(message), rejecting most messages that are not its end by their last char and
 *  first char first: the builtin costs ~70 ns even then (a CRI line around an etcd JSON record). */
function endsWith(raw: string, message: string): boolean {
  const n = message.length; const at = raw.length - n;
  if (at < 0) return false;
  if (n > 0 && (raw.charCodeAt(raw.length - 1) !== message.charCodeAt(n - 1) || raw.charCodeAt(at) !== message.charCodeAt(0))) return false;
  return raw.endsWith(message);
}

/** The host and the ident (the first of each before `limit`, the ident after the host) as cuts. */
function nameCuts(raw: string, limit: number, host: string | null, ident: string | null, cuts: Cuts): void {
  // The first occurrence in the whole text is the first before limit, if any is.
  let hEnd = 0;
  if (host) {
    const h = raw.indexOf(host);
    if (h >= 0 && h + host.length <= limit) { hEnd = h + host.length; cuts.add(h, hEnd, CUT_HOST); }
  }
  if (ident) {
    const i = raw.indexOf(ident, hEnd);
    if (i >= 0 && i + ident.length <= limit) cuts.add(i, i + ident.length, CUT_IDENT);
  }
}

/** The prefix as a string: raw[0, end) with `cuts` replaced by their marks. */
export function applyCuts(raw: string, end: number, cuts: Cuts): string {
  let out = '';
  let from = 0;
  const at = cuts.at;
  for (let c = 0; c < cuts.n; c += 3) { out += raw.slice(from, at[c]) + CUT_TEXT[at[c + 2]!]; from = at[c + 1]!; }
  return out + raw.slice(from, end);
}

/** Cuts of a prefix, as (start, end, code) triples in `at`, `n` ints of it used. A prefix has
 *  three name cuts at most and rarely more than two stamps. */
export class Cuts {
  readonly at = new Int32Array(3 * 16);
  n = 0;
  /** False, and nothing added, when full. */
  add(start: number, end: number, code: number): boolean {
    if (this.n === this.at.length) return false;
    this.at[this.n] = start; this.at[this.n + 1] = end; this.at[this.n + 2] = code;
    this.n += 3;
    return true;
  }
}

const scratchCuts = new Cuts();

/** `stamp`: the record's ts when it is exact (null otherwise: an inferred stamp may move later). */
export function storeText(raw: string, message: string, host: string | null, ident: string | null, stamp: number | null = null): StoredText {
  const end = storedLayout(raw, message, host, ident, stamp, scratchCuts);
  if (end === KEEP_NOTHING) return NOTHING_KEPT;
  if (end === KEEP_RAW) return { prefix: null, raw };
  return { prefix: applyCuts(raw, end, scratchCuts), raw: null };
}

/** The last second rendered: a source's records come in time order, so most share it with the
 *  one before, and Date's formatting (the costliest part, ~3 µs a record on a CRI log) runs once a second. */
let lastSecond = NaN;
let lastSecondIso = '';

/** Renders ts's second into lastSecondIso ('YYYY-MM-DDTHH:MM:SS', UTC); false outside years 1970..2255. */
function renderSecond(ts: number): boolean {
  if (!Number.isSafeInteger(ts) || ts < 0) return false;
  const second = Math.floor(ts / 1_000_000);
  if (second !== lastSecond) {
    // Date formats the day once a day; the time of day is digits from a table (UTC days are
    // 86,400 s long: JavaScript time has no leap seconds). A CRI log changes second every few records.
    const day = Math.floor(second / 86_400);
    if (day !== lastDay) { lastDayIso = new Date(day * 86_400_000).toISOString().slice(0, 11); lastDay = day; }
    const s = second - day * 86_400;
    lastSecondIso = `${lastDayIso}${TWO_DIGITS[Math.floor(s / 3600)]}:${TWO_DIGITS[Math.floor(s / 60) % 60]}:${TWO_DIGITS[s % 60]}`;
    lastSecond = second;
  }
  return true;
}
let lastDay = NaN;
let lastDayIso = '';
const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/** ts as 'YYYY-MM-DDTHH:MM:SS.ffffff' (UTC, microseconds), null outside years 1970..2255. */
function isoMicros(ts: number): string | null {
  return renderSecond(ts) ? `${lastSecondIso}.${String(1_000_000 + ts - lastSecond * 1_000_000).slice(1)}` : null;
}

/** Each copy of ts's rendering (isoMicros) in raw[0, end) outside the cuts made so far, as a
 *  CUT_STAMP; none when one would touch a host mark (three \u0001 in a row read as a stamp and a
 *  host in either order) or the copy before it. Compares digits in place instead of building the
 *  rendering: this runs on every exact record of a CRI or JSON log, ~1.6 million on the 1 GiB
 *  bench bundle. */
function stampCuts(raw: string, end: number, ts: number, cuts: Cuts): void {
  if (!renderSecond(ts)) return;
  const fraction = ts - lastSecond * 1_000_000;
  const names = cuts.n; // the host, ident and message cuts, in order
  const k = cuts.at;
  let c = 0; // the first of them that ends after the copy looked at
  let lastEnd = -1;
  for (let at = raw.indexOf(lastSecondIso); at >= 0 && at + ISO_MICROS_CHARS <= end; at = raw.indexOf(lastSecondIso, at + 1)) {
    const stop = at + ISO_MICROS_CHARS;
    while (c < names && k[c + 1]! <= at) c += 3;
    if (c < names && k[c]! < stop) continue; // overlaps a mark: not text of the prefix
    if (!fractionAt(raw, at + ISO_SECOND_CHARS, fraction)) continue;
    const touches = at === lastEnd || (c > 0 && k[c - 2] === at && k[c - 1] === CUT_HOST)
      || (c < names && k[c] === stop && k[c + 2] === CUT_HOST);
    // Touching, or more copies than cuts hold (a line of stamps): none is marked.
    if (touches || !cuts.add(at, stop, CUT_STAMP)) { cuts.n = names; return; }
    lastEnd = stop;
    at = stop - 1;
  }
  if (cuts.n > names && names > 0) sortCuts(k, cuts.n);
}

/** Orders (start, end, code) triples by start: a handful, mostly in order already. */
function sortCuts(cuts: Int32Array, n: number): void {
  for (let i = 3; i < n; i += 3) {
    const s = cuts[i]!, e = cuts[i + 1]!, k = cuts[i + 2]!;
    let j = i - 3;
    for (; j >= 0 && cuts[j]! > s; j -= 3) { cuts[j + 3] = cuts[j]!; cuts[j + 4] = cuts[j + 1]!; cuts[j + 5] = cuts[j + 2]!; }
    cuts[j + 3] = s; cuts[j + 4] = e; cuts[j + 5] = k;
  }
}

const ISO_SECOND_CHARS = 19; // YYYY-MM-DDTHH:MM:SS
const ISO_MICROS_CHARS = 26; // … .ffffff

/** Whether `s` holds '.' and the six digits of `fraction` (µs) at `i`. */
function fractionAt(s: string, i: number, fraction: number): boolean {
  if (s.charCodeAt(i) !== 46) return false;
  for (let k = 6; k >= 1; k--) {
    if (s.charCodeAt(i + k) !== 48 + (fraction % 10)) return false;
    fraction = Math.floor(fraction / 10);
  }
  return true;
}

/** The record's raw text back from what storeText kept (ts: the record's stored stamp). */
export function rawText(r: { raw: string | null; prefix: string | null; message: string; host: string | null; ident: string | null; ts: number | null }): string {
  if (r.raw !== null) return r.raw;
  if (r.prefix === null) return r.message;
  let p = r.prefix;
  if (r.ts !== null && p.includes(STAMP_MARK)) { const iso = isoMicros(r.ts); if (iso !== null) p = p.replaceAll(STAMP_MARK, iso); }
  // Replacer functions: a host or ident holding `$&` or `$1` is text, not a replacement pattern.
  p = p.replace(HOST_MARK, () => r.host ?? '').replace(IDENT_MARK, () => r.ident ?? '');
  const m = p.indexOf(MESSAGE_MARK);
  return m >= 0 ? p.slice(0, m) + r.message + p.slice(m + 1) : p + r.message;
}
