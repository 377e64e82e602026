// The hostile bundles, as a table: each row builds its bundle in a fresh folder (nothing is
// committed) and says what the import must show — the warning code and the member it names, the
// good member that must still be indexed, the paths outside the case that must not appear.
// Sizes of the two heavy rows (one long line, many tiny files) come from the environment:
// CRASHLENS_HOSTILE_FULL=1 runs the issue's figures (200 MB line, 10 million files).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ArchiveLimits } from '../../parsers/archive/types.ts';
import { TAR_END, tar, tarMember, type TarItem } from './tar-writer.ts';
import { zip } from './zip-writer.ts';

export const FULL = process.env.CRASHLENS_HOSTILE_FULL === '1';
export const LONG_LINE_BYTES = FULL ? 200 * 1024 * 1024 : 24 * 1024 * 1024;
export const MANY_FILES = FULL ? 10_000_000 : 50_000;
/** CI reaches the file limit with fewer members; on demand the default limit (1 000 000) applies. */
export const MANY_FILES_LIMIT = FULL ? undefined : 20_000;

export interface Built {
  bundle: string;
  limits?: Partial<ArchiveLimits>;
  /** A warning with this code (regex on `code`) must name `names` in its file or message. */
  warning: { code: RegExp; names: string } | null;
  /** Words (FTS tokens) that must each be found in the case's records: the good members. */
  good: string[];
  /** Absolute paths named by the archive that must not exist after the import. */
  outside: string[];
  /** What the row stands for, for the table (sizes). */
  note: string;
}

export interface HostileCase {
  name: string;
  /** Hard limit for the import of this bundle; the runner is killed past it. */
  timeoutS: number;
  build(dir: string, tag: string): Built;
}

/** mulberry32: the random offsets and bytes are the same on every run. */
export function rng(seed: number): () => number {
  return () => { seed |= 0; seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}

const goodWord = (name: string) => `crashlensgood${name.replace(/[^a-z0-9]/gi, '')}`;
/** The good member: an ordinary syslog line carrying a word no other line has. */
const goodLog = (word: string) => `Nov 27 09:41:00 node-h kernel: Linux version 5.14.0 ${word}\nNov 27 09:41:05 node-h systemd[1]: Started Session 1 of user core ${word}.\n`;

function logLines(n: number, seed: number): string {
  const r = rng(seed);
  let s = '';
  for (let i = 0; i < n; i++) {
    s += `Nov 27 09:${String(42 + Math.floor(i / 3600) % 10).padStart(2, '0')}:${String(i % 60).padStart(2, '0')} node-h app[${1000 + Math.floor(r() * 9000)}]: request ${Math.floor(r() * 1e9).toString(36)} took ${Math.floor(r() * 5000)} ms\n`;
  }
  return s;
}

function cli(cmd: string, args: string[], input: Buffer): Buffer {
  const r = spawnSync(cmd, args, { input, maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}
const compress: Record<'gz' | 'xz' | 'zst', (b: Buffer) => Buffer> = {
  gz: (b) => gzipSync(b),
  xz: (b) => cli('xz', ['-c', '-0'], b),
  zst: (b) => cli('zstd', ['-c', '-q', '-1'], b),
};

function write(dir: string, rel: string, data: Buffer | string): string {
  const p = path.join(dir, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, data);
  return p;
}

/** A folder bundle: the good log plus the given members. */
function folder(dir: string, name: string, members: Record<string, Buffer | string>): { bundle: string; word: string } {
  const bundle = path.join(dir, `sosreport-${name}`);
  const word = goodWord(name);
  write(bundle, 'var/log/messages', goodLog(word));
  for (const [rel, data] of Object.entries(members)) write(bundle, rel, data);
  return { bundle, word };
}

function truncatedAt(buf: Buffer, seed: number): Buffer {
  const r = rng(seed);
  return buf.subarray(0, Math.floor(buf.length * (0.1 + 0.8 * r())));
}

function flipped(buf: Buffer, seed: number): Buffer {
  const r = rng(seed);
  const out = Buffer.from(buf);
  // Past the stream header, before the trailer: the damage is in the compressed data itself.
  for (let i = 0; i < 8; i++) { const at = 64 + Math.floor(r() * (out.length - 128)); out[at] = out[at]! ^ (1 + Math.floor(r() * 255)); }
  return out;
}

const truncatedRow = (ext: 'gz' | 'xz' | 'zst'): HostileCase => ({
  name: `truncated .${ext}`, timeoutS: 60,
  build(dir) {
    const data = compress[ext](Buffer.from(logLines(20_000, 7)));
    const { bundle, word } = folder(dir, `trunc-${ext}`, { [`var/log/app.log.${ext}`]: truncatedAt(data, ext.length * 101) });
    return { bundle, warning: { code: /truncated|corrupt/, names: `app.log.${ext}` }, good: [word], outside: [], note: `${data.length} B cut at a seeded offset` };
  },
});

const flippedRow = (ext: 'gz' | 'xz' | 'zst'): HostileCase => ({
  name: `bytes flipped in .${ext}`, timeoutS: 60,
  build(dir) {
    const data = compress[ext](Buffer.from(logLines(20_000, 11)));
    const { bundle, word } = folder(dir, `flip-${ext}`, { [`var/log/app.log.${ext}`]: flipped(data, ext.length * 31) });
    return { bundle, warning: { code: /corrupt|truncated/, names: `app.log.${ext}` }, good: [word], outside: [], note: '8 bytes flipped mid-stream' };
  },
});

/** A bomb: one compressed block of 16 MiB of zeros, its frames concatenated to 1 GiB. */
const bombRow = (ext: 'gz' | 'xz' | 'zst'): HostileCase => ({
  name: `decompression bomb .${ext}`, timeoutS: 90,
  build(dir, tag) {
    const frame = compress[ext](Buffer.alloc(16 * 1024 * 1024));
    const bomb = Buffer.concat(Array.from({ length: 64 }, () => frame));
    const word = goodWord(`bomb${ext}`);
    const bundle = path.join(dir, `bomb-${ext}-${tag}.tar`);
    fs.writeFileSync(bundle, tar([{ name: 'var/log/messages', body: goodLog(word) }, { name: `var/log/bomb.log.${ext}`, body: bomb }]));
    return {
      bundle, limits: { maxDecompressedBytes: 32 * 1024 * 1024 },
      warning: { code: /^limit-bytes$/, names: `bomb.log.${ext}` }, good: [word], outside: [],
      note: `${(bomb.length / 1024).toFixed(0)} KiB → 1 GiB, cap 32 MiB`,
    };
  },
});

export const CASES: HostileCase[] = [
  {
    name: 'names ../../etc/x and /etc/x', timeoutS: 60,
    build(dir, tag) {
      const word = goodWord('names');
      const bundle = path.join(dir, 'names.tar');
      const evil = `crashlens-hostile-${tag}`;
      fs.writeFileSync(bundle, tar([
        { name: 'var/log/messages', body: goodLog(word) },
        { name: `../../etc/${evil}`, body: 'Nov 27 09:41:00 node-h evil: dotdot\n' },
        { name: `/etc/${evil}-abs`, body: 'Nov 27 09:41:00 node-h evil: absolute\n' },
        { name: `../../../../../../../../tmp/${evil}-deep`, body: 'Nov 27 09:41:00 node-h evil: deep\n' },
      ]));
      return {
        bundle, warning: { code: /^unsafe-path$/, names: evil }, good: [word],
        outside: [`/etc/${evil}`, `/etc/${evil}-abs`, `/tmp/${evil}-deep`, path.resolve(dir, '../../etc', evil), path.resolve(dir, '..', evil)],
        note: '3 escaping members',
      };
    },
  },
  {
    name: 'NUL and very long names', timeoutS: 60,
    build(dir, tag) {
      const word = goodWord('nul');
      const bundle = path.join(dir, 'nul.tar');
      fs.writeFileSync(bundle, tar([
        { name: `var/log/evil\0../../../tmp/crashlens-nul-${tag}`, body: 'Nov 27 09:41:00 node-h evil: nul\n', pax: true },
        { name: `var/log/${'d/'.repeat(3000)}crashlens-long-${tag}`, body: 'Nov 27 09:41:00 node-h evil: long\n', pax: true },
        { name: `var/log/${'x'.repeat(300)}.log`, body: 'Nov 27 09:41:00 node-h evil: long component\n', pax: true },
        { name: 'var/log/messages', body: goodLog(word) },
      ]));
      return { bundle, warning: { code: /^unsafe-path$/, names: 'NUL byte' }, good: [word], outside: [`/tmp/crashlens-nul-${tag}`], note: 'pax names: NUL, 6 kB, 300-byte part' };
    },
  },
  {
    name: 'symlinks and hard links', timeoutS: 60,
    build(dir, tag) {
      const word = goodWord('links');
      const bundle = path.join(dir, 'links.tar');
      const through = `/tmp/crashlens-through-${tag}`;
      fs.writeFileSync(bundle, tar([
        { name: 'var/log/passwd', type: '2', linkTarget: '/etc/passwd' },
        { name: 'var/log/shadow', type: '1', linkTarget: '/etc/shadow' },
        { name: 'escape', type: '2', linkTarget: '../../../../../../tmp' },
        // The classic: write through the link just made.
        { name: `escape/crashlens-through-${tag}`, body: 'Nov 27 09:41:00 node-h evil: through a link\n' },
        { name: 'var/log/self', type: '1', linkTarget: 'var/log/messages' },
        { name: 'var/log/messages', body: goodLog(word) },
      ]));
      return { bundle, warning: { code: /^skipped-link$/, names: 'var/log/passwd' }, good: [word], outside: [through], note: 'to /etc, ../.., written through' };
    },
  },
  {
    name: 'device and FIFO entries', timeoutS: 60,
    build(dir) {
      const word = goodWord('devices');
      const bundle = path.join(dir, 'devices.tar');
      // python3's tarfile is the tool the issue names; its output is read here, not our writer's.
      const py = `import tarfile,io,sys
t=tarfile.open(sys.argv[1],'w')
for n,ty in (('dev/sda',tarfile.BLKTYPE),('dev/null',tarfile.CHRTYPE),('var/log/fifo',tarfile.FIFOTYPE)):
  i=tarfile.TarInfo(n); i.type=ty; i.devmajor=8; i.devminor=0; t.addfile(i)
d=sys.argv[2].encode(); i=tarfile.TarInfo('var/log/messages'); i.size=len(d); t.addfile(i,io.BytesIO(d)); t.close()`;
      const r = spawnSync('python3', ['-c', py, bundle, goodLog(word)], { encoding: 'utf8' });
      if (r.status !== 0) fs.writeFileSync(bundle, tar([
        { name: 'dev/sda', type: '4' }, { name: 'dev/null', type: '3' }, { name: 'var/log/fifo', type: '6' },
        { name: 'var/log/messages', body: goodLog(word) },
      ]));
      return { bundle, warning: { code: /^skipped-device$/, names: 'var/log/fifo' }, good: [word], outside: [], note: r.status === 0 ? 'python3 tarfile' : 'own tar writer' };
    },
  },
  bombRow('gz'), bombRow('xz'), bombRow('zst'),
  {
    name: 'deep nest of archives', timeoutS: 60,
    build(dir) {
      const word = goodWord('nest');
      let inner: Buffer = Buffer.from('Nov 27 09:41:00 node-h kernel: crashlensnestbottom\n');
      let name = 'bottom.log';
      for (let i = 0; i < 10; i++) {
        inner = tar([{ name, body: inner }]); name = `level${i}.tar`;
        if (i % 2 === 1) { inner = gzipSync(inner); name = `level${i}.tar.gz`; }
      }
      // Compression layers alone, gz in gz in gz…: another way to nest.
      let layers: Buffer = Buffer.from('Nov 27 09:41:00 node-h kernel: layered\n');
      for (let i = 0; i < 12; i++) layers = gzipSync(layers);
      const { bundle } = folder(dir, 'nest', { [`var/log/${name}`]: inner, 'var/log/layers.log.gz': layers });
      fs.renameSync(path.join(bundle, 'var/log/messages'), path.join(bundle, 'var/log/messages.tmp'));
      fs.writeFileSync(path.join(bundle, 'var/log/messages'), goodLog(word)); fs.rmSync(path.join(bundle, 'var/log/messages.tmp'));
      return { bundle, warning: { code: /^limit-nesting$/, names: 'level' }, good: [word], outside: [], note: '10 archives deep, 12 gzip layers' };
    },
  },
  truncatedRow('gz'), truncatedRow('xz'), truncatedRow('zst'),
  {
    name: 'truncated .zip', timeoutS: 60,
    build(dir) {
      const z = zip([{ name: 'app.log', body: logLines(5_000, 3) }, { name: 'other.log', body: logLines(5_000, 4) }]);
      const { bundle, word } = folder(dir, 'trunc-zip', { 'var/log/support.zip': truncatedAt(z, 5) });
      return { bundle, warning: { code: /corrupt|truncated/, names: 'support.zip' }, good: [word], outside: [], note: `${z.length} B cut at a seeded offset` };
    },
  },
  {
    name: 'truncated .tar', timeoutS: 60,
    build(dir) {
      const t = tar([{ name: 'app.log', body: logLines(5_000, 5) }, { name: 'other.log', body: logLines(5_000, 6) }]);
      const { bundle, word } = folder(dir, 'trunc-tar', { 'var/log/inner.tar': truncatedAt(t, 9) });
      return { bundle, warning: { code: /corrupt|truncated/, names: 'inner.tar' }, good: [word], outside: [], note: `${t.length} B cut at a seeded offset` };
    },
  },
  {
    name: 'truncated bundle .tar.gz', timeoutS: 60,
    build(dir) {
      const word = goodWord('trunctgz');
      const t = gzipSync(tar([{ name: 'var/log/messages', body: goodLog(word) }, { name: 'var/log/app.log', body: logLines(40_000, 8) }]));
      const bundle = path.join(dir, 'sosreport-trunc-2026-11-27-abcdef.tar.gz');
      // Past the first member: the good log is whole, the second is cut.
      fs.writeFileSync(bundle, t.subarray(0, Math.floor(t.length * (0.5 + 0.4 * rng(13)()))));
      return { bundle, warning: { code: /truncated|corrupt/, names: 'app.log' }, good: [word], outside: [], note: `${t.length} B cut at a seeded offset` };
    },
  },
  flippedRow('gz'), flippedRow('xz'), flippedRow('zst'),
  {
    name: 'zip with overlapping entries', timeoutS: 60,
    build(dir) {
      const word = goodWord('overlap');
      const bundle = path.join(dir, 'overlap.zip');
      fs.writeFileSync(bundle, zip([
        { name: 'var/log/messages', body: goodLog(word) },
        { name: 'var/log/app.log', body: logLines(2_000, 12), aliases: Array.from({ length: 200 }, (_, i) => `var/log/alias-${i}.log`) },
      ]));
      return { bundle, warning: { code: /^corrupt-archive$/, names: 'alias-0.log' }, good: [word], outside: [], note: '200 directory entries on one local entry' };
    },
  },
  {
    name: 'random binary', timeoutS: 60,
    build(dir) {
      const r = rng(17);
      const bin = Buffer.alloc(4 * 1024 * 1024);
      for (let i = 0; i < bin.length; i++) bin[i] = Math.floor(r() * 256);
      const { bundle, word } = folder(dir, 'random', { 'var/log/random.log': bin });
      return { bundle, warning: { code: /binary|line-too-long|invalid/, names: 'random.log' }, good: [word], outside: [], note: '4 MiB seeded random' };
    },
  },
  {
    name: 'invalid UTF-8 and UTF-16 logs', timeoutS: 60,
    build(dir) {
      const bad = Buffer.concat([
        Buffer.from('Nov 27 09:41:00 node-h app: lone continuation '), Buffer.from([0x80, 0xbf]),
        Buffer.from('\nNov 27 09:41:01 node-h app: overlong '), Buffer.from([0xc0, 0xaf, 0xe0, 0x80, 0xaf]),
        Buffer.from('\nNov 27 09:41:02 node-h app: surrogate '), Buffer.from([0xed, 0xa0, 0x80]),
        Buffer.from('\nNov 27 09:41:03 node-h app: cut '), Buffer.from([0xe2, 0x82]),
        Buffer.from('\nNov 27 09:41:04 node-h app: crashlensafterbadutf8\n'),
      ]);
      const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Nov 27 09:41:05 node-h app: crashlensutf16le\n'.repeat(3), 'utf16le')]);
      const be = Buffer.from('Nov 27 09:41:06 node-h app: crashlensutf16be\n', 'utf16le').swap16();
      const { bundle, word } = folder(dir, 'encoding', { 'var/log/bad-utf8.log': bad, 'var/log/utf16le.log': utf16, 'var/log/utf16be.log': Buffer.concat([Buffer.from([0xfe, 0xff]), be]) });
      return { bundle, warning: null, good: [word, 'crashlensafterbadutf8'], outside: [], note: 'overlong, surrogate, cut; UTF-16 LE/BE with BOM' };
    },
  },
  {
    name: 'one very long line', timeoutS: FULL ? 600 : 90,
    build(dir) {
      const { bundle, word } = folder(dir, 'longline', {});
      const p = path.join(bundle, 'var/log/long.log');
      const fd = fs.openSync(p, 'w');
      fs.writeSync(fd, 'Nov 27 09:41:00 node-h app: ');
      const chunk = Buffer.alloc(4 * 1024 * 1024, 'x');
      for (let n = 0; n < LONG_LINE_BYTES; n += chunk.length) fs.writeSync(fd, chunk, 0, Math.min(chunk.length, LONG_LINE_BYTES - n));
      fs.writeSync(fd, '\nNov 27 09:41:01 node-h app: crashlensafterlongline\n');
      fs.closeSync(fd);
      return { bundle, warning: { code: /^line-too-long$/, names: 'long.log' }, good: [word, 'crashlensafterlongline'], outside: [], note: `${LONG_LINE_BYTES / 1048576} MiB line (${FULL ? 'full' : 'CI; 200 MiB with CRASHLENS_HOSTILE_FULL=1'})` };
    },
  },
  {
    name: 'many tiny files', timeoutS: FULL ? 3600 : 120,
    build(dir) {
      const word = goodWord('many');
      const bundle = path.join(dir, 'many.tar.zst');
      writeManyFiles(bundle, MANY_FILES, goodLog(word));
      return {
        bundle, limits: MANY_FILES_LIMIT ? { maxFiles: MANY_FILES_LIMIT } : undefined,
        warning: { code: /^limit-files$/, names: 'more than' }, good: [word], outside: [],
        note: `${MANY_FILES.toLocaleString('en')} members streamed into tar.zst, limit ${(MANY_FILES_LIMIT ?? 1_000_000).toLocaleString('en')}${FULL ? '' : ' (CI; 10M with CRASHLENS_HOSTILE_FULL=1)'}`,
      };
    },
  },
  {
    name: 'timestamps in 1970 and 2099', timeoutS: 60,
    build(dir) {
      const { bundle, word } = folder(dir, 'years', {
        'var/log/iso.log': '1970-01-01T00:00:00.000000+00:00 node-h kernel: crashlensepoch\n2099-12-31T23:59:59.999999+00:00 node-h kernel: crashlensfar\n',
        'var/log/pods/ns_p_1/c/0.log': '1970-01-01T00:00:01.000000000Z stdout F crashlenscri1970\n2099-12-31T23:59:59.000000000Z stdout F crashlenscri2099\n',
        'var/log/kubelet.log': 'I0101 00:00:00.000000    1 x.go:1] crashlensklog\n',
      });
      return { bundle, warning: null, good: [word, 'crashlensepoch', 'crashlensfar'], outside: [], note: '130 years between two lines' };
    },
  },
  {
    name: 'journal file with bad offsets', timeoutS: 60,
    build(dir) {
      const remote = ['/lib/systemd/systemd-journal-remote', '/usr/lib/systemd/systemd-journal-remote'].find((p) => fs.existsSync(p));
      if (!remote) throw new Error('skip: systemd-journal-remote not installed');
      const exp = Array.from({ length: 200 }, (_, i) => `__REALTIME_TIMESTAMP=${1764236460000000 + i * 1000000}\n__MONOTONIC_TIMESTAMP=${1000000 + i}\n_BOOT_ID=0123456789abcdef0123456789abcdef\n_HOSTNAME=node-h\nSYSLOG_IDENTIFIER=kernel\nMESSAGE=entry ${i} crashlensjournal\n\n`).join('');
      const input = write(dir, 'j.export', exp);
      const good = path.join(dir, 'good.journal');
      const r = spawnSync(remote, [`--output=${good}`, '--compress=no', '--seal=no', input], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`systemd-journal-remote: ${r.stderr}`);
      const j = fs.readFileSync(good);
      const le = (b: Buffer, at: number, v: bigint) => { const c = Buffer.from(b); c.writeBigUInt64LE(v, at); return c; };
      // Header offsets past the end, into the header, and odd; then offsets inside objects overwritten.
      const past = le(le(j, 176, BigInt(j.length) * 16n), 136, 0xffffffffffff0n);
      const intoHeader = le(le(j, 104, 8n), 120, 3n);
      const r2 = rng(23); const inside = Buffer.from(j);
      for (let i = 0; i < 64; i++) { const at = 272 + 8 * Math.floor(r2() * ((j.length - 280) / 8)); inside.writeBigUInt64LE(BigInt(Math.floor(r2() * 2 ** 40)), at); }
      const m = 'var/log/journal/0123456789abcdef0123456789abcdef';
      const { bundle, word } = folder(dir, 'journal', { [`${m}/system.journal`]: past, [`${m}/system@1.journal`]: intoHeader, [`${m}/user-1000.journal`]: inside });
      return { bundle, warning: { code: /journal|corrupt|truncated|damaged/, names: 'system.journal' }, good: [word], outside: [], note: '3 files: header offsets past end / into header, 64 inner offsets' };
    },
  },
];

/** The tar of many members is generated as a stream into zstd: nothing but the .tar.zst touches
 *  the disk (10 million members are 5 GB of headers, 30 MB once compressed). */
function writeManyFiles(out: string, n: number, good: string): void {
  // Run in a child so the stream writes synchronously into zstd's stdin without buffering GBs.
  const script = `
    const { tarMember, TAR_END } = await import(${JSON.stringify(new URL('./tar-writer.ts', import.meta.url).href)});
    const n = ${n};
    const parts = [];
    let size = 0;
    // stdout is a non-blocking pipe: wait for 'drain' (writeSync there fails with EAGAIN).
    const flush = async () => { const b = Buffer.concat(parts); parts.length = 0; size = 0; if (!process.stdout.write(b)) await new Promise((r) => process.stdout.once('drain', r)); };
    for (const b of tarMember({ name: 'var/log/messages', body: ${JSON.stringify(good)} })) parts.push(b);
    for (let i = 0; i < n; i++) {
      // var/crash/ is skipped by the import, so the test measures the walk, not 10M sources.
      for (const b of tarMember({ name: 'var/crash/d' + (i % 1000) + '/f' + i, body: i % 100 === 0 ? 'x\\n' : '' })) { parts.push(b); size += b.length; }
      if (size > 4 << 20) await flush();
    }
    parts.push(TAR_END); await flush();`;
  const fd = fs.openSync(out, 'w');
  const gen = spawnSync(`set -o pipefail; ${JSON.stringify(process.execPath)} --import tsx --input-type=module -e ${shellQuote(script)} | zstd -q -1 -c`, {
    shell: '/bin/bash', stdio: ['ignore', fd, 'pipe'], cwd: path.dirname(new URL(import.meta.url).pathname),
  });
  fs.closeSync(fd);
  if (gen.status !== 0) throw new Error(`tar generator failed: ${gen.stderr}`);
}

const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export { TAR_END, tarMember, type TarItem };
