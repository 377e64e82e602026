// `crashlens sources` on a sosreport-shaped .tar.xz: every log source with its format, zone and
// time range; dmesg's times mapped from the boot, and said so.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPECTED_SOURCES, SOS_ROOT, ZONE, writeSosreport } from '../../../parsers/bundle/testing/sosreport-fixture.ts';
import type { CliIo } from '../command.ts';
import { sources } from './sources.ts';

let dir = '';
let bundle = '';
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'crashlens-sources-'));
  writeSosreport(dir);
  bundle = join(dir, `${SOS_ROOT}.tar.xz`);
  execFileSync('tar', ['--sort=name', '-C', dir, '-cJf', bundle, SOS_ROOT]);
});
afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => { out += t; }, err: (t) => { err += t; }, isTty: false };
  const code = await sources.run(args, io);
  return { code, out, err };
}

const iso = (us: number | null) => (us === null ? null : new Date(us / 1000).toISOString());

describe('crashlens sources', () => {
  it('--json: one object per source, each with the right format, zone and time range', async () => {
    const r = await run([bundle, '--json']);
    expect(r.code).toBe(0);
    const rows = r.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(Object.keys(EXPECTED_SOURCES).length);
    for (const [rel, want] of Object.entries(EXPECTED_SOURCES)) {
      const row = rows.find((x) => x.path === `${SOS_ROOT}/${rel}`)!;
      expect(row, rel).toBeDefined();
      expect({ rel, format: row.format, role: row.role, node: row.node, zone: row.zone, first: row.first, last: row.last, kinds: Object.keys(row.tsKinds as object) })
        .toEqual({ rel, format: want.format, role: want.role, node: 'node-a', zone: ZONE, first: iso(want.first), last: iso(want.last), kinds: [want.kind] });
    }
  });
  it('the table names the node, its zone and boot, and marks dmesg times as mapped', async () => {
    const r = await run([bundle]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`layout sosreport, 1 node(s), ${Object.keys(EXPECTED_SOURCES).length} log source(s)`);
    expect(r.out).toMatch(/node node-a: kernel 5\.14\.0-284\.30\.1\.el9_2\.x86_64;.*zone America\/New_York from .*etc\/localtime.*booted 2026-11-27 14:00:00Z/);
    const dmesgRow = r.out.split('\n').find((l) => l.startsWith(`${SOS_ROOT}/sos_commands/kernel/dmesg `))!;
    expect(dmesgRow.split(/\s{2,}/)).toEqual([
      `${SOS_ROOT}/sos_commands/kernel/dmesg`, 'dmesg', '100%', 'kernel', 'node-a', ZONE, '2026-11-27 14:00:00Z', '2026-11-27 14:50:00Z', 'mono→wall', '8',
    ]);
  });
  it('no bundle: usage and exit code 2', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('usage');
  });
});
