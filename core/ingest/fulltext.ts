// The full-text index of an import, built beside the rest of the post-load work: the main thread
// ranks the records (tsorder, a few seconds), then a worker thread (fulltext-worker.ts) indexes
// their text in a side file while the main connection builds the other indexes, the timeline and
// the analysis, so the second core is not idle; once the main thread is done writing, the worker
// copies the index into the case in one transaction. Events and the timeline are still ready
// first: the copy waits for finish().
import { Worker } from 'node:worker_threads';
import type { Db } from '../store/case-db.ts';
import { getMeta, setMeta } from '../store/case-db.ts';
import { fullTextKey, indexText, rankRecords, removeSide } from '../store/fulltext-build.ts';
import { setReady } from '../store/post-load.ts';
import type { FromFullText, FullTextStart } from './fulltext-protocol.ts';
import { workerUrl } from './worker-code.ts';

export interface FullTextOptions {
  onProgress?: (done: number, total: number) => void;
  /** Stops the build: the worker is terminated and its side file removed; the index is left as it
   *  was (ready_fulltext stays 0, so the next open of the case builds it). */
  signal?: AbortSignal;
}

export interface FullTextBuild {
  /** Call when the main connection has finished writing: resolves true once the index is in the
   *  case (meta fts_built says for which records), false when cancelled. */
  finish(): Promise<boolean>;
  /** Stop a build that will not be finished (an error on the main thread). */
  stop(): Promise<void>;
  /** Call after each large write of the main connection while the worker reads (see below). */
  checkpoint(): void;
}

const done = (ok: boolean): FullTextBuild => ({ finish: async () => ok, stop: async () => {}, checkpoint: () => {} });

/** Move the WAL into the case and start it over. While the worker reads the case, SQLite's own
 *  checkpoints can seldom restart the WAL (a reader is nearly always in it), so it grows with every
 *  index the main thread builds, and each page read on either thread looks the page up in a WAL
 *  index that long: on the 1 GiB bench case in 4 KiB pages (a v2 case) the WAL reached 860 MiB
 *  and the post-load steps took 31 s more CPU than built one after the other; restarting it
 *  brought them to 5 s less. Before the worker starts nothing reads, so that restart is immediate;
 *  later ones only try (busy_timeout 0): waiting for the worker's slices blocked the main thread
 *  up to 5 s each (the worker starts its next slice before the waiting RESTART gets its locks),
 *  delaying the timeline, and with 16 KiB pages (v3 cases) the WAL's size costs little. */
function restartWal(db: Db, wait: boolean): void {
  if (wait) db.pragma('wal_checkpoint(RESTART)');
  else {
    const timeout = db.pragma('busy_timeout', { simple: true }) as number;
    db.pragma('busy_timeout = 0');
    try { db.pragma('wal_checkpoint(RESTART)'); } finally { db.pragma(`busy_timeout = ${timeout}`); }
  }
}

/** In place on the case's own connection, yielding between slices. */
function serial(db: Db, opts: FullTextOptions): FullTextBuild {
  return {
    async finish() {
      const key = rankRecords(db);
      if (!await indexText(db, 'main', opts.onProgress, opts.signal)) return false;
      setMeta(db, 'fts_built', key);
      return true;
    },
    stop: async () => {},
    checkpoint: () => {},
  };
}

/** A side file that cannot be removed is litter for the next build (whose worker fails on it and
 *  says why in meta fulltext_side_error): not a reason to fail this import. */
function tidySide(casePath: string): void {
  try { removeSide(casePath); } catch { /* see above */ }
}

/** Start (re)building the full-text index of the case on `db`, whose records are final. */
export function startFullText(db: Db, opts: FullTextOptions = {}): FullTextBuild {
  const casePath = db.name;
  // Nothing new since the last build (a duplicate bundle, a repair on open): keep the index. A side
  // file left by a build killed after its copy is only litter then.
  const counted = fullTextKey(db);
  if (getMeta(db, 'fts_built') === counted) {
    if (!db.memory) tidySide(casePath);
    return done(true);
  }
  setReady(db, 'fulltext', false);
  if (opts.signal?.aborted) return done(false);
  // The worker reads the case beside the main connection's writes: that needs WAL (with a rollback
  // journal its read lock would stall every commit of the main thread), and a file.
  if (db.memory || String(db.pragma('journal_mode', { simple: true })) !== 'wal') return serial(db, opts);

  // Ranked here, not in the side file: the ranks are needed in the case anyway, and writing them
  // there costs the main thread what copying them would cost the worker, whose path is the longer.
  const key = rankRecords(db, counted);
  restartWal(db, true);
  const worker = new Worker(
    workerUrl(new URL('./fulltext-worker.ts', import.meta.url), new URL('./fulltext-entry.mjs', import.meta.url)),
    { workerData: { casePath, key } satisfies FullTextStart },
  );
  let settle!: (copied: boolean | Error) => void;
  const result = new Promise<boolean | Error>((resolve) => { settle = resolve; });
  worker.on('message', (m: FromFullText) => {
    if (m.t === 'progress') opts.onProgress?.(m.done, m.total);
    else if (m.t === 'done') settle(m.copied);
    else if (m.t === 'error') settle(new Error(m.message));
  });
  worker.on('error', (e) => settle(e));
  worker.on('exit', (code) => settle(new Error(`the full-text worker stopped (exit code ${code})`)));
  let stopped: Promise<void> | null = null;
  const tidy = () => tidySide(casePath);
  const stop = () => (stopped ??= worker.terminate().then(tidy, tidy));
  // Settled before terminating: the worker's 'exit' would otherwise read as a failure.
  const onAbort = () => { settle(false); void stop(); };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  return {
    async finish() {
      worker.postMessage({ t: 'copy' });
      const r = await result;
      opts.signal?.removeEventListener('abort', onAbort);
      await stop();
      if (r === false && opts.signal?.aborted) return false;
      if (r === true) { db.prepare("DELETE FROM meta WHERE key = 'fulltext_side_error'").run(); return true; }
      // The side build failed (no room beside the case, a read-only folder…) or the records changed
      // under it: the case still gets its index, built in place as before the worker existed.
      if (r instanceof Error) setMeta(db, 'fulltext_side_error', r.message);
      return serial(db, opts).finish();
    },
    stop,
    checkpoint: () => restartWal(db, false),
  };
}
