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
  if (isPrintableAscii(v)) return v.length < 4096 ? String.fromCharCode.apply(null, v as unknown as number[]) : Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('latin1');
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

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

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
  return `${minutePrefix}${pad(Math.floor(inMinute / 1e6))}.${pad(inMinute % 1e6, 6)}Z`;
}

/** One entry → one record. `ordinal` (1-based, in the merged order) stands for the line. */
export function entryToRecord(e: JournalEntry, ordinal: number): LogRecord {
  const fields: Record<string, string> = {};
  for (const f of e.fields) {
    // Fields of shared DATA objects are shared between entries (the reader caches them): the
    // display text is memoised on the field, so _HOSTNAME=… is decoded once, not per entry.
    if (fields[f.name] === undefined) fields[f.name] = f.text ??= fieldText(f);
  }
  fields.__REALTIME_TIMESTAMP = String(e.realtime);
  fields.__MONOTONIC_TIMESTAMP = String(e.monotonic);
  fields.__SEQNUM = String(e.seqnum);
  const prio = fields.PRIORITY !== undefined ? Number(fields.PRIORITY) : NaN;
  const severity = Number.isInteger(prio) && prio >= 0 && prio <= 7 ? (prio as Severity) : null;
  const ident = fields.SYSLOG_IDENTIFIER ?? fields._SYSTEMD_UNIT ?? fields._COMM ?? (fields._TRANSPORT === 'kernel' ? 'kernel' : null);
  const pidNum = fields._PID !== undefined ? Number(fields._PID) : fields.SYSLOG_PID !== undefined ? Number(fields.SYSLOG_PID) : NaN;
  const pid = Number.isInteger(pidNum) ? pidNum : null;
  const host = fields._HOSTNAME ?? null;
  const message = fields.MESSAGE ?? '';
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
