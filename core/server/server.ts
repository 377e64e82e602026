// Browser mode: the renderer and the CaseApi served from this machine to this machine.
//   GET  /…                 the built renderer (renderer/dist), with a strict CSP
//   POST /api/call/<method> JSON array of arguments → { value } or { error: { code, message } }
//   GET  /api/events        server-sent events: one EngineEvent per message
//   POST /api/upload?name=  a dropped file, streamed into the case directory → { value: { path } }
// Every request passes core/server/guard.ts (token, Host, Origin) and every call core/server/methods.ts
// (allow-list, JSON arguments). No CORS headers are ever sent: other origins get nothing.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CaseApi, EngineEvent, ProgressStream } from '../api/types.ts';
import { guardRequest, newToken, tokenCookie } from './guard.ts';
import { SECURITY_HEADERS } from './headers.ts';
import { checkCall, invoke } from './methods.ts';
import { serveStatic } from './static.ts';
import { receiveUpload } from './upload.ts';

export interface ServerOptions {
  /** The engine: any CaseApi (LocalCaseApi in production, a fake in tests); its `subscribe`, when
   *  present, feeds the event stream. */
  api: CaseApi & Partial<ProgressStream>;
  /** 0 (default) = a free port chosen by the OS. */
  port?: number;
  /** The built renderer; null or missing = a one-line page saying how to build it. */
  staticDir: string | null;
  /** Where uploads of dropped files are stored (the case directory). */
  uploadDir: string;
  maxUploadBytes?: number;
  maxCallBytes?: number;
  /** Fixed token (tests); default a fresh random one. */
  token?: string;
}

export interface RunningServer {
  url: string; // http://127.0.0.1:PORT/?token=…
  origin: string; // http://127.0.0.1:PORT
  port: number;
  token: string;
  close(): Promise<void>;
}

export const DEFAULT_MAX_UPLOAD_BYTES = 8 * 1024 ** 3; // sosreports of big nodes run to a few GiB
export const DEFAULT_MAX_CALL_BYTES = 8 * 1024 ** 2;
export { SECURITY_HEADERS };

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

function statusFor(code: string): number {
  switch (code) {
    case 'bad-request': case 'sql-error': return 400;
    case 'not-found': return 404;
    case 'no-case': case 'read-only': case 'busy': return 409;
    default: return 500;
  }
}

async function readBody(req: IncomingMessage, max: number): Promise<Buffer | null> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > max) return null;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? newToken();
  const maxCall = options.maxCallBytes ?? DEFAULT_MAX_CALL_BYTES;
  const maxUpload = options.maxUploadBytes ?? DEFAULT_MAX_UPLOAD_BYTES;
  const streams = new Set<ServerResponse>();
  let port = 0;

  async function handleCall(req: IncomingMessage, res: ServerResponse, method: string): Promise<void> {
    if (req.method !== 'POST') return sendJson(res, 405, { error: { code: 'bad-request', message: 'POST only' } });
    // A form or a no-cors fetch cannot send application/json: one more wall against cross-site posts.
    if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return sendJson(res, 415, { error: { code: 'bad-request', message: 'content-type must be application/json' } });
    }
    const body = await readBody(req, maxCall);
    if (!body) return sendJson(res, 413, { error: { code: 'bad-request', message: `request larger than ${maxCall} bytes` } });
    let args: unknown;
    try { args = body.length ? JSON.parse(body.toString('utf8')) : []; } catch {
      return sendJson(res, 400, { error: { code: 'bad-request', message: 'arguments are not valid JSON' } });
    }
    let name: string;
    try { name = decodeURIComponent(method); } catch { name = method; } // a bad %-escape is just an unknown name
    const checked = checkCall(name, args);
    if (!checked.ok) return sendJson(res, statusFor(checked.error.code), { error: checked.error });
    const reply = await invoke(options.api, checked.method, checked.args);
    sendJson(res, 'error' in reply ? statusFor(reply.error.code) : 200, reply);
  }

  function handleEvents(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write('retry: 2000\n\n');
    streams.add(res);
    const send = (e: EngineEvent) => { res.write(`data: ${JSON.stringify(e)}\n\n`); };
    const unsubscribe = options.api.subscribe ? options.api.subscribe(send) : () => {};
    // A comment line now and then keeps proxies and idle timers from closing a quiet stream.
    const beat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    beat.unref();
    const done = () => { clearInterval(beat); unsubscribe(); streams.delete(res); };
    req.on('close', done);
  }

  const server = createServer({ requestTimeout: 0, headersTimeout: 20_000 }, (req, res) => {
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    const guard = guardRequest(req, url, port, token);
    if (!guard.ok) {
      res.writeHead(403, { ...SECURITY_HEADERS, 'content-type': 'text/plain; charset=utf-8' });
      res.end(`403 Forbidden: ${guard.reason}\n`);
      return;
    }
    const path = url.pathname;
    const work = (async () => {
      if (path.startsWith('/api/call/')) return handleCall(req, res, path.slice('/api/call/'.length));
      if (path === '/api/events') return handleEvents(req, res);
      if (path === '/api/upload') {
        if (req.method !== 'POST') return sendJson(res, 405, { error: { code: 'bad-request', message: 'POST only' } });
        const r = await receiveUpload(req, options.uploadDir, url.searchParams.get('name') ?? 'upload', maxUpload);
        return 'error' in r ? sendJson(res, r.status, { error: r.error }) : sendJson(res, 200, { value: { path: r.path } });
      }
      if (path.startsWith('/api/')) return sendJson(res, 404, { error: { code: 'not-found', message: `no such endpoint: ${path}` } });
      if (req.method !== 'GET' && req.method !== 'HEAD') return sendJson(res, 405, { error: { code: 'bad-request', message: 'GET only' } });
      // The first page load carries the token in its URL; the cookie lets reloads and assets in.
      const extra: Record<string, string> = guard.tokenInUrl ? { 'set-cookie': tokenCookie(token) } : {};
      return serveStatic(req, res, options.staticDir, path, { ...SECURITY_HEADERS, ...extra });
    })();
    work.catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { code: 'internal', message: e instanceof Error ? e.message : String(e) } });
      else res.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => { server.off('error', reject); resolve(); });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: () => new Promise<void>((resolve) => {
      for (const s of streams) s.end();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
