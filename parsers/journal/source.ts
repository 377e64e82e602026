// A binary journal as one source of the pipeline: bytes arrive in chunks (from a directory or
// from inside an archive), are held up to MAX_JOURNAL_BYTES, and are read at the end. Records go
// through the same kernel-report grouping as `journalctl -o json|export` text.
import type { ParseSink } from '../formats/format.ts';
import { JournalEntries } from '../formats/journal-fields.ts';
import { MAX_JOURNAL_BYTES, forEachJournalEntry } from './reader.ts';
import { entryToRecord } from './records.ts';

export class JournalBuffer {
  private readonly chunks: Buffer[] = [];
  bytes = 0;
  held = 0;
  entries = 0;
  private overflow = false;

  constructor(readonly path: string, private readonly sink: Pick<ParseSink, 'warn'>) {}

  write(chunk: Buffer): void {
    this.bytes += chunk.length;
    if (this.held + chunk.length > MAX_JOURNAL_BYTES) {
      if (!this.overflow) {
        this.overflow = true;
        this.sink.warn({ code: 'limit-bytes', message: `${this.path}: binary journal larger than ${MAX_JOURNAL_BYTES / 1024 / 1024} MiB: read up to that bound` });
      }
      const room = MAX_JOURNAL_BYTES - this.held;
      if (room > 0) { this.chunks.push(chunk.subarray(0, room)); this.held += room; }
      return;
    }
    this.chunks.push(chunk);
    this.held += chunk.length;
  }

  take(): Buffer {
    const b = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks, this.held);
    this.chunks.length = 0;
    return b;
  }
}

/** Reads the held journal and emits its records (kernel reports grouped) and warnings. */
export function parseJournalBuffer(j: JournalBuffer, sink: ParseSink): void {
  const grouped = new JournalEntries(sink);
  let n = 0;
  const file = forEachJournalEntry(j.take(), j.path, (e) => grouped.push(entryToRecord(e, ++n)));
  grouped.end();
  for (const w of file.warnings) sink.warn({ code: w.code, message: w.message });
  j.entries = n;
}
