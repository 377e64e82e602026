// The binary journal reader checked against systemd's own tools: fixtures are written by
// systemd-journal-remote from an export stream made here, then compared field by field with
// `journalctl --file X -o export`. Where those tools are absent, the tests that need them skip
// with a message and the committed fixture below still exercises the reader.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJournal, mergeJournals, type JournalFile } from './reader.ts';
import { entryToExport, entryToRecord, displayValue } from './records.ts';
import { lz4DecodeBlock } from './decompress.ts';
import { H, OBJECT, INCOMPAT, OBJECT_FLAG, DATA_PAYLOAD } from './layout.ts';

const REMOTE = ['/lib/systemd/systemd-journal-remote', '/usr/lib/systemd/systemd-journal-remote'].find((p) => existsSync(p));
const HAVE_TOOLS = Boolean(REMOTE) && spawnSync('journalctl', ['--version']).status === 0;
const why = 'systemd-journal-remote / journalctl not installed (apt-get install systemd-journal-remote)';
if (!HAVE_TOOLS) console.warn(`journal tests against systemd skipped: ${why}`);

/** Deterministic PRNG (mulberry32): the damaged fixtures are the same on every run. */
function rng(seed: number) {
  return () => { seed |= 0; seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

function le64(n: number) { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(n)); return b; }

/** An export stream with several boots, kernel and unit entries, long (compressible) messages,
 *  a multi-line field and a binary field. */
function exportStream(n: number): Buffer {
  const parts: Buffer[] = [];
  const boots = ['0123456789abcdef0123456789abcdef', 'fedcba9876543210fedcba9876543210', 'aaaabbbbccccddddeeeeffff00001111'];
  let t = 1764290000000000;
  for (let i = 0; i < n; i++) {
    const boot = boots[Math.floor((i * boots.length) / n)]!;
    t += 1_234_567;
    const kernel = i % 3 === 0;
    const msg = i % 17 === 5
      ? `Out of memory: Killed process ${1000 + i} (java) total-vm:${i}kB ` + 'x'.repeat(2000) // > 512 bytes: compressed when asked
      : `entry ${i}: ${kernel ? 'EXT4-fs error (device sda1): ext4_find_entry' : 'Started Kubernetes Kubelet.'}`;
    const fields: [string, string][] = [
      ['__REALTIME_TIMESTAMP', String(t)], ['__MONOTONIC_TIMESTAMP', String(1_000_000 + i * 1_234_567)], ['_BOOT_ID', boot],
      ['_HOSTNAME', 'node-a'], ['PRIORITY', String(i % 8)], ['_TRANSPORT', kernel ? 'kernel' : 'syslog'],
      ['SYSLOG_IDENTIFIER', kernel ? 'kernel' : 'kubelet'], ['_PID', String(100 + i)], ['_SYSTEMD_UNIT', kernel ? '' : 'kubelet.service'],
      ['MESSAGE', msg],
    ];
    for (const [k, v] of fields) if (v !== '') parts.push(Buffer.from(`${k}=${v}\n`));
    if (i % 11 === 7) { const v = Buffer.from('first line\nsecond line'); parts.push(Buffer.from('MULTI\n'), le64(v.length), v, Buffer.from('\n')); }
    if (i % 13 === 9) { const v = Buffer.from([0x62, 0x00, 0x01, 0xff, 0x1b, 0x5d, 0x30, 0x3b, 0x07]); parts.push(Buffer.from('BINARY\n'), le64(v.length), v, Buffer.from('\n')); }
    parts.push(Buffer.from('\n'));
  }
  return Buffer.concat(parts);
}

function makeJournal(dir: string, name: string, opts: { compact: boolean; compress: boolean; seal?: boolean; n?: number }): string {
  const out = join(dir, `${name}.journal`);
  const input = join(dir, `${name}.export`);
  writeFileSync(input, exportStream(opts.n ?? 120));
  const args = [`--output=${out}`, `--compress=${opts.compress ? 'yes' : 'no'}`, `--seal=${opts.seal ? 'yes' : 'no'}`, input];
  const r = spawnSync(REMOTE!, args, { env: { ...process.env, SYSTEMD_JOURNAL_COMPACT: opts.compact ? '1' : '0' }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`systemd-journal-remote failed: ${r.stderr}`);
  return out;
}

const journalctlExport = (file: string) => execFileSync('journalctl', ['--file', file, '-o', 'export'], { maxBuffer: 1 << 30 });
const ours = (j: JournalFile) => Buffer.concat(j.entries.map(entryToExport));

describe('journal reader against journalctl', () => {
  const variants = [
    { name: 'regular-plain', compact: false, compress: false },
    { name: 'regular-zstd', compact: false, compress: true },
    { name: 'compact-plain', compact: true, compress: false },
    { name: 'compact-zstd', compact: true, compress: true },
    { name: 'sealed', compact: true, compress: true, seal: true },
  ];
  for (const v of variants) {
    it.skipIf(!HAVE_TOOLS)(`${v.name}: same entries, fields and order as journalctl -o export`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'cl-journal-'));
      const file = makeJournal(dir, v.name, v);
      const j = readJournal(readFileSync(file), file);
      expect(j.warnings).toEqual([]);
      expect(j.header!.compact).toBe(v.compact);
      if (v.compress) expect(j.header!.compression).toContain('zstd');
      const theirs = journalctlExport(file);
      expect(ours(j).toString('latin1')).toBe(theirs.toString('latin1'));
      expect(j.entries.length).toBe(120);
      expect(j.boots).toHaveLength(3);
      console.log(`journal ${v.name}: ${j.entries.length} entries compared field by field with journalctl`);
    });
  }

  it.skipIf(!HAVE_TOOLS)('records carry exact times, severity, ident, boot id, and escaped binary values', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cl-journal-'));
    const file = makeJournal(dir, 'records', { compact: true, compress: true });
    const j = readJournal(readFileSync(file), file);
    const recs = j.entries.map((e, i) => entryToRecord(e, i + 1));
    const r0 = recs[0]!;
    expect(r0.ts).toBe(1764290001234567);
    expect(r0.tsKind).toBe('exact');
    expect(r0.severity).toBe(0);
    expect(r0.ident).toBe('kernel');
    expect(r0.bootId).toBe('0123456789abcdef0123456789abcdef');
    expect(recs[1]!.fields!._SYSTEMD_UNIT).toBe('kubelet.service');
    const bin = recs[9]!.fields!.BINARY!;
    expect(bin).toBe('b\\x00\\x01\\xff\\x1b]0;\\x07'); // ESC and BEL can never reach a terminal
    expect(recs[7]!.fields!.MULTI).toBe('first line\nsecond line');
  });

  it.skipIf(!HAVE_TOOLS)('xz and lz4 payloads (systemd 252 cannot write them: built here inside a real file)', async () => {
    const { xzSync } = await import('node-liblzma');
    const dir = mkdtempSync(join(tmpdir(), 'cl-journal-'));
    for (const codec of ['xz', 'lz4'] as const) {
      const file = makeJournal(dir, `codec-${codec}`, { compact: false, compress: false, n: 40 });
      const buf = readFileSync(file);
      // Find the DATA objects holding the long OOM messages and compress them in place.
      let changed = 0;
      const headerSize = Number(buf.readBigUInt64LE(H.headerSize));
      for (let at = headerSize; at + 16 <= buf.length;) {
        const type = buf[at]!;
        const size = Number(buf.readBigUInt64LE(at + 8));
        if (size < 16 || type === 0) break;
        if (type === OBJECT.data && size > DATA_PAYLOAD + 1000) {
          const payload = buf.subarray(at + DATA_PAYLOAD, at + size);
          const packed = codec === 'xz' ? Buffer.from(xzSync(Buffer.from(payload), { check: 0 } as never)) : lz4Pack(payload);
          expect(packed.length).toBeLessThan(payload.length);
          packed.copy(buf, at + DATA_PAYLOAD);
          buf[at + 1] = codec === 'xz' ? OBJECT_FLAG.xz : OBJECT_FLAG.lz4;
          buf.writeBigUInt64LE(BigInt(DATA_PAYLOAD + packed.length), at + 8); // the rest becomes unused space
          changed++;
        }
        at += (size + 7) & ~7;
      }
      expect(changed).toBeGreaterThan(0);
      buf.writeUInt32LE(buf.readUInt32LE(H.incompatibleFlags) | (codec === 'xz' ? INCOMPAT.compressedXz : INCOMPAT.compressedLz4), H.incompatibleFlags);
      writeFileSync(file, buf);
      const j = readJournal(buf, file);
      expect(j.header!.compression).toEqual([codec]);
      expect(ours(j).toString('latin1')).toBe(journalctlExport(file).toString('latin1'));
      expect(j.entries.filter((e) => e.fields.some(([k, v]) => k === 'MESSAGE' && v.length > 2000))).toHaveLength(changed);
    }
  });

  it.skipIf(!HAVE_TOOLS)('truncated at 10 random offsets: every entry before the cut, a warning, no exception', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cl-journal-'));
    const file = makeJournal(dir, 'trunc', { compact: true, compress: true, n: 300 });
    const full = readFileSync(file);
    const whole = readJournal(full, file);
    const lastEnd = Math.max(...whole.entries.map((e) => e.offset + e.size));
    const rand = rng(42);
    for (let k = 0; k < 10; k++) {
      const cut = 300 + Math.floor(rand() * (lastEnd - 300));
      const j = readJournal(full.subarray(0, cut), `trunc@${cut}`);
      expect(j.warnings.some((w) => w.code === 'truncated')).toBe(true);
      const before = whole.entries.filter((e) => e.offset + e.size <= cut);
      const got = new Map(j.entries.map((e) => [e.seqnum, e]));
      for (const e of before) expect(got.has(e.seqnum)).toBe(true);
      for (const e of j.entries) expect(entryToExport(e)).toEqual(entryToExport(whole.entries.find((w) => w.seqnum === e.seqnum)!));
      expect(j.entries.length).toBe(before.length);
    }
  });

  it.skipIf(!HAVE_TOOLS)('100 random bytes overwritten: entries before the damage intact, after it where still reachable', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cl-journal-'));
    const file = makeJournal(dir, 'flip', { compact: false, compress: false, n: 300 });
    const full = readFileSync(file);
    const whole = readJournal(full, file);
    const lastEnd = Math.max(...whole.entries.map((e) => e.offset + e.size));
    const firstStart = Math.min(...whole.entries.map((e) => e.offset));
    const rand = rng(7);
    for (let k = 0; k < 5; k++) {
      const bad = Buffer.from(full);
      // Inside the stretch where entries live (the hash tables before it are not read).
      const at = firstStart + Math.floor(rand() * (lastEnd - firstStart) * 0.8);
      for (let i = 0; i < 100; i++) bad[at + i] = Math.floor(rand() * 256);
      let j: JournalFile | undefined;
      expect(() => { j = readJournal(bad, `flip@${at}`); }).not.toThrow();
      const before = whole.entries.filter((e) => e.offset + e.size <= at);
      const got = new Set(j!.entries.map((e) => e.seqnum));
      for (const e of before) expect(got.has(e.seqnum)).toBe(true);
      const after = j!.entries.filter((e) => e.offset > at + 100).length;
      expect(after).toBeGreaterThan(0); // the entries the arrays (or the scan) still reach
      console.log(`journal damaged at ${at}: ${before.length} entries before, ${after} after recovered, warnings: ${j!.warnings.map((w) => w.code).join(',') || 'none (only payload bytes hit)'}`);
    }
  });
});

describe('journal reader on any bytes', () => {
  it('never throws and never reads past the buffer on junk, empty and header-only input', () => {
    const rand = rng(1);
    const junk = Buffer.alloc(4096, 0).map(() => Math.floor(rand() * 256));
    for (const b of [Buffer.alloc(0), Buffer.from('LPKSHHRH'), junk, Buffer.concat([Buffer.from('LPKSHHRH'), junk])]) {
      const j = readJournal(b, 'junk.journal');
      expect(j.entries).toEqual([]);
      expect(j.warnings.length).toBeGreaterThan(0);
    }
  });

  it('merges files of one machine by time and drops entries present in both', () => {
    const mk = (seqnums: number[], times: number[]): JournalFile => ({
      header: null, boots: [], warnings: [],
      entries: seqnums.map((s, i) => ({ offset: 0, size: 0, seqnum: s, realtime: times[i]!, monotonic: 0, bootId: 'b', xorHash: 0n, seqnumId: 'S', fields: [] })),
    });
    const merged = mergeJournals([mk([1, 3, 5], [10, 30, 50]), mk([2, 3, 4], [20, 30, 40])]);
    expect(merged.map((e) => Number(e.seqnum))).toEqual([1, 2, 3, 4, 5]);
  });

  it('decodes LZ4 blocks with overlapping matches and refuses malformed ones', () => {
    const src = Buffer.from('MESSAGE=' + 'ab'.repeat(500) + 'end!!');
    expect(Buffer.from(lz4DecodeBlock(lz4Pack(src).subarray(8), src.length)).toString()).toBe(src.toString());
    expect(() => lz4DecodeBlock(Buffer.from([0x1f, 0x41, 0x00, 0x00]), 10)).toThrow(/offset/);
    expect(() => lz4DecodeBlock(Buffer.from([0xf0]), 10)).toThrow();
  });

  it('escapes control bytes of binary values for display', () => {
    expect(displayValue(Buffer.from('\x1b]52;c;SGVsbG8=\x07'))).toBe('\\x1b]52;c;SGVsbG8=\\x07');
    expect(displayValue(Buffer.from([0xff, 0x41]))).toBe('\\xffA');
  });
});

/** A minimal LZ4 block writer for the tests: literals, then greedy matches against the previous
 *  2 bytes (enough to exercise long and overlapping matches), then the last 5 bytes as literals;
 *  with systemd's 8-byte size prefix. */
function lz4Pack(src: Uint8Array): Buffer {
  const out: number[] = [];
  const len = (n: number) => { while (n >= 255) { out.push(255); n -= 255; } out.push(n); };
  let anchor = 0;
  let i = 2;
  const limit = src.length - 5;
  while (i < limit) {
    let m = 0;
    while (i + m < limit && src[i + m] === src[i + m - 2]) m++;
    if (m >= 4) {
      const lit = i - anchor;
      out.push((Math.min(lit, 15) << 4) | Math.min(m - 4, 15));
      if (lit >= 15) len(lit - 15);
      for (let k = anchor; k < i; k++) out.push(src[k]!);
      out.push(2, 0);
      if (m - 4 >= 15) len(m - 4 - 15);
      i += m; anchor = i;
    } else i++;
  }
  const lit = src.length - anchor;
  out.push(Math.min(lit, 15) << 4);
  if (lit >= 15) len(lit - 15);
  for (let k = anchor; k < src.length; k++) out.push(src[k]!);
  return Buffer.concat([le64(src.length), Buffer.from(out)]);
}
