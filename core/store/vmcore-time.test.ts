// The crashed boot's kernel log (kdump's vmcore-dmesg.txt, seconds since boot only) gets wall times
// at import from the lines the journal also holds, so the panic is on the timeline. On a sample
// bundle whose story is known: a hard lockup and panic, kdump directory stamped 03:52:40 local
// (Europe/Berlin, UTC+2) — the panic is a few seconds before the dump was written.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalCaseApi } from '../api/local.ts';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vmcore-time-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('vmcore-dmesg on the timeline', () => {
  it('maps the crashed boot to wall time at import: the panic event has a time, marked as mapped', async () => {
    const api = new LocalCaseApi({ workers: 1 });
    await api.createCase(path.join(dir, 'case.sqlite'));
    const { importId } = await api.importBundles([path.join(repo, 'samples/bundles/lockup-hard.tar.xz')]);
    await api.waitForImport(importId);
    const vmcore = (await api.sources()).find((s) => s.path.endsWith('vmcore-dmesg.txt'))!;
    expect(vmcore.firstTs).not.toBeNull();
    const events = (await api.events({})).rows.filter((e) => e.sourceId === vmcore.id);
    const panic = events.find((e) => e.type === 'kernel_panic')!;
    expect(panic.tsKind).toBe('monotonic-mapped');
    const dumped = Date.UTC(2025, 8, 18, 1, 52, 40) * 1000;
    expect(dumped - panic.ts!).toBeGreaterThan(0);
    expect(dumped - panic.ts!).toBeLessThan(60e6);
    expect(events.every((e) => e.ts !== null)).toBe(true);
    // It is drawn: the timeline counts the crashed boot's records in their minute.
    const tl = await api.timeline({ from: panic.ts! - 60e6, to: panic.ts! + 60e6, buckets: 2, laneBy: 'node-source', measure: 'records' });
    const lane = tl.lanes.find((l) => l.key.endsWith(`src:${vmcore.id}`));
    expect(lane?.counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    await api.closeCase();
  });
});
