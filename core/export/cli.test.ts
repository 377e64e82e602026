// `crashlens export`: arguments (format, range, size, output), a clear message for each mistake,
// and a report written for a real (empty) case file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportCommand, parseInstant, parseRange } from '../cli/commands/export.ts';
import { LocalCaseApi } from '../api/local.ts';
import type { ReportModel } from './model.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crashlens-export-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''; let err = '';
  const code = await exportCommand.run(args, { out: (s) => { out += s; }, err: (s) => { err += s; }, isTty: false });
  return { code, out, err };
}

describe('export arguments', () => {
  it('reads a range of ISO UTC times or microseconds', () => {
    expect(parseInstant('2025-03-14T02:41:09Z')).toBe(Date.UTC(2025, 2, 14, 2, 41, 9) * 1000);
    expect(parseInstant('2025-03-14 02:41:09.123456')).toBe(Date.UTC(2025, 2, 14, 2, 41, 9) * 1000 + 123456);
    expect(parseInstant('2025-03-14T04:41:09+02:00')).toBe(Date.UTC(2025, 2, 14, 2, 41, 9) * 1000);
    expect(parseInstant('1741920069000000')).toBe(1741920069000000);
    expect(parseInstant('yesterday')).toBeNull();
    expect(parseRange('2025-03-14T02:00..2025-03-14T03:00')).toEqual({ from: Date.UTC(2025, 2, 14, 2) * 1000, to: Date.UTC(2025, 2, 14, 3) * 1000 });
    expect(parseRange('2025-03-14T03:00..2025-03-14T02:00')).toBeNull();
    expect(parseRange('2025-03-14T03:00')).toBeNull();
  });

  it('says what is wrong', async () => {
    expect((await run(['x.case', '-o', 'r.md'])).code).toBe(2); // no format
    expect((await run(['x.case', '--format', 'pdf', '-o', 'r.pdf'])).code).toBe(2);
    expect((await run(['x.case', '--format', 'md'])).code).toBe(2); // no -o
    const r = await run(['x.case', '--format', 'md', '--range', 'soon..later', '-o', 'r.md']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--range');
    expect((await run(['x.case', '--format', 'png', '-o', '-'])).err).toContain('PNG goes to a file');
    const missing = await run([path.join(dir, 'nope.case'), '--format', 'md', '-o', path.join(dir, 'r.md')]);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('no case file');
  });
});

describe('export of a case', () => {
  it('writes md, json and html files, and md to stdout with -o -', async () => {
    const casePath = path.join(dir, 'empty.case');
    const api = new LocalCaseApi();
    await api.createCase(casePath);
    await api.closeCase();
    const md = path.join(dir, 'r.md');
    const r = await run([casePath, '--format', 'md', '-o', md]);
    expect(r.code, r.err).toBe(0);
    expect(fs.readFileSync(md, 'utf8')).toContain('No crash was found in this case.');
    const json = path.join(dir, 'r.json');
    expect((await run([casePath, '--format', 'json', '--redact', '--range', '2025-03-14T02:00..2025-03-14T03:00', '-o', json])).code).toBe(0);
    const model = JSON.parse(fs.readFileSync(json, 'utf8')) as ReportModel;
    expect(model.redacted).toBe(true);
    expect(model.range).toEqual({ from: Date.UTC(2025, 2, 14, 2) * 1000, to: Date.UTC(2025, 2, 14, 3) * 1000 });
    expect((await run([casePath, '--format', 'html', '-o', path.join(dir, 'r.html')])).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'r.html'), 'utf8')).toMatch(/^<!DOCTYPE html>/);
    const stdout = await run([casePath, '--format', 'md', '-o', '-']);
    expect(stdout.out).toContain('## Summary');
  });
});
