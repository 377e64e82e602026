// Keyset cursors: the (ts, id) of the row a page stopped at, opaque to clients. Never OFFSET:
// a page costs the same at the start and at the end of ten million records.
import { apiError } from './errors.ts';

export interface Key { ts: number | null; id: number }

export function encodeCursor(k: Key): string {
  return Buffer.from(JSON.stringify([k.ts, k.id])).toString('base64url');
}

export function decodeCursor(c: string): Key {
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && (v[0] === null || typeof v[0] === 'number') && typeof v[1] === 'number') {
      return { ts: v[0] as number | null, id: v[1] as number };
    }
  } catch { /* fall through */ }
  throw apiError('bad-request', `invalid cursor '${c}'`);
}
