// Messages between the import's main thread and the full-text worker (fulltext-worker.ts).

/** workerData: the case file to index (its side file is named after it), and the key of the
 *  records its tsorder ranks (rankRecords), which the copy checks and stores as fts_built. */
export interface FullTextStart { casePath: string; key: string }

export type ToFullText = { t: 'copy' };

export type FromFullText =
  | { t: 'progress'; done: number; total: number }
  /** The side file holds the whole index: it may be copied once the case can be written. */
  | { t: 'built' }
  /** Copied into the case (false: the case's records changed since, nothing was written). */
  | { t: 'done'; copied: boolean }
  | { t: 'error'; message: string };
