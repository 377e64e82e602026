// The two hashes a journal file stores for its DATA objects, to check each payload against:
// systemd's journal_file_hash_data() uses SipHash-2-4 keyed by the header's file_id when the file
// has HEADER_INCOMPATIBLE_KEYED_HASH, Bob Jenkins' lookup3 hashlittle2 (hash64) otherwise; an
// ENTRY's xor_hash is the XOR of the lookup3 hashes of its payloads in both kinds of file.
// Both are written in 32-bit integer arithmetic: a 64-bit value is a (hi, lo) pair of int32s,
// because BigInt arithmetic allocates and the reader hashes every unique DATA object it reads.
// Results go into the caller's `out` as [lo, hi], the order of the le64 in the file.

const rot = (x: number, k: number) => (x << k) | (x >>> (32 - k));
const le32 = (p: Uint8Array, i: number) => p[i]! | (p[i + 1]! << 8) | (p[i + 2]! << 16) | (p[i + 3]! << 24);

/** lookup3's hashlittle2 over p[start, end) with seeds pc, pb; out = [pb, pc] (lo, hi), so that
 *  with zero seeds `out` is systemd's jenkins_hash64 = (pc << 32) | pb. */
export function hashlittle2(p: Uint8Array, start: number, end: number, out: Uint32Array, pc = 0, pb = 0): void {
  let length = end - start;
  let a = (0xdeadbeef + length + pc) | 0;
  let b = a;
  let c = (a + pb) | 0;
  let k = start;
  while (length > 12) {
    a = (a + le32(p, k)) | 0;
    b = (b + le32(p, k + 4)) | 0;
    c = (c + le32(p, k + 8)) | 0;
    // mix(a, b, c)
    a = (a - c) | 0; a ^= rot(c, 4); c = (c + b) | 0;
    b = (b - a) | 0; b ^= rot(a, 6); a = (a + c) | 0;
    c = (c - b) | 0; c ^= rot(b, 8); b = (b + a) | 0;
    a = (a - c) | 0; a ^= rot(c, 16); c = (c + b) | 0;
    b = (b - a) | 0; b ^= rot(a, 19); a = (a + c) | 0;
    c = (c - b) | 0; c ^= rot(b, 4); b = (b + a) | 0;
    length -= 12;
    k += 12;
  }
  if (length === 0) { out[0] = b; out[1] = c; return; } // zero-length tail: no final mixing
  // The last 1–12 bytes, little endian, the bytes past the end counting as zero.
  let ta = 0, tb = 0, tc = 0;
  for (let i = length - 1; i >= 0; i--) {
    const v = p[k + i]!;
    if (i >= 8) tc |= v << ((i - 8) * 8);
    else if (i >= 4) tb |= v << ((i - 4) * 8);
    else ta |= v << (i * 8);
  }
  a = (a + ta) | 0; b = (b + tb) | 0; c = (c + tc) | 0;
  // final(a, b, c)
  c ^= b; c = (c - rot(b, 14)) | 0;
  a ^= c; a = (a - rot(c, 11)) | 0;
  b ^= a; b = (b - rot(a, 25)) | 0;
  c ^= b; c = (c - rot(b, 16)) | 0;
  a ^= c; a = (a - rot(c, 4)) | 0;
  b ^= a; b = (b - rot(a, 14)) | 0;
  c ^= b; c = (c - rot(b, 24)) | 0;
  out[0] = b; out[1] = c;
}

/** systemd's jenkins_hash64 of p[start, end). */
export function jenkinsHash64(p: Uint8Array, start: number, end: number, out: Uint32Array): void {
  hashlittle2(p, start, end, out, 0, 0);
}

/** SipHash-2-4 of p[start, end) keyed by the 16 bytes key[keyAt, keyAt + 16) (k0, k1 little endian). */
export function siphash24(p: Uint8Array, start: number, end: number, key: Uint8Array, keyAt: number, out: Uint32Array): void {
  const k0l = le32(key, keyAt), k0h = le32(key, keyAt + 4), k1l = le32(key, keyAt + 8), k1h = le32(key, keyAt + 12);
  let v0l = k0l ^ 0x70736575, v0h = k0h ^ 0x736f6d65;
  let v1l = k1l ^ 0x6e646f6d, v1h = k1h ^ 0x646f7261;
  let v2l = k0l ^ 0x6e657261, v2h = k0h ^ 0x6c796765;
  let v3l = k1l ^ 0x79746573, v3h = k1h ^ 0x74656462;
  const len = end - start;
  const blocksEnd = start + (len & ~7);
  let i = start;
  // Phase 0: message words; 1: the last word (length byte on top, then the tail bytes);
  // 2: finalisation (v2 ^= 0xff, four rounds). One round body serves all three.
  let phase = 0;
  for (;;) {
    let ml = 0, mh = 0, rounds = 2;
    if (i < blocksEnd) { ml = le32(p, i); mh = le32(p, i + 4); i += 8; }
    else if (phase === 0) {
      phase = 1;
      mh = (len & 0xff) << 24;
      for (let j = end - 1; j >= i; j--) {
        const v = p[j]!, s = j - i;
        if (s >= 4) mh |= v << ((s - 4) * 8); else ml |= v << (s * 8);
      }
    } else if (phase === 1) { phase = 2; v2l ^= 0xff; rounds = 4; }
    else break;
    v3l ^= ml; v3h ^= mh;
    for (let r = 0; r < rounds; r++) {
      let lo: number, t: number;
      // v0 += v1; v1 = rotl(v1, 13); v1 ^= v0; v0 = rotl(v0, 32)
      lo = (v0l + v1l) | 0; v0h = (v0h + v1h + ((lo >>> 0) < (v0l >>> 0) ? 1 : 0)) | 0; v0l = lo;
      t = (v1l << 13) | (v1h >>> 19); v1h = (v1h << 13) | (v1l >>> 19); v1l = t;
      v1l ^= v0l; v1h ^= v0h;
      t = v0l; v0l = v0h; v0h = t;
      // v2 += v3; v3 = rotl(v3, 16); v3 ^= v2
      lo = (v2l + v3l) | 0; v2h = (v2h + v3h + ((lo >>> 0) < (v2l >>> 0) ? 1 : 0)) | 0; v2l = lo;
      t = (v3l << 16) | (v3h >>> 16); v3h = (v3h << 16) | (v3l >>> 16); v3l = t;
      v3l ^= v2l; v3h ^= v2h;
      // v0 += v3; v3 = rotl(v3, 21); v3 ^= v0
      lo = (v0l + v3l) | 0; v0h = (v0h + v3h + ((lo >>> 0) < (v0l >>> 0) ? 1 : 0)) | 0; v0l = lo;
      t = (v3l << 21) | (v3h >>> 11); v3h = (v3h << 21) | (v3l >>> 11); v3l = t;
      v3l ^= v0l; v3h ^= v0h;
      // v2 += v1; v1 = rotl(v1, 17); v1 ^= v2; v2 = rotl(v2, 32)
      lo = (v2l + v1l) | 0; v2h = (v2h + v1h + ((lo >>> 0) < (v2l >>> 0) ? 1 : 0)) | 0; v2l = lo;
      t = (v1l << 17) | (v1h >>> 15); v1h = (v1h << 17) | (v1l >>> 15); v1l = t;
      v1l ^= v2l; v1h ^= v2h;
      t = v2l; v2l = v2h; v2h = t;
    }
    v0l ^= ml; v0h ^= mh;
  }
  out[0] = v0l ^ v1l ^ v2l ^ v3l;
  out[1] = v0h ^ v1h ^ v2h ^ v3h;
}
