// The worker's view of the parsers room: one source's bytes through the format parser
// (parsers/source.ts: format detected from its first 64 KiB) and every record through the
// detection rules (parsers/rules/detector.ts). Kept in one place so the worker stays about
// batching and the parsers room stays free of anything SQLite.
import type { DetectedEvent, FormatId, LogRecord, Warning } from '../../parsers/types.ts';
import type { SourceSpec } from './protocol.ts';

export interface ParseOut {
  record(rec: LogRecord): void;
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
}

// Loose shapes of the parsers room's entry points, checked at load time.
interface SourceParserLike {
  write(chunk: Buffer | Uint8Array): void;
  end(): void;
  format?: FormatId | null;
  confidence?: number;
  detection?: { format: FormatId; confidence: number } | null;
}
type CreateSourceParser = (opts: Record<string, unknown>, sink: {
  record(rec: LogRecord): void; warn(w: Omit<Warning, 'file'> | Warning): void;
  format?(format: FormatId, confidence: number): void; detected?(d: { format: FormatId; confidence: number }): void;
}) => SourceParserLike;
interface DetectorLike { onRecord(rec: LogRecord): DetectedEvent[]; end?(): DetectedEvent[]; flush?(): DetectedEvent[] }
type CreateDetector = (opts: { path: string; format: FormatId }) => DetectorLike;

let createSourceParser: CreateSourceParser | null = null;
let createDetector: CreateDetector | null = null;

/** Load the parsers room once per worker (module specifiers kept in variables so this file
 *  type-checks while those modules are being written in parallel). */
export async function loadParsing(): Promise<void> {
  const sourceMod = '../../parsers/source.ts';
  const rulesMod = '../../parsers/rules/detector.ts';
  const s = (await import(sourceMod)) as { createSourceParser?: CreateSourceParser };
  if (typeof s.createSourceParser !== 'function') throw new Error('parsers/source.ts has no createSourceParser');
  createSourceParser = s.createSourceParser;
  try {
    const r = (await import(rulesMod)) as { createDetector?: CreateDetector };
    createDetector = typeof r.createDetector === 'function' ? r.createDetector : null;
  } catch {
    createDetector = null; // rules not there yet: records are still indexed, events come later
  }
}

export function openSourceParse(spec: SourceSpec, out: ParseOut): SourceParse {
  if (!createSourceParser) throw new Error('loadParsing() was not awaited');
  // The layout's format is a hint only (content sniffing decides, in parsers/source.ts).
  let format: FormatId | null = null;
  let confidence = 0;
  let detector: DetectorLike | null = null;
  const withFile = (w: Omit<Warning, 'file'> | Warning): Warning => ({ file: spec.path, ...w });
  const startRules = () => {
    if (!detector && createDetector && format) detector = createDetector({ path: spec.path, format });
  };
  const detect = (rec: LogRecord) => {
    startRules();
    if (!detector) return;
    const t0 = performance.now();
    const evs = detector.onRecord(rec);
    const ms = performance.now() - t0;
    if (evs.length || ms > 0) out.events(evs, ms);
  };
  const setFormat = (f: FormatId, c: number) => { format = f; confidence = c; };
  const parser = createSourceParser(
    { path: spec.path, role: spec.role, time: spec.time, formatHint: spec.format ?? undefined },
    {
      record: (rec) => {
        if (!format) readFormat();
        out.record(rec);
        detect(rec);
      },
      warn: (w) => out.warn(withFile(w)),
      format: setFormat,
      detected: (d) => setFormat(d.format, d.confidence),
    },
  );
  function readFormat(): void {
    const f = parser.format ?? parser.detection?.format ?? null;
    if (f) setFormat(f, parser.confidence ?? parser.detection?.confidence ?? 0);
  }
  return {
    write: (chunk) => parser.write(chunk),
    end: () => {
      parser.end();
      if (!format) readFormat();
      startRules();
      const d = detector as DetectorLike | null;
      const fin = d?.end ?? d?.flush;
      if (d && fin) {
        const t0 = performance.now();
        const evs = fin.call(d);
        out.events(evs, performance.now() - t0);
      }
    },
    get format() { if (!format) readFormat(); return format; },
    get confidence() { return confidence; },
  };
}
