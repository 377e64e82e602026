// The full-text worker: indexes the records' text under their rank (the case's tsorder, made by
// the main thread just before) in a records_fts of a side file of its own (SQLite locks per file,
// so the main connection keeps writing the case meanwhile), reading the case through an ATTACH
// (WAL: a reader runs beside the writer). When the main thread says the case may be written (its
// analysis is done), it copies the index into the case and removes the side file.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type BetterSqlite3 from 'better-sqlite3';
import { copyFullText, declareLike, indexText, removeSide, sidePath } from '../store/fulltext-build.ts';
import type { FromFullText, FullTextStart, ToFullText } from './fulltext-protocol.ts';

// Through createRequire: this file runs as a bundle from a data: URL (worker-code.ts), where a bare
// import of a native module does not resolve.
const Database = createRequire(import.meta.url)('better-sqlite3') as typeof BetterSqlite3;
const { casePath, key } = workerData as FullTextStart;
const post = (m: FromFullText) => parentPort!.postMessage(m);

async function build(): Promise<void> {
  removeSide(casePath);
  const side = new Database(sidePath(casePath));
  try {
    // A scratch file: a crash leaves it behind to be removed, never to be recovered.
    side.pragma('journal_mode = OFF');
    side.pragma('synchronous = OFF');
    side.pragma('cache_size = -32768');
    // Read-write only because better-sqlite3 cannot open URIs (no mode=ro): nothing here writes
    // to schema c, every statement that names it reads.
    side.prepare('ATTACH DATABASE ? AS c').run(casePath);
    side.pragma('c.cache_size = -8192');
    declareLike(side, 'c');
    await indexText(side, 'c', (done, total) => post({ t: 'progress', done, total }));
  } finally { side.close(); }
}

function copy(): boolean {
  const db = new Database(casePath, { fileMustExist: true });
  try {
    db.unsafeMode(true); // writes FTS5's shadow tables (see copyFullText)
    db.pragma('busy_timeout = 5000');
    db.pragma('cache_size = -16384');
    db.prepare('ATTACH DATABASE ? AS side').run(sidePath(casePath));
    const ok = copyFullText(db, 'side', key);
    db.exec('DETACH DATABASE side');
    return ok;
  } finally { db.close(); }
}

let built = false;
let copyAsked = false;
const copyNow = () => {
  try { const copied = copy(); removeSide(casePath); post({ t: 'done', copied }); } catch (e) { post({ t: 'error', message: (e as Error).message }); }
};
parentPort!.on('message', (m: ToFullText) => {
  if (m.t !== 'copy') return;
  copyAsked = true;
  if (built) copyNow();
});
build().then(() => {
  built = true;
  post({ t: 'built' });
  if (copyAsked) copyNow();
}, (e: Error) => post({ t: 'error', message: e.message }));
