// "Also seen in" for lines that are not kernel lines: the journal, /var/log/messages and a
// `journalctl --boot -1` capture each hold every daemon's lines, and the detail pane lists the
// other copies of the opened one (kernel lines are linked at import: local.test.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseDb } from '../store/case-db.ts';
import { CaseWriter } from '../store/writer.ts';
import { batchOf, type RecordValues } from '../store/record-batch.ts';
import { tsKindCode } from '../store/schema.ts';
import { finishLoad } from '../ingest/import.ts';
import { LocalCaseApi } from './local.ts';

const T0 = Date.UTC(2025, 2, 13, 0, 41, 20) * 1000; // µs
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crashlens-seen-'));
const casePath = path.join(dir, 'case.sqlite');
const LINE = 'I0313 00:41:20.612345    2270 server.go:487] "Kubelet version" kubeletVersion="v1.28.9"';
let api: LocalCaseApi;
const ids: Record<string, number> = {};

function rec(sid: number, line: number, ts: number, message: string, node: string): RecordValues {
  return [sid, line, line, ts, tsKindCode('exact'), null, 6, 'kubelet', 2270, node, null, message, 'Mar 13 00:41:20 wrk kubelet[2270]: ', null, null];
}

beforeAll(async () => {
  const db = openCaseDb(casePath, { create: true });
  const w = new CaseWriter(db);
  const a = w.addBundle({ path: '/bundles/a', layout: 'sosreport', node: 'wrk-a', identity: {}, owner: 'test:1' });
  const b = w.addBundle({ path: '/bundles/b', layout: 'sosreport', node: 'wrk-b', identity: {}, owner: 'test:1' });
  const add = (bundleId: number, node: string, p: string) => w.addSource({ bundleId, node, path: p, format: 'plain', confidence: 1, role: 'journal', zone: null, bytes: 0 });
  const s = {
    journal: add(a, 'wrk-a', 'sos_commands/logs/journalctl_--no-pager'),
    boot1: add(a, 'wrk-a', 'sos_commands/logs/journalctl_--no-pager_--boot_-1'),
    messages: add(a, 'wrk-a', 'var/log/messages'),
    precise: add(a, 'wrk-a', 'journal-precise.txt'),
    late: add(a, 'wrk-a', 'late.txt'),
    other: add(b, 'wrk-b', 'var/log/messages'),
  };
  const rows: [number, number, number, string, string][] = [
    [s.journal, 72, T0, LINE, 'wrk-a'],
    [s.journal, 73, T0, LINE, 'wrk-a'], // the same line twice in one file: not a copy elsewhere
    [s.boot1, 72, T0, LINE, 'wrk-a'],
    [s.messages, 71, T0, LINE, 'wrk-a'],
    [s.precise, 9, T0 + 612_345, LINE, 'wrk-a'], // short-precise: the fraction syslog drops
    [s.late, 5, T0 + 2_000_000, LINE, 'wrk-a'], // two seconds later: another happening
    [s.other, 71, T0, LINE, 'wrk-b'], // another node's kubelet says the same
    [s.messages, 72, T0, 'Reached target Multi-User System.', 'wrk-a'],
  ];
  for (const [sid, line, ts, msg, node] of rows) w.writeBatch(batchOf([rec(sid, line, ts, msg, node)]), [], node);
  for (const sid of Object.values(s)) w.finishSource(sid, { format: 'plain', confidence: 1, lines: 1, records: 1, bytes: 0, firstTs: T0, lastTs: T0, tsKinds: {}, warnings: [], boots: [] });
  w.flush();
  w.finishBundle(a, 'complete');
  w.finishBundle(b, 'complete');
  await finishLoad(db, 1);
  for (const r of db.prepare('SELECT id, line, source_id AS sid FROM records').all() as { id: number; line: number; sid: number }[]) {
    const name = Object.entries(s).find(([, v]) => v === r.sid)![0];
    ids[`${name}:${r.line}`] = r.id;
  }
  db.close();
  api = new LocalCaseApi();
  await api.openCase(casePath);
});

afterAll(async () => { await api.closeCase(); fs.rmSync(dir, { recursive: true, force: true }); });

describe('the other copies of a daemon line', () => {
  it('are the same message on the same node within a second, one per other source', async () => {
    const d = await api.record(ids['journal:72']!, 0);
    expect(d.seenIn.map((x) => x.sourcePath)).toEqual([
      'sos_commands/logs/journalctl_--no-pager_--boot_-1', 'var/log/messages', 'journal-precise.txt',
    ]);
    expect(d.seenIn.map((x) => x.recordId)).toEqual([ids['boot1:72'], ids['messages:71'], ids['precise:9']]);
  });

  it('are found from any copy, and none for a line no other source holds', async () => {
    const d = await api.record(ids['messages:71']!, 0);
    expect(d.seenIn.map((x) => x.sourcePath).sort()).toEqual([
      'journal-precise.txt', 'sos_commands/logs/journalctl_--no-pager', 'sos_commands/logs/journalctl_--no-pager_--boot_-1',
    ]);
    expect((await api.record(ids['messages:72']!, 0)).seenIn).toEqual([]);
    expect((await api.record(ids['other:71']!, 0)).seenIn).toEqual([]);
  });
});
