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

/** The prefix with its host and ident (the first of each, the ident after the host) as marks.
 *  Both are found in the prefix as given and the result is built in one go: marking the host first
 *  and searching the ident in that string flattened a new string on every record. */
function markNames(prefix: string, host: string | null, ident: string | null): string {
  const h = host ? prefix.indexOf(host) : -1;
  const hEnd = h >= 0 ? h + host!.length : 0;
  const i = ident ? prefix.indexOf(ident, hEnd) : -1;
  if (i < 0) return h < 0 ? prefix : prefix.slice(0, h) + HOST_MARK + prefix.slice(hEnd);
  const iEnd = i + ident!.length;
  return h < 0 ? prefix.slice(0, i) + IDENT_MARK + prefix.slice(iEnd)
    : prefix.slice(0, h) + HOST_MARK + prefix.slice(hEnd, i) + IDENT_MARK + prefix.slice(iEnd);
}

/** `stamp`: the record's ts when it is exact (null otherwise: an inferred stamp may move later). */
export function storeText(raw: string, message: string, host: string | null, ident: string | null, stamp: number | null = null): StoredText {
  const kept = keptText(raw, message, host, ident);
  return kept.prefix !== null && stamp !== null ? { prefix: markStamp(kept.prefix, stamp), raw: null } : kept;
}

function keptText(raw: string, message: string, host: string | null, ident: string | null): StoredText {
  if (raw === message) return NOTHING_KEPT;
  // Marks are only read back in the prefix and in host and ident: log text holding them there
  // (binary garbage) is kept verbatim, never misread. The message is stored as is, marks or not.
  if (host !== null && host !== cleanHost) { if (MARKS.test(host)) return { prefix: null, raw }; cleanHost = host; }
  if (ident !== null && ident !== cleanIdent) { if (MARKS.test(ident)) return { prefix: null, raw }; cleanIdent = ident; }
  if (raw.endsWith(message)) {
    const prefix = raw.slice(0, raw.length - message.length);
    return MARKS.test(prefix) ? { prefix: null, raw } : { prefix: markNames(prefix, host, ident), raw: null };
  }
  const at = message ? raw.indexOf(message) : -1;
  if (at >= 0) {
    const before = raw.slice(0, at); const after = raw.slice(at + message.length);
    if (!MARKS.test(before) && !MARKS.test(after)) return { prefix: markNames(before, host, ident) + MESSAGE_MARK + after, raw: null };
  }
  return { prefix: null, raw };
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

/** `prefix` with each copy of ts's rendering (isoMicros) replaced by STAMP_MARK; unchanged when
 *  a mark would touch a host mark (three \u0001 in a row read as a stamp and a host in either
 *  order). Compares digits in place instead of building the rendering: this runs on every exact
 *  record of a CRI or JSON log, ~1.6 million on the 1 GiB bench bundle. */
function markStamp(prefix: string, ts: number): string {
  if (!renderSecond(ts)) return prefix;
  const fraction = ts - lastSecond * 1_000_000;
  let out: string | null = null;
  let from = 0;
  for (let at = prefix.indexOf(lastSecondIso); at >= 0; at = prefix.indexOf(lastSecondIso, at + 1)) {
    if (!fractionAt(prefix, at + ISO_SECOND_CHARS, fraction)) continue;
    const end = at + ISO_MICROS_CHARS;
    const touches = (at > 0 && prefix.charCodeAt(at - 1) === 1) || prefix.charCodeAt(end) === 1 || (out !== null && at === from);
    if (touches) return prefix;
    out = (out ?? '') + prefix.slice(from, at) + STAMP_MARK;
    from = end;
    at = end - 1;
  }
  return out === null ? prefix : out + prefix.slice(from);
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
