// Benchmark: `crashlens export` on a case holding 10,000 notes (issue 6: ≤ 5 s). Builds the case
// once from a committed sample bundle, adds the notes (records, events and ranges, a third
// starred, some tagged), then times the CLI per format against a baseline measured in the same
// run on the same file: the sqlite3 CLI dumping the notes joined to their records.
// Run: node --import tsx core/bench/export-notes.ts [--notes N] [--dir DIR]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalCaseApi } from '../api/local.ts';
import { parseFlags } from '../cli/command.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BIN = path.join(ROOT, 'bin/crashlens.js');
const BUNDLE = path.join(ROOT, 'samples/bundles/global-oom-cascade.tar.xz');

const { flags } = parseFlags(process.argv.slice(2), ['notes', 'dir']);
const N = Number(flags.notes ?? 10_000);
const dir = typeof flags.dir === 'string' ? flags.dir : fs.mkdtempSync(path.join(os.tmpdir(), 'crashlens-export-bench-'));
const casePath = path.join(dir, `notes-${N}.case`);

/** Wall and CPU (user + sys) seconds of a command: on a box shared by many jobs (load 20 on 2
 *  cores) the wall time says more about the neighbours than about the export; CPU time does not. */
function seconds(cmd: string, args: string[]): { s: number; cpu: number; ok: boolean; err: string } {
  const quoted = [cmd, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
  const r = spawnSync('bash', ['-c', `TIMEFORMAT='@@ %R %U %S'; time ${quoted} >/dev/null 2>/tmp/crashlens-bench-err.$$; s=$?; cat /tmp/crashlens-bench-err.$$ >&2; rm -f /tmp/crashlens-bench-err.$$; exit $s`], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 26 });
  const err = r.stderr?.toString() ?? '';
  const m = /@@ ([\d.]+) ([\d.]+) ([\d.]+)/.exec(err);
  return { s: m ? Number(m[1]) : NaN, cpu: m ? Number(m[2]) + Number(m[3]) : NaN, ok: r.status === 0, err };
}

async function buildCase(): Promise<void> {
  if (fs.existsSync(casePath)) return;
  const api = new LocalCaseApi();
  await api.createCase(casePath);
  const { importId } = await api.importBundles([BUNDLE]);
  await api.waitForImport(importId);
  const recs = (await api.sql(`SELECT id FROM records WHERE ts IS NOT NULL ORDER BY id LIMIT ${N}`, N)).rows.map((r) => Number(r[0]));
  const evs = (await api.events({ limit: 2000 })).rows;
  const t0 = performance.now();
  for (let i = 0; i < N; i++) {
    const r = recs[i % recs.length]!;
    const target = i % 10 === 0 && evs.length ? { kind: 'event' as const, eventId: evs[i % evs.length]!.id }
      : i % 25 === 1 && evs[0]?.ts ? { kind: 'range' as const, from: evs[0].ts - i * 1e6, to: evs[0].ts, node: null }
      : { kind: 'record' as const, recordId: r };
    await api.annotate({ target, star: i % 3 === 0, tags: i % 7 === 0 ? ['symptom'] : [], comment: `note ${i}: see | \`line\` <${i}>` });
  }
  process.stdout.write(`built ${casePath}: ${N} notes saved one transaction each in ${((performance.now() - t0) / 1000).toFixed(2)} s\n`);
  await api.closeCase();
}

await buildCase();
const sql = `SELECT a.id, a.comment, a.tags, r.message FROM annotations a LEFT JOIN records r ON r.id = a.record_id ORDER BY a.ts;`;
const base = seconds('sqlite3', [casePath, sql]);
const startup = seconds(process.execPath, [BIN, 'info', casePath]);
process.stdout.write(`load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores\n`);
process.stdout.write(`baseline: sqlite3 CLI dumping ${N} notes with their lines: ${base.s.toFixed(2)} s wall, ${base.cpu.toFixed(2)} s CPU\n`);
process.stdout.write(`baseline: crashlens info on the same case (CLI start + open): ${startup.s.toFixed(2)} s wall, ${startup.cpu.toFixed(2)} s CPU\n`);
for (const format of ['md', 'html', 'json'] as const) {
  const out = path.join(dir, `report.${format}`);
  const r = seconds(process.execPath, [BIN, 'export', casePath, '--format', format, '-o', out]);
  if (!r.ok) { process.stdout.write(`export ${format} FAILED: ${r.err}\n`); process.exitCode = 1; continue; }
  const size = fs.statSync(out).size;
  process.stdout.write(`crashlens export --format ${format} (${N} notes, ${(size / 1048576).toFixed(1)} MiB): ${r.s.toFixed(2)} s wall, ${r.cpu.toFixed(2)} s CPU `
    + `(target ≤ 5 s: ${r.s <= 5 ? 'met' : 'MISSED'} by wall, ${r.cpu <= 5 ? 'met' : 'MISSED'} by CPU; CPU ${(r.cpu / base.cpu).toFixed(1)}× the sqlite3 dump, ${(r.cpu / startup.cpu).toFixed(1)}× crashlens info)\n`);
}
const red = seconds(process.execPath, [BIN, 'export', casePath, '--format', 'md', '--redact', '-o', path.join(dir, 'report-redacted.md')]);
process.stdout.write(`crashlens export --format md --redact: ${red.s.toFixed(2)} s wall, ${red.cpu.toFixed(2)} s CPU (target ≤ 5 s: ${red.s <= 5 ? 'met' : 'MISSED'} by wall)\n`);
