// The full-text index as SQL, whichever connection runs it: tsorder (every record's rank in (ts, id)
// order) and records_fts (contentless FTS5 over `message`, rowid = that rank), so that a search
// returns hits in time order without sorting them (schema.ts v2). An import ranks the records in
// the case (seconds), then a worker thread (core/ingest/fulltext.ts) indexes their text in a side
// file next to the case while the main connection goes on with indexes, timeline and analysis;
// the finished index is copied into the case.
//
// This module is loaded by that worker from an esbuild bundle started from a data: URL, where bare
// imports of native modules do not resolve: it imports no value from better-sqlite3 (nor from
// case-db.ts, which does).
import fs from 'node:fs';
import type { Db } from './case-db.ts';

/** Records per FTS5 insert: a progress step, and the unit a cancel waits for. */
const SLICE = 200_000;

/** The side file of a case: beside its -wal and -shm, removed once copied (or on the next build). */
export const sidePath = (casePath: string): string => `${casePath}-fts`;

/** Remove a side file and anything SQLite may have left beside it (a build killed mid-way). */
export function removeSide(casePath: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(sidePath(casePath) + suffix, { force: true });
}

/** What the index covers: the records' last id and count (meta fts_built holds it once built). */
export function fullTextKey(db: Db, schema = 'main'): string {
  const now = db.prepare(`SELECT coalesce(max(id), 0) AS m, count(*) AS n FROM ${schema}.records`).get() as { m: number; n: number };
  return `${now.m}:${now.n}`;
}

/** Create in `db`'s main schema a records_fts declared exactly as in schema `from`: the case's own
 *  declaration, so a later migration that changes it changes the side file too. */
export function declareLike(db: Db, from: string): void {
  const sql = db.prepare(`SELECT sql FROM ${from}.sqlite_master WHERE type = 'table' AND name = 'records_fts'`).pluck().get() as string | undefined;
  if (!sql) throw new Error('the case has no table records_fts');
  db.exec(sql);
}

/** Rank every record of the case in (ts, id) order (tsorder), replacing the ranks there were
 *  (rebuilt whole after each import: a new bundle's records interleave in time with the old ones,
 *  so ranks shift). Returns the key of the records ranked, read in the same transaction. */
export function rankRecords(db: Db, counted?: string): string {
  return db.transaction(() => {
    // `counted`: the key just read on this connection, nothing written since (a count is ~0.3 s on 6M records).
    const key = counted ?? fullTextKey(db);
    db.exec('DELETE FROM tsorder');
    // Reads the records_ts index in order when it exists: no sort.
    db.exec('INSERT INTO tsorder(record_id) SELECT id FROM records ORDER BY ts, id');
    return key;
  })();
}

/** Index the text of the records of schema `from` under their rank (its tsorder) in `db`'s
 *  records_fts, replacing what was there. Returns false when `signal` stopped it. Yields between
 *  slices: on the case's own connection the UI's queries cut in there. */
export async function indexText(db: Db, from: string, onProgress?: (done: number, total: number) => void, signal?: AbortSignal): Promise<boolean> {
  db.exec("INSERT INTO main.records_fts(records_fts) VALUES ('delete-all')");
  const total = (db.prepare(`SELECT coalesce(max(seq), 0) AS n FROM ${from}.tsorder`).get() as { n: number }).n;
  const ins = db.prepare(`INSERT INTO main.records_fts(rowid, message)
    SELECT t.seq, r.message FROM ${from}.tsorder t JOIN ${from}.records r ON r.id = t.record_id WHERE t.seq > ? AND t.seq <= ?`);
  for (let lo = 0; lo < total; lo += SLICE) {
    if (signal?.aborted) return false;
    db.transaction(() => ins.run(lo, Math.min(lo + SLICE, total)))();
    onProgress?.(Math.min(lo + SLICE, total), total);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  // Merge the segments the slices left so the first search does not pay for it.
  db.prepare("INSERT INTO main.records_fts(records_fts, rank) VALUES ('merge', 500)").run();
  return true;
}

/** Tables that hold the index's data: records_fts's shadow tables (with content='' and
 *  columnsize=0 that is _data, _idx and _config; a declaration with content or column sizes would
 *  add _content and _docsize, and they are copied the same way). */
function storedTables(db: Db, schema: string): string[] {
  return db.prepare(`SELECT name FROM ${schema}.sqlite_master WHERE type = 'table' AND name LIKE 'records\\_fts\\_%' ESCAPE '\\' ORDER BY name`)
    .pluck().all() as string[];
}

/** Replace the case's full-text index (`db`'s main schema) with the one built in schema `side`, in
 *  one transaction that also records in meta fts_built the key of the records ranked (`key`, from
 *  rankRecords). Writes nothing and returns false when the case's records changed since.
 *
 *  Writing FTS5's shadow tables directly needs a connection without SQLITE_DBCONFIG_DEFENSIVE
 *  (better-sqlite3's unsafeMode), and must not be the case's main connection: FTS5 caches the index
 *  structure per connection and revalidates it only when another connection has committed
 *  (PRAGMA data_version), so the copying connection is a short-lived one of its own. */
export function copyFullText(db: Db, side: string, key: string): boolean {
  const tables = storedTables(db, 'main');
  const theirs = storedTables(db, side);
  if (tables.join() !== theirs.join()) throw new Error(`the side file's full-text tables (${theirs.join(', ')}) differ from the case's (${tables.join(', ')})`);
  return db.transaction(() => {
    if (fullTextKey(db) !== key) return false;
    for (const t of tables) {
      db.exec(`DELETE FROM main.${t}`);
      db.exec(`INSERT INTO main.${t} SELECT * FROM ${side}.${t}`);
    }
    // case-db's setMeta, written out: this module stays free of better-sqlite3 values (see the top).
    db.prepare("INSERT OR REPLACE INTO main.meta(key, value) VALUES ('fts_built', ?)").run(key);
    return true;
  }).immediate();
}
