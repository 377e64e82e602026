// Browser mode's local server refuses what is not the user's own tab (issue 8 item 5): no token,
// a foreign Origin (another site's page posting to 127.0.0.1), a foreign Host (DNS rebinding).
import { request as httpRequest } from 'node:http';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from './fixtures.ts';

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; body: string }

function send(url: URL, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: Number(url.port), path, method: opts.method ?? 'GET', headers: { host: url.host, ...opts.headers } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

test.describe('local server security', () => {
  test.beforeEach(({ mode }) => { test.skip(mode !== 'browser', 'the HTTP server exists only in browser mode'); });
  const url = () => new URL(process.env.CRASHLENS_E2E_URL!);
  const token = () => url().searchParams.get('token')!;

  test('a request without the token is refused (403)', async () => {
    expect((await send(url(), '/')).status).toBe(403);
    expect((await send(url(), '/api/events')).status).toBe(403);
    expect((await send(url(), '/api/call/summary', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[]' })).status).toBe(403);
    expect((await send(url(), '/?token=0000')).status).toBe(403);
  });

  test('with the token the page and the API answer, with a strict CSP and no CORS', async () => {
    const page = await send(url(), `/?token=${token()}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
    const call = await send(url(), '/api/call/summary', { method: 'POST', headers: { 'content-type': 'application/json', 'x-crashlens-token': token() }, body: '[]' });
    expect(call.status).toBe(200);
    expect(JSON.parse(call.body)).toHaveProperty('value');
  });

  test('a foreign Origin is refused (403) even with the token', async () => {
    const r = await send(url(), '/api/call/summary', { method: 'POST', headers: { 'content-type': 'application/json', 'x-crashlens-token': token(), origin: 'http://evil.example' }, body: '[]' });
    expect(r.status).toBe(403);
  });

  test('a foreign Host header is refused (403) even with the token: DNS rebinding', async () => {
    const r = await send(url(), `/?token=${token()}`, { headers: { host: `evil.example:${url().port}` } });
    expect(r.status).toBe(403);
  });

  test('a browser tab without the token sees 403, and another site\'s page cannot read the API', async ({ page }) => {
    const res = await page.goto(`${url().origin}/`);
    expect(res?.status()).toBe(403);
    // Another origin (a page on a second local port, standing in for any website the user visits)
    // tries to call the API with the token it somehow learnt: the Origin check refuses it.
    const evil = createServer((_q, s) => { s.writeHead(200, { 'content-type': 'text/html' }); s.end('<!doctype html><title>elsewhere</title>'); });
    await new Promise<void>((r) => evil.listen(0, '127.0.0.1', () => r()));
    try {
      await page.goto(`http://127.0.0.1:${(evil.address() as AddressInfo).port}/`);
      const outcome = await page.evaluate(async ([target, tok]) => {
        try {
          const r = await fetch(`${target}/api/call/summary`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-crashlens-token': tok }, body: '[]' });
          return `status ${r.status}`;
        } catch (e) { return `blocked: ${(e as Error).message}`; }
      }, [url().origin, token()] as const);
      expect(outcome).toMatch(/^blocked/);
    } finally { evil.close(); }
  });
});
