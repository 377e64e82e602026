// Payload decompression for journal DATA objects. systemd writes each compressed payload as:
//  - xz: a whole .xz stream (lzma_easy_buffer_encode, check NONE);
//  - lz4: an 8-byte little-endian uncompressed size, then one raw LZ4 *block* (not a frame);
//  - zstd: one zstd frame.
// Old distributions (RHEL 7/8, Ubuntu 18.04) wrote xz and lz4; systemd 246+ writes zstd.
import { createRequire } from 'node:module';
import { OBJECT_FLAG } from './layout.ts';

const require = createRequire(import.meta.url);

/** Payloads larger than this are refused: a corrupt size field must not allocate gigabytes. */
export const MAX_PAYLOAD_BYTES = 64 * 1024 * 1024;

type Decoder = (src: Uint8Array) => Uint8Array;

let zstd: Decoder | null | undefined;
let xz: Decoder | null | undefined;

function zstdDecoder(): Decoder | null {
  if (zstd === undefined) {
    try {
      const m = require('zstd-napi') as { decompress(b: Uint8Array): Uint8Array };
      zstd = (b) => m.decompress(b);
    } catch { zstd = null; }
  }
  return zstd;
}

function xzDecoder(): Decoder | null {
  if (xz === undefined) {
    try {
      const m = require('node-liblzma') as { unxzSync(b: Buffer): Buffer };
      xz = (b) => m.unxzSync(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
    } catch { xz = null; }
  }
  return xz;
}

/** Decodes one LZ4 block (the format of LZ4_decompress_safe) into exactly `size` bytes.
 *  Throws on any malformed sequence instead of reading or writing out of bounds. */
export function lz4DecodeBlock(src: Uint8Array, size: number): Uint8Array {
  const dst = new Uint8Array(size);
  let si = 0;
  let di = 0;
  const end = src.length;
  while (si < end) {
    const token = src[si++]!;
    let lit = token >>> 4;
    if (lit === 15) {
      let b: number;
      do { if (si >= end) throw new Error('lz4: literal length past the end'); b = src[si++]!; lit += b; } while (b === 255);
    }
    if (si + lit > end || di + lit > size) throw new Error('lz4: literals out of bounds');
    dst.set(src.subarray(si, si + lit), di);
    si += lit; di += lit;
    if (si >= end) break; // the last sequence has literals only
    if (si + 2 > end) throw new Error('lz4: truncated match offset');
    const offset = src[si]! | (src[si + 1]! << 8);
    si += 2;
    if (offset === 0 || offset > di) throw new Error('lz4: bad match offset');
    let len = token & 15;
    if (len === 15) {
      let b: number;
      do { if (si >= end) throw new Error('lz4: match length past the end'); b = src[si++]!; len += b; } while (b === 255);
    }
    len += 4;
    if (di + len > size) throw new Error('lz4: match out of bounds');
    // Byte by byte: matches may overlap their own output (run-length encoding).
    for (let k = 0; k < len; k++, di++) dst[di] = dst[di - offset]!;
  }
  if (di !== size) throw new Error(`lz4: decoded ${di} bytes, header said ${size}`);
  return dst;
}

/** Decompresses a payload according to the DATA object's flags. Throws a readable Error on
 *  corrupt input or a missing codec; the reader turns it into a warning. */
export function decompressPayload(flags: number, src: Uint8Array): Uint8Array {
  if (flags & OBJECT_FLAG.zstd) {
    const d = zstdDecoder();
    if (!d) throw new Error('zstd payload but zstd-napi is not installed');
    const out = d(src);
    if (out.length > MAX_PAYLOAD_BYTES) throw new Error('zstd payload larger than the cap');
    return out;
  }
  if (flags & OBJECT_FLAG.xz) {
    const d = xzDecoder();
    if (!d) throw new Error('xz payload but node-liblzma is not installed');
    return d(src);
  }
  if (flags & OBJECT_FLAG.lz4) {
    if (src.length < 8) throw new Error('lz4 payload shorter than its size prefix');
    const dv = new DataView(src.buffer, src.byteOffset, src.byteLength);
    const size = Number(dv.getBigUint64(0, true));
    if (size > MAX_PAYLOAD_BYTES) throw new Error(`lz4 payload says ${size} bytes: over the cap`);
    return lz4DecodeBlock(src.subarray(8), size);
  }
  return src;
}
