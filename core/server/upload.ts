// A file dropped on the browser tab: the page cannot hand the engine a path on this machine, so the
// bytes come up as the raw request body and are stored in the case directory under a name we pick
// (the client's name only survives as a sanitised suffix, so it can never choose where we write).
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { ApiError } from '../api/types.ts';

/** `../../etc/x`, `C:\x`, NULs, control characters and leading dots all become harmless: keep the
 *  last path segment, only [A-Za-z0-9._-], no leading dot, at most 120 characters. */
export function safeUploadName(name: string): string {
  const last = name.split(/[\\/]/).pop() ?? '';
  const clean = last.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[._]+/, '').slice(-120);
  return clean || 'upload';
}

export type UploadResult = { path: string; bytes: number } | { status: number; error: ApiError };

export async function receiveUpload(req: IncomingMessage, dir: string, name: string, maxBytes: number): Promise<UploadResult> {
  const declared = Number(req.headers['content-length'] ?? 0);
  const tooBig = (): UploadResult => ({ status: 413, error: { code: 'bad-request', message: `upload larger than the ${maxBytes}-byte cap (crashlens serve --max-upload-mb)` } });
  if (declared > maxBytes) { req.resume(); return tooBig(); }
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${randomBytes(4).toString('hex')}-${safeUploadName(name)}`);
  const out = createWriteStream(path, { flags: 'wx' });
  // The file is opened asynchronously: remove it only once the stream has closed, or an open that
  // completes after the removal would leave an empty file behind.
  const discard = () => new Promise<void>((resolve) => {
    out.once('close', () => { rmSync(path, { force: true }); resolve(); });
    out.destroy();
  });
  let bytes = 0;
  try {
    for await (const chunk of req.iterator({ destroyOnReturn: false })) {
      bytes += (chunk as Buffer).length;
      if (bytes > maxBytes) {
        await discard();
        // The rest of the body is not read: Node closes the connection once the 413 is written.
        return tooBig();
      }
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
    }
    await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  } catch (e) {
    await discard();
    return { status: 400, error: { code: 'bad-request', message: `upload of ${safeUploadName(name)} failed: ${e instanceof Error ? e.message : String(e)}` } };
  }
  return { path, bytes };
}
