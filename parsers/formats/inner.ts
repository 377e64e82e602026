// Messages that carry a format of their own inside another one: etcd's zap JSON or a klog header
// inside a journal / syslog line or a CRI pod log line. The inner format gives severity and
// fields; an inner stamp with an explicit offset is exact and wins over the outer one.
import type { LogRecord, Severity } from '../types.ts';
import { IsoReader } from './stamp.ts';
import { severityFromLetter, severityFromWord, digits } from './record.ts';
import { parseKv } from './kv.ts';

/** What an inner format gives. A flat JSON object's fields are left unparsed, as `fieldsJson`
 *  (LogRecord.fieldsJson), with `fields` undefined. */
export interface Inner { severity: Severity | null; message: string; fields: Record<string, string> | undefined; ts: number | null; fieldsJson?: string }

const isoUtc = new IsoReader(null);

/** skip.includes(k), inlined: the builtin call cost more than the comparisons (keys are few). */
function skipped(skip: readonly string[], k: string): boolean {
  for (let i = 0; i < skip.length; i++) if (skip[i] === k) return true;
  return false;
}

/** Flattens a parsed JSON object into string fields (nested values as JSON text). */
export function stringFields(o: Record<string, unknown>, skip: readonly string[]): Record<string, string> {
  const f: Record<string, string> = {};
  for (const k in o) {
    if (skipped(skip, k)) continue;
    const v = o[k];
    // String(n) is what JSON.stringify writes for a finite number, without its serializer.
    f[k] = typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : JSON.stringify(v);
  }
  return f;
}

const NOT_FIELDS = ['msg', 'message'];

/** Keys whose values JSON / logfmt parsers move out of the message but rules must still see
 *  (parsers/rules/detector.ts detectionText): zap's `"error":"etcdserver: no space"`, logrus'
 *  `err="dial tcp …: connection refused"`. */
export const DETAIL_KEYS = ['error', 'err', 'reason'] as const;

/** zap / logrus JSON line: {"level":"warn","ts":"…","caller":"…","msg":"…",…}. null if not one.
 *  readTs false: the caller has its own time (a CRI runtime stamp) and the inner ts stays null.
 *
 *  A flat object written without spaces (zap's and logrus' lines, nearly every JSON log line) is
 *  read by readFlatJson, which finds the values innerJson names without building the others: its
 *  fields are left as fieldsJson, parsed by recordFields when something reads them (a rule, the
 *  detail view). JSON.parse and stringFields cost ~900 ns a line of the bench's etcd log, the
 *  reading ~220: the 1 GiB bench bundle parsed at 168 MiB/s against 150 (4 alternated pairs, CPU
 *  12.6 s against 14.1), and rules read the fields of about one line in a hundred. Anything else
 *  goes through JSON.parse. */
export function innerJson(msg: string, readTs = true): Inner | null {
  if (msg.charCodeAt(0) !== 123 || msg.charCodeAt(msg.length - 1) !== 125) return null;
  const at = named;
  // A line naming a detail key has its fields read by the rules anyway: parsed at once.
  if (!readFlatJson(msg, at) || at[N_ERROR * 2]! >= 0 || at[N_ERR * 2]! >= 0 || at[N_REASON * 2]! >= 0) return parsedJson(msg, readTs);
  const text = namedValue(msg, at, N_MSG) ?? namedValue(msg, at, N_MESSAGE) ?? namedValue(msg, at, N_MESSAGE_UPPER);
  if (typeof text !== 'string') return null;
  const level = namedValue(msg, at, N_LEVEL) ?? namedValue(msg, at, N_SEVERITY) ?? namedValue(msg, at, N_LVL);
  return {
    severity: typeof level === 'string' ? severityFromWord(level) : null,
    message: text,
    fields: undefined,
    ts: readTs ? jsonTs(namedValue(msg, at, N_TS) ?? namedValue(msg, at, N_TIME) ?? namedValue(msg, at, N_TIMESTAMP)) : null,
    fieldsJson: msg,
  };
}

/** innerJson through JSON.parse, fields and all (exported: the reference its tests hold the
 *  flat reading to). */
export function parsedJson(msg: string, readTs = true): Inner | null {
  let o: unknown;
  try { o = JSON.parse(msg); } catch { return null; }
  if (o === null || typeof o !== 'object' || Array.isArray(o)) return null;
  const r = o as Record<string, unknown>;
  const text = r.msg ?? r.message ?? r.MESSAGE;
  if (typeof text !== 'string') return null;
  const level = r.level ?? r.severity ?? r.lvl;
  return {
    severity: typeof level === 'string' ? severityFromWord(level) : null,
    message: text,
    fields: stringFields(r, NOT_FIELDS),
    ts: readTs ? jsonTs(r.ts ?? r.time ?? r.timestamp) : null,
  };
}

/** A record's fields, its fieldsJson parsed into them first if it has one (once: it is cleared).
 *  The JSON's fields come first and the record's own (a CRI line's stream) after, overriding a
 *  key of the same name, as innerJson's callers put them when it parsed the fields. */
export function recordFields(rec: Pick<LogRecord, 'fields' | 'fieldsJson'>): Record<string, string> | undefined {
  const json = rec.fieldsJson;
  if (json === undefined) return rec.fields;
  rec.fieldsJson = undefined;
  let o: unknown;
  // readFlatJson lets a raw control character inside a string be, which JSON.parse refuses: the
  // record then keeps the fields it had.
  try { o = JSON.parse(json); } catch { return rec.fields; }
  const f = stringFields(o as Record<string, unknown>, NOT_FIELDS);
  const own = rec.fields;
  if (own) for (const k in own) f[k] = own[k]!;
  rec.fields = f;
  return f;
}

/** The keys innerJson reads by name or looks for (DETAIL_KEYS), by index into `named`. */
const NAMES = ['msg', 'message', 'MESSAGE', 'level', 'severity', 'lvl', 'ts', 'time', 'timestamp', ...DETAIL_KEYS];
const N_MSG = 0, N_MESSAGE = 1, N_MESSAGE_UPPER = 2, N_LEVEL = 3, N_SEVERITY = 4, N_LVL = 5, N_TS = 6, N_TIME = 7, N_TIMESTAMP = 8,
  N_ERROR = 9, N_ERR = 10, N_REASON = 11;
/** readFlatJson's output: per name, where its (last) value lies in the text, [start, end) with
 *  the quotes of a string included; start -1: absent. */
const named = new Int32Array(NAMES.length * 2);

/** Index in NAMES of the key s[at, at + length), -1 if none: no key is sliced to be compared. */
function nameAt(s: string, at: number, length: number): number {
  switch (length) {
    case 2: return s.startsWith('ts', at) ? N_TS : -1;
    case 3: return s.startsWith('msg', at) ? N_MSG : s.startsWith('lvl', at) ? N_LVL : s.startsWith('err', at) ? N_ERR : -1;
    case 4: return s.startsWith('time', at) ? N_TIME : -1;
    case 5: return s.startsWith('level', at) ? N_LEVEL : s.startsWith('error', at) ? N_ERROR : -1;
    case 6: return s.startsWith('reason', at) ? N_REASON : -1;
    case 7: return s.startsWith('message', at) ? N_MESSAGE : s.startsWith('MESSAGE', at) ? N_MESSAGE_UPPER : -1;
    case 8: return s.startsWith('severity', at) ? N_SEVERITY : -1;
    case 9: return s.startsWith('timestamp', at) ? N_TIMESTAMP : -1;
    default: return -1;
  }
}

/** The value of NAMES[name] as JSON.parse types it; undefined when absent. */
function namedValue(s: string, at: Int32Array, name: number): unknown {
  const start = at[name * 2]!;
  if (start < 0) return undefined;
  const end = at[name * 2 + 1]!;
  if (s.charCodeAt(start) === 34) return s.slice(start + 1, end - 1);
  const t = s.slice(start, end);
  return t === 'true' ? true : t === 'false' ? false : t === 'null' ? null : Number(t);
}

/**
 * Whether s is a one-level JSON object written without spaces — keys and values that are strings
 * without escapes, numbers, true, false or null — noting where the values of NAMES lie (`at`).
 * False for anything else (spaces, an escape, a nested value, text that is not JSON): the caller
 * hands it to JSON.parse. Strings are skipped with indexOf, never read char by char: unlike
 * JSON.parse this lets a raw control character inside a string be (recordFields copes).
 */
function readFlatJson(s: string, at: Int32Array): boolean {
  at.fill(-1);
  const n = s.length;
  if (n === 2) return true; // {}
  // A string holding an escape is left to JSON.parse: the first backslash is the one that counts
  // (one outside a string is not JSON).
  const backslash = s.indexOf('\\');
  let i = 1;
  for (;;) {
    if (s.charCodeAt(i) !== 34) return false;
    const keyEnd = s.indexOf('"', i + 1);
    if (keyEnd < 0 || (backslash > i && backslash < keyEnd) || s.charCodeAt(keyEnd + 1) !== 58) return false;
    const name = nameAt(s, i + 1, keyEnd - i - 1);
    const v = keyEnd + 2;
    let end: number;
    if (s.charCodeAt(v) === 34) {
      const q = s.indexOf('"', v + 1);
      if (q < 0 || (backslash > v && backslash < q)) return false;
      end = q + 1;
    } else {
      end = v;
      let c = s.charCodeAt(end);
      while (end < n && c !== 44 && c !== 125) c = s.charCodeAt(++end);
      if (!isLiteral(s, v, end)) return false;
    }
    if (name >= 0) { at[name * 2] = v; at[name * 2 + 1] = end; }
    const d = s.charCodeAt(end);
    if (d === 125) return end === n - 1;
    if (d !== 44) return false;
    i = end + 1;
  }
}

/** s[start, end) is true, false, null or a number as JSON writes one (no +, no leading zero, no
 *  bare dot). */
function isLiteral(s: string, start: number, end: number): boolean {
  const length = end - start;
  if (length === 4 && (s.startsWith('true', start) || s.startsWith('null', start))) return true;
  if (length === 5 && s.startsWith('false', start)) return true;
  let i = s.charCodeAt(start) === 45 ? start + 1 : start;
  const first = i;
  while (i < end && isDigit(s.charCodeAt(i))) i++;
  if (i === first || (s.charCodeAt(first) === 48 && i > first + 1)) return false;
  if (i < end && s.charCodeAt(i) === 46) { const d = ++i; while (i < end && isDigit(s.charCodeAt(i))) i++; if (i === d) return false; }
  if (i < end && (s.charCodeAt(i) | 32) === 101) {
    i++;
    if (i < end && (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45)) i++;
    const d = i; while (i < end && isDigit(s.charCodeAt(i))) i++;
    if (i === d) return false;
  }
  return i === end;
}
const isDigit = (c: number) => c >= 48 && c <= 57;

/** A JSON stamp: RFC 3339 text with an offset, or epoch seconds (zap's default encoder). */
export function jsonTs(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.round(v * 1e6);
  if (typeof v !== 'string') return null;
  const s = isoUtc.read(v, 0);
  return s.end > 0 && s.kind === 'exact' ? s.ts : null;
}

/** klog header `I0313 16:02:43.934473    1450 kubelet.go:1778] msg`: its severity letter, or null. */
export function klogSeverity(msg: string): Severity | null {
  if (msg.length < 22 || msg.charCodeAt(5) !== 32 || msg.charCodeAt(8) !== 58 || digits(msg, 1, 4) < 0) return null;
  return severityFromLetter(msg.charCodeAt(0));
}

/** A klog line inside another format (a pod log): severity, caller and structured fields. */
export function innerKlog(msg: string): { severity: Severity; fields: Record<string, string> } | null {
  const severity = klogSeverity(msg);
  if (severity === null) return null;
  const close = msg.indexOf('] ', 21);
  if (close < 0 || close > 120) return { severity, fields: {} };
  const sp = msg.lastIndexOf(' ', close);
  const fields: Record<string, string> = { caller: msg.slice(sp + 1, close) };
  if (msg.charCodeAt(close + 2) === 34) {
    const q = msg.indexOf('" ', close + 3);
    if (q > 0) parseKv(msg, q + 2, fields);
  }
  return { severity, fields };
}
