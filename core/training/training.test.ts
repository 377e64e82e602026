// A training round through the engine, as the UI drives it: open a sample in training mode, pick
// events from the imported case, submit, get scored; the attempt is kept in the case and survives
// re-opening the sample.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalCaseApi } from '../api/local.ts';
import { sampleKey } from '../../samples/catalog.ts';
import type { EventRow } from '../api/types.ts';

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'crashlens-training-'));
const saved = process.env.CRASHLENS_HOME;
const api = new LocalCaseApi({ workers: 1 });

beforeAll(() => { process.env.CRASHLENS_HOME = home; });
afterAll(async () => {
  await api.closeCase();
  if (saved === undefined) delete process.env.CRASHLENS_HOME; else process.env.CRASHLENS_HOME = saved;
  fs.rmSync(home, { recursive: true, force: true });
});

async function allEvents(): Promise<EventRow[]> {
  const out: EventRow[] = [];
  let cursor: string | null = null;
  do {
    const page = await api.events({ collapsed: false, cursor, limit: 2000 });
    out.push(...page.rows);
    cursor = page.next;
  } while (cursor);
  return out;
}

describe('training round on global-oom-cascade', () => {
  const key = sampleKey('global-oom-cascade')!;

  it('lists the samples and opens one into its own case', async () => {
    const list = await api.samples();
    expect(list.map((s) => s.id)).toContain('global-oom-cascade');
    const { importId, casePath } = await api.openSample('global-oom-cascade', { training: true });
    expect(casePath.startsWith(home)).toBe(true);
    await api.waitForImport(importId);
    const summary = await api.summary();
    expect(summary!.records).toBeGreaterThan(1000);
    await expect(api.openSample('no-such-sample')).rejects.toMatchObject({ code: 'not-found' });
  });

  it('scores a right answer high and a wrong one low, and keeps both attempts', async () => {
    await api.openSample('global-oom-cascade', { training: true }).then(({ importId }) => api.waitForImport(importId));
    const events = await allEvents();
    // the trainee picks, for each line the expert cites, the case's event of that type nearest to it
    const picks = key.evidence.map((k) => {
      const at = Date.parse(k.time) * 1000;
      return events.filter((e) => e.type === k.type && e.ts !== null).sort((a, b) => Math.abs(a.ts! - at) - Math.abs(b.ts! - at))[0];
    }).filter((e): e is EventRow => !!e);
    expect(picks.length).toBeGreaterThanOrEqual(key.evidence.length - 1);
    const crash = Date.parse(key.crash.time) * 1000;
    const right = await api.submitTraining('global-oom-cascade', { crashTime: crash + 2e6, category: 'memory', type: 'oom_kill', evidenceEventIds: picks.map((e) => e.id) });
    expect(right.categoryRight && right.typeRight).toBe(true);
    expect(right.score).toBeGreaterThanOrEqual(90);
    const distractor = events.find((e) => e.type === 'memcg_oom');
    const wrong = await api.submitTraining('global-oom-cascade', { crashTime: crash - 3 * 3600e6, category: 'hardware', type: 'nic_flap', evidenceEventIds: distractor ? [distractor.id] : [] });
    expect(wrong.categoryRight).toBe(false);
    expect(wrong.score).toBeLessThan(20);
    if (distractor) expect(wrong.evidenceWrong).toContain(distractor.id);
    const history = await api.trainingHistory();
    expect(history.map((h) => h.attemptId)).toEqual([wrong.attemptId, right.attemptId]);
    await expect(api.submitTraining('global-oom-cascade', { crashTime: 'soon', category: null, type: null, evidenceEventIds: [] } as never)).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('carries the history over when the sample is opened again', async () => {
    const before = await api.trainingHistory();
    const { importId } = await api.openSample('global-oom-cascade', { training: true });
    await api.waitForImport(importId);
    const after = await api.trainingHistory();
    expect(after.map((h) => [h.sampleId, h.score, h.at])).toEqual(before.map((h) => [h.sampleId, h.score, h.at]));
  });
});
