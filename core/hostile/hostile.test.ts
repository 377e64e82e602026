// The hostile-bundle suite (issue 8): every bundle of cases.ts is built here, imported by
// runner.ts in a child process under a hard timeout, and checked: no crash, no hang, no file
// outside the case folder, a warning naming the member, the good members still indexed.
// Prints the table case | outcome | seconds. CRASHLENS_HOSTILE_FULL=1 runs the full sizes.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CASES, FULL, type Built } from './cases.ts';
import type { RunnerJob, RunnerResult } from './runner.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
/** tsx's loader by absolute URL: the runner's working directory is a temp folder, not the repo. */
export const TSX = pathToFileURL(path.resolve(here, '../../node_modules/tsx/dist/loader.mjs')).href;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crashlens-hostile-'));
const tag = path.basename(tmp).replace(/[^a-z0-9]/gi, '');

interface Row { name: string; built?: Built; skip?: string; result?: RunnerResult; failure?: string; seconds: number }
/** CRASHLENS_HOSTILE_ONLY=<regex>: a subset of the rows (e.g. the full-size long line alone). */
const only = process.env.CRASHLENS_HOSTILE_ONLY ? new RegExp(process.env.CRASHLENS_HOSTILE_ONLY, 'i') : null;
const cases = CASES.filter((c) => !only || only.test(c.name));
const rows: Row[] = cases.map((c) => ({ name: c.name, seconds: 0 }));

/** Runs the jobs in one runner process; a job past its timeout, or a runner that dies, is marked
 *  and the runner restarted on the jobs left. */
async function runAll(jobs: (RunnerJob & { timeoutS: number })[]): Promise<void> {
  let left = jobs;
  while (left.length) {
    const jobFile = path.join(tmp, 'jobs.json');
    fs.writeFileSync(jobFile, JSON.stringify(left));
    const child = spawn(process.execPath, ['--import', TSX, path.join(here, 'runner.ts'), jobFile], {
      cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CRASHLENS_WORKERS: '1' },
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
    let current: string | null = null;
    let started = 0;
    let timer: NodeJS.Timeout | undefined;
    const done = new Set<string>();
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on('line', (l) => {
      let m: { start?: string; result?: RunnerResult };
      try { m = JSON.parse(l); } catch { return; }
      const row = rows.find((r) => r.name === (m.start ?? m.result?.name));
      if (!row) return;
      if (m.start) {
        current = m.start; started = performance.now();
        const limit = left.find((j) => j.name === m.start)!.timeoutS;
        clearTimeout(timer);
        timer = setTimeout(() => { row.failure = `hang: no result within ${limit} s (killed)`; row.seconds = limit; child.kill('SIGKILL'); }, limit * 1000);
      } else if (m.result) {
        clearTimeout(timer);
        row.result = m.result; row.seconds = m.result.seconds; done.add(row.name); current = null;
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    clearTimeout(timer);
    if (current) {
      const row = rows.find((r) => r.name === current)!;
      row.failure ??= `crash: runner exited (${code}) during the import: ${stderr.trim().split('\n').slice(-3).join(' | ')}`;
      row.seconds ||= (performance.now() - started) / 1000;
      done.add(current);
    } else if (code !== 0) {
      throw new Error(`hostile runner failed between bundles (${code}): ${stderr}`);
    }
    left = left.filter((j) => !done.has(j.name));
  }
}

function outcome(row: Row): string {
  if (row.skip) return `skipped: ${row.skip}`;
  if (row.failure) return row.failure;
  const r = row.result;
  if (!r) return 'not run';
  if (r.error) return `error: ${r.error.split('\n')[0]}`;
  const w = row.built!.warning;
  const hit = w ? r.warnings.find((x) => w.code.test(x.code) && (x.file.includes(w.names) || x.message.includes(w.names))) : null;
  const good = Object.entries(r.found).map(([k, n]) => `${k.replace(/^crashlens/, '')}=${n}`).join(' ');
  return `${r.statuses.join(',')}; ${hit ? `${hit.code}: ${hit.file.length > 60 ? `${hit.file.slice(0, 57)}…` : hit.file}` : w ? 'NO WARNING' : 'no warning expected'}; ${r.records} records; good ${good}`;
}

describe('hostile bundles', () => {
  beforeAll(async () => {
    const jobs: (RunnerJob & { timeoutS: number })[] = [];
    cases.forEach((c, i) => {
      const row = rows[i]!;
      const dir = path.join(tmp, 'bundles', String(i));
      fs.mkdirSync(dir, { recursive: true });
      try { row.built = c.build(dir, tag); } catch (e) {
        const msg = (e as Error).message;
        if (msg.startsWith('skip: ')) { row.skip = msg.slice(6); console.warn(`hostile: ${c.name} skipped: ${row.skip}`); return; }
        throw e;
      }
      jobs.push({ name: c.name, bundle: row.built.bundle, caseDir: path.join(tmp, 'cases', String(i)), limits: row.built.limits, good: row.built.good, timeoutS: c.timeoutS });
    });
    await runAll(jobs);
  }, 60 * 60_000);

  afterAll(() => {
    const w = Math.max(...rows.map((r) => r.name.length));
    const table = [`hostile bundles (${FULL ? 'full sizes' : 'CI sizes; CRASHLENS_HOSTILE_FULL=1 for the full ones'})`,
      `${'case'.padEnd(w)} | ${'seconds'.padStart(7)} | outcome`,
      `${'-'.repeat(w)}-|-${'-'.repeat(7)}-|--------`,
      ...rows.map((r) => `${r.name.padEnd(w)} | ${r.seconds.toFixed(1).padStart(7)} | ${outcome(r)}${r.built ? ` [${r.built.note}]` : ''}`)];
    console.log(table.join('\n'));
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it.each(cases.map((c) => c.name))('%s: no crash, no hang, warned, good members indexed, nothing written outside', (name) => {
    const row = rows.find((r) => r.name === name)!;
    if (row.skip) return;
    expect(row.failure).toBeUndefined();
    const r = row.result!;
    expect(r.error).toBeUndefined();
    // An import that ran to its end, or stopped on a limit: never 'failed'.
    expect(r.statuses).toEqual(['complete']);
    for (const [word, n] of Object.entries(r.found)) expect(n, `good word ${word}`).toBeGreaterThan(0);
    const w = row.built!.warning;
    if (w) {
      const hit = r.warnings.find((x) => w.code.test(x.code) && (x.file.includes(w.names) || x.message.includes(w.names)));
      expect(hit, `a ${w.code} warning naming ${w.names}; got ${JSON.stringify(r.warnings.slice(0, 8))}`).toBeDefined();
    }
    // A cut line keeps at most the line limit (1 MiB default) plus its marker.
    expect(r.longest).toBeLessThan(1024 * 1024 + 1024);
    for (const p of row.built!.outside) expect(fs.existsSync(p), p).toBe(false);
    const i = cases.findIndex((c) => c.name === name);
    const caseFiles = fs.readdirSync(path.join(tmp, 'cases', String(i)));
    expect(caseFiles.filter((f) => !/^case\.sqlite(-wal|-shm|-journal)?$/.test(f))).toEqual([]);
    expect(fs.readdirSync(tmp).sort()).toEqual(['bundles', 'cases', 'jobs.json']);
  });
});


