// One source (a file, or a member of an archive) from bytes to records: split into lines, detect
// the format on the first ~64 KiB when none is given, then feed the format's line parser.
// Streaming and bounded: only the head is held while detecting.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { FormatId, LogRecord, TimeContext, Warning } from './types.ts';
import type { LineParser, ParseSink } from './formats/format.ts';
import { getFormat } from './formats/index.ts';
import { recordFields } from './formats/inner.ts';
import { detectFormat, JOURNAL_MAGIC } from './detect.ts';
import { DEFAULT_MAX_LINE_BYTES, LineSplitter } from './lines.ts';
import { parseJournalBuffer, JournalBuffer } from './journal/source.ts';

export interface SourceParseOptions {
  path: string; format?: FormatId; time: TimeContext; maxLineBytes?: number;
  /** Records may come with their JSON fields unparsed (LogRecord.fieldsJson), for a caller that
   *  reads them through recordFields (the parser workers: rules read the fields of few records).
   *  Otherwise every record's fields are parsed before it is handed on. */
  lazyFields?: boolean;
}

export interface SourceParser {
  write(chunk: Buffer): void;
  end(): void;
  readonly format: FormatId | null;
  readonly confidence: number;
  readonly lines: number;
  readonly bytes: number;
  /** Whether the raw text of a record parsed so far may hold the chars U+0001–U+0003: not while
   *  no byte of them came in (LineSplitter.sawLowControls); always for a binary journal, whose raw
   *  text is rebuilt from its (maybe compressed) fields. */
  readonly rawMayHoldLowControls: boolean;
}

export type SourceSink = ParseSink & { detected?(format: FormatId, confidence: number): void };

export interface ParsedSource {
  format: FormatId;
  confidence: number;
  records: LogRecord[];
  warnings: Warning[];
  lines: number;
  bytes: number;
}

const DETECT_BYTES = 64 * 1024;
const DETECT_LINES = 2000;

/** Share of control bytes above which a head is binary, not text. NUL bytes do not count: a log
 *  written when the node died often holds runs of them, and is still a log. */
function looksBinary(b: Buffer): boolean {
  if (b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))) return false; // UTF-16 text
  const n = Math.min(b.length, 4096);
  let bad = 0;
  for (let i = 0; i < n; i++) { const c = b[i]!; if ((c > 0 && c < 9) || (c > 13 && c < 32 && c !== 27)) bad++; }
  return n > 0 && bad / n > 0.05;
}

export function createSourceParser(opts: SourceParseOptions, given: SourceSink): SourceParser {
  const sink: SourceSink = opts.lazyFields ? given : {
    record(rec) { if (rec.fieldsJson !== undefined) recordFields(rec); given.record(rec); },
    warn: (w) => given.warn(w),
    detected: (f, c) => given.detected?.(f, c),
  };
  let format: FormatId | null = opts.format ?? null;
  let confidence = opts.format ? 1 : 0;
  let parser: LineParser | null = null;
  let head: Array<[string, number]> | null = null;
  let headBytes = 0;
  let ignoring = false; // binary: nothing to read as text
  let first = true;
  let ignoredBytes = 0;
  // A binary journal is random access: held (bounded) until the end, then read in one go.
  let journal: JournalBuffer | null = null;

  const start = (f: FormatId, c: number) => {
    format = f; confidence = c;
    sink.detected?.(f, c);
    if (f === 'journal-binary') {
      ignoring = true;
      journal = new JournalBuffer(opts.path, sink);
      return;
    }
    parser = getFormat(f).open(opts.time, sink);
  };

  const detectNow = () => {
    const lines = head ?? [];
    head = null;
    const d = detectFormat(opts.path, lines.map((l) => l[0]));
    start(d.format, d.confidence);
    if (parser) for (const [t, n] of lines) parser.push(t, n);
  };

  const splitter = new LineSplitter({
    line(text, n) {
      if (parser) { parser.push(text, n); return; }
      if (ignoring) return;
      head!.push([text, n]);
      headBytes += text.length + 1;
      if (headBytes >= DETECT_BYTES || head!.length >= DETECT_LINES) detectNow();
    },
    warn(w) { sink.warn(w); },
  }, opts.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES);

  if (format === 'journal-binary') start('journal-binary', 1);
  else if (format !== null) parser = getFormat(format).open(opts.time, sink);
  else head = [];

  return {
    write(chunk: Buffer) {
      if (first && chunk.length > 0) {
        first = false;
        if (format === null && (chunk.subarray(0, 8).toString('latin1') === JOURNAL_MAGIC || /\.journal~?$/.test(opts.path))) {
          head = null; start('journal-binary', 1);
        } else if (format === null && looksBinary(chunk)) {
          head = null; format = 'plain'; confidence = 0; ignoring = true;
          sink.detected?.('plain', 0);
          sink.warn({ code: 'binary', message: `${opts.path}: binary data, not a text log: skipped` });
        }
      }
      if (journal) { journal.write(chunk); return; }
      if (ignoring) { ignoredBytes += chunk.length; return; }
      splitter.write(chunk);
    },
    end() {
      if (!ignoring) splitter.end();
      if (head !== null) detectNow();
      if (format === null) start(/\.journal~?$/.test(opts.path) ? 'journal-binary' : 'plain', 0.1);
      (parser as LineParser | null)?.end();
      if (journal) parseJournalBuffer(journal, sink);
    },
    get format() { return format; },
    get confidence() { return confidence; },
    get lines() { return journal ? journal.entries : splitter.lines; },
    get rawMayHoldLowControls() { return journal !== null || splitter.sawLowControls; },
    get bytes() { return splitter.bytes + ignoredBytes + (journal?.bytes ?? 0); },
  };
}

export async function parseStream(stream: AsyncIterable<Buffer>, opts: SourceParseOptions): Promise<ParsedSource> {
  const records: LogRecord[] = [];
  const warnings: Warning[] = [];
  const sp = createSourceParser(opts, {
    record(r) { records.push(r); },
    warn(w) { warnings.push({ file: opts.path, ...w }); },
  });
  for await (const chunk of stream) sp.write(chunk);
  sp.end();
  return { format: sp.format ?? 'plain', confidence: sp.confidence, records, warnings, lines: sp.lines, bytes: sp.bytes };
}

/** Time context of a plain file on disk: the year of its mtime, which bounds its stamps; zone unknown. */
export async function fileTimeContext(path: string): Promise<TimeContext> {
  const st = await stat(path);
  return { year: st.mtime.getUTCFullYear(), refTs: Math.round(st.mtimeMs * 1000), zone: null, bootTs: null };
}

export async function parseFile(path: string, opts: Partial<SourceParseOptions> = {}): Promise<ParsedSource> {
  const time = opts.time ?? await fileTimeContext(path);
  return parseStream(createReadStream(path, { highWaterMark: 256 * 1024 }), { ...opts, path: opts.path ?? path, time });
}
