// Opening a case file: pragmas, migrations, and the separate read-only connection for user SQL.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import { migrate } from './schema.ts';

export type Db = Database.Database;

export const nowMicros = (): number => Date.now() * 1000;

/** Open (or create, when `create`) a case file for reading and writing, migrated to the latest schema. */
export function openCaseDb(path: string, opts: { create?: boolean } = {}): Db {
  if (!opts.create && !fs.existsSync(path)) throw new Error(`no case file at ${path}`);
  const fresh = !fs.existsSync(path) || fs.statSync(path).size === 0;
  const db = new Database(path);
  // 16 KiB pages: records (~230-byte rows) leave ~1 % of each page unused instead of ~3 % with 4 KiB,
  // and B-trees are a level shallower. Only possible before the first table exists (WAL fixes the
  // page size from then on); an older case keeps its 4 KiB pages.
  if (fresh) db.pragma('page_size = 16384');
  // WAL: readers (the UI, the read-only SQL console) keep reading while an import writes.
  db.pragma('journal_mode = WAL');
  // NORMAL in WAL mode cannot corrupt the file on a crash; it may lose the last commits only,
  // which an interrupted import reports anyway.
  db.pragma('synchronous = NORMAL');
  // 32 MiB page cache; sorts for index builds spill to temp files (the default temp_store), so a
  // 10-million-record case builds its indexes inside the 400 MiB RSS budget.
  db.pragma('cache_size = -32768');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  db.prepare("INSERT OR IGNORE INTO meta(key, value) VALUES ('created_at', ?)").run(String(nowMicros()));
  return db;
}

/** For the first import into a case, skip the fsyncs; returns what makes the case durable again.
 *  With synchronous = NORMAL every WAL checkpoint waits for two fsyncs on the import's thread, and
 *  while it waits no chunk reaches the parser workers: on the 1 GiB bench the records took 25.2 and
 *  27.4 s against 22.4 and 20.8 s without (alternated runs). What OFF risks is a power loss or an
 *  OS crash during the import (a killed process loses nothing more: its writes are in the OS's
 *  cache): then the case file may be damaged. So only a case that holds nothing else yet — no
 *  finished bundle, no annotation — is loaded this way; at the end NORMAL is back and a checkpoint
 *  syncs the WAL and what it copies, so the finished case is as durable as any. */
export function relaxSyncForFirstLoad(db: Db): () => void {
  if (db.memory) return () => {};
  const holds = db.prepare(`SELECT (SELECT count(*) FROM bundles WHERE status <> 'importing') + (SELECT count(*) FROM annotations) AS n`).get() as { n: number };
  if (holds.n > 0) return () => {};
  db.pragma('synchronous = OFF');
  return () => {
    db.pragma('synchronous = NORMAL');
    db.pragma('wal_checkpoint(PASSIVE)');
  };
}

/** A read-only connection: SQLite itself refuses every write on it (SQLITE_READONLY). */
export function openReadOnly(path: string): Db {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 5000');
  return db;
}

export function getMeta(db: Db, key: string): string | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined;
  return row?.value ?? null;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.prepare('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)').run(key, value);
}
