// The shape of one log format, lnav-style: a format is data (path hints, a sniffing test,
// sample lines checked by a test) plus a small stateful line parser. One file per format in
// this folder; parsers/formats/index.ts lists them most specific first.
import type { FormatId, LogRecord, TimeContext, Warning } from '../types.ts';

export interface FormatSample {
  /** One or more raw lines (joined by \n for multi-line records). */
  lines: string;
  /** What the first record parsed from them must hold (ts as ISO 8601 UTC string for readability). */
  expect: Partial<Omit<LogRecord, 'ts'>> & { ts?: string | null };
  /** Time context for this sample, where it matters (year, zone, boot). */
  time?: Partial<TimeContext>;
}

export interface ParseSink {
  record(rec: LogRecord): void;
  warn(w: Omit<Warning, 'file'>): void;
}

/** Stateful parser for one source: lines in (already split, without the newline), records out.
 *  Multi-line records are held until the next record starts or end() is called. */
export interface LineParser {
  push(line: string, lineNo: number): void;
  end(): void;
}

export interface FormatSpec {
  id: FormatId;
  title: string;
  /** Paths that suggest the format (a hint, not a proof: sniffing decides). */
  pathHints: RegExp[];
  /** Fraction (0..1) of the sample lines this format recognises; detection picks the most
   *  specific format whose score passes, path hints breaking ties. */
  sniff(lines: readonly string[]): number;
  samples: FormatSample[];
  open(time: TimeContext, sink: ParseSink): LineParser;
}
