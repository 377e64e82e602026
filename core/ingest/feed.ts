// Streaming sources' bytes to the parser workers, several at once where the bundle allows it.
// An archive's members come in one pass, so they are fed one after the other; but a directory
// bundle's files can be read by path in any order, and feeding only one at a time left the second
// worker idle whenever the first was behind (measured: 2 workers parsed the 64 MiB bench bundle no
// faster than 1). Files of a directory of at least CONCURRENT_FROM bytes are therefore queued and
// fed by tasks of their own, at most one per worker, while the walk goes on.
//
// The queue is served largest file first, and a source is opened on a worker (the least loaded,
// core/ingest/pool.ts) only when its feeding starts. In walk order the etcd pod log of the 1 GiB
// bench bundle (205 MiB, the costliest to parse per byte) came last: it waited for a task slot
// behind the 308 MiB journal and was parsed alone for 3-4 s at the end while the other worker
// idled. Largest first is the classic longest-processing-time rule: the small files fill the gaps
// at the end. But the walk meets the files in name order, so the queue alone would start the first
// big files it meets: given the directory's big files beforehand (`plan`, from a stat-only scan in
// walk order), a queued file waits while bigger ones the walk has not reached yet would need the
// free task slots. Nothing depends on the order sources are parsed in: their ids, hashes and the
// bundle hash follow the walk.
import type { Warning } from '../../parsers/types.ts';
import type { BundleEntry } from '../../parsers/archive/types.ts';
import { fileChunks } from '../../parsers/archive/chunks.ts';
import { largeFilesInWalkOrder, walkOrderCompare } from '../../parsers/archive/index.ts';
import type { ParserPool } from './pool.ts';
import type { SourceSpec } from './protocol.ts';

/** Smaller files are fed inline: a task's set-up would cost more than it overlaps. */
export const CONCURRENT_FROM = 1 << 20;
/** Pieces smaller than GATHER_BELOW go to the worker gathered GATHER bytes at a time. */
const GATHER = 1 << 20;
const GATHER_BELOW = 256 << 10;

interface Queued { spec: SourceSpec; file: string; size: number; onChunk: (chunk: Buffer) => void }

export class SourceFeeder {
  private readonly running = new Set<Promise<void>>();
  /** Files waiting for a task, served largest first. */
  private readonly queue: Queued[] = [];
  /** A worker could not take a queued source (the pool died): reported by the next feed or drain. */
  private failure: Error | null = null;
  /** The bundle's big files in walk order, and how far the walk has gone in it. */
  private plan: readonly { path: string; size: number }[] = [];
  private planAt = 0;
  private walkDone = false;

  constructor(
    private readonly pool: ParserPool,
    private readonly concurrency: number,
    private readonly warn: (w: Warning) => void,
    private readonly signal?: AbortSignal,
  ) {}

  /** Open a source on a worker, feed it the entry's bytes and end it; `onChunk` sees every chunk
   *  in order (hashing, progress). A big file of a directory is queued and fed by a task of its
   *  own later: this resolves at once. Anything else is fed inline and this resolves when it is
   *  over. Either way the walk may move on to its next entry. */
  async feed(spec: SourceSpec, entry: BundleEntry, onChunk: (chunk: Buffer) => void): Promise<void> {
    if (this.failure) throw this.failure;
    if (entry.file !== undefined && (entry.size ?? 0) >= CONCURRENT_FROM && this.concurrency > 1) {
      this.queue.push({ spec, file: entry.file, size: entry.size ?? 0, onChunk });
      this.advance(entry.path, true);
      this.startQueued();
      return;
    }
    this.pool.open(spec);
    await this.stream(spec.sid, entry.path, entry.stream, onChunk);
  }

  /** The big files (≥ CONCURRENT_FROM) of a directory bundle in walk order, before its walk starts
   *  (parsers/archive largeFilesInWalkOrder). Without a plan files start in the order they come. */
  expect(plan: readonly { path: string; size: number }[]): void {
    this.plan = plan;
    this.planAt = 0;
  }

  /** Plan from the bundle at `inputPath` before its walk starts: its big files when it is a
   *  directory (nothing to plan for an archive or a single file: their members come in one pass). */
  planBundle(inputPath: string): void {
    this.expect(largeFilesInWalkOrder(inputPath, CONCURRENT_FROM));
  }

  /** The walk has reached `path`: planned files before it are no longer waited for (`path` itself
   *  is, until it is queued or the walk moves on: it may be about to be fed). */
  passed(path: string): void {
    if (this.advance(path, false)) this.startQueued();
  }

  /** Moves the plan's cursor past the files before `path` (and `path` itself when `inclusive`). */
  private advance(path: string, inclusive: boolean): boolean {
    const before = this.planAt;
    while (this.planAt < this.plan.length) {
      const c = walkOrderCompare(this.plan[this.planAt]!.path, path);
      if (c > 0 || (c === 0 && !inclusive)) break;
      this.planAt++;
    }
    return this.planAt !== before;
  }

  /** Wait for every queued file to be fed (the end of a bundle's walk). */
  async drain(): Promise<void> {
    this.walkDone = true;
    this.startQueued();
    while (this.running.size > 0) await Promise.race(this.running);
    if (this.failure) throw this.failure;
  }

  /** Start tasks for the largest queued files while task slots are free. */
  private startQueued(): void {
    while (this.running.size < this.concurrency && this.queue.length > 0 && !this.failure) {
      let at = 0;
      for (let i = 1; i < this.queue.length; i++) if (this.queue[i]!.size > this.queue[at]!.size) at = i;
      if (this.waitsForBigger(this.queue[at]!.size)) return;
      const q = this.queue.splice(at, 1)[0]!;
      try { this.pool.open(q.spec); } catch (e) { this.failure = e as Error; return; }
      const task: Promise<void> = this.stream(q.spec.sid, q.spec.path, fileChunks(q.file), q.onChunk)
        .finally(() => { this.running.delete(task); this.startQueued(); });
      this.running.add(task);
    }
  }

  /** Whether the free task slots should be kept for files bigger than `size` that the walk has not
   *  reached yet (one slot each). */
  private waitsForBigger(size: number): boolean {
    if (this.walkDone) return false;
    const free = this.concurrency - this.running.size;
    let bigger = 0;
    for (let i = this.planAt; i < this.plan.length && bigger < free; i++) if (this.plan[i]!.size > size) bigger++;
    return bigger >= free;
  }

  private async stream(sid: number, path: string, chunks: AsyncIterable<Buffer>, onChunk: (chunk: Buffer) => void): Promise<void> {
    // Small pieces (an archive member comes in pipe-sized ones: 64 KiB from the xz CLI) are gathered
    // into GATHER-byte buffers: one message to the worker a MiB instead of sixteen, and the buffer
    // is handed over whole (a piece that is a view into a bigger chunk had to be copied out anyway).
    let gathered: Buffer | null = null;
    let used = 0;
    const flush = async () => {
      if (!gathered || used === 0) return;
      const full = used === gathered.length ? gathered : gathered.subarray(0, used);
      gathered = null; used = 0;
      await this.pool.feed(sid, full);
    };
    try {
      for await (const chunk of chunks) {
        if (this.signal?.aborted) break;
        onChunk(chunk);
        if (chunk.length >= GATHER_BELOW) { await flush(); await this.pool.feed(sid, chunk); continue; }
        if (gathered && used + chunk.length > gathered.length) await flush();
        gathered ??= Buffer.allocUnsafeSlow(GATHER);
        chunk.copy(gathered, used);
        used += chunk.length;
        if (used === gathered.length) await flush();
      }
      await flush();
    } catch (e) {
      // A file that vanished or cannot be read mid-way (or a worker that died): what was read is kept.
      this.warn({ file: path, code: 'unreadable', message: `${path}: reading stopped: ${(e as Error).message}` });
      await flush().catch(() => undefined);
    } finally {
      this.pool.end(sid);
    }
  }
}
