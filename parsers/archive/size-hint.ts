// How many bytes a compressed bundle will give once decompressed, read from the file's own
// bookkeeping without decompressing it, so that an import of a .tar.xz or .tar.gz shows a share and
// an ETA instead of a spinner. Most bundles are such files (sosreport, must-gather tarballs).
// - xz: the stream index at the end lists every block's uncompressed size (xz --list reads it too);
// - gzip: the last four bytes hold the uncompressed size modulo 2^32 (RFC 1952 ISIZE);
// - zstd: the frame header holds the content size when the writer knew it (not from a pipe);
// Anything else (bzip2, zip, a piped zstd, a damaged tail): null, and the UI says the size is unknown.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { sniffKind } from './magic.ts';

function readAt(fd: number, pos: number, len: number): Buffer {
  const b = Buffer.alloc(len);
  const n = readSync(fd, b, 0, len, pos);
  return b.subarray(0, n);
}

/** xz multibyte integer (up to 9 bytes, 7 bits each); [value, next offset] or null. */
function varint(b: Buffer, at: number): [number, number] | null {
  let v = 0; let mul = 1;
  for (let i = 0; i < 9 && at + i < b.length; i++) {
    const c = b[at + i]!;
    v += (c & 0x7f) * mul;
    if (!(c & 0x80)) return [v, at + i + 1];
    mul *= 128;
  }
  return null;
}

/** Sum of the uncompressed sizes in the last stream's index (xz file format 1.0.4, §4, §5). */
function xzSize(fd: number, size: number): number | null {
  let end = size;
  while (end >= 12 + 12) { // skip stream padding (multiples of four NUL bytes)
    const pad = readAt(fd, end - 4, 4);
    if (pad.readUInt32LE(0) !== 0) break;
    end -= 4;
  }
  const footer = readAt(fd, end - 12, 12);
  if (footer.length < 12 || footer[10] !== 0x59 || footer[11] !== 0x5a) return null; // 'YZ'
  const indexSize = (footer.readUInt32LE(4) + 1) * 4;
  if (indexSize > 64 * 1024 * 1024 || indexSize > end - 12) return null;
  const index = readAt(fd, end - 12 - indexSize, indexSize);
  if (index[0] !== 0) return null; // index indicator
  let at = 1;
  const count = varint(index, at); if (!count) return null; at = count[1];
  let total = 0;
  for (let i = 0; i < count[0]; i++) {
    const unpadded = varint(index, at); if (!unpadded) return null;
    const uncompressed = varint(index, unpadded[1]); if (!uncompressed) return null;
    total += uncompressed[0]; at = uncompressed[1];
  }
  return total;
}

/** Frame_Content_Size of the first zstd frame, when present (RFC 8878 §3.1.1.1). */
function zstdSize(head: Buffer): number | null {
  if (head.length < 6) return null;
  const fhd = head[4]!;
  const fcsFlag = fhd >> 6; const single = (fhd >> 5) & 1; const dictFlag = fhd & 3;
  if (fcsFlag === 0 && !single) return null; // size not written
  let at = 5 + (single ? 0 : 1) + [0, 1, 2, 4][dictFlag]!;
  const len = [single ? 1 : 0, 2, 4, 8][fcsFlag]!;
  if (at + len > head.length) return null;
  if (len === 1) return head[at]!;
  if (len === 2) return head.readUInt16LE(at) + 256;
  if (len === 4) return head.readUInt32LE(at);
  return head.readUInt32LE(at) + head.readUInt32LE(at + 4) * 2 ** 32;
}

/** Expected decompressed bytes of a compressed file, or null when its format does not say. */
export function decompressedSizeHint(path: string): number | null {
  let fd: number;
  try { fd = openSync(path, 'r'); } catch { return null; }
  try {
    const size = fstatSync(fd).size;
    const head = readAt(fd, 0, 512);
    switch (sniffKind(head)) {
      case 'xz': return xzSize(fd, size);
      case 'gzip': {
        if (size < 18) return null;
        const isize = readAt(fd, size - 4, 4).readUInt32LE(0);
        // ISIZE wraps at 4 GiB; deflate never shrinks logs below ~1/1000, so add the lost wraps back.
        let est = isize;
        while (est < size) est += 2 ** 32;
        return est;
      }
      case 'zstd': return zstdSize(head);
      case 'tar': case 'plain': return size;
      default: return null;
    }
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
