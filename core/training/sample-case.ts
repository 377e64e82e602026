// Where an opened sample's case lives, and how its training history survives re-opening: each
// open imports the sample into a fresh case (so the import runs and the UI sees it), carrying the
// attempts of the previous case of the same sample over.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Db } from '../store/case-db.ts';

interface AttemptRow { sample_id: string; answer: string; score: string; at: number }

/** $CRASHLENS_HOME/samples/<id>.case (default ~/.crashlens). */
export function sampleCasePath(id: string): string {
  const home = process.env.CRASHLENS_HOME ?? path.join(os.homedir(), '.crashlens');
  return path.join(home, 'samples', `${id}.case`);
}

/** The attempts stored in an existing case file (none when it is missing or unreadable). */
export function readAttempts(casePath: string): AttemptRow[] {
  if (!fs.existsSync(casePath)) return [];
  try {
    const db = new Database(casePath, { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT sample_id, answer, score, at FROM training_attempts ORDER BY id').all() as AttemptRow[];
    } finally { db.close(); }
  } catch { return []; }
}

export function restoreAttempts(db: Db, rows: AttemptRow[]): void {
  const ins = db.prepare('INSERT INTO training_attempts (sample_id, answer, score, at) VALUES (?, ?, ?, ?)');
  db.transaction(() => { for (const r of rows) ins.run(r.sample_id, r.answer, r.score, r.at); })();
}

/** Remove a case file and its WAL companions. */
export function removeCase(casePath: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(casePath + suffix, { force: true });
}
