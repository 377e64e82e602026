// A small streaming tar reader: ustar, pax extended headers ('x', 'g'), GNU long names ('L', 'K'),
// GNU base-256 sizes. Hand-written rather than tar-stream because it hands bodies on as slices of
// the chunks already read (no per-member stream objects, no copies); parsers/archive/bench-tar.ts
// measures both on the same tar.
import type { ByteSource } from './bytes.ts';
import { classifyDecompressError } from './decompress.ts';
import { parseOctal } from './magic.ts';

export type TarMemberType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'device' | 'fifo' | 'other';

export interface TarMember {
  /** Raw name as stored (pax path > GNU long name > ustar prefix/name); not yet made safe. */
  name: string;
  type: TarMemberType;
  /** Raw type flag, for warnings about types we do not read (GNU sparse 'S', …). */
  flag: string;
  size: number;
  mtime: number | null; // UTC ms
  linkTarget: string;
  /** The body: exactly `size` bytes (fewer if the archive is truncated). Read it or not: the
   *  reader skips what is left when asked for the next member. */
  body: AsyncIterable<Buffer>;
}

export type TarProblem = { code: ReturnType<typeof classifyDecompressError> | 'corrupt-archive'; message: string; member: string | null };

const TYPES: Record<string, TarMemberType> = {
  '0': 'file', '\0': 'file', '7': 'file', '': 'file',
  '1': 'hardlink', '2': 'symlink', '3': 'device', '4': 'device', '5': 'directory', '6': 'fifo',
};

/** Reads members until the end-of-archive block, the end of the stream, or a broken header.
 *  Problems are reported through `problem` (never thrown); the generator then ends. */
export async function* readTar(src: ByteSource, problem: (p: TarProblem) => void): AsyncGenerator<TarMember> {
  let pending = 0; // bytes of the previous member's body + padding not consumed yet
  let bodyStart = 0;
  let longName: string | null = null;
  let longLink: string | null = null;
  let pax: Record<string, string> = {};
  let global: Record<string, string> = {};
  let last: string | null = null;
  for (;;) {
    if (pending > 0) {
      const want = pending - (src.position - bodyStart);
      if (want > 0 && (await src.skip(want)) < want) { endProblem(src, problem, last); return; }
      pending = 0;
    }
    const h = await src.read(512);
    if (h.length === 0) {
      // No end-of-archive blocks: GNU tar accepts it, so do we, unless a decompressor failed.
      if (src.error) endProblem(src, problem, last);
      return;
    }
    if (h.length < 512) { endProblem(src, problem, last); return; }
    if (isZeroBlock(h)) return;
    if (!checksumOk(h)) {
      problem({ code: 'corrupt-archive', message: `bad tar header checksum after ${last ?? 'the start'}: the rest of this archive is skipped`, member: last });
      return;
    }
    const flag = String.fromCharCode(h[156]!);
    const size = readNumber(h, 124, 12);
    if (size === null) {
      problem({ code: 'corrupt-archive', message: `unreadable member size after ${last ?? 'the start'}`, member: last });
      return;
    }
    const padded = size + ((512 - (size % 512)) % 512);
    if (flag === 'L' || flag === 'K' || flag === 'x' || flag === 'g') {
      // Metadata members: small (a name, a few pax records); refuse absurd sizes (a bomb).
      if (size > 1 << 20) {
        problem({ code: 'corrupt-archive', message: `tar metadata header of ${size} bytes after ${last ?? 'the start'}`, member: last });
        return;
      }
      const body = await src.read(padded);
      if (body.length < padded) { endProblem(src, problem, last); return; }
      const data = body.subarray(0, size);
      if (flag === 'L') longName = cstring(data);
      else if (flag === 'K') longLink = cstring(data);
      else if (flag === 'x') pax = parsePax(data);
      else global = { ...global, ...parsePax(data) };
      continue;
    }
    const meta = { ...global, ...pax };
    let name = meta.path ?? longName ?? null;
    if (name === null) {
      name = cstring(h.subarray(0, 100));
      // ustar splits long names: prefix (345..500) + "/" + name. GNU tars use that space otherwise.
      if (h.toString('latin1', 257, 263) === 'ustar\0') {
        const prefix = cstring(h.subarray(345, 500));
        if (prefix) name = `${prefix}/${name}`;
      }
    }
    const linkTarget = meta.linkpath ?? longLink ?? cstring(h.subarray(157, 257));
    const realSize = meta.size !== undefined && /^\d+$/.test(meta.size) ? Number(meta.size) : size;
    const realPadded = realSize + ((512 - (realSize % 512)) % 512);
    const mtimeS = meta.mtime !== undefined ? Number(meta.mtime) : readNumber(h, 136, 12);
    longName = longLink = null;
    pax = {};
    last = name;
    let type = TYPES[flag] ?? 'other';
    // Old tars mark directories only by the trailing slash.
    if (type === 'file' && name.endsWith('/')) type = 'directory';
    bodyStart = src.position;
    // Links carry no data whatever their size field says (POSIX); every other type is followed by
    // its padded body, which is skipped if nobody reads it.
    pending = type === 'symlink' || type === 'hardlink' ? 0 : realPadded;
    const member: TarMember = {
      name, type, flag, size: realSize, linkTarget,
      mtime: mtimeS !== null && Number.isFinite(mtimeS) ? Math.round(mtimeS * 1000) : null,
      body: src.take(type === 'file' ? realSize : 0),
    };
    yield member;
  }
}

function endProblem(src: ByteSource, problem: (p: TarProblem) => void, last: string | null): void {
  if (src.error) {
    const e = src.error;
    const code = classifyDecompressError(e);
    problem({ code, message: `archive stream failed${last ? ` in or after ${last}` : ''}: ${e.message}`, member: last });
  } else {
    problem({ code: 'truncated', message: `archive ends in the middle of ${last ?? 'its first header'}`, member: last });
  }
}

function isZeroBlock(h: Buffer): boolean {
  for (let i = 0; i < 512; i++) if (h[i] !== 0) return false;
  return true;
}

function checksumOk(h: Buffer): boolean {
  const stored = readNumber(h, 148, 8);
  if (stored === null) return false;
  let unsigned = 0;
  let signed = 0; // some old tars summed signed chars
  for (let i = 0; i < 512; i++) {
    const b = i >= 148 && i < 156 ? 0x20 : h[i]!;
    unsigned += b;
    signed += b > 127 ? b - 256 : b;
  }
  return stored === unsigned || stored === signed;
}

/** Octal, NUL/space padded; or GNU base-256 when the high bit of the first byte is set. */
function readNumber(b: Buffer, off: number, len: number): number | null {
  if (b[off]! & 0x80) {
    let v = b[off]! & 0x7f;
    for (let i = off + 1; i < off + len; i++) v = v * 256 + b[i]!;
    return v;
  }
  // An empty field means 0; a non-octal byte makes the header unreadable (null).
  let digits = false;
  for (let i = off; i < off + len; i++) { const c = b[i]!; if (c !== 0 && c !== 0x20) { digits = true; break; } }
  return digits ? parseOctal(b, off, len) : 0;
}

function cstring(b: Buffer): string {
  const nul = b.indexOf(0);
  return b.toString('utf8', 0, nul < 0 ? b.length : nul);
}

/** pax records: "<len> <key>=<value>\n", len counting the whole record in bytes. */
function parsePax(b: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < b.length) {
    const sp = b.indexOf(0x20, i);
    if (sp < 0) break;
    const len = Number(b.toString('latin1', i, sp));
    if (!Number.isInteger(len) || len <= 0 || i + len > b.length) break;
    const rec = b.toString('utf8', sp + 1, i + len - 1);
    const eq = rec.indexOf('=');
    if (eq > 0) out[rec.slice(0, eq)] = rec.slice(eq + 1);
    i += len;
  }
  return out;
}
