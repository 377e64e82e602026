// LocalCaseApi on a case built by the real writer and post-load steps: keyset pages both ways,
// filters, full text in time order, context lines, duplicate kernel lines, timeline counts,
// read-only SQL refusals, notes with undo, and opening a version-1 case file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCaseDb } from '../store/case-db.ts';
import { CaseWriter } from '../store/writer.ts';
import { batchOf, type RecordValues } from '../store/record-batch.ts';
import { MIGRATIONS, SCHEMA_VERSION, migrate, tsKindCode } from '../store/schema.ts';
import { finishLoad } from '../ingest/import.ts';
import { dupKey } from '../ingest/dup-key.ts';
import { LocalCaseApi } from './local.ts';
import type { RecordRow } from './types.ts';

const T0 = Date.UTC(2026, 10, 27, 10, 0, 0) * 1000; // µs
const SEC = 1_000_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crashlens-api-'));
const casePath = path.join(dir, 'case.sqlite');
let api: LocalCaseApi;
let sources: { journal: number; messages: number; dmesg: number; plain: number };

function rec(sid: number, line: number, ts: number | null, sev: number | null, ident: string | null, message: string,
  prefix: string | null, node: string, kernel = false): RecordValues {
  return [sid, line, line, ts, tsKindCode(ts === null ? 'none' : 'exact'), null, sev, ident, null, node, null, message, prefix, null,
    kernel && ts !== null ? dupKey(node, message) : null];
}

beforeAll(async () => {
  const db = openCaseDb(casePath, { create: true });
  const w = new CaseWriter(db);
  const b = w.addBundle({ path: '/bundles/node-a', layout: 'sosreport', node: 'node-a', identity: {}, owner: 'test:1' });
  const add = (p: string, role: string) => w.addSource({ bundleId: b, node: 'node-a', path: p, format: 'plain', confidence: 1, role, zone: null, bytes: 0 });
  sources = { journal: add('journal.txt', 'journal'), messages: add('var/log/messages', 'syslog'), dmesg: add('dmesg', 'kernel'), plain: add('notes.txt', 'other') };
  // journal: one record per second for 1000 s, kubelet + kernel; every 100th an OOM kernel line
  const j: RecordValues[] = []; const m: RecordValues[] = []; const d: RecordValues[] = [];
  for (let i = 0; i < 1000; i++) {
    const ts = T0 + i * SEC;
    if (i % 100 === 50) {
      const msg = `Out of memory: Killed process ${4000 + i} (java) total-vm:1000kB`;
      j.push(rec(sources.journal, i + 1, ts, 3, 'kernel', msg, 'Nov 27 10:00:00 node-a kernel: ', 'node-a', true));
      m.push(rec(sources.messages, m.length + 1, ts, 3, 'kernel', msg, 'Nov 27 10:00:00 node-a kernel: ', 'node-a', true));
      d.push(rec(sources.dmesg, d.length + 1, ts + 300_000, 3, 'kernel', `[ ${i}.123456] ${msg}`, null, 'node-a', true));
    } else {
      j.push(rec(sources.journal, i + 1, ts, i % 7 === 0 ? 4 : 6, 'kubelet', `pod sync ${i} status ${i % 13 === 0 ? 'zebra' : 'ready'}`, 'Nov 27 10:00:00 node-a kubelet[99]: ', 'node-a'));
    }
  }
  w.writeBatch(batchOf(j), [{ rec: 50, ev: { type: 'oom_kill', category: 'memory', severity: 'critical', ruleId: 'oom', line: 51, endLine: 51, ts: T0 + 50 * SEC, tsKind: 'exact', fields: { pid: 4050 }, message: 'OOM kill java' } }], 'node-a');
  w.writeBatch(batchOf(m), [{ rec: 0, ev: { type: 'oom_kill', category: 'memory', severity: 'critical', ruleId: 'oom', line: 1, endLine: 1, ts: T0 + 50 * SEC, tsKind: 'exact', fields: { pid: 4050 }, message: 'OOM kill java' } }], 'node-a');
  w.writeBatch(batchOf(d), [], 'node-a');
  w.writeBatch(batchOf([rec(sources.plain, 1, null, null, null, 'free text without a stamp', null, 'node-a'), rec(sources.plain, 2, null, null, null, 'second zebra line', null, 'node-a')]), [], 'node-a');
  for (const [sid, n] of [[sources.journal, 1000], [sources.messages, 10], [sources.dmesg, 10], [sources.plain, 2]] as const) {
    w.finishSource(sid, { format: 'plain', confidence: 1, lines: n, records: n, bytes: 0, firstTs: T0, lastTs: T0 + 999 * SEC, tsKinds: {}, warnings: [], boots: [] });
  }
  w.flush();
  w.finishBundle(b, 'complete');
  await finishLoad(db, 1);
  db.close();
  api = new LocalCaseApi();
  await api.openCase(casePath);
});

afterAll(async () => { await api.closeCase(); fs.rmSync(dir, { recursive: true, force: true }); });

const key = (r: RecordRow) => [r.ts ?? -Infinity, r.id] as const;
const ascending = (rows: RecordRow[]) => rows.every((r, i) => i === 0 || key(rows[i - 1]!)[0] < key(r)[0] || (key(rows[i - 1]!)[0] === key(r)[0] && rows[i - 1]!.id < r.id));

describe('LocalCaseApi on a built case', () => {
  it('summarises the case with every part ready', async () => {
    const s = (await api.summary())!;
    expect(s.schemaVersion).toBe(SCHEMA_VERSION);
    expect(s.records).toBe(1022);
    expect(s.nodes).toEqual(['node-a']);
    expect(s.readiness).toEqual({ records: true, events: true, timeline: true, fulltext: true, analysis: false });
  });

  it('pages forward and backward by keyset, in time order, unstamped records first', async () => {
    const seen: RecordRow[] = [];
    let page = await api.records({ limit: 97 });
    expect(page.rows[0]!.ts).toBeNull();
    seen.push(...page.rows);
    while (page.next) { page = await api.records({ limit: 97, cursor: page.next }); seen.push(...page.rows); }
    expect(seen.length).toBe(1022);
    expect(new Set(seen.map((r) => r.id)).size).toBe(1022);
    expect(ascending(seen)).toBe(true);
    // backward from the end of page 3 gives exactly pages 1-2's tail
    const p1 = await api.records({ limit: 50 });
    const p2 = await api.records({ limit: 50, cursor: p1.next });
    const back = await api.records({ limit: 50, cursor: p2.prev, direction: 'backward' });
    expect(back.rows.map((r) => r.id)).toEqual(p1.rows.map((r) => r.id));
    expect(back.prev).toBeNull();
  });

  it('jumps to an instant and filters by time, source, severity and ident', async () => {
    const at = await api.records({ at: T0 + 500 * SEC, limit: 3 });
    expect(at.rows[0]!.ts).toBe(T0 + 500 * SEC);
    const before = await api.records({ cursor: at.prev, direction: 'backward', limit: 2 });
    expect(before.rows.every((r) => r.ts! < T0 + 500 * SEC)).toBe(true);
    const ranged = await api.records({ from: T0 + 10 * SEC, to: T0 + 19 * SEC, sourceIds: [sources.journal], limit: 100 });
    expect(ranged.rows.map((r) => r.line)).toEqual([11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    const warn = await api.records({ severities: [4], limit: 2000 });
    expect(warn.rows.length).toBeGreaterThan(100);
    expect(warn.rows.every((r) => r.severity === 4)).toBe(true);
    const kernel = await api.records({ idents: ['kernel'], nodes: ['node-a'], limit: 2000 });
    expect(kernel.rows.length).toBe(30);
    expect((await api.records({ nodes: ['node-b'] })).rows).toEqual([]);
  });

  it('searches full text with FTS5 syntax and returns hits in time order', async () => {
    const hits = await api.records({ text: 'zebra', limit: 10 });
    expect(hits.rows[0]!.message).toBe('second zebra line'); // unstamped first
    expect(hits.rows.slice(1).every((r) => r.message.includes('zebra'))).toBe(true);
    expect(ascending(hits.rows)).toBe(true);
    let all = hits.rows.length; let next = hits.next;
    while (next) { const p = await api.records({ text: 'zebra', limit: 10, cursor: next }); all += p.rows.length; next = p.next; }
    expect(all).toBe(1 + Array.from({ length: 1000 }, (_, i) => i).filter((i) => i % 100 !== 50 && i % 13 === 0).length);
    const p2 = await api.records({ text: 'zebra', limit: 10, cursor: hits.next });
    const back = await api.records({ text: 'zebra', limit: 10, cursor: p2.prev, direction: 'backward' });
    expect(back.rows.map((r) => r.id)).toEqual(hits.rows.map((r) => r.id));
    const at = await api.records({ text: 'zebra', at: T0 + 500 * SEC, limit: 3 });
    expect(at.rows.map((r) => r.ts)).toEqual([507, 520, 533].map((s) => T0 + s * SEC));
    const ranged = await api.records({ text: 'zebra', from: T0 + 100 * SEC, to: T0 + 130 * SEC });
    expect(ranged.rows.map((r) => r.ts)).toEqual([104, 117, 130].map((s) => T0 + s * SEC));
    const phrase = await api.records({ text: 'killed AND java', sourceIds: [sources.messages] });
    expect(phrase.rows.length).toBe(10);
    await expect(api.records({ text: 'AND OR (' })).rejects.toMatchObject({ code: 'bad-request' });
  });

  it('shows a record with its context lines, events and the sources it was also seen in', async () => {
    const oom = (await api.records({ text: 'killed', sourceIds: [sources.journal], limit: 1 })).rows[0]!;
    const d = await api.record(oom.id, 3);
    expect(d.record.raw).toBe(`Nov 27 10:00:00 node-a kernel: ${oom.message}`);
    expect(d.context.map((r) => r.line)).toEqual([48, 49, 50, 51, 52, 53, 54]);
    expect(d.events.map((e) => e.type)).toEqual(['oom_kill']);
    expect(d.seenIn.map((s) => s.sourcePath).sort()).toEqual(['dmesg', 'var/log/messages']);
    const inMessages = (await api.records({ text: 'killed', sourceIds: [sources.messages], limit: 1 })).rows[0]!;
    expect(inMessages.dupOf).toBe(oom.id);
  });

  it('counts each kernel event once across sources, and every line-level event when asked', async () => {
    const collapsed = await api.events({});
    expect(collapsed.rows.length).toBe(1);
    const all = await api.events({ collapsed: false });
    expect(all.rows.length).toBe(2);
  });

  it('draws a timeline from the per-minute counts and from records when zoomed in', async () => {
    const t = await api.timeline({ from: T0, to: T0 + 1200 * SEC, buckets: 20, laneBy: 'node' });
    const lane = t.lanes.find((l) => l.key === 'node-a')!;
    expect(lane.counts.reduce((a, b) => a + b, 0)).toBe(1020);
    expect(lane.worst!.some((w) => w === 4)).toBe(true);
    const zoom = await api.timeline({ from: T0, to: T0 + 100 * SEC, buckets: 100, laneBy: 'node-source', measure: 'records' });
    const j = zoom.lanes.find((l) => l.key.endsWith(`src:${sources.journal}`))!;
    expect(j.counts.every((c) => c === 1)).toBe(true);
    // Zoomed in below a minute, one node: counted from the ts index alone (the journal each second,
    // and at 50 s the same OOM line in messages and, 0.3 s later, in dmesg).
    const node = await api.timeline({ from: T0, to: T0 + 100 * SEC, buckets: 100, laneBy: 'node', measure: 'records' });
    expect(node.lanes.map((l) => [l.key, l.counts])).toEqual([['node-a', Array.from({ length: 100 }, (_, i) => (i === 50 ? 3 : 1))]]);
    const cat = await api.timeline({ from: T0, to: T0 + 1200 * SEC, buckets: 10, laneBy: 'node-category', measure: 'events' });
    expect(cat.lanes.map((l) => l.key)).toEqual(['node-a/memory']);
  });

  it('counts full-text hits per bucket from the index alone, as many as reading each hit finds', async () => {
    // Minute-aligned buckets (edges read off the per-minute counts), then sub-minute ones (edges
    // searched in the time ranking): both must give the journal's own counts.
    for (const q of [
      { from: T0, to: T0 + 1200 * SEC, buckets: 10, laneBy: 'node' as const, measure: 'records' as const },
      { from: T0 + 3 * SEC, to: T0 + 400 * SEC, buckets: 7, laneBy: 'node' as const, measure: 'records' as const },
    ]) {
      const fromIndex = await api.timeline({ ...q, filter: { text: 'zebra' } }); // one node: counted by rank
      // A severity filter makes every hit's record be read (per-record path); every zebra line in
      // range has a severity, so both must agree.
      const perRecord = await api.timeline({ ...q, filter: { text: 'zebra', severities: [0, 1, 2, 3, 4, 5, 6, 7] } });
      const bucket = Math.ceil((q.to - q.from) / q.buckets);
      const expected = new Array<number>(q.buckets).fill(0);
      for (let i = 0; i < 1000; i++) {
        const ts = T0 + i * SEC;
        if (i % 13 === 0 && i % 100 !== 50 && ts >= q.from && ts < q.to) expected[Math.floor((ts - q.from) / bucket)]! += 1;
      }
      expect(expected.some((n) => n > 0)).toBe(true);
      expect(fromIndex.lanes.map((l) => [l.key, l.counts])).toEqual([['node-a', expected]]);
      expect(perRecord.lanes.map((l) => [l.key, l.counts])).toEqual([['node-a', expected]]);
    }
    const none = await api.timeline({ from: T0, to: T0 + 1200 * SEC, buckets: 10, laneBy: 'node', filter: { text: 'nosuchwordanywhere' } });
    expect(none.lanes.filter((l) => l.counts.some((n) => n > 0))).toEqual([]);
  });

  it('runs read-only SQL and refuses writes, ATTACH, PRAGMA writes and extensions clearly', async () => {
    const r = await api.sql('SELECT count(*) AS n FROM records');
    expect(r.rows).toEqual([[1022]]);
    const capped = await api.sql('SELECT id FROM records', 10);
    expect(capped.rows.length).toBe(10); expect(capped.truncated).toBe(true);
    await expect(api.sql('DELETE FROM records')).rejects.toMatchObject({ code: 'read-only' });
    await expect(api.sql("ATTACH DATABASE '/tmp/x.db' AS x")).rejects.toMatchObject({ code: 'read-only', message: expect.stringMatching(/ATTACH/) });
    await expect(api.sql('PRAGMA journal_mode = DELETE')).rejects.toMatchObject({ code: 'read-only' });
    await expect(api.sql("SELECT load_extension('/tmp/evil.so')")).rejects.toMatchObject({ code: 'read-only' });
    await expect(api.sql('CREATE TABLE x(a)')).rejects.toMatchObject({ code: 'read-only' });
    await expect(api.sql('SELEC 1')).rejects.toMatchObject({ code: 'sql-error' });
    expect((await api.sql("SELECT 'ATTACH is a word' AS s")).rows).toEqual([['ATTACH is a word']]);
  });

  it('keeps notes: create, update, delete, restore (undo), saved views', async () => {
    const ev = (await api.events({})).rows[0]!;
    const a = await api.annotate({ target: { kind: 'event', eventId: ev.id }, star: true, tags: ['root-cause'], comment: 'the OOM' });
    expect(a.ts).toBe(ev.ts);
    const u = await api.updateAnnotation(a.id, { comment: 'the **OOM**', evidenceChoice: 'accepted' });
    expect(u).toMatchObject({ id: a.id, star: true, comment: 'the **OOM**', evidenceChoice: 'accepted', createdAt: a.createdAt });
    await api.deleteAnnotation(a.id);
    expect(await api.annotations()).toEqual([]);
    expect(await api.restoreAnnotation(u)).toEqual(u);
    const range = await api.annotate({ target: { kind: 'range', from: T0, to: T0 + SEC, node: 'node-a' } });
    expect((await api.annotations()).map((x) => x.id)).toEqual([range.id, a.id]);
    await expect(api.annotate({ target: { kind: 'record', recordId: 999999 } })).rejects.toMatchObject({ code: 'not-found' });
    const v = await api.saveView('ooms', { text: 'killed' });
    expect(await api.savedViews()).toEqual([v]);
    await api.deleteView(v.id);
    expect(await api.savedViews()).toEqual([]);
  });

  it('moves a source\'s zone-inferred records when its zone is overridden', async () => {
    const db = new Database(casePath);
    db.prepare('UPDATE records SET ts_kind = ? WHERE source_id = ?').run(tsKindCode('zone-inferred'), sources.messages);
    db.close();
    const before = (await api.records({ sourceIds: [sources.messages], limit: 1 })).rows[0]!;
    const s = await api.setSourceZone(sources.messages, '+02:00');
    expect(s.zoneOverride).toBe('+02:00');
    const after = (await api.records({ sourceIds: [sources.messages], limit: 1 })).rows[0]!;
    expect(after.id).toBe(before.id);
    expect(after.ts).toBe(before.ts! - 2 * 3600 * SEC);
    await api.setSourceZone(sources.messages, null);
    expect((await api.record(before.id, 0)).record.ts).toBe(before.ts);
    await expect(api.setSourceZone(sources.messages, 'Mars/Olympus')).rejects.toMatchObject({ code: 'bad-request' });
  });
});

describe('case file versions', () => {
  it('opens a version-1 case in this version, data kept', async () => {
    const p = path.join(dir, 'v1.sqlite');
    const db = new Database(p);
    migrate(db, 1);
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    db.prepare("INSERT INTO bundles(path, layout, identity, status, imported_at) VALUES ('/old', 'sosreport', '{}', 'complete', 1)").run();
    db.prepare("INSERT INTO sources(bundle_id, path, format, node) VALUES (1, 'messages', 'syslog', 'old-node')").run();
    db.prepare("INSERT INTO annotations(target_kind, range_from, range_to, star, created_at, updated_at, ts) VALUES ('range', 1, 2, 1, 1, 1, 1)").run();
    db.close();
    const old = new LocalCaseApi();
    const s = await old.openCase(p);
    expect(s.schemaVersion).toBe(MIGRATIONS[MIGRATIONS.length - 1]!.version);
    expect(s.bundles[0]).toMatchObject({ path: '/old', status: 'complete' });
    expect((await old.annotations())[0]!.star).toBe(true);
    expect((await old.sql('SELECT count(*) FROM record_counts')).rows).toEqual([[0]]);
    await old.closeCase();
  });

  it('refuses a case from a newer Crashlens with a clear message', async () => {
    const p = path.join(dir, 'future.sqlite');
    const db = new Database(p); db.pragma(`user_version = ${SCHEMA_VERSION + 1}`); db.close();
    await expect(new LocalCaseApi().openCase(p)).rejects.toMatchObject({ message: expect.stringMatching(/newer than this Crashlens/) });
  });

  it('says when no case is open', async () => {
    await expect(new LocalCaseApi().records({})).rejects.toMatchObject({ code: 'no-case' });
  });
});
