// The four limits end to end (issue 8 item 4): `crashlens index` with --max-line-bytes,
// --max-nesting, --max-files and --max-bytes on a bundle that passes each, and each hit is a
// warning on stderr naming the member — never silent. A cut line is kept, cut, with its marker.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalCaseApi } from '../api/local.ts';
import { tar } from './tar-writer.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crashlens-limits-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const line = (s: string) => `Nov 27 09:41:00 node-l app: ${s}\n`;

function bundle(): string {
  const dir = path.join(tmp, 'sosreport-limits');
  const put = (rel: string, data: Buffer | string) => { fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true }); fs.writeFileSync(path.join(dir, rel), data); };
  put('var/log/a-long.log', line(`crashlenslong ${'x'.repeat(5000)}`) + line('crashlensafter'));
  put('var/log/b-nest.tar', tar([{ name: 'inner.tar', body: tar([{ name: 'deep.log', body: line('crashlensdeep') }]) }]));
  for (let i = 0; i < 6; i++) put(`var/log/c-many/${i}.log`, line(`file ${i}`));
  return dir;
}

function index(args: string[]): { status: number | null; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(repoRoot, 'bin/crashlens.js'), 'index', ...args, '--progress', 'json'], { encoding: 'utf8', cwd: tmp, timeout: 180_000 });
  return { status: r.status, stderr: r.stderr };
}

describe('limits as index flags', () => {
  const b = bundle();

  it('--max-line-bytes, --max-nesting, --max-files: each hit warned, naming the member; long line kept cut', async () => {
    const casePath = path.join(tmp, 'a.sqlite');
    const r = index([b, '-o', casePath, '--max-line-bytes', '1K', '--max-nesting', '1', '--max-files', '5']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: var\/log\/a-long\.log:1: line 1 is longer than 1024 bytes/);
    expect(r.stderr).toMatch(/warning: var\/log\/b-nest\.tar!\/inner\.tar: .*nested deeper than 1/);
    expect(r.stderr).toMatch(/warning: var\/log\/c-many\/\d\.log: .*more than 5 files/);
    const api = new LocalCaseApi({ workers: 1 });
    await api.openCase(casePath);
    const long = (await api.records({ text: 'crashlenslong' })).rows;
    expect(long).toHaveLength(1);
    // Kept, cut at the limit, and marked as cut.
    expect(long[0]!.message).toMatch(/x \[… cut: line longer than 1024 bytes\]$/);
    expect(Buffer.byteLength(long[0]!.message)).toBeLessThanOrEqual(1024 + 64);
    expect((await api.records({ text: 'crashlensafter' })).rows).toHaveLength(1);
    expect((await api.records({ text: 'crashlensdeep' })).rows).toHaveLength(0);
    await api.closeCase();
  });

  it('--max-bytes: the bundle is cut at the cap with a warning naming the member', () => {
    const r = index([b, '-o', path.join(tmp, 'b.sqlite'), '--max-bytes', '2K']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: var\/log\/a-long\.log: .*exceeds 2048 decompressed bytes/);
  });

  it('a malformed limit is refused with the usage', () => {
    const r = index([b, '-o', path.join(tmp, 'c.sqlite'), '--max-files', 'lots']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--max-files needs a number/);
  });
});
