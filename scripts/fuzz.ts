// Seeded mutation fuzzer (issue 8): every format parser, format detection, the binary journal
// reader and the archive walker fed mutated real input — the corpus (../shared/corpus), members
// of the committed sample bundles, and small archives made from them. Their contract is "never
// throw on bad input": any exception, or one input that takes longer than SLOW_MS, is a crash.
// A crash's input is written to core/hostile/regressions/ (replayed first on every run and by the
// unit test): when it passes again, it counts as fixed.
//
//   npm run fuzz -- --seconds 600 [--seed 7] [--no-save] [--json]
//
// Jazzer.js (coverage-guided) was not used: its native build needs toolchains beyond npm here;
// the mutations below are the classic AFL set plus log-shaped tokens (stamps, huge numbers, escapes).
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { walkBundle } from '../parsers/archive/index.ts';
import { FORMATS } from '../parsers/formats/index.ts';
import { readJournal } from '../parsers/journal/reader.ts';
import { createSourceParser } from '../parsers/source.ts';
import type { FormatId, TimeContext } from '../parsers/types.ts';
import { rng } from '../core/hostile/cases.ts';
import { tar } from '../core/hostile/tar-writer.ts';
import { zip } from '../core/hostile/zip-writer.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const REGRESSIONS = path.join(repoRoot, 'core/hostile/regressions');
const SLOW_MS = 5000;

const TIME: TimeContext = { year: 2026, refTs: null, zone: null, bootTs: 1_764_230_000_000_000 };

/** A target takes one input and must return without throwing. */
export type TargetName = `format:${string}` | 'detect' | 'journal' | 'archive';

export async function runTarget(target: string, input: Buffer, scratch: string): Promise<void> {
  if (target === 'journal') { readJournal(input, 'fuzz.journal'); return; }
  if (target === 'archive') {
    const file = path.join(scratch, 'bundle.bin');
    fs.writeFileSync(file, input);
    // The in-process decompressors: thousands of spawns would measure the OS, not our code.
    const walk = walkBundle(file, { preferCli: false, limits: { maxDecompressedBytes: 64 << 20, maxFiles: 5000 } });
    for await (const e of walk) for await (const chunk of e.stream) void chunk;
    return;
  }
  const format = target === 'detect' ? undefined : (target.slice('format:'.length) as FormatId);
  const p = createSourceParser({ path: 'var/log/fuzz.log', format, time: TIME, maxLineBytes: 64 * 1024 }, { record: () => {}, warn: () => {} });
  // Two writes split at an odd place: line and UTF-8 boundaries across chunks are a trap of their own.
  const cut = Math.floor(input.length / 3);
  p.write(input.subarray(0, cut));
  p.write(input.subarray(cut));
  p.end();
}

// ---- seeds ----------------------------------------------------------------------------------

interface Seed { target: string; data: Buffer; from: string }

function seeds(): Seed[] {
  const out: Seed[] = [];
  const texts: { name: string; data: Buffer }[] = [];
  const corpus = path.resolve(repoRoot, '../shared/corpus');
  if (fs.existsSync(corpus)) {
    for (const f of fs.readdirSync(corpus).sort()) {
      if (!/\.(log|txt|json)$/.test(f) || f === 'expected.json') continue;
      texts.push({ name: f, data: fs.readFileSync(path.join(corpus, f)).subarray(0, 64 * 1024) });
    }
  } else console.error(`fuzz: ${corpus} absent: seeds from the committed samples only`);
  const journals: { name: string; data: Buffer }[] = [];
  const bundles = path.join(repoRoot, 'samples/bundles');
  for (const f of fs.existsSync(bundles) ? fs.readdirSync(bundles).sort() : []) {
    const r = spawnSync(/\.xz$/.test(f) ? 'xz' : 'gzip', ['-dc', path.join(bundles, f)], { maxBuffer: 1 << 30 });
    if (r.status !== 0) continue;
    // Members straight from the tar bytes (no extraction to disk): name at 0, size at 124 (octal).
    for (let at = 0; at + 512 <= r.stdout.length;) {
      const h = r.stdout.subarray(at, at + 512);
      if (h.every((b) => b === 0)) break;
      const name = h.subarray(0, 100).toString('latin1').replace(/\0.*$/s, '');
      const size = parseInt(h.subarray(124, 136).toString('latin1').replace(/\0.*$/s, '').trim() || '0', 8) || 0;
      const body = r.stdout.subarray(at + 512, at + 512 + size);
      if (h[156] === 0x30 || h[156] === 0) {
        if (/\.journal$/.test(name)) journals.push({ name: `${f}:${name}`, data: Buffer.from(body.subarray(0, 4 << 20)) });
        else if (size > 0) texts.push({ name: `${f}:${name}`, data: Buffer.from(body.subarray(0, 32 * 1024)) });
      }
      at += 512 + Math.ceil(size / 512) * 512;
    }
  }
  // Binary journals made by systemd itself from corpus lines (plain and compact, compressed or not).
  const remote = ['/lib/systemd/systemd-journal-remote', '/usr/lib/systemd/systemd-journal-remote'].find((p) => fs.existsSync(p));
  if (remote) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crashlens-fuzz-seed-'));
    const lines = texts.flatMap((t) => t.data.toString('utf8').split('\n').slice(0, 20)).filter(Boolean).slice(0, 400);
    const exp = lines.map((l, i) => `__REALTIME_TIMESTAMP=${1764236460000000 + i * 1000}\n__MONOTONIC_TIMESTAMP=${1000 + i}\n_BOOT_ID=0123456789abcdef0123456789abcdef\n_HOSTNAME=node-f\nPRIORITY=${i % 8}\nSYSLOG_IDENTIFIER=${i % 2 ? 'kernel' : 'kubelet'}\nMESSAGE=${l.replace(/[\r\n]/g, ' ')}\n\n`).join('');
    fs.writeFileSync(path.join(dir, 'in.export'), exp);
    for (const [compact, compress] of [['0', 'no'], ['1', 'yes']]) {
      const out = path.join(dir, `s${compact}.journal`);
      const r = spawnSync(remote, [`--output=${out}`, `--compress=${compress}`, '--seal=no', path.join(dir, 'in.export')], { env: { ...process.env, SYSTEMD_JOURNAL_COMPACT: compact } });
      if (r.status === 0) journals.push({ name: `systemd-journal-remote compact=${compact}`, data: fs.readFileSync(out) });
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // Every text through every format (a format handed foreign lines is the usual case), and detect.
  const targets = ['detect', ...FORMATS.map((f) => `format:${f.id}`)];
  for (const t of texts) for (const target of targets) out.push({ target, data: t.data, from: t.name });
  for (const j of journals) out.push({ target: 'journal', data: j.data, from: j.name });
  // Archives of a few texts, in every container the walker opens.
  const few = texts.filter((_, i) => i % 7 === 0).slice(0, 8);
  const plainTar = tar(few.map((t, i) => ({ name: `var/log/f${i}.log`, body: t.data.subarray(0, 8192) })));
  const cliOr = (cmd: string, args: string[], b: Buffer) => { const r = spawnSync(cmd, args, { input: b, maxBuffer: 1 << 28 }); return r.status === 0 ? r.stdout : null; };
  const archives: [string, Buffer | null][] = [
    ['tar', plainTar],
    ['tar.gz', gzipSync(plainTar)],
    ['tar.xz', cliOr('xz', ['-c', '-0'], plainTar)],
    ['tar.zst', cliOr('zstd', ['-c', '-q'], plainTar)],
    ['tar.bz2', cliOr('bzip2', ['-c'], plainTar)],
    ['zip', zip(few.map((t, i) => ({ name: `var/log/f${i}.log`, body: t.data.subarray(0, 8192) })))],
    ['nested', tar([{ name: 'inner.tar.gz', body: gzipSync(plainTar) }, { name: 'x.zip', body: zip([{ name: 'a.log', body: 'a\n' }]) }])],
  ];
  for (const [name, data] of archives) if (data) out.push({ target: 'archive', data, from: name });
  for (const j of journals.slice(0, 2)) out.push({ target: 'archive', data: j.data, from: j.name });
  return out;
}

// ---- mutations ------------------------------------------------------------------------------

const TOKENS = [
  '\n', '\r\n', '\0', '\x1b[31m', '\x1b]0;title\x07', '\u2028', '\ufeff', '\ud800', '{', '}', '[', ']', '"', '\\', '=', ':', ' ',
  '9999999999999999999999', '-1', '0', 'NaN', '1e308', '2099-12-31T23:59:59.999999999Z', '1970-01-01T00:00:00Z', '[    0.000000] ',
  'Feb 29 ', 'Dec 31 23:59:60 ', '<6>', '-- Boot ', 'I1127 ', '__REALTIME_TIMESTAMP=', 'MESSAGE=', '\\x00', '%s%n',
  `${'a'.repeat(5000)}`, '\xff\xfe', '\xc0\xaf',
];

function mutate(r: () => number, input: Buffer, other: Buffer): Buffer {
  const n = (k: number) => Math.floor(r() * k);
  let b = Buffer.from(input.length ? input : Buffer.from('x'));
  const rounds = 1 + n(4);
  for (let k = 0; k < rounds; k++) {
    const at = n(b.length + 1);
    switch (n(10)) {
      case 0: { const i = Math.min(at, b.length - 1); b[i] = b[i]! ^ (1 << n(8)); break; }
      case 1: { const i = Math.min(at, b.length - 1); b[i] = [0, 0xff, 0x7f, 0x80, 0x0a, 0x20, 0x30][n(7)]!; break; }
      case 2: { const len = 1 + n(64); b = Buffer.concat([b.subarray(0, at), Buffer.from(Array.from({ length: len }, () => n(256))), b.subarray(at)]); break; }
      case 3: { const len = n(Math.min(4096, b.length - at + 1)); b = Buffer.concat([b.subarray(0, at), b.subarray(at + len)]); break; }
      case 4: { const len = n(Math.min(4096, b.length - at + 1)); b = Buffer.concat([b.subarray(0, at + len), b.subarray(at, at + len), b.subarray(at + len)]); break; }
      case 5: { const tok = Buffer.from(TOKENS[n(TOKENS.length)]!, 'latin1'); b = Buffer.concat([b.subarray(0, at), tok, b.subarray(at)]); break; }
      case 6: { const o = n(other.length + 1); const len = n(Math.min(2048, other.length - o + 1)); b = Buffer.concat([b.subarray(0, at), other.subarray(o, o + len), b.subarray(at)]); break; }
      case 7: b = b.subarray(0, at); break;
      case 8: { // an interesting 32/64-bit number over a field (offsets and sizes of binary formats)
        const i = Math.min(at & ~7, Math.max(0, b.length - 8));
        if (b.length >= 8) b.writeBigUInt64LE([0n, 1n, 0xffffffffn, 0x7fffffffffffffffn, 0xffffffffffffffffn, BigInt(b.length), BigInt(n(b.length * 2))][n(7)]!, i);
        break;
      }
      default: { const len = 1 + n(16); const i = Math.min(at, b.length - len); if (i >= 0) for (let j = 0; j < len; j++) b[i + j] = n(256); }
    }
    if (b.length === 0) b = Buffer.from([n(256)]);
  }
  return b;
}

// ---- the loop -------------------------------------------------------------------------------

interface Crash { target: string; from: string; message: string; file: string | null }

async function check(target: string, input: Buffer, scratch: string): Promise<string | null> {
  const t0 = performance.now();
  try { await runTarget(target, input, scratch); } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`.slice(0, 300) + `\n${((e as Error).stack ?? '').split('\n').slice(1, 4).join('\n')}`;
  }
  const ms = performance.now() - t0;
  return ms > SLOW_MS ? `slow: ${Math.round(ms)} ms for ${input.length} bytes` : null;
}

/** Replays core/hostile/regressions/*.bin (name: <target with ':' as '~'>--<sha>.bin). */
export async function replayRegressions(scratch: string): Promise<{ total: number; failing: { file: string; message: string }[] }> {
  const failing: { file: string; message: string }[] = [];
  const files = fs.existsSync(REGRESSIONS) ? fs.readdirSync(REGRESSIONS).filter((f) => f.endsWith('.bin')).sort() : [];
  for (const f of files) {
    const target = f.split('--')[0]!.replace('~', ':');
    const msg = await check(target, fs.readFileSync(path.join(REGRESSIONS, f)), scratch);
    if (msg) failing.push({ file: f, message: msg });
  }
  return { total: files.length, failing };
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const arg = (k: string, d: string) => { const i = args.indexOf(`--${k}`); return i >= 0 && args[i + 1] ? args[i + 1]! : d; };
  const seconds = Number(arg('seconds', '60'));
  const seed = Number(arg('seed', String(Date.now() % 1e9)));
  const save = !args.includes('--no-save');
  const json = args.includes('--json');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'crashlens-fuzz-'));
  try {
    const replay = await replayRegressions(scratch);
    const pool = seeds();
    if (!pool.length) throw new Error('no seeds');
    const r = rng(seed);
    const byTarget = new Map<string, Seed[]>();
    for (const x of pool) { if (!byTarget.has(x.target)) byTarget.set(x.target, []); byTarget.get(x.target)!.push(x); }
    const targets = [...byTarget.keys()].sort();
    const perTarget = new Map<string, number>();
    const crashes: Crash[] = [];
    const seen = new Set<string>();
    let execs = 0;
    const end = performance.now() + seconds * 1000;
    while (performance.now() < end) {
      // Targets drawn evenly (the archive and journal targets have few seeds), then a seed of it.
      const target = targets[Math.floor(r() * targets.length)]!;
      const mine = byTarget.get(target)!;
      const s = mine[Math.floor(r() * mine.length)]!;
      const other = pool[Math.floor(r() * pool.length)]!.data;
      const input = mutate(r, s.data, other);
      const msg = await check(s.target, input, scratch);
      execs++;
      perTarget.set(s.target, (perTarget.get(s.target) ?? 0) + 1);
      if (!msg) continue;
      const key = `${s.target} ${msg.split('\n')[0]!.replace(/\d+/g, 'N')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      let file: string | null = null;
      if (save) {
        fs.mkdirSync(REGRESSIONS, { recursive: true });
        file = `${s.target.replace(':', '~')}--${createHash('sha256').update(input).digest('hex').slice(0, 16)}.bin`;
        fs.writeFileSync(path.join(REGRESSIONS, file), input);
      }
      crashes.push({ target: s.target, from: s.from, message: msg, file });
      console.error(`CRASH ${s.target} (seed input ${s.from})${file ? ` → ${file}` : ''}\n  ${msg.replace(/\n/g, '\n  ')}`);
    }
    const fixed = replay.total - replay.failing.length;
    const summary = {
      seed, seconds, executions: execs, seeds: pool.length, crashesFound: crashes.length,
      regressions: replay.total, regressionsFixed: fixed, regressionsFailing: replay.failing,
      perTarget: Object.fromEntries([...perTarget].sort()), crashes,
    };
    if (json) console.log(JSON.stringify(summary));
    else {
      console.log(`fuzz: seed ${seed}, ${seconds} s, ${execs} executions over ${pool.length} seeds (${(execs / seconds).toFixed(0)}/s)`);
      for (const [t, n] of [...perTarget].sort()) console.log(`  ${t.padEnd(24)} ${n}`);
      console.log(`crashes found: ${crashes.length}`);
      console.log(`regressions: ${replay.total} committed, ${fixed} fixed (pass now), ${replay.failing.length} still failing`);
      for (const f of replay.failing) console.log(`  FAILING ${f.file}: ${f.message.split('\n')[0]}`);
    }
    return crashes.length || replay.failing.length ? 1 : 0;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main();
}
