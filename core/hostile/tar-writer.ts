// A tar writer small enough to lie: the hostile suite needs members no honest tool writes (names
// with NUL bytes, `../..`, links to /etc, device nodes, headers by the million), so headers are
// built byte by byte here. ustar + pax records; the reader under test is parsers/archive/tar.ts.

export interface TarItem {
  name: string;
  /** ustar type flag: '0' file, '1' hard link, '2' symlink, '3' char dev, '4' block dev, '5' dir, '6' FIFO. */
  type?: string;
  body?: Buffer | string;
  linkTarget?: string;
  mtime?: number; // seconds
  /** Put the name in a pax 'path' record (any length, any byte, NUL included). */
  pax?: boolean;
}

function octal(n: number, width: number): string {
  return n.toString(8).padStart(width - 1, '0') + '\0';
}

function header(name: Buffer, type: string, size: number, linkTarget: string, mtime: number): Buffer {
  const h = Buffer.alloc(512);
  name.copy(h, 0, 0, Math.min(100, name.length));
  h.write(octal(0o644, 8), 100, 'latin1');
  h.write(octal(0, 8), 108, 'latin1');
  h.write(octal(0, 8), 116, 'latin1');
  h.write(octal(size, 12), 124, 'latin1');
  h.write(octal(mtime, 12), 136, 'latin1');
  h.write('        ', 148, 'latin1');
  h.write(type, 156, 'latin1');
  h.write(linkTarget.slice(0, 100), 157, 'latin1');
  h.write('ustar\0' + '00', 257, 'latin1');
  if (type === '3' || type === '4') { h.write(octal(1, 8), 329, 'latin1'); h.write(octal(3, 8), 337, 'latin1'); }
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + ' ', 148, 'latin1');
  return h;
}

function padded(body: Buffer): Buffer[] {
  const pad = (512 - (body.length % 512)) % 512;
  return pad ? [body, Buffer.alloc(pad)] : [body];
}

/** One pax record: "<len> key=value\n", where len counts itself. */
function paxRecord(key: string, value: Buffer): Buffer {
  const rest = Buffer.concat([Buffer.from(` ${key}=`), value, Buffer.from('\n')]);
  let len = rest.length + 1;
  while (String(len).length + rest.length !== len) len++;
  return Buffer.concat([Buffer.from(String(len)), rest]);
}

/** The blocks of one member (with its pax header first when asked). */
export function tarMember(item: TarItem): Buffer[] {
  const body = item.body === undefined ? Buffer.alloc(0) : Buffer.isBuffer(item.body) ? item.body : Buffer.from(item.body);
  const type = item.type ?? '0';
  const mtime = item.mtime ?? 1_764_237_600; // 2026-11-27 10:00 UTC
  const nameBytes = Buffer.from(item.name, 'utf8');
  const out: Buffer[] = [];
  const usePax = item.pax ?? (nameBytes.length > 99 || item.name.includes('\0'));
  if (usePax) {
    const rec = paxRecord('path', nameBytes);
    out.push(header(Buffer.from('PaxHeader'), 'x', rec.length, '', mtime), ...padded(rec));
  }
  const size = type === '0' ? body.length : 0;
  out.push(header(nameBytes, type, size, item.linkTarget ?? '', mtime));
  if (size) out.push(...padded(body));
  return out;
}

export const TAR_END = Buffer.alloc(1024);

export function tar(items: TarItem[]): Buffer {
  return Buffer.concat([...items.flatMap(tarMember), TAR_END]);
}
