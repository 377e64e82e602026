// JSON-per-line logs, where one object may also be pretty-printed over several lines: an object
// is collected until its braces balance (outside strings), then parsed once.
import { MAX_RECORD_LINES } from './record.ts';

export interface JsonObjectSink {
  object(o: Record<string, unknown>, first: number, last: number, raw: string): void;
  /** A line that is not (part of) a JSON object, or an object that failed to parse. */
  other(line: string, lineNo: number, reason: string | null): void;
}

export class JsonLines {
  private parts: string[] = [];
  private first = 0;
  private depth = 0;
  private inStr = false;
  constructor(private readonly sink: JsonObjectSink) {}

  push(line: string, lineNo: number): void {
    if (this.parts.length > 0) {
      // A compact JSON line cut short (a crash mid-write) must not swallow the lines after it:
      // a new object at column 0 while the open one began with content ends the open one.
      if (line.charCodeAt(0) === 123 && this.parts[0]!.trim().length > 1) {
        const parts = this.parts; this.parts = [];
        this.sink.other(parts.join('\n'), this.first, `line ${this.first}: JSON object cut short`);
        this.push(line, lineNo);
        return;
      }
      this.parts.push(line);
      this.scan(line);
      if (this.depth <= 0) this.finish(lineNo);
      else if (this.parts.length >= MAX_RECORD_LINES) {
        const parts = this.parts; this.parts = [];
        this.sink.other(parts.join('\n'), this.first, `JSON object from line ${this.first} not closed after ${MAX_RECORD_LINES} lines`);
      }
      return;
    }
    let i = 0;
    while (line.charCodeAt(i) === 32 || line.charCodeAt(i) === 9) i++;
    if (line.charCodeAt(i) !== 123) { this.sink.other(line, lineNo, null); return; }
    if (line.charCodeAt(line.length - 1) === 125) {
      try {
        const o = JSON.parse(line);
        if (o && typeof o === 'object' && !Array.isArray(o)) { this.sink.object(o, lineNo, lineNo, line); return; }
      } catch { /* maybe the start of a pretty-printed object; scanned below */ }
    }
    this.parts = [line];
    this.first = lineNo;
    this.depth = 0;
    this.inStr = false;
    this.scan(line);
    if (this.depth <= 0) this.finish(lineNo);
  }

  end(): void {
    if (this.parts.length > 0) {
      const parts = this.parts; this.parts = [];
      this.sink.other(parts.join('\n'), this.first, `JSON object from line ${this.first} is cut off at the end of the file`);
    }
  }

  private scan(line: string): void {
    for (let p = 0; p < line.length; p++) {
      const c = line.charCodeAt(p);
      if (this.inStr) { if (c === 92) p++; else if (c === 34) this.inStr = false; continue; }
      if (c === 34) this.inStr = true;
      else if (c === 123 || c === 91) this.depth++;
      else if (c === 125 || c === 93) this.depth--;
    }
  }

  private finish(lineNo: number): void {
    const raw = this.parts.join('\n');
    this.parts = [];
    try {
      const o = JSON.parse(raw);
      if (o && typeof o === 'object' && !Array.isArray(o)) { this.sink.object(o, this.first, lineNo, raw); return; }
    } catch { /* reported below */ }
    this.sink.other(raw, this.first, `lines ${this.first}-${lineNo}: not valid JSON`);
  }
}
