// A deterministic tar writer (POSIX ustar, with a PAX header for names longer than ustar allows —
// must-gather's image-digest directory makes paths of 200+ characters). Same members in, same
// bytes out: members sorted by path, one fixed mtime, owner root:root, no atime/ctime.
export interface TarMember {
  path: string; // without leading "/"; directories end without "/"
  kind: 'file' | 'dir' | 'symlink';
  data?: Buffer | string; // files
  target?: string; // symlinks
  mode?: number;
}

const BLOCK = 512;

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: string, prefix: string, size: number, type: string, mtimeSec: number, mode: number, link = ''): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(mode, 8), 100, 'ascii');
  h.write(octal(0, 8), 108, 'ascii'); // uid
  h.write(octal(0, 8), 116, 'ascii'); // gid
  h.write(octal(size, 12), 124, 'ascii');
  h.write(octal(mtimeSec, 12), 136, 'ascii');
  h.write('        ', 148, 'ascii'); // checksum placeholder
  h.write(type, 156, 'ascii');
  h.write(link, 157, 100, 'utf8');
  h.write('ustar\x0000', 257, 'binary');
  h.write('root', 265, 'ascii');
  h.write('root', 297, 'ascii');
  h.write(prefix, 345, 155, 'utf8');
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += h[i]!;
  h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'ascii');
  return h;
}

function pad(n: number): Buffer {
  const r = n % BLOCK;
  return Buffer.alloc(r === 0 ? 0 : BLOCK - r, 0);
}

/** Split a path into ustar's prefix (≤155) and name (≤100) at a slash, or null if it cannot be. */
function ustarSplit(p: string): [string, string] | null {
  if (Buffer.byteLength(p) <= 100) return ['', p];
  for (let i = p.length - 1; i > 0; i--) {
    if (p[i] !== '/') continue;
    const pre = p.slice(0, i);
    const name = p.slice(i + 1);
    if (Buffer.byteLength(pre) <= 155 && Buffer.byteLength(name) <= 100 && name.length > 0) return [pre, name];
  }
  return null;
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  let len = Buffer.byteLength(body) + 1;
  while (String(len).length + Buffer.byteLength(body) !== len) len = String(len).length + Buffer.byteLength(body);
  return `${len}${body}`;
}

export function writeTar(members: TarMember[], mtimeMs: number): Buffer {
  const mtime = Math.floor(mtimeMs / 1000);
  const sorted = [...members].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const parts: Buffer[] = [];
  for (const m of sorted) {
    const path = m.kind === 'dir' ? `${m.path}/` : m.path;
    const data = m.kind === 'file' ? (Buffer.isBuffer(m.data) ? m.data : Buffer.from(m.data ?? '', 'utf8')) : Buffer.alloc(0);
    const type = m.kind === 'file' ? '0' : m.kind === 'dir' ? '5' : '2';
    const mode = m.mode ?? (m.kind === 'dir' ? 0o755 : m.kind === 'symlink' ? 0o777 : 0o644);
    let split = ustarSplit(path);
    const longLink = m.target !== undefined && Buffer.byteLength(m.target) > 100;
    if (!split || longLink) {
      const pax = Buffer.from((split ? '' : paxRecord('path', path)) + (longLink ? paxRecord('linkpath', m.target!) : ''), 'utf8');
      parts.push(header('PaxHeaders/' + path.slice(-80).replace(/^[^/]*\//, ''), '', pax.length, 'x', mtime, 0o644), pax, pad(pax.length));
      split ??= ['', path.slice(-100)];
    }
    parts.push(header(split[1], split[0], data.length, type, mtime, mode, (m.target ?? '').slice(0, 100)));
    if (data.length) parts.push(data, pad(data.length));
  }
  parts.push(Buffer.alloc(BLOCK * 2, 0));
  return Buffer.concat(parts);
}

/** Every parent directory of the given paths, as tar directory members (tar -c lists them). */
export function withParentDirs(members: TarMember[]): TarMember[] {
  const dirs = new Set<string>();
  for (const m of members) {
    const segs = m.path.split('/');
    for (let i = 1; i < segs.length; i++) dirs.add(segs.slice(0, i).join('/'));
  }
  for (const m of members) if (m.kind === 'dir') dirs.delete(m.path);
  return [...members, ...[...dirs].map((path): TarMember => ({ path, kind: 'dir' }))];
}
