// The full-text index built by the worker in a side file and copied into the case: FTS5's own
// integrity check, the same hits (and the same index bytes) as the build in place, progress, the
// order "events and timeline before full text", cancel, a stale side file, an unchanged case.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getMeta, openCaseDb, type Db } from '../store/case-db.ts';
import { indexText, rankRecords, sidePath } from '../store/fulltext-build.ts';
import { readiness } from '../store/post-load.ts';
import { finishLoad } from './import.ts';
import { startFullText } from './fulltext.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crashlens-fts-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const WORDS = ['kubelet', 'oom', 'etcd', 'pod', 'sync', 'timeout', 'zebra', 'link', 'down', 'panic'];
const N = 30_000;
const T0 = Date.UTC(2026, 10, 27) * 1000;

/** A case of N records from three sources whose times interleave (so time order is not id order),
 *  a few without a time; written with plain SQL so the test does not depend on the writer's layout. */
function makeCase(name: string): { db: Db; casePath: string } {
  const casePath = path.join(dir, name);
  const db = openCaseDb(casePath, { create: true });
  db.prepare("INSERT INTO bundles(id, path, imported_at, status) VALUES (1, '/b', 0, 'complete')").run();
  for (const sid of [1, 2, 3]) db.prepare("INSERT INTO sources(id, bundle_id, path, format) VALUES (?, 1, ?, 'plain')").run(sid, `log${sid}`);
  const ins = db.prepare('INSERT INTO records(id, source_id, line, end_line, ts, ts_kind, message) VALUES (?, ?, ?, ?, ?, 0, ?)');
  let seed = 7;
  const rnd = () => { seed = (seed * 1103515245 + 12345) % 2 ** 31; return seed / 2 ** 31; };
  db.transaction(() => {
    for (let id = 1; id <= N; id++) {
      const sid = 1 + (id % 3);
      const ts = id % 997 === 0 ? null : T0 + Math.floor(rnd() * 3600) * 1_000_000;
      const words = Array.from({ length: 4 }, () => WORDS[Math.floor(rnd() * WORDS.length)]).join(' ');
      ins.run(id, sid, id, id, ts, `${words} n${id % 50}`);
    }
  })();
  return { db, casePath };
}

const hits = (db: Db, q: string) => db.prepare('SELECT rowid FROM records_fts WHERE records_fts MATCH ? ORDER BY rowid').pluck().all(q);
const blobs = (db: Db) => db.prepare('SELECT id, block FROM records_fts_data ORDER BY id').raw().all();
const ftsCheck = (db: Db) => db.exec("INSERT INTO records_fts(records_fts) VALUES ('integrity-check')");

describe('full-text index built beside the post-load work', () => {
  it('copies an index that passes integrity-check and answers as the build in place does; events and timeline first', async () => {
    const { db, casePath } = makeCase('a.sqlite');
    const progress: [number, number][] = [];
    let during: ReturnType<typeof readiness> | null = null;
    let hitsDuringAnalysis = -1;
    await finishLoad(db, 1, {
      analyse: async (d) => {
        // Let the worker finish its side file first: even then it must not have written the case.
        while (!progress.some(([done, total]) => done === total)) await new Promise((r) => setTimeout(r, 20));
        during = readiness(d);
        hitsDuringAnalysis = hits(d, 'zebra').length;
      },
      fulltext: { onProgress: (done, total) => progress.push([done, total]) },
    });
    expect(during).toMatchObject({ records: true, events: true, timeline: true, fulltext: false });
    expect(hitsDuringAnalysis).toBe(0);
    expect(progress.at(-1)).toEqual([N, N]);
    expect(readiness(db).fulltext).toBe(true);
    expect(getMeta(db, 'fts_built')).toBe(`${N}:${N}`);
    expect(getMeta(db, 'fulltext_side_error')).toBeNull();
    expect(fs.existsSync(sidePath(casePath))).toBe(false);
    ftsCheck(db);
    // contentless, columnsize=0: nothing but _data, _idx and _config beside the index.
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'records_fts_%' ORDER BY name").pluck().all())
      .toEqual(['records_fts_config', 'records_fts_data', 'records_fts_idx']);

    // tsorder is (ts, id) order, records without a time first.
    const order = db.prepare('SELECT record_id FROM tsorder ORDER BY seq').pluck().all();
    expect(order).toEqual(db.prepare('SELECT id FROM records ORDER BY ts, id').pluck().all());

    // The same index built in place, on the case's own connection, in a copy of the case.
    const ref = makeCase('ref.sqlite').db;
    rankRecords(ref);
    expect(await indexText(ref, 'main')).toBe(true);
    for (const q of ['kubelet', 'zebra AND panic', 'oom OR etcd', 'n1*', 'pod NOT sync', 'absent']) expect(hits(db, q), q).toEqual(hits(ref, q));
    expect(hits(db, 'zebra').length).toBeGreaterThan(1000);
    expect(blobs(db)).toEqual(blobs(ref));
    ref.close();
    db.close();
  });

  it('cancel: the worker stops, its side file goes, the next run builds the index', async () => {
    const { db, casePath } = makeCase('cancel.sqlite');
    const abort = new AbortController();
    // Cancelled as soon as the worker reports its first slice, while analysis still runs.
    let sideSeen = false;
    await finishLoad(db, 1, {
      analyse: async () => {
        while (!abort.signal.aborted) await new Promise((r) => setTimeout(r, 5));
        await new Promise((r) => setTimeout(r, 50));
      },
      fulltext: { signal: abort.signal, onProgress: () => { sideSeen ||= fs.existsSync(sidePath(casePath)); abort.abort(); } },
    });
    expect(sideSeen).toBe(true);
    expect(readiness(db).fulltext).toBe(false);
    expect(fs.existsSync(sidePath(casePath))).toBe(false);
    expect(getMeta(db, 'fts_built')).toBeNull();
    await finishLoad(db, null);
    expect(readiness(db).fulltext).toBe(true);
    expect(hits(db, 'zebra').length).toBeGreaterThan(1000);
    ftsCheck(db);
    db.close();
  });

  it('removes a stale side file (a build killed mid-way) and keeps an index that is up to date', async () => {
    const { db, casePath } = makeCase('stale.sqlite');
    fs.writeFileSync(sidePath(casePath), 'left by a SIGKILL');
    await finishLoad(db, 1);
    expect(readiness(db).fulltext).toBe(true);
    expect(getMeta(db, 'fulltext_side_error')).toBeNull();
    ftsCheck(db);
    const before = blobs(db);
    // Nothing new: no rebuild, and litter from a build killed after its copy goes too.
    fs.writeFileSync(sidePath(casePath), 'left by a SIGKILL');
    const again = startFullText(db);
    expect(readiness(db).fulltext).toBe(true);
    expect(fs.existsSync(sidePath(casePath))).toBe(false);
    expect(await again.finish()).toBe(true);
    expect(blobs(db)).toEqual(before);
    db.close();
  });

  it('falls back to the build in place when the side file cannot be made, and says why in meta', async () => {
    const { db, casePath } = makeCase('fallback.sqlite');
    // A folder where the side file goes: the worker can neither remove nor open it.
    fs.mkdirSync(sidePath(casePath));
    await finishLoad(db, 1);
    expect(getMeta(db, 'fulltext_side_error')).toBeTruthy();
    expect(readiness(db).fulltext).toBe(true);
    expect(getMeta(db, 'fts_built')).toBe(`${N}:${N}`);
    expect(hits(db, 'zebra').length).toBeGreaterThan(1000);
    ftsCheck(db);
    db.close();
  });

  it('rebuilds after new records: ranks shift, searches find the new ones in time order', async () => {
    const { db } = makeCase('grow.sqlite');
    await finishLoad(db, 1);
    db.prepare("INSERT INTO records(id, source_id, line, end_line, ts, ts_kind, message) VALUES (?, 1, 1, 1, ?, 0, 'quokka first')").run(N + 1, T0 - 1);
    db.prepare("INSERT INTO records(id, source_id, line, end_line, ts, ts_kind, message) VALUES (?, 1, 2, 2, ?, 0, 'quokka last')").run(N + 2, T0 + 7200 * 1_000_000);
    await finishLoad(db, N + 1);
    expect(getMeta(db, 'fts_built')).toBe(`${N + 2}:${N + 2}`);
    const found = db.prepare(`SELECT r.message FROM records_fts f JOIN tsorder t ON t.seq = f.rowid JOIN records r ON r.id = t.record_id
      WHERE records_fts MATCH 'quokka' ORDER BY f.rowid`).pluck().all();
    expect(found).toEqual(['quokka first', 'quokka last']);
    ftsCheck(db);
    db.close();
  });
});
