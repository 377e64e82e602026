// Messages that carry a format of their own inside another one: etcd's zap JSON or a klog header
// inside a journal / syslog line or a CRI pod log line. The inner format gives severity and
// fields; an inner stamp with an explicit offset is exact and wins over the outer one.
import type { Severity } from '../types.ts';
import { IsoReader } from './stamp.ts';
import { severityFromLetter, severityFromWord, digits } from './record.ts';
import { parseKv } from './kv.ts';

export interface Inner { severity: Severity | null; message: string; fields: Record<string, string> | undefined; ts: number | null }

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

/** zap / logrus JSON line: {"level":"warn","ts":"…","caller":"…","msg":"…",…}. null if not one.
 *  readTs false: the caller has its own time (a CRI runtime stamp) and the inner ts stays null. */
export function innerJson(msg: string, readTs = true): Inner | null {
  if (msg.charCodeAt(0) !== 123 || msg.charCodeAt(msg.length - 1) !== 125) return null;
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
