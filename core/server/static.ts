// The built renderer, served read-only from one directory. Paths are resolved and must stay inside
// it (`/../../etc/passwd`, `%2e%2e`, NULs are refused); a path without an extension is an app route
// and gets index.html, so a reload on a deep link still opens the app.
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, resolve, sep } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file under `root` that a URL path names, or null when it would leave `root`. */
export function resolveStatic(root: string, urlPath: string): string | null {
  let decoded: string;
  try { decoded = decodeURIComponent(urlPath); } catch { return null; }
  if (decoded.includes('\0')) return null;
  const rel = decoded === '/' || !extname(decoded) ? 'index.html' : decoded.replace(/^\/+/, '');
  const base = resolve(root);
  const file = resolve(join(base, rel));
  return file.startsWith(base + sep) ? file : null;
}

const NOT_BUILT = '<!doctype html><meta charset="utf-8"><title>Crashlens</title><p>The renderer is not built yet: run <code>npm run build:renderer</code> (or <code>npm start</code>) and reload.</p>';

export function serveStatic(req: IncomingMessage, res: ServerResponse, root: string | null, urlPath: string, headers: Record<string, string>): void {
  const file = root ? resolveStatic(root, urlPath) : null;
  let size = -1;
  if (file) { try { const st = statSync(file); if (st.isFile()) size = st.size; } catch { /* missing: below */ } }
  if (size < 0 && urlPath === '/favicon.ico') {
    // Browsers ask for it on their own; a 404 would be a red console error on every load.
    res.writeHead(204, headers);
    res.end();
    return;
  }
  if (size < 0) {
    // An app route with no index.html means the renderer was never built: say how to build it.
    const appRoute = urlPath === '/' || extname(urlPath) === '';
    res.writeHead(appRoute ? 200 : 404, { ...headers, 'content-type': appRoute ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8' });
    res.end(req.method === 'HEAD' ? undefined : appRoute ? NOT_BUILT : 'not found\n');
    return;
  }
  // Hashed asset names change with their content; index.html must always be fetched fresh.
  const cache = file!.endsWith('index.html') ? 'no-store' : 'max-age=31536000, immutable';
  res.writeHead(200, { ...headers, 'content-type': MIME[extname(file!)] ?? 'application/octet-stream', 'content-length': size, 'cache-control': cache });
  if (req.method === 'HEAD') { res.end(); return; }
  createReadStream(file!).pipe(res);
}
