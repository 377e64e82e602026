// Journal entries as Crashlens records, and as journalctl's export format (for comparing with
// `journalctl -o export` field by field).
import type { LogRecord, Severity } from '../types.ts';
import type { JournalEntry, JournalField } from './reader.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The common case, checked without decoding: printable ASCII (and tabs). */
function isPrintableAscii(v: Uint8Array): boolean {
  for (let i = 0; i < v.length; i++) { const c = v[i]!; if ((c < 32 && c !== 9) || c >= 127) return false; }
  return true;
}

/** journalctl's test for printing a value as text (utf8_is_printable_newline(…, false)): valid
 *  UTF-8 without control characters; a newline or a C1 control makes it binary. */
export function isPrintable(v: Uint8Array): boolean {
  let s: string;
  try { s = utf8.decode(v); } catch { return false; }
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 32 && c !== 9) || (c >= 0x7f && c <= 0x9f)) return false;
  }
  return true;
}

/** A value for display: text as is, binary-unsafe bytes escaped (\n, \t kept readable, \xHH
 *  for the rest), so a binary field can never inject control sequences. */
export function displayValue(v: Uint8Array): string {
  // Printable ASCII is valid UTF-8 as it is; TextDecoder is the quickest way to a string here.
  if (isPrintableAscii(v)) return utf8.decode(v);
  if (isPrintable(v)) return utf8.decode(v);
  let s = '';
  let text: string | null = null;
  try { text = utf8.decode(v); } catch { /* not UTF-8: escape byte by byte */ }
  if (text !== null) {
    for (const ch of text) {
      const c = ch.codePointAt(0)!;
      if (c === 10) s += '\n';
      else if (c === 9) s += '\t';
      else if (c < 32 || (c >= 0x7f && c <= 0x9f)) s += `\\x${c.toString(16).padStart(2, '0')}`;
      else s += ch;
    }
    return s;
  }
  for (const b of v) s += b >= 32 && b < 127 ? String.fromCharCode(b) : b === 10 ? '\n' : `\\x${b.toString(16).padStart(2, '0')}`;
  return s;
}

/** A damaged value (its DATA object failed the hash check) is shown with a marker saying so. */
function fieldText(f: JournalField): string {
  const text = displayValue(f.value);
  return f.damagedAt < 0 ? text : `${text} [… damaged: DATA object at offset ${f.damagedAt} fails its hash check]`;
}

/** '000'…'999': stamps are written from three-digit groups, not with String() and padStart. */
const THREE = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));
const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const six = (n: number) => THREE[Math.floor(n / 1000)]! + THREE[n % 1000]!;

/** Decimal text of a µs stamp. Neighbouring entries share all digits but the last six, so the
 *  leading part is kept from the previous call: String() of a number past 2^31 costs ~250 ns,
 *  three times per entry. */
class StampText {
  private hi = -1;
  private head = '';
  of(n: number): string {
    if (!Number.isSafeInteger(n) || n < 1_000_000) return String(n);
    const hi = Math.floor(n / 1_000_000);
    if (hi !== this.hi) { this.hi = hi; this.head = String(hi); }
    return this.head + six(n - hi * 1_000_000);
  }
}
const realtimeText = new StampText();
const monotonicText = new StampText();

/** ISO 8601 with microseconds; the minute prefix is cached since neighbouring entries share it. */
let minuteKey = -1;
let minutePrefix = '';
function isoMicros(us: number): string {
  const minute = Math.floor(us / 60_000_000);
  if (minute !== minuteKey) {
    minuteKey = minute;
    minutePrefix = new Date(minute * 60_000).toISOString().slice(0, 17); // 2026-11-28T01:02:
  }
  const inMinute = us - minute * 60_000_000;
  const sec = Math.floor(inMinute / 1e6);
  return `${minutePrefix}${TWO[sec]}.${six(inMinute - sec * 1e6)}Z`;
}

/** What a field is to the record besides a field: the record's columns are picked in the one
 *  loop over the fields, by a number memoised on the (shared) field, not by ten property
 *  look-ups on a fields object whose shape differs from entry to entry. */
const ROLE_OF = new Map<string, number>([
  ['MESSAGE', 1], ['PRIORITY', 2], ['SYSLOG_IDENTIFIER', 3], ['_SYSTEMD_UNIT', 4], ['_COMM', 5],
  ['_TRANSPORT', 6], ['_PID', 7], ['SYSLOG_PID', 8], ['_HOSTNAME', 9],
]);

/** One entry → one record. `ordinal` (1-based, in the merged order) stands for the line. */
export function entryToRecord(e: JournalEntry, ordinal: number): LogRecord {
  const fields: Record<string, string> = {};
  let message = '', prio: string | undefined, sysIdent: string | undefined, unit: string | undefined, comm: string | undefined;
  let transport: string | undefined, pidText: string | undefined, syslogPid: string | undefined, host: string | null = null;
  const list = e.fields;
  // Backwards, so that of a field given twice the first value is the one that stays.
  for (let i = list.length - 1; i >= 0; i--) {
    const f = list[i]!;
    // Fields of shared DATA objects are shared between entries (the reader caches them): the
    // display text is memoised on the field, so _HOSTNAME=… is decoded once, not per entry.
    const text = f.text ??= fieldText(f);
    fields[f.name] = text;
    const role = f.role >= 0 ? f.role : (f.role = ROLE_OF.get(f.name) ?? 0);
    switch (role) {
      case 0: break;
      case 1: message = text; break;
      case 2: prio = text; break;
      case 3: sysIdent = text; break;
      case 4: unit = text; break;
      case 5: comm = text; break;
      case 6: transport = text; break;
      case 7: pidText = text; break;
      case 8: syslogPid = text; break;
      case 9: host = text; break;
    }
  }
  fields.__REALTIME_TIMESTAMP = realtimeText.of(e.realtime);
  fields.__MONOTONIC_TIMESTAMP = monotonicText.of(e.monotonic);
  fields.__SEQNUM = String(e.seqnum);
  const p = prio !== undefined ? Number(prio) : NaN;
  const severity = Number.isInteger(p) && p >= 0 && p <= 7 ? (p as Severity) : null;
  const ident = sysIdent ?? unit ?? comm ?? (transport === 'kernel' ? 'kernel' : null);
  const pidNum = pidText !== undefined ? Number(pidText) : syslogPid !== undefined ? Number(syslogPid) : NaN;
  const pid = Number.isInteger(pidNum) ? pidNum : null;
  const ts = e.realtime;
  // The raw line shows the entry the way `journalctl -o short-iso-precise` would, in UTC.
  const raw = `${isoMicros(e.realtime)} ${host ?? '-'} ${ident ?? '-'}${pid !== null ? `[${pid}]` : ''}: ${message}`;
  return {
    line: ordinal, endLine: ordinal,
    ts: Number.isFinite(ts) && ts > 0 ? ts : null,
    tsKind: ts > 0 ? 'exact' : 'none',
    mono: null,
    severity, host, ident, pid,
    bootId: e.bootId,
    message, raw, fields,
  };
}

function le64(n: number): Buffer { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(n)); return b; }

/** The entry as `journalctl -o export` (systemd 252) prints it: cursor, timestamps, boot id, then
 *  every field; binary values as name, newline, le64 length, bytes. */
export function entryToExport(e: JournalEntry): Buffer {
  const h = (x: number | bigint) => x.toString(16);
  const head = `__CURSOR=s=${e.seqnumId};i=${h(e.seqnum)};b=${e.bootId};m=${h(e.monotonic)};t=${h(e.realtime)};x=${h(e.xorHash)}\n`
    + `__REALTIME_TIMESTAMP=${e.realtime}\n__MONOTONIC_TIMESTAMP=${e.monotonic}\n_BOOT_ID=${e.bootId}\n`;
  const parts: Buffer[] = [Buffer.from(head)];
  for (const { name: k, value: v } of e.fields) {
    if (k === '_BOOT_ID') continue; // printed from the entry header above, as journalctl does
    if (isPrintable(v)) parts.push(Buffer.from(`${k}=`), Buffer.from(v), Buffer.from('\n'));
    else parts.push(Buffer.from(`${k}\n`), le64(v.length), Buffer.from(v), Buffer.from('\n'));
  }
  parts.push(Buffer.from('\n'));
  return Buffer.concat(parts);
}
