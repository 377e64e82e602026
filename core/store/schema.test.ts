// The case file's schema: migrations step by step, an old file keeps its data, WAL, and the
// post-load steps run on a file made by the writer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { openCaseDb, relaxSyncForFirstLoad } from './case-db.ts';
import { MIGRATIONS, SCHEMA_VERSION, TS_KINDS, migrate, tsKindCode, tsKindName } from './schema.ts';
import { CaseWriter } from './writer.ts';
import { batchOf, type RecordValues } from './record-batch.ts';
import { buildIndexes, countSlots, linkDuplicates } from './post-load.ts';
import { storeText } from './raw-text.ts';
import { queryRecords, recordDetail } from '../api/record-queries.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crashlens-schema-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('case schema', () => {
  it('creates a fresh case at the latest version, in WAL mode', () => {
    const db = openCaseDb(path.join(dir, 'new.sqlite'), { create: true });
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect((db.prepare("SELECT value FROM meta WHERE key = 'schema_version'").get() as { value: string }).value).toBe(String(SCHEMA_VERSION));
    expect(db.pragma('page_size', { simple: true })).toBe(16384);
    db.close();
  });

  it('migrates a version-2 file: its rows (host and ident text, absolute end_line) and new rows (ids, end_line 0) read the same', () => {
    const p = path.join(dir, 'v2.sqlite');
    const old = new Database(p);
    expect(migrate(old, 2)).toBe(2);
    old.prepare("INSERT INTO bundles(path, imported_at) VALUES ('/b', 1)").run();
    old.prepare("INSERT INTO sources(bundle_id, path, format) VALUES (1, 'messages', 'syslog')").run();
    const raw = (i: number) => `Nov 27 09:51:0${i} node-a kubelet[7]: line ${i}`;
    const ins = old.prepare(`INSERT INTO records(source_id, line, end_line, ts, ts_kind, ident, pid, host, message, prefix)
      VALUES (1, ?, ?, ?, 1, 'kubelet', 7, 'node-a', ?, ?)`);
    for (const i of [1, 2]) ins.run(i, i === 2 ? 3 : i, i * 1e6, `line ${i}`, storeText(raw(i), `line ${i}`, 'node-a', 'kubelet').prefix);
    old.close();

    const db = openCaseDb(p);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('page_size', { simple: true })).toBe(4096); // an old file keeps its pages
    const w = new CaseWriter(db);
    const rows = [4, 5].map((i) => {
      const t = storeText(raw(i), `line ${i}`, 'node-a', 'kubelet');
      return [1, i, i === 5 ? 6 : i, i * 1e6, 1, null, null, 'kubelet', 7, 'node-a', null, `line ${i}`, t.prefix, t.raw, null] as RecordValues;
    });
    w.writeBatch(batchOf(rows), [], null);
    w.flush();
    buildIndexes(db);
    // Stored small: no text, one host and one ident in the dictionaries, 0 for "its own line".
    expect(db.prepare('SELECT host, ident, host_id, ident_id, end_line FROM records WHERE line >= 4 ORDER BY line').all()).toEqual([
      { host: null, ident: null, host_id: 1, ident_id: 1, end_line: 0 }, { host: null, ident: null, host_id: 1, ident_id: 1, end_line: 6 },
    ]);
    const page = queryRecords(db, { idents: ['kubelet'] }, () => null, false);
    expect(page.rows.map((r) => [r.line, r.endLine, r.ident])).toEqual([[1, 1, 'kubelet'], [2, 3, 'kubelet'], [4, 4, 'kubelet'], [5, 6, 'kubelet']]);
    expect(queryRecords(db, { idents: ['kernel'] }, () => null, false).rows).toEqual([]);
    for (const r of page.rows) {
      const d = recordDetail(db, r.id, 1, () => null, () => []);
      expect(d.record.raw).toBe(raw(r.line));
      expect(d.context.map((c) => c.endLine)).toEqual(d.context.map((c) => (c.line === 2 ? 3 : c.line === 5 ? 6 : c.line)));
    }
    // The SQL console's view gives both kinds of rows as text, whatever stored them.
    expect(db.prepare('SELECT source, line, end_line, time_utc, host, ident, message FROM record_lines ORDER BY line').all()).toEqual(
      [[1, 1], [2, 3], [4, 4], [5, 6]].map(([line, end]) => ({
        source: 'messages', line, end_line: end, time_utc: `1970-01-01T00:00:0${line}.000Z`, host: 'node-a', ident: 'kubelet', message: `line ${line}`,
      })));
    db.close();
  });

  it('migrates a version-1 file step by step and keeps its rows', () => {
    const p = path.join(dir, 'v1.sqlite');
    const old = new Database(p);
    expect(migrate(old, 1)).toBe(1);
    old.prepare("INSERT INTO bundles(path, imported_at) VALUES ('/b', 1)").run();
    old.prepare("INSERT INTO sources(bundle_id, path, format) VALUES (1, 'messages', 'syslog')").run();
    old.prepare("INSERT INTO records(source_id, line, end_line, ts, ts_kind, message) VALUES (1, 1, 1, 60000000, 0, 'hello')").run();
    old.close();
    const db = openCaseDb(p);
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.at(-1)!.version);
    expect(db.prepare('SELECT message, dup_of FROM records').get()).toEqual({ message: 'hello', dup_of: null });
    countSlots(db, 1);
    expect(db.prepare('SELECT grain, slot, count FROM record_counts ORDER BY grain').all()).toEqual([
      { grain: 60, slot: 1, count: 1 }, { grain: 3600, slot: 0, count: 1 },
    ]);
    db.close();
  });

  it('v5: a loaded case gets records_dup_key on (dup_key, ts, source_id); a fresh one only after its bulk load', () => {
    const columns = (db: Database.Database) => (db.prepare("SELECT name FROM pragma_index_info('records_dup_key')").all() as { name: string }[]).map((c) => c.name);
    const p = path.join(dir, 'v4.sqlite');
    const old = new Database(p);
    expect(migrate(old, 4)).toBe(4);
    old.prepare("INSERT INTO bundles(path, imported_at) VALUES ('/b', 1)").run();
    for (const f of ['messages', 'dmesg']) old.prepare("INSERT INTO sources(bundle_id, path, format) VALUES (1, ?, 'syslog')").run(f);
    // The same kernel line in both sources, 0.5 s apart; a third copy too far away in time.
    const ins = old.prepare('INSERT INTO records(source_id, line, end_line, ts, ts_kind, message, dup_key) VALUES (?, ?, 0, ?, 0, ?, 77)');
    ins.run(1, 1, 10_000_000, 'eth0: link down'); ins.run(2, 1, 10_500_000, 'eth0: link down'); ins.run(2, 2, 99_000_000, 'eth0: link down');
    old.exec("CREATE INDEX records_dup_key ON records(dup_key) WHERE dup_key IS NOT NULL; CREATE INDEX records_source_line ON records(source_id, line)");
    old.close();
    const db = openCaseDb(p);
    expect(columns(db)).toEqual(['dup_key', 'ts', 'source_id']);
    linkDuplicates(db, 1);
    expect(db.prepare('SELECT id, dup_of FROM records ORDER BY id').all()).toEqual([{ id: 1, dup_of: null }, { id: 2, dup_of: 1 }, { id: 3, dup_of: null }]);
    db.close();
    const fresh = openCaseDb(path.join(dir, 'fresh-v5.sqlite'), { create: true });
    expect(columns(fresh)).toEqual([]);
    buildIndexes(fresh);
    expect(columns(fresh)).toEqual(['dup_key', 'ts', 'source_id']);
    fresh.close();
  });

  it('skips fsyncs only while a case holding nothing else is loaded, and is durable (NORMAL) after', () => {
    const sync = (db: Database.Database) => db.pragma('synchronous', { simple: true });
    const db = openCaseDb(path.join(dir, 'sync.sqlite'), { create: true });
    expect(sync(db)).toBe(1);
    let durable = relaxSyncForFirstLoad(db);
    expect(sync(db)).toBe(0);
    db.prepare("INSERT INTO bundles(path, imported_at, status) VALUES ('/a', 1, 'importing')").run(); // the import's own bundle
    durable();
    expect(sync(db)).toBe(1);
    // A finished bundle, or only an annotation, is something a power loss must not take: no relaxing.
    db.prepare("UPDATE bundles SET status = 'complete'").run();
    durable = relaxSyncForFirstLoad(db);
    expect(sync(db)).toBe(1);
    durable();
    db.prepare('DELETE FROM bundles').run();
    db.prepare("INSERT INTO annotations(target_kind, range_from, range_to, created_at, updated_at) VALUES ('range', 1, 2, 1, 1)").run();
    relaxSyncForFirstLoad(db);
    expect(sync(db)).toBe(1);
    db.close();
  });

  it('keeps ts kinds as stable small codes', () => {
    expect(TS_KINDS.map(tsKindCode)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(tsKindName(3)).toBe('monotonic-mapped');
    expect(tsKindName(null)).toBe('none');
  });

  it('writes records in multi-row statements with their events linked by batch index', () => {
    const db = openCaseDb(path.join(dir, 'w.sqlite'), { create: true });
    const w = new CaseWriter(db);
    const b = w.addBundle({ path: '/b', layout: 'loose', node: 'n', identity: {}, owner: 'x:1' });
    const s = w.addSource({ bundleId: b, node: 'n', path: 'p', format: 'syslog', confidence: 1, role: 'syslog', zone: null, bytes: 0 });
    const recs = Array.from({ length: 70 }, (_, i) => [s, i + 1, i + 1, i, 0, null, 6, 'k', null, null, null, `m${i}`, 'pre ', null, null] as RecordValues);
    w.writeBatch(batchOf(recs), [{ rec: 65, ev: { type: 'oom_kill', category: 'memory', severity: 'critical', ruleId: 'r', line: 66, endLine: 66, ts: 65, tsKind: 'exact', fields: {}, message: 'x' } }], 'n');
    w.flush();
    expect((db.prepare('SELECT count(*) AS n FROM records').get() as { n: number }).n).toBe(70);
    expect(db.prepare('SELECT r.line, r.message FROM events e JOIN records r ON r.id = e.record_id').get()).toEqual({ line: 66, message: 'm65' });
    // A host first seen in a rolled-back transaction is gone with it: the next batch adds it again.
    const hosted = (h: string) => [[s, 100, 100, 1, 0, null, null, null, null, h, null, 'x', null, null, null] as RecordValues];
    w.writeBatch(batchOf(hosted('node-z')), [], 'n');
    w.rollback();
    w.writeBatch(batchOf(hosted('node-z')), [], 'n');
    w.flush();
    expect(db.prepare('SELECT h.name FROM records r JOIN hosts h ON h.id = r.host_id').all()).toEqual([{ name: 'node-z' }]);
    // Records get SQLite's next ids: after a dropped bundle held the largest, the next batch's events
    // still point at their records; a record written behind the writer's back stops it.
    w.dropBundle(b);
    const b2 = w.addBundle({ path: '/b2', layout: 'loose', node: 'n', identity: {}, owner: 'x:1' });
    const s2 = w.addSource({ bundleId: b2, node: 'n', path: 'p', format: 'syslog', confidence: 1, role: 'syslog', zone: null, bytes: 0 });
    w.writeBatch(batchOf(recs.map((r) => [s2, ...r.slice(1)] as RecordValues)), [{ rec: 40, ev: { type: 'oom_kill', category: 'memory', severity: 'critical', ruleId: 'r', line: 41, endLine: 41, ts: 40, tsKind: 'exact', fields: {}, message: 'x' } }], 'n');
    w.flush();
    expect(db.prepare('SELECT r.id, r.message FROM events e JOIN records r ON r.id = e.record_id').get()).toEqual({ id: 41, message: 'm40' });
    db.prepare("INSERT INTO records(source_id, line, end_line, ts_kind, message) VALUES (?, 1, 1, 0, 'by hand')").run(s2);
    expect(() => w.writeBatch(batchOf(hosted('node-y')), [], 'n')).toThrow(/record ids out of step/);
    w.rollback();
    db.close();
  });

  it('stores text columns cut from the bound bytes as the same TEXT a bound string gives, any script, empty, NUL or huge', () => {
    const texts = ['', 'plain ascii', 'é ü 日本語 \u{1F600}', 'lone \ud800 surrogate', 'nul \u0000 inside', 'x'.repeat(200_000), 'tab\tand\nnewline'];
    const rows: RecordValues[] = [];
    // 70 rows: two full 32-row statements and 6 single-row ones.
    for (let i = 0; i < 70; i++) {
      const t = texts[i % texts.length]!;
      rows.push([1, i + 1, i + 1, null, 5, null, null, null, null, null, null, t, i % 2 ? t : null, i % 3 ? null : `raw ${t}`, null]);
    }
    const db = openCaseDb(path.join(dir, 'text.sqlite'), { create: true });
    const w = new CaseWriter(db);
    w.writeBatch(batchOf(rows), [], null);
    w.flush();
    // The reference: the same values bound as strings by better-sqlite3. Except a lone surrogate
    // (JSON.parse makes one of a "\ud800" escape): better-sqlite3 wrote its three bytes as they
    // are, which is not UTF-8 and read back as three U+FFFD; the bytes are now U+FFFD's own.
    db.exec('CREATE TABLE ref(message TEXT, prefix TEXT, raw TEXT)');
    const ref = db.prepare('INSERT INTO ref VALUES (?, ?, ?)');
    const valid = (v: string | null) => v?.replace('\ud800', '\ufffd') ?? null;
    for (const r of rows) ref.run(valid(r[11]), valid(r[12]), valid(r[13]));
    const stored = db.prepare('SELECT message, prefix, raw, typeof(message) AS tm, typeof(prefix) AS tp, length(CAST(message AS BLOB)) AS bytes FROM records ORDER BY id').all();
    const expected = db.prepare("SELECT message, prefix, raw, typeof(message) AS tm, typeof(prefix) AS tp, length(CAST(message AS BLOB)) AS bytes FROM ref ORDER BY rowid").all();
    expect(stored).toEqual(expected);
    expect(stored.length).toBe(70);
    db.close();
  });
});
