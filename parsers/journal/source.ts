// A binary journal as one source of the pipeline: bytes arrive in chunks (from a directory or
// from inside an archive), are held up to MAX_JOURNAL_BYTES, and are read at the end. Records go
// through the same kernel-report grouping as `journalctl -o json|export` text.
import type { ParseSink } from '../formats/format.ts';
import { JournalEntries } from '../formats/journal-fields.ts';
import { H, MIN_HEADER_SIZE, SIGNATURE } from './layout.ts';
import { MAX_JOURNAL_BYTES, forEachJournalEntry } from './reader.ts';
import { entryToRecord } from './records.ts';

/** The buffer of the last journal read, kept (up to this size) for the next one. Fresh memory is
 *  dear: faulting in 58 MiB and first touching bytes the kernel copied in cost more CPU (~6 ms a
 *  MiB measured here) than reading the entries out of them. Rotated files of one machine come
 *  in a row and are alike in size (journald caps them at 128 MiB), so one buffer serves them all.
 *  This bounds what a thread keeps between files (an import's parse workers end with it, and
 *  their spare with them); releaseJournalSpare() drops it sooner. */
export const SPARE_MAX_BYTES = 128 * 1024 * 1024;
let spare: Buffer | null = null;

export function releaseJournalSpare(): void { spare = null; }

/** The file size a journal header announces (header_size + arena_size), or 0 when the first
 *  bytes do not hold a believable one. */
function announcedSize(head: Buffer): number {
  if (head.length < MIN_HEADER_SIZE || head.toString('latin1', 0, 8) !== SIGNATURE) return 0;
  const size = Number(head.readBigUInt64LE(H.headerSize) + head.readBigUInt64LE(H.arenaSize));
  return size >= MIN_HEADER_SIZE && size <= MAX_JOURNAL_BYTES ? size : 0;
}

const pow2 = (n: number) => 2 ** Math.ceil(Math.log2(n));

export class JournalBuffer {
  private buf: Buffer | null = null;
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
      if (room > 0) this.append(chunk.subarray(0, room));
      return;
    }
    this.append(chunk);
  }

  /** Copies a chunk in: the room is sized once from the header in the first chunk (the file's
   *  whole size), and doubled only when the header was wrong or the file grew. */
  private append(part: Buffer): void {
    const need = this.held + part.length;
    if (this.buf === null || need > this.buf.length) {
      const first = this.buf === null;
      // A power of two: the next rotated file, a little larger, still fits (pages never written
      // are never faulted in).
      const want = Math.min(MAX_JOURNAL_BYTES, pow2(Math.max(need, first ? announcedSize(part) : 2 * this.buf!.length, 1 << 20)));
      let next: Buffer;
      // The spare serves when it holds what the header announced (or what is already held).
      if (spare !== null && spare.length >= (first ? want : need)) { next = spare; spare = null; } else next = Buffer.allocUnsafeSlow(want);
      if (!first) this.buf!.copy(next, 0, 0, this.held);
      this.buf = next;
    }
    part.copy(this.buf, this.held);
    this.held = need;
  }

  /** The bytes held. Valid until release(). */
  take(): Buffer {
    return this.buf === null ? Buffer.alloc(0) : this.buf.subarray(0, this.held);
  }

  /** Hands the buffer on to the next journal (nothing read from it may be kept: records hold
   *  strings, not views of it). */
  release(): void {
    const b = this.buf;
    this.buf = null;
    if (b !== null && b.length <= SPARE_MAX_BYTES && (spare === null || spare.length < b.length)) spare = b;
  }
}

/** Reads the held journal and emits its records (kernel reports grouped) and warnings. */
export function parseJournalBuffer(j: JournalBuffer, sink: ParseSink): void {
  const grouped = new JournalEntries(sink);
  let n = 0;
  try {
    const file = forEachJournalEntry(j.take(), j.path, (e) => grouped.push(entryToRecord(e, ++n)));
    grouped.end();
    for (const w of file.warnings) sink.warn({ code: w.code, message: w.message });
  } finally {
    j.release();
  }
  j.entries = n;
}
