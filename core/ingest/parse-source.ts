// The worker's view of the parsers room: one source's bytes through the format parser
// (parsers/source.ts: the format is detected from the first 64 KiB) and every record through the
// detection rules (parsers/rules/detector.ts), which start once the format is known. Kept in one
// place so the worker stays about batching and the parsers room stays free of anything SQLite.
import { createDetector, type Detector, type MessageBytes } from '../../parsers/rules/detector.ts';
import { createSourceParser } from '../../parsers/source.ts';
import type { DetectedEvent, FormatId, LogRecord, Warning } from '../../parsers/types.ts';
import type { SourceSpec } from './protocol.ts';

const TIME_EVERY = 32;

export interface ParseOut {
  record(rec: LogRecord): void;
  /** Points `into` at the UTF-8 bytes of the message of the record just given to record(), if
   *  they are at hand (the detector's keyword scan reads them); false otherwise. */
  messageBytes?(into: MessageBytes): boolean;
  /** Events the rules found; detectMs = time spent in the rules, for the bench's detection share. */
  events(evs: DetectedEvent[], detectMs: number): void;
  warn(w: Warning): void;
}

export interface SourceParse {
  write(chunk: Buffer): void;
  end(): void;
  /** Known once the first 64 KiB (or the end) has been seen. */
  readonly format: FormatId | null;
  readonly confidence: number;
  readonly lines: number;
  /** parsers/source.ts SourceParser.rawMayHoldLowControls. */
  readonly rawMayHoldLowControls: boolean;
}

export function openSourceParse(spec: SourceSpec, out: ParseOut, maxLineBytes?: number): SourceParse {
  let detector: Detector | null = null;
  const utf8: MessageBytes = { bytes: new Uint8Array(0), start: 0, end: 0 };
  let seen = 0;
  let format: FormatId | null = null;
  // The layout's format is only a hint; content decides (as parsers/bundle/read.ts does).
  // Fields left unparsed: the rules parse those of the few records they read (recordFields).
  const parser = createSourceParser({ path: spec.path, time: spec.time, maxLineBytes, lazyFields: true }, {
    record(rec) {
      out.record(rec);
      if (!detector) detector = createDetector({ path: spec.path, format: format ?? parser.format ?? 'plain' });
      // Two clock reads per record cost more than most rules: one record in TIME_EVERY is timed and
      // counted TIME_EVERY times (the bench's detection share is an estimate, and says so).
      const bytes = out.messageBytes?.(utf8) ? utf8 : null;
      if (++seen % TIME_EVERY) { const evs = detector.onRecord(rec, bytes); if (evs.length) out.events(evs, 0); return; }
      const t0 = performance.now();
      const evs = detector.onRecord(rec, bytes);
      out.events(evs, (performance.now() - t0) * TIME_EVERY);
    },
    warn: (w) => out.warn({ file: spec.path, ...w }),
    detected(f) { format = f; },
  });
  return {
    write: (chunk) => parser.write(chunk),
    end() {
      parser.end();
      if (detector) {
        const t0 = performance.now();
        const evs = detector.end();
        out.events(evs, performance.now() - t0);
      }
    },
    get format() { return parser.format; },
    get confidence() { return parser.confidence; },
    get lines() { return parser.lines; },
    get rawMayHoldLowControls() { return parser.rawMayHoldLowControls; },
  };
}
