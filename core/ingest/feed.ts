// Streaming sources' bytes to the parser workers, several at once where the bundle allows it.
// An archive's members come in one pass, so they are fed one after the other; but a directory
// bundle's files can be read by path in any order, and feeding only one at a time left the second
// worker idle whenever the first was behind (measured: 2 workers parsed the 64 MiB bench bundle no
// faster than 1). Files of a directory of at least CONCURRENT_FROM bytes are therefore fed by tasks
// of their own, at most one per worker, while the walk goes on.
import type { Warning } from '../../parsers/types.ts';
import type { BundleEntry } from '../../parsers/archive/types.ts';
import { fileChunks } from '../../parsers/archive/chunks.ts';
import type { ParserPool } from './pool.ts';

/** Smaller files are fed inline: a task's set-up would cost more than it overlaps. */
const CONCURRENT_FROM = 1 << 20;

export class SourceFeeder {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly pool: ParserPool,
    private readonly concurrency: number,
    private readonly warn: (w: Warning) => void,
    private readonly signal?: AbortSignal,
  ) {}

  /** Feed one opened source (sid) with the entry's bytes and end it; `onChunk` sees every chunk in
   *  order (hashing, progress). Resolves once the feeding has started when it runs in a task of
   *  its own, else when it is over; either way the walk may move on to its next entry. */
  async feed(sid: number, entry: BundleEntry, onChunk: (chunk: Buffer) => void): Promise<void> {
    if (entry.file !== undefined && (entry.size ?? 0) >= CONCURRENT_FROM && this.concurrency > 1) {
      while (this.running.size >= this.concurrency) await Promise.race(this.running);
      const task: Promise<void> = this.stream(sid, entry.path, fileChunks(entry.file), onChunk)
        .finally(() => { this.running.delete(task); });
      this.running.add(task);
      return;
    }
    await this.stream(sid, entry.path, entry.stream, onChunk);
  }

  /** Wait for every task (the end of a bundle). */
  async drain(): Promise<void> {
    await Promise.all([...this.running]);
  }

  private async stream(sid: number, path: string, chunks: AsyncIterable<Buffer>, onChunk: (chunk: Buffer) => void): Promise<void> {
    try {
      for await (const chunk of chunks) {
        if (this.signal?.aborted) break;
        onChunk(chunk);
        await this.pool.feed(sid, chunk);
      }
    } catch (e) {
      // A file that vanished or cannot be read mid-way (or a worker that died): what was read is kept.
      this.warn({ file: path, code: 'unreadable', message: `${path}: reading stopped: ${(e as Error).message}` });
    } finally {
      this.pool.end(sid);
    }
  }
}
