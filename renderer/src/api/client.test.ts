// The client is a pure relay: every CaseApi method becomes call(name, args) on the transport the
// window was started with, errors come back as CaseApiError with the engine's code. Tested here
// over the Electron bridge shape (browser mode is covered end to end by e2e/).
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../../core/api/types.ts';
import { CaseApiError, createClient, type CrashlensBridge } from './client.ts';

function withWindow(bridge: CrashlensBridge | undefined): void {
  (globalThis as unknown as { window: unknown }).window = { crashlens: bridge, location: { href: 'app://crashlens/index.html', origin: 'app://crashlens' } };
}
afterEach(() => { delete (globalThis as unknown as { window?: unknown }).window; });

describe('createClient over the Electron bridge', () => {
  it('sends each method by name with its arguments, trailing undefined dropped', async () => {
    const sent: [string, unknown[]][] = [];
    withWindow({
      call: async (method, args) => { sent.push([method, args]); return { value: { echoed: method } }; },
      subscribe: () => () => {},
      pathForFile: () => '/x',
    });
    const api = createClient();
    expect(api.transport).toBe('ipc');
    expect(await api.records({ text: 'oom', limit: 10 })).toEqual({ echoed: 'records' });
    await api.record(42, undefined);
    await api.sql('select 1');
    await api.closeCase();
    expect(sent).toEqual([['records', [{ text: 'oom', limit: 10 }]], ['record', [42]], ['sql', ['select 1']], ['closeCase', []]]);
  });

  it('offers every CaseApi method and nothing that makes it a thenable', () => {
    withWindow({ call: async () => ({ value: null }), subscribe: () => () => {}, pathForFile: () => '' });
    const api = createClient() as unknown as Record<string, unknown>;
    for (const m of ['createCase', 'openCase', 'importBundles', 'timeline', 'verdict', 'annotate', 'exportReport', 'openSample', 'trainingHistory']) {
      expect(typeof api[m], m).toBe('function');
    }
    expect(api.then).toBeUndefined();
  });

  it('turns { error } replies into CaseApiError with the engine\'s code', async () => {
    withWindow({ call: async () => ({ error: { code: 'sql-error', message: 'near "selec": syntax error' } }), subscribe: () => () => {}, pathForFile: () => '' });
    const err = await createClient().sql('selec 1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CaseApiError);
    expect(err).toMatchObject({ code: 'sql-error', message: 'near "selec": syntax error' });
  });

  it('relays engine events and dropped-file paths from the bridge', async () => {
    let listener: ((e: EngineEvent) => void) | null = null;
    let unsubscribed = false;
    withWindow({
      call: async () => ({ value: null }),
      subscribe: (l) => { listener = l; return () => { unsubscribed = true; }; },
      pathForFile: (f) => `/home/sre/${f.name}`,
    });
    const api = createClient();
    const got: EngineEvent[] = [];
    const off = api.subscribe((e) => got.push(e));
    const event = { kind: 'case-changed', summary: { path: '/c.crashlens' } } as unknown as EngineEvent;
    listener!(event);
    off();
    expect(got).toEqual([event]);
    expect(unsubscribed).toBe(true);
    expect(await api.pathForDroppedFile!({ name: 'sos.tar.xz' } as File)).toBe('/home/sre/sos.tar.xz');
  });
});
