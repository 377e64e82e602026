import { describe, expect, it } from 'vitest';
import { checkCall, invoke, isCaseApiMethod, jsonProblem, METHOD_ARITY, toApiError } from './methods.ts';
import type { CaseApi } from '../api/types.ts';

describe('methods: the allow-list and argument checks every remote call passes', () => {
  it('knows CaseApi methods and nothing from Object.prototype', () => {
    expect(isCaseApiMethod('records')).toBe(true);
    expect(isCaseApiMethod('sql')).toBe(true);
    for (const bad of ['toString', '__proto__', 'constructor', 'hasOwnProperty', 'valueOf', '', 'Records', 'eval']) {
      expect(isCaseApiMethod(bad), bad).toBe(false);
    }
    expect(isCaseApiMethod(42)).toBe(false);
  });

  it('refuses unknown methods, non-array arguments and too many arguments', () => {
    expect(checkCall('rm', [])).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(checkCall('records', { text: 'x' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(checkCall('summary', [1])).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(checkCall('sql', ['select 1', 10, 'extra'])).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(checkCall('sql', ['select 1', 10])).toEqual({ ok: true, method: 'sql', args: ['select 1', 10] });
    expect(checkCall('record', [5])).toMatchObject({ ok: true });
    expect(Object.keys(METHOD_ARITY)).toHaveLength(29);
  });

  it('accepts plain JSON values and names what is not one', () => {
    expect(jsonProblem([{ a: [1, 'x', null, true, { b: -2.5 }] }])).toBe(null);
    expect(jsonProblem([NaN])).toMatch(/finite/);
    expect(jsonProblem([Infinity])).toMatch(/finite/);
    expect(jsonProblem([undefined])).toMatch(/undefined/);
    expect(jsonProblem([() => 1])).toMatch(/function/);
    expect(jsonProblem([10n])).toMatch(/bigint/);
    expect(jsonProblem([new Date()])).toMatch(/plain object/);
    expect(jsonProblem([new Map()])).toMatch(/plain object/);
    expect(jsonProblem([new Uint8Array(4)])).toMatch(/plain object/);
    expect(jsonProblem(JSON.parse('[{"__proto__": {"polluted": 1}}]'))).toMatch(/__proto__/);
    expect(jsonProblem([{ constructor: { prototype: {} } }])).toMatch(/constructor/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(jsonProblem([cyclic])).toMatch(/cycle/);
  });

  it('bounds depth, string length and the number of values', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(jsonProblem([deep])).toMatch(/deeper/);
    expect(jsonProblem(['x'.repeat(100)], { maxDepth: 8, maxStringLength: 50, maxNodes: 100 })).toMatch(/longer/);
    expect(jsonProblem([new Array(200).fill(0)], { maxDepth: 8, maxStringLength: 50, maxNodes: 100 })).toMatch(/more than 100/);
    // the same value twice (not a cycle) is fine
    const shared = { a: 1 };
    expect(jsonProblem([{ x: shared, y: shared }])).toBe(null);
  });

  it('relays results and turns engine failures into { code, message }', async () => {
    const engine = {
      async sql(q: string) { if (q.startsWith('drop')) throw Object.assign(new Error('read-only case'), { code: 'read-only' }); return { columns: ['n'], rows: [[q.length]], truncated: false, elapsedMs: 0 }; },
      async closeCase() { /* returns undefined */ },
      async summary() { throw new TypeError('boom'); },
    } as unknown as CaseApi;
    expect(await invoke(engine, 'sql', ['select 1'])).toEqual({ value: { columns: ['n'], rows: [[8]], truncated: false, elapsedMs: 0 } });
    expect(await invoke(engine, 'sql', ['drop table x'])).toEqual({ error: { code: 'read-only', message: 'read-only case' } });
    expect(await invoke(engine, 'closeCase', [])).toEqual({ value: null });
    expect(await invoke(engine, 'summary', [])).toEqual({ error: { code: 'internal', message: 'boom' } });
    expect(toApiError(Object.assign(new Error('x'), { code: 'ENOENT' }))).toEqual({ code: 'internal', message: 'x' });
  });
});
