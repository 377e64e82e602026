// Binary journal throughput: a journal of the requested size, written by systemd's own
// systemd-journal-remote from a deterministic export stream, read by Crashlens (records out,
// kernel reports grouped) next to `journalctl --file X -o export > /dev/null`, same run.
// Crashlens gets the files as the pipeline gives them: streamed in chunks, not read whole, in a
// process of its own (as the parse phase of the text bench, and the workers of an import).
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import { createSourceParser } from '../../parsers/source.ts';

const REMOTE = ['/lib/systemd/systemd-journal-remote', '/usr/lib/systemd/systemd-journal-remote'].find((p) => existsSync(p));

const UNITS = ['kubelet', 'containerd', 'systemd', 'sshd', 'CRON', 'etcd', 'kernel'];

/** Writes an export stream of about `bytes` to `file`: realistic journald fields, one boot per
 *  ~200k entries, seeded so every run measures the same input. */
async function writeExport(file: string, bytes: number): Promise<void> {
  const out = createWriteStream(file);
  let seed = 1234567;
  const rnd = () => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed; };
  let written = 0;
  let t = 1764290000000000;
  let i = 0;
  while (written < bytes) {
    const unit = UNITS[rnd() % UNITS.length]!;
    t += 1000 + (rnd() % 500000);
    const boot = (Math.floor(i / 200000) + 1).toString(16).padStart(32, '0');
    const msg = unit === 'kernel'
      ? `EXT4-fs (sda${rnd() % 4}): mounted filesystem with ordered data mode. Opts: (null) seq ${i}`
      : `I1128 01:02:03.${String(rnd() % 1000000).padStart(6, '0')}    ${1000 + (rnd() % 9000)} kubelet.go:${rnd() % 3000}] "SyncLoop (probe)" probe="readiness" status="ready" pod="ns/pod-${rnd() % 5000}" n=${i}`;
    const text = `__REALTIME_TIMESTAMP=${t}\n__MONOTONIC_TIMESTAMP=${t - 1764280000000000}\n_BOOT_ID=${boot}\n_HOSTNAME=node-bench\nPRIORITY=${rnd() % 8}\n_TRANSPORT=${unit === 'kernel' ? 'kernel' : 'journal'}\nSYSLOG_IDENTIFIER=${unit}\n_PID=${100 + (rnd() % 30000)}\n_SYSTEMD_UNIT=${unit}.service\nMESSAGE=${msg}\n\n`;
    written += text.length;
    i++;
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** Wall and CPU seconds of `fn` in this process. CPU is the fairer figure on a shared machine. */
async function timed(fn: () => Promise<void> | void): Promise<{ wall: number; cpu: number }> {
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  await fn();
  const c = process.cpuUsage(c0);
  return { wall: Number(process.hrtime.bigint() - t0) / 1e9, cpu: (c.user + c.system) / 1e6 };
}

/** Wall and CPU seconds of journalctl writing the export stream to /dev/null (bash's `times`
 *  reports the children's CPU). */
function journalctlExport(files: readonly string[]): { wall: number; cpu: number } {
  const t0 = process.hrtime.bigint();
  const args = files.map((f) => `--file=${f}`);
  const r = spawnSync('bash', ['-c', 'journalctl "$@" -o export > /dev/null; times', 'bash', ...args], { encoding: 'utf8' });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const line = r.stdout.trim().split('\n').pop() ?? '';
  const secs = [...line.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
  return { wall, cpu: (secs[0] ?? NaN) + (secs[1] ?? NaN) };
}

/** The Crashlens half: the files streamed in chunks through the source parser, records out. */
async function readJournals(files: readonly string[]): Promise<ReadFigures> {
  let records = 0;
  let warnings = 0;
  let peak = process.memoryUsage().rss;
  const t = await timed(async () => {
    for (const file of files) {
      const sp = createSourceParser({ path: file, format: 'journal-binary', time: { year: 2026, refTs: null, zone: null, bootTs: null } }, {
        record() { records++; if ((records & 0xffff) === 0) peak = Math.max(peak, process.memoryUsage().rss); },
        warn() { warnings++; },
      });
      // The chunk size parsers/source.ts parseFile reads with.
      for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) sp.write(chunk as Buffer);
      sp.end();
    }
  });
  return { ...t, records, warnings, peak: Math.max(peak, process.memoryUsage().rss) };
}

interface ReadFigures { wall: number; cpu: number; records: number; warnings: number; peak: number }

const SELF = fileURLToPath(import.meta.url);
const CHILD_FLAG = '--journal-read';

/** Runs readJournals in a fresh process, as the text bench runs its parse phase (and as an import
 *  parses in fresh workers): in this one, the heap the text bench left behind cost the journal
 *  ~0.5 s of CPU more (GC). Wall and CPU are measured in the child around the work only. */
function readInChild(files: readonly string[]): ReadFigures {
  const r = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), SELF, CHILD_FLAG, ...files], { encoding: 'utf8', maxBuffer: 1 << 20 });
  const last = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !last.startsWith('{')) throw new Error(`journal bench child failed (${r.status}): ${r.stderr}`);
  return JSON.parse(last) as ReadFigures;
}

if (process.argv[2] === CHILD_FLAG && process.argv[1] && resolve(process.argv[1]) === SELF) {
  process.stdout.write(`${JSON.stringify(await readJournals(process.argv.slice(3)))}\n`);
}

/** `sizeMiB` is the size of the journal file to measure (≥ 200 MiB for the acceptance figure). */
export async function runJournalBench(opts: { sizeMiB: number; dir: string; log: (s: string) => void }): Promise<string> {
  if (!REMOTE || spawnSync('journalctl', ['--version']).status !== 0) {
    return 'journal bench skipped: systemd-journal-remote / journalctl not installed (apt-get install systemd-journal-remote)\n';
  }
  mkdirSync(opts.dir, { recursive: true });
  const journal = join(opts.dir, `bench-${opts.sizeMiB}M.journal`);
  // systemd-journal-remote rotates a file when its hash tables fill (about 58 MiB here), as
  // journald does: the input is the set of files of one machine, as in /var/log/journal/<id>/.
  const set = () => readdirSync(opts.dir).filter((f) => f.startsWith(`bench-${opts.sizeMiB}M`) && /\.journal$/.test(f)).map((f) => join(opts.dir, f)).sort();
  const setMiB = () => set().reduce((n, f) => n + statSync(f).size, 0) / 1024 / 1024;
  if (existsSync(journal) && setMiB() < opts.sizeMiB) {
    // A set from an older, smaller estimate: systemd-journal-remote appends, so start afresh.
    opts.log(`journal bench: cached set is ${setMiB().toFixed(0)} MiB, under ${opts.sizeMiB} MiB: rebuilding\n`);
    for (const f of set()) rmSync(f);
  }
  if (!existsSync(journal)) {
    const exp = join(opts.dir, `bench-${opts.sizeMiB}M.export`);
    opts.log(`journal bench: writing export text for ${opts.sizeMiB} MiB of journal…\n`);
    // The journal files come out about 1.19× their export text for these fields (per-entry
    // items, hash tables and 8 MiB allocation steps outweigh the shared DATA objects stored
    // once): 1.1 leaves a margin so the set is at least the size asked for.
    await writeExport(exp, Math.round((opts.sizeMiB / 1.1) * 1024 * 1024));
    opts.log('journal bench: systemd-journal-remote → .journal…\n');
    const r = spawnSync(REMOTE, [`--output=${journal}`, '--compress=yes', exp], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, SYSTEMD_JOURNAL_COMPACT: '1' } });
    if (r.status !== 0) throw new Error(`systemd-journal-remote failed: ${r.stderr}`);
  }
  const files = set();
  const size = files.reduce((n, f) => n + statSync(f).size, 0);
  const mib = size / 1024 / 1024;

  const load = loadavg()[0]!;
  const baseline = journalctlExport(files);

  const { records, warnings, peak, ...ours } = readInChild(files);

  // CPU is the figure that holds on a loaded machine (the wall ratio swings with the neighbours):
  // both are printed, and the verdict says which one it is about.
  const cpuRatio = ours.cpu / baseline.cpu;
  const wallRatio = ours.wall / baseline.wall;
  const verdict = (r: number) => (r <= 2 ? 'within 2×' : 'SLOWER than 2×');
  const rows = [
    ['', 'wall', 'CPU', 'MiB/s (CPU)', ''],
    ['crashlens (read + records, own process)', `${ours.wall.toFixed(2)} s`, `${ours.cpu.toFixed(2)} s`, (mib / ours.cpu).toFixed(1), `${records} records, ${warnings} warnings, peak RSS ${(peak / 1024 / 1024).toFixed(0)} MiB`],
    ['journalctl -o export >/dev/null', `${baseline.wall.toFixed(2)} s`, `${baseline.cpu.toFixed(2)} s`, (mib / baseline.cpu).toFixed(1), ''],
    ['ratio crashlens / journalctl', `${wallRatio.toFixed(2)}×`, `${cpuRatio.toFixed(2)}×`, '', `CPU ${verdict(cpuRatio)}, wall ${verdict(wallRatio)} (load average ${load.toFixed(2)} at the start)`],
  ];
  const w = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return `\nBinary journal: ${files.length} files of one machine (${journal} and its rotations), ${mib.toFixed(0)} MiB\n${rows.map((r) => r.map((x, c) => x.padEnd(w[c]!)).join('  ')).join('\n')}\n`;
}
