// Who may talk to the local server. The server listens on 127.0.0.1 only, but any web page the user
// opens can still make the browser send requests to it, so every request must prove three things:
//   - the token: a random 32-byte secret that only the URL printed by `crashlens serve` carries;
//   - the Host header names 127.0.0.1:PORT or localhost:PORT: a page on evil.example whose DNS name
//     was re-bound to 127.0.0.1 (DNS rebinding) sends `Host: evil.example:PORT` and is refused;
//   - the Origin header, when the browser sends one, is this server's own origin.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'crashlens_token';
export const TOKEN_HEADER = 'x-crashlens-token';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost'];

/** The Host header must be exactly one of the loopback names with this port (port required). */
export function hostAllowed(host: string | undefined, port: number): boolean {
  if (!host) return false;
  return LOOPBACK_NAMES.some((name) => host.toLowerCase() === `${name}:${port}`);
}

/** Browsers send Origin on POSTs and cross-origin requests; absent is fine (a same-origin GET, curl),
 *  present must be this server ('null' from sandboxed frames and file:// pages is refused). */
export function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  return LOOPBACK_NAMES.some((name) => origin.toLowerCase() === `http://${name}:${port}`);
}

export function tokenEquals(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** The token a request carries: in the URL (`?token=`, the first page load and the event stream),
 *  a header (the client's fetches) or the cookie set on the first page load. */
export function requestToken(req: IncomingMessage, url: URL): string | null {
  const header = req.headers[TOKEN_HEADER];
  return url.searchParams.get('token')
    ?? (typeof header === 'string' ? header : null)
    ?? cookieValue(req.headers.cookie, TOKEN_COOKIE);
}

export type GuardResult = { ok: true; tokenInUrl: boolean } | { ok: false; reason: string };

/** Every request goes through here first; any refusal is a 403 with the reason. */
export function guardRequest(req: IncomingMessage, url: URL, port: number, token: string): GuardResult {
  if (!hostAllowed(req.headers.host, port)) return { ok: false, reason: 'foreign Host header' };
  const origin = req.headers.origin;
  if (!originAllowed(typeof origin === 'string' ? origin : undefined, port)) return { ok: false, reason: 'foreign Origin' };
  if (!tokenEquals(requestToken(req, url), token)) return { ok: false, reason: 'missing or wrong token' };
  return { ok: true, tokenInUrl: url.searchParams.has('token') };
}

export function tokenCookie(token: string): string {
  return `${TOKEN_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict`;
}

/** The Electron app's own pages are served from this privileged scheme (electron/main.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'crashlens';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Electron IPC: a message counts only when it comes from a frame showing our own app:// page
 *  (not an iframe, not a page navigated elsewhere, not devtools). */
export function isAppFrameUrl(url: string | null | undefined): boolean {
  if (!url) return false;
  let u: URL;
  try { u = new URL(url); } catch { return false; }
  return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '' && u.port === '';
}
