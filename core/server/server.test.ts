// The local server end to end over real sockets: what it refuses (403 without the token, with a
// foreign Host or Origin), what it serves, and that calls reach the engine and come back unchanged.
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { CaseApi, EngineEvent, ProgressStream } from '../api/types.ts';
import { startServer, type RunningServer } from './server.ts';

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; body: string }

function send(srv: RunningServer, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: srv.port, path, method: opts.method ?? 'GET', headers: { host: `127.0.0.1:${srv.port}`, ...opts.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

/** A small engine standing in for LocalCaseApi: echoes what it was called with, so the test sees the
 *  arguments exactly as the engine received them. */
function echoEngine(): CaseApi & ProgressStream & { emit(e: EngineEvent): void; calls: unknown[][] } {
  const listeners = new Set<(e: EngineEvent) => void>();
  const calls: unknown[][] = [];
  return {
    calls,
    emit: (e: EngineEvent) => { for (const l of listeners) l(e); },
    subscribe(l: (e: EngineEvent) => void) { listeners.add(l); return () => { listeners.delete(l); }; },
    async records(q: unknown) { calls.push(['records', q]); return { rows: [], next: null, echo: q }; },
    async sql(query: string) { if (/^\s*delete/i.test(query)) throw Object.assign(new Error('the case is read-only here'), { code: 'read-only' }); return { columns: ['q'], rows: [[query]], truncated: false, elapsedMs: 1 }; },
    async closeCase() { calls.push(['closeCase']); },
  } as unknown as CaseApi & ProgressStream & { emit(e: EngineEvent): void; calls: unknown[][] };
}

let dir: string;
let srv: RunningServer;
let engine: ReturnType<typeof echoEngine>;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'crashlens-server-'));
  mkdirSync(join(dir, 'dist/assets'), { recursive: true });
  writeFileSync(join(dir, 'dist/index.html'), '<!doctype html><title>Crashlens</title><div id="root"></div>');
  writeFileSync(join(dir, 'dist/assets/app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'outside the renderer');
  engine = echoEngine();
  srv = await startServer({ api: engine, staticDir: join(dir, 'dist'), uploadDir: join(dir, 'uploads'), maxUploadBytes: 1000, maxCallBytes: 10_000 });
});
afterAll(async () => { await srv.close(); rmSync(dir, { recursive: true, force: true }); });

const json = (srv: RunningServer, extra: Record<string, string> = {}) => ({ 'content-type': 'application/json', 'x-crashlens-token': srv.token, ...extra });

describe('local server security', () => {
  it('listens on 127.0.0.1 only and prints a URL with a 32-byte token', () => {
    expect(srv.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
  });

  it('refuses every endpoint without the token (403)', async () => {
    for (const [path, method] of [['/', 'GET'], ['/assets/app.js', 'GET'], ['/api/events', 'GET'], ['/api/call/records', 'POST'], ['/api/upload?name=x', 'POST'], ['/?token=wrong', 'GET']] as const) {
      const r = await send(srv, path, { method, headers: { 'content-type': 'application/json' }, body: method === 'POST' ? '[]' : undefined });
      expect(r.status, `${method} ${path}`).toBe(403);
    }
    expect(engine.calls).toHaveLength(0);
  });

  it('refuses a foreign Host header even with the token (DNS rebinding)', async () => {
    const r = await send(srv, `/?token=${srv.token}`, { headers: { host: `evil.example:${srv.port}` } });
    expect(r.status).toBe(403);
    expect(r.body).toMatch(/Host/);
  });

  it('refuses a foreign Origin even with the token', async () => {
    const r = await send(srv, '/api/call/records', { method: 'POST', headers: json(srv, { origin: 'http://evil.example' }), body: '[{}]' });
    expect(r.status).toBe(403);
    expect(r.body).toMatch(/Origin/);
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('serves the page with the token, sets an HttpOnly SameSite=Strict cookie and a strict CSP', async () => {
    const r = await send(srv, `/?token=${srv.token}`);
    expect(r.status).toBe(200);
    expect(r.body).toContain('<div id="root">');
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toContain(`crashlens_token=${srv.token}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    // the cookie alone lets assets and app routes in
    const asset = await send(srv, '/assets/app.js', { headers: { cookie: `crashlens_token=${srv.token}` } });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    const route = await send(srv, '/case/timeline', { headers: { cookie: `crashlens_token=${srv.token}` } });
    expect(route.body).toContain('<div id="root">');
  });

  it('answers the browser\'s own favicon request without an error', async () => {
    const r = await send(srv, '/favicon.ico', { headers: { 'x-crashlens-token': srv.token } });
    expect(r.status).toBe(204);
    const missing = await send(srv, '/assets/missing.js', { headers: { 'x-crashlens-token': srv.token } });
    expect(missing.status).toBe(404);
  });

  it('never serves a file outside the renderer directory', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%00.js']) {
      const r = await send(srv, p, { headers: { 'x-crashlens-token': srv.token } });
      expect(r.body, p).not.toContain('outside the renderer');
    }
  });
});

describe('local server calls', () => {
  it('relays a call and its JSON arguments to the engine unchanged', async () => {
    const q = { text: 'oom AND "killed process"', severities: [0, 1, 2, 3], limit: 200 };
    const r = await send(srv, '/api/call/records', { method: 'POST', headers: json(srv), body: JSON.stringify([q]) });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ value: { rows: [], next: null, echo: q } });
    expect(engine.calls.at(-1)).toEqual(['records', q]);
  });

  it('answers void methods with null and engine errors with { error: { code, message } }', async () => {
    const ok = await send(srv, '/api/call/closeCase', { method: 'POST', headers: json(srv), body: '[]' });
    expect(JSON.parse(ok.body)).toEqual({ value: null });
    const bad = await send(srv, '/api/call/sql', { method: 'POST', headers: json(srv), body: '["delete from records"]' });
    expect(bad.status).toBe(409);
    expect(JSON.parse(bad.body)).toEqual({ error: { code: 'read-only', message: 'the case is read-only here' } });
  });

  it('refuses names outside CaseApi, bad JSON, wrong shapes, oversize bodies and non-JSON content types', async () => {
    const cases: [string, string, Record<string, string>, number][] = [
      ['/api/call/constructor', '[]', json(srv), 404],
      ['/api/call/__proto__', '[]', json(srv), 404],
      ['/api/call/%E0%A4%A', '[]', json(srv), 404],
      ['/api/call/records', '{not json', json(srv), 400],
      ['/api/call/records', '{"text":"x"}', json(srv), 400],
      ['/api/call/summary', '[1,2,3]', json(srv), 400],
      ['/api/call/records', JSON.stringify([{ text: 'x'.repeat(20_000) }]), json(srv), 413],
      ['/api/call/records', '[{}]', { ...json(srv), 'content-type': 'text/plain' }, 415],
    ];
    for (const [path, body, headers, status] of cases) {
      const r = await send(srv, path, { method: 'POST', headers, body });
      expect(r.status, `${path} ${body.slice(0, 30)}`).toBe(status);
      expect(JSON.parse(r.body).error.code).toMatch(/bad-request|not-found/);
    }
  });

  it('streams engine events to a subscriber with the token in the URL', async () => {
    const got = await new Promise<string>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: srv.port, path: `/api/events?token=${srv.token}`, headers: { host: `localhost:${srv.port}` } }, (res) => {
        expect(res.headers['content-type']).toMatch(/text\/event-stream/);
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString();
          if (text.includes('data:')) { req.destroy(); resolve(text); }
        });
        setTimeout(() => engine.emit({ kind: 'progress', progress: { importId: 'i1', bundle: 'b.tar.xz', phase: 'parsing', bytesDone: 10, bytesTotal: 100, share: 0.1, linesPerSec: 0, bytesPerSec: 0, etaSeconds: null, sources: [], warnings: [] } }), 50);
      });
      req.on('error', reject);
      req.end();
    });
    const data = JSON.parse(got.split('data: ')[1]!.split('\n')[0]!);
    expect(data).toMatchObject({ kind: 'progress', progress: { importId: 'i1', share: 0.1 } });
  });
});

describe('local server uploads', () => {
  it('stores a dropped file in the upload directory under a safe name', async () => {
    const r = await send(srv, `/api/upload?name=${encodeURIComponent('../../etc/pass wd.tar.xz')}`, { method: 'POST', headers: { 'x-crashlens-token': srv.token }, body: Buffer.from('hello bundle') });
    expect(r.status).toBe(200);
    const path = JSON.parse(r.body).value.path as string;
    expect(path.startsWith(join(dir, 'uploads') + '/')).toBe(true);
    expect(path).toMatch(/-pass_wd\.tar\.xz$/);
    expect(readFileSync(path, 'utf8')).toBe('hello bundle');
  });

  it('refuses an upload over the cap, declared or streamed, and leaves no partial file', async () => {
    const before = readdirSync(join(dir, 'uploads')).length;
    const declared = await send(srv, '/api/upload?name=big', { method: 'POST', headers: { 'x-crashlens-token': srv.token }, body: Buffer.alloc(1001) });
    expect(declared.status).toBe(413);
    // chunked: no content-length, the cap is hit while streaming
    const streamed = await new Promise<number>((resolve) => {
      const req = request({ host: '127.0.0.1', port: srv.port, path: '/api/upload?name=big2', method: 'POST', headers: { host: `127.0.0.1:${srv.port}`, 'x-crashlens-token': srv.token, 'transfer-encoding': 'chunked' } }, (res) => { res.resume(); resolve(res.statusCode ?? 0); });
      req.on('error', () => resolve(-1)); // the server may close the socket while we still send
      for (let i = 0; i < 10; i++) req.write(Buffer.alloc(300));
      req.end();
    });
    expect([413, -1]).toContain(streamed);
    // When the socket was cut first, the server may still be removing the partial file.
    await vi.waitFor(() => expect(readdirSync(join(dir, 'uploads'))).toHaveLength(before), { timeout: 5_000, interval: 20 });
  });
});
