// The journal's two hashes against published vectors: SipHash-2-4 from its paper and reference
// implementation (key 00..0f, message 00..n-1), lookup3's hashlittle2 from driver5() in
// Bob Jenkins' lookup3.c (as shipped in systemd). Real journals' stored hashes are checked in
// reader.test.ts, which is the oracle that matters.
import { describe, expect, it } from 'vitest';
import { hashlittle2, jenkinsHash64, siphash24 } from './hash.ts';

const hex64 = (o: Uint32Array) => o[1]!.toString(16).padStart(8, '0') + o[0]!.toString(16).padStart(8, '0');

describe('siphash24', () => {
  const key = Uint8Array.from({ length: 16 }, (_, i) => i);
  const msg = Uint8Array.from({ length: 64 }, (_, i) => i);
  it.each([
    [0, '726fdb47dd0e0e31'], [1, '74f839c593dc67fd'], [2, '0d6c8009d9a94f5a'], [3, '85676696d7fb7e2d'],
    [4, 'cf2794e0277187b7'], [8, '93f5f5799a932462'], [15, 'a129ca6149be45e5'], [63, '958a324ceb064572'],
  ])('reference vector, %i bytes', (n, want) => {
    const o = new Uint32Array(2);
    siphash24(msg, 0, n, key, 0, o);
    expect(hex64(o)).toBe(want);
  });

  it('reads the message and the key where they sit in a larger buffer', () => {
    const buf = new Uint8Array(100);
    buf.set(key, 3);
    buf.set(msg.subarray(0, 15), 41);
    const o = new Uint32Array(2);
    siphash24(buf, 41, 56, buf, 3, o);
    expect(hex64(o)).toBe('a129ca6149be45e5');
  });
});

describe('lookup3 hashlittle2', () => {
  const four = Buffer.from('Four score and seven years ago');
  it.each([
    // [pc, pb] seeds → [pc, pb] out, from lookup3.c driver5()
    ['', 0, 0, 'deadbeef', 'deadbeef'],
    ['', 0, 0xdeadbeef, 'bd5b7dde', 'deadbeef'],
    ['', 0xdeadbeef, 0xdeadbeef, '9c093ccd', 'bd5b7dde'],
    ['four', 0, 0, '17770551', 'ce7226e6'],
    ['four', 0, 1, 'e3607cae', 'bd371de4'],
    ['four', 1, 0, 'cd628161', '6cbea4b3'],
  ] as const)('driver5 vector %s pc=%i pb=%i', (which, pc, pb, wantC, wantB) => {
    const o = new Uint32Array(2);
    hashlittle2(four, 0, which === 'four' ? 30 : 0, o, pc, pb);
    expect(o[1]!.toString(16).padStart(8, '0')).toBe(wantC);
    expect(o[0]!.toString(16).padStart(8, '0')).toBe(wantB);
  });

  it('jenkinsHash64 is (pc << 32) | pb with zero seeds, whatever the offset of the key', () => {
    const o = new Uint32Array(2);
    const shifted = Buffer.concat([Buffer.from('xyz'), four]);
    jenkinsHash64(shifted, 3, 33, o);
    expect(hex64(o)).toBe('17770551ce7226e6');
  });

  it('every tail length (1–12 bytes after the last full block) differs', () => {
    const o = new Uint32Array(2);
    const seen = new Set<string>();
    for (let n = 13; n <= 25; n++) { jenkinsHash64(four, 0, n, o); seen.add(hex64(o)); }
    expect(seen.size).toBe(13);
  });
});
