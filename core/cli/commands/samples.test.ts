// `crashlens samples`: the list shows every sample with its category, layout and size; `make`
// writes a bundle of about the asked size with a key that still names the same crash.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../command.ts';
import { samples } from './samples.ts';
import { SCENARIOS } from '../../../samples/scenarios/index.ts';
import { decompress, readTar } from '../../../samples/generator/untar.ts';

function io(): CliIo & { text: () => string; errors: () => string } {
  let out = '';
  let err = '';
  return { out: (t) => { out += t; }, err: (t) => { err += t; }, isTty: false, text: () => out, errors: () => err };
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crashlens-samples-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('crashlens samples', () => {
  it('lists every sample with category, layout and size', async () => {
    const o = io();
    expect(await samples.run(['list'], o)).toBe(0);
    const lines = o.text().trim().split('\n');
    expect(lines).toHaveLength(SCENARIOS.length);
    for (const s of SCENARIOS) {
      const line = lines.find((l) => l.startsWith(s.id + ' '));
      expect(line, s.id).toBeDefined();
      expect(line).toContain(s.category);
      expect(line).toContain(s.layout);
      expect(line).toMatch(/\d+ KiB|\d+\.\d MiB/);
    }
    const j = io();
    expect(await samples.run(['list', '--json'], j)).toBe(0);
    expect((JSON.parse(j.text()) as { id: string; size: number }[]).every((r) => r.size > 0)).toBe(true);
  });

  it('refuses an unknown scenario or a bad size', async () => {
    const o = io();
    expect(await samples.run(['make', 'no-such-scenario'], o)).toBe(2);
    expect(o.errors()).toContain('global-oom-cascade');
    expect(await samples.run(['make', 'global-oom-cascade', '--mb', 'lots'], io())).toBe(2);
  });

  it('makes a bundle of about the asked size, with its key', async () => {
    const out = path.join(dir, 'oom.tar.xz');
    const key = path.join(dir, 'oom.json');
    expect(await samples.run(['make', 'global-oom-cascade', '--mb', '6', '-o', out, '--key', key], io())).toBe(0);
    const text = readTar(decompress(fs.readFileSync(out))).reduce((n, m) => n + m.data.length, 0);
    const mib = text / 1048576;
    // the uncompressed members are within a fifth of the request (tar headers add a little)
    expect(mib).toBeGreaterThan(6 * 0.8);
    expect(mib).toBeLessThan(6 * 1.2);
    const k = JSON.parse(fs.readFileSync(key, 'utf8')) as { crash: { time: string }; cause: { category: string } };
    expect(k.crash.time).toBe('2025-03-14T02:41:09Z');
    expect(k.cause.category).toBe('memory');
  });
});
