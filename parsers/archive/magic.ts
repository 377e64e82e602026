// What a byte stream is, from its first bytes: the name lies (a gzip saved as `kubelet.log`,
// a plain text file called `messages.gz` by a careless collector), the magic does not.
export type Compression = 'gzip' | 'xz' | 'zstd' | 'bzip2';
export type Container = 'tar' | 'zip';
export type StreamKind = Compression | Container | 'plain';

/** Magic numbers, checked in order. `tar` is not here: ustar's magic sits at offset 257 and
 *  pre-POSIX (v7) tars have none, so tar is recognised by its header checksum (isTarHeader). */
const MAGIC: { kind: Compression | 'zip'; bytes: number[] }[] = [
  { kind: 'gzip', bytes: [0x1f, 0x8b] },
  { kind: 'xz', bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { kind: 'zstd', bytes: [0x28, 0xb5, 0x2f, 0xfd] },
  // "BZh" then the block size digit '1'..'9': the digit check keeps a text file starting "BZh" out.
  { kind: 'bzip2', bytes: [0x42, 0x5a, 0x68] },
  { kind: 'zip', bytes: [0x50, 0x4b, 0x03, 0x04] },
  // An empty zip (only the end-of-central-directory record).
  { kind: 'zip', bytes: [0x50, 0x4b, 0x05, 0x06] },
];

export function sniffKind(head: Buffer): StreamKind {
  for (const m of MAGIC) {
    if (head.length < m.bytes.length) continue;
    if (!m.bytes.every((b, i) => head[i] === b)) continue;
    if (m.kind === 'bzip2' && !(head.length > 3 && head[3]! >= 0x31 && head[3]! <= 0x39)) continue;
    return m.kind;
  }
  if (isTarHeader(head)) return 'tar';
  return 'plain';
}

/** A 512-byte tar header: the checksum (sum of the header bytes with the checksum field read as
 *  spaces) must match the octal number stored in it. Text never passes this by chance. */
export function isTarHeader(head: Buffer): boolean {
  if (head.length < 512) return false;
  if (head[0] === 0) return false; // empty name: an end-of-archive block, not a member
  const stored = parseOctal(head, 148, 8);
  if (stored === null) return false;
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : head[i]!;
  return sum === stored;
}

/** A tar header's octal field, NUL/space padded; null when it holds no digits or a non-octal byte.
 *  Shared by the sniffer here and the tar reader (parsers/archive/tar.ts). */
export function parseOctal(b: Buffer, off: number, len: number): number | null {
  let v = 0;
  let digits = 0;
  for (let i = off; i < off + len; i++) {
    const c = b[i]!;
    if (c === 0 || c === 0x20) { if (digits > 0) break; continue; }
    if (c < 0x30 || c > 0x37) return null;
    v = v * 8 + (c - 0x30);
    digits++;
  }
  return digits > 0 ? v : null;
}
