// Reading back what the generator wrote (tests and `samples` checks): decompress by magic and
// walk ustar/PAX members, descending into nested .tar.xz (sos collect). Only for our own output.
import { unxzSync } from 'node-liblzma';
import { gunzipSync } from 'node:zlib';

export interface Member { path: string; type: string; data: Buffer; link: string }

export function decompress(buf: Buffer): Buffer {
  if (buf[0] === 0xfd && buf.subarray(1, 6).toString('latin1') === '7zXZ\0') return unxzSync(buf);
  if (buf[0] === 0x1f && buf[1] === 0x8b) return gunzipSync(buf);
  return buf;
}

export function readTar(tar: Buffer, prefix = ''): Member[] {
  const out: Member[] = [];
  let off = 0;
  let paxPath: string | null = null;
  let paxLink: string | null = null;
  while (off + 512 <= tar.length) {
    const h = tar.subarray(off, off + 512);
    if (h.every((b) => b === 0)) break;
    const str = (a: number, n: number) => h.subarray(a, a + n).toString('utf8').replace(/\0.*$/s, '');
    const size = parseInt(str(124, 12).trim() || '0', 8);
    const type = str(156, 1) || '0';
    const data = tar.subarray(off + 512, off + 512 + size);
    off += 512 + Math.ceil(size / 512) * 512;
    if (type === 'x') {
      for (const m of data.toString('utf8').matchAll(/\d+ (path|linkpath)=([^\n]*)\n/g)) {
        if (m[1] === 'path') paxPath = m[2]!;
        else paxLink = m[2]!;
      }
      continue;
    }
    const pre = str(345, 155);
    const path = paxPath ?? (pre ? `${pre}/${str(0, 100)}` : str(0, 100));
    const link = paxLink ?? str(157, 100);
    paxPath = paxLink = null;
    out.push({ path: prefix + path, type, data: Buffer.from(data), link });
    if (type === '0' && /\.tar\.(xz|gz)$/.test(path)) out.push(...readTar(decompress(Buffer.from(data)), `${prefix}${path}!/`));
  }
  return out;
}
