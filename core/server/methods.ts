// What a remote caller (a browser tab over HTTP, the Electron renderer over IPC) may ask the engine:
// only CaseApi methods, by name, with an array of plain JSON values as arguments. Both transports
// (core/server/server.ts and electron/main.ts) check every call here before it reaches the engine.
import type { ApiError, CaseApi, CaseApiMethod } from '../api/types.ts';

/** The allow-list: each CaseApi method and how many arguments it takes at most. A Record over the
 *  interface's keys, so adding a method to CaseApi fails to compile until it is listed here. */
export const METHOD_ARITY: Readonly<Record<CaseApiMethod, number>> = {
  createCase: 1, openCase: 1, closeCase: 0, summary: 0,
  importBundles: 2, cancelImport: 1,
  sources: 0, setSourceZone: 2, records: 1, record: 2, events: 1, timeline: 1,
  boots: 0, spans: 0, verdict: 0, sql: 2,
  annotations: 0, annotate: 1, updateAnnotation: 2, deleteAnnotation: 1, restoreAnnotation: 1,
  savedViews: 0, saveView: 2, deleteView: 1,
  exportReport: 1,
  samples: 0, openSample: 2, submitTraining: 2, trainingHistory: 0,
};

export function isCaseApiMethod(name: unknown): name is CaseApiMethod {
  // hasOwn, not `in`: 'toString' or '__proto__' must not pass as a method.
  return typeof name === 'string' && Object.hasOwn(METHOD_ARITY, name);
}

export interface ArgLimits {
  maxDepth: number;
  maxStringLength: number;
  maxNodes: number;
}

export const DEFAULT_ARG_LIMITS: ArgLimits = { maxDepth: 16, maxStringLength: 1 << 20, maxNodes: 100_000 };

// Keys that would reach an object's prototype if the engine ever merged an argument into another object.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Why `value` is not a plain JSON value within the limits, or null when it is. Over IPC a caller can
 *  send anything structured clone carries (Dates, Maps, typed arrays, cycles); over HTTP JSON.parse
 *  already made plain values, and this still bounds depth, size and prototype-touching keys. */
export function jsonProblem(value: unknown, limits: ArgLimits = DEFAULT_ARG_LIMITS): string | null {
  let nodes = 0;
  const seen = new Set<object>();
  const walk = (v: unknown, depth: number, where: string): string | null => {
    if (++nodes > limits.maxNodes) return `more than ${limits.maxNodes} values`;
    if (v === null || typeof v === 'boolean') return null;
    if (typeof v === 'number') return Number.isFinite(v) ? null : `${where}: not a finite number`;
    if (typeof v === 'string') return v.length > limits.maxStringLength ? `${where}: string longer than ${limits.maxStringLength}` : null;
    if (typeof v !== 'object') return `${where}: ${typeof v} is not a JSON value`;
    if (depth >= limits.maxDepth) return `${where}: nested deeper than ${limits.maxDepth}`;
    if (seen.has(v)) return `${where}: cycle`;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const p = walk(v[i], depth + 1, `${where}[${i}]`);
        if (p) return p;
      }
    } else {
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) return `${where}: not a plain object`;
      for (const k of Object.keys(v)) {
        if (FORBIDDEN_KEYS.has(k)) return `${where}: key '${k}' not allowed`;
        const p = walk((v as Record<string, unknown>)[k], depth + 1, `${where}.${k}`);
        if (p) return p;
      }
    }
    seen.delete(v);
    return null;
  };
  return walk(value, 0, 'args');
}

export type CheckedCall = { ok: true; method: CaseApiMethod; args: unknown[] } | { ok: false; error: ApiError };

/** The one gate for a remote call: a known method, an array of at most its arity of JSON values. */
export function checkCall(method: unknown, args: unknown, limits: ArgLimits = DEFAULT_ARG_LIMITS): CheckedCall {
  if (!isCaseApiMethod(method)) return { ok: false, error: { code: 'not-found', message: `no such method: ${String(method).slice(0, 80)}` } };
  if (!Array.isArray(args)) return { ok: false, error: { code: 'bad-request', message: `${method}: arguments must be a JSON array` } };
  const arity = METHOD_ARITY[method];
  if (args.length > arity) return { ok: false, error: { code: 'bad-request', message: `${method} takes at most ${arity} argument(s), got ${args.length}` } };
  const problem = jsonProblem(args, limits);
  if (problem) return { ok: false, error: { code: 'bad-request', message: `${method}: ${problem}` } };
  return { ok: true, method, args };
}

const API_ERROR_CODES = new Set<ApiError['code']>(['bad-request', 'not-found', 'no-case', 'read-only', 'sql-error', 'busy', 'internal']);

/** An engine failure as it crosses a transport. Engines signal the kind with `err.code`; anything
 *  else is 'internal' (its message is kept: it names the case file or the query, never a secret). */
export function toApiError(e: unknown): ApiError {
  const code = (e as { code?: unknown } | null)?.code;
  const message = e instanceof Error ? e.message : String(e);
  return { code: typeof code === 'string' && API_ERROR_CODES.has(code as ApiError['code']) ? (code as ApiError['code']) : 'internal', message };
}

/** Runs a checked call on the engine: the same relay for HTTP and IPC. */
export async function invoke(api: CaseApi, method: CaseApiMethod, args: unknown[]): Promise<{ value: unknown } | { error: ApiError }> {
  try {
    const fn = api[method] as (...a: unknown[]) => Promise<unknown>;
    const value = await fn.apply(api, args);
    return { value: value === undefined ? null : value };
  } catch (e) {
    return { error: toApiError(e) };
  }
}
