// `crashlens scan` end to end on files written here: one JSON object per event, with the file,
// the record's lines, the time and its kind; a directory goes through the bundle reader.
import { mkdtemp, mkdir, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from './scan.ts';

let dir = '';
const KERN = [
  'Jun  8 11:45:16 node-7 kernel: XFS (xvdb): Log I/O Error Detected.  Shutting down filesystem',
  'Jun  8 11:45:17 node-7 systemd[1]: Started Session 4 of user core.',
  'Jun  8 11:45:18 node-7 kernel: nf_conntrack: table full, dropping packet',
].join('\n');

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await scan.run(args, { out: (t) => { out += t; }, err: (t) => { err += t; }, isTty: false });
  return { code, out, err };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'crashlens-scan-'));
  await writeFile(join(dir, 'messages'), `${KERN}\n`);
  await mkdir(join(dir, 'var', 'log'), { recursive: true });
  await writeFile(join(dir, 'var', 'log', 'messages'), `${KERN}\n`);
});
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('crashlens scan', () => {
  it('prints one JSON event per line for a plain file', async () => {
    const { code, out } = await run(['--json', '--quiet', join(dir, 'messages')]);
    expect(code).toBe(0);
    const evs = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(evs.map((e) => [e.type, e.line, e.endLine])).toEqual([['fs_error', 1, 1], ['conntrack_full', 3, 3]]);
    expect(evs[0]).toMatchObject({ category: 'hardware', file: join(dir, 'messages'), tsKind: 'year-inferred', fields: { device: 'xvdb', fs: 'xfs', action: 'shutdown' } });
    expect(String(evs[0]!.ts)).toMatch(/^\d{4}-06-08T11:45:16\.000Z$/);
  });

  it('reads a directory as a bundle and names files by their path inside it', async () => {
    const { code, out } = await run(['--json', '--quiet', dir]);
    expect(code).toBe(0);
    const files = out.trim().split('\n').map((l) => (JSON.parse(l) as { file: string }).file);
    expect(files).toContain('var/log/messages');
  });

  it('says what is wrong with a missing input and goes on with the others', async () => {
    const { code, out, err } = await run(['--quiet', join(dir, 'nope'), join(dir, 'messages')]);
    expect(code).toBe(1);
    expect(err).toMatch(/nope/);
    expect(out).toMatch(/conntrack_full/);
  });
});
