// `crashlens analyze` end to end on a committed sample bundle: --json keeps the API's Verdict
// shape (plus boots and spans), --md is a report, a missing input is a usage error.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../command.ts';
import { analyzeCommand } from './analyze.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const sample = path.join(repoRoot, 'samples/bundles/hung-task-sysctl.tar.xz');

function io(): CliIo & { stdout: string; stderr: string } {
  const o = { stdout: '', stderr: '', isTty: false, out: (t: string) => { o.stdout += t; }, err: (t: string) => { o.stderr += t; } };
  return o;
}

describe('crashlens analyze', () => {
  it.skipIf(!fs.existsSync(sample))('prints the verdict of a bundle as JSON and as Markdown', async () => {
    const j = io();
    expect(await analyzeCommand.run([sample, '--json'], j)).toBe(0);
    const v = JSON.parse(j.stdout) as { crashes: { node: string; time: number; outcome: string; causes: { category: string; type: string; confidence: number; evidence: unknown[] }[]; missing: string[] }[]; boots: unknown[] };
    const c = v.crashes[0]!;
    expect([c.node, c.outcome, c.causes[0]!.category, c.causes[0]!.type]).toEqual(['ip-172-16-8-21', 'panic', 'kernel', 'hung_task']);
    expect(Math.abs(c.time - Date.parse('2025-11-04T02:09:53Z') * 1000)).toBeLessThanOrEqual(1e6);
    expect(v.boots.length).toBeGreaterThan(1);
    const m = io();
    expect(await analyzeCommand.run([sample, '--md'], m)).toBe(0);
    expect(m.stdout).toMatch(/^# Crashlens verdict/);
    expect(m.stdout).toMatch(/kernel \/ hung_task/);
  });

  it('refuses a missing input with a usage error', async () => {
    const o = io();
    expect(await analyzeCommand.run(['/nonexistent/bundle.tar.xz'], o)).toBe(2);
    expect(o.stderr).toMatch(/no such file or directory: \/nonexistent\/bundle\.tar\.xz/);
    expect(await analyzeCommand.run([], io())).toBe(2);
  });
});
