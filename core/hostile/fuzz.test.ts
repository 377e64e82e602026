// The bounded fuzz run inside `npm test` (issue 8): scripts/fuzz.ts for CRASHLENS_FUZZ_SECONDS
// (default 60) with a fixed seed (CRASHLENS_FUZZ_SEED to vary it). It first replays every input
// under core/hostile/regressions/ — crashes found earlier — and fails on any that fails again, or
// on any new crash. `npm run fuzz -- --seconds 3600` is the long run on demand.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../..');
const TSX = pathToFileURL(path.join(repoRoot, 'node_modules/tsx/dist/loader.mjs')).href;
const seconds = Number(process.env.CRASHLENS_FUZZ_SECONDS ?? 60);
const seed = process.env.CRASHLENS_FUZZ_SEED ?? '8';

describe('fuzz', () => {
  it(`parsers, journal reader and archive walker survive ${seconds} s of mutated input; regressions pass`, () => {
    const r = spawnSync(process.execPath, ['--import', TSX, path.join(repoRoot, 'scripts/fuzz.ts'), '--seconds', String(seconds), '--seed', seed, '--no-save', '--json'], {
      cwd: repoRoot, encoding: 'utf8', timeout: (seconds + 240) * 1000, maxBuffer: 64 << 20,
    });
    const last = r.stdout.trim().split('\n').pop() ?? '';
    expect(last.startsWith('{'), `fuzz printed no summary: ${r.stderr.slice(-2000)}`).toBe(true);
    const s = JSON.parse(last) as {
      executions: number; crashesFound: number; regressions: number; regressionsFixed: number;
      regressionsFailing: { file: string; message: string }[]; perTarget: Record<string, number>; crashes: unknown[];
    };
    console.log(`fuzz: seed ${seed}, ${seconds} s: ${s.executions} executions, ${s.crashesFound} crashes found; regressions ${s.regressions} committed, ${s.regressionsFixed} fixed`);
    expect(s.regressionsFailing).toEqual([]);
    expect(s.crashes).toEqual([]);
    // Every target ran: the journal reader and the archive walker, not only the line formats.
    expect(Object.keys(s.perTarget)).toEqual(expect.arrayContaining(['archive', 'detect', 'format:syslog', 'format:journal-export']));
    expect(s.executions).toBeGreaterThan(100);
  });
});
