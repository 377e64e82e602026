// Bytes → lines, for every parser. Lines are cut at \n (a \r before it is dropped), decoded as
// UTF-8 a whole chunk at a time (cheap: one native call per chunk, lines are slices of it).
// A \n byte never occurs inside a multi-byte UTF-8 sequence, so cutting the chunk after its last
// \n never splits a character; the tail waits for the next chunk. Invalid UTF-8 becomes U+FFFD
// with one warning per file. A line longer than maxLineBytes is cut there, the rest of it is
// dropped and the line is named in a warning: memory stays bounded whatever the input.
// A UTF-16 file (BOM FF FE / FE FF) is decoded as such: Windows-collected logs do exist.
import { isUtf8 } from 'node:buffer';
import type { Warning } from './types.ts';

export const DEFAULT_MAX_LINE_BYTES = 1 << 20;
/** Ends a line that was cut, so the record itself says it is not whole (issue 8: kept, cut, marked). */
export const cutMarker = (max: number) => ` [… cut: line longer than ${max} bytes]`;
const SEGMENT = 32 * 1024;

export interface LineSink {
  line(text: string, lineNo: number): void;
  warn(w: Omit<Warning, 'file'>): void;
}

export class LineSplitter {
  /** Lines emitted so far (= the number of the last line). */
  lines = 0;
  bytes = 0;
  /** Whether any input so far held a byte 0x01–0x03 (set before the lines of a chunk are emitted).
   *  While it is false no line holds the chars U+0001–U+0003, which the case file uses as marks
   *  (core/store/raw-text.ts): a search of the chunk's bytes spares one of every line's text. */
  sawLowControls = false;
  private carry: Buffer[] = [];
  private carryLen = 0;
  private skipping = false; // inside the dropped tail of a too-long line
  private started = false;
  private utf16: TextDecoder | null = null;
  private textCarry = '';
  private warnedUtf8 = false;

  constructor(private readonly sink: LineSink, private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES) {}

  write(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.bytes += chunk.length;
    if (!this.started) {
      this.started = true;
      if (chunk.length >= 2 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))) {
        this.utf16 = new TextDecoder(chunk[0] === 0xff ? 'utf-16le' : 'utf-16be');
      } else if (chunk.length >= 3 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        chunk = chunk.subarray(3); // UTF-8 BOM
      }
    }
    if (this.utf16) { this.sawLowControls = true; this.writeText(this.utf16.decode(chunk, { stream: true })); return; }
    if (!this.sawLowControls) this.sawLowControls = chunk.indexOf(1) >= 0 || chunk.indexOf(2) >= 0 || chunk.indexOf(3) >= 0;
    let start = 0;
    if (this.carryLen > 0 || this.skipping) {
      const nl = chunk.indexOf(10);
      if (nl === -1) { this.hold(chunk); return; }
      this.hold(chunk.subarray(0, nl));
      this.finishCarry();
      start = nl + 1;
    }
    const last = chunk.lastIndexOf(10);
    if (last >= start) {
      this.emitText(chunk, start, last);
      start = last + 1;
    }
    if (start < chunk.length) this.hold(chunk.subarray(start));
  }

  end(): void {
    if (this.utf16) {
      this.writeText(this.utf16.decode());
      if (this.textCarry.length > 0) this.emitLine(this.textCarry);
      this.textCarry = '';
      return;
    }
    if (this.carryLen > 0 || this.skipping) this.finishCarry();
  }

  /** Decodes bytes [start, end) (end is a \n) and emits each line in it, in pieces of about
   *  32 KiB cut at newlines: V8 decodes a short string ten times faster than a 256 KiB one
   *  (measured: 3.3 GB/s at 16-64 KiB, 0.2 GB/s at 1 MiB; big strings go to the large-object space). */
  private emitText(buf: Buffer, start: number, end: number): void {
    while (end - start > SEGMENT) {
      let cut = buf.lastIndexOf(10, start + SEGMENT);
      if (cut < start) cut = buf.indexOf(10, start + SEGMENT); // one line longer than a segment
      if (cut < 0 || cut >= end) break;
      this.emitSegment(buf, start, cut);
      start = cut + 1;
    }
    this.emitSegment(buf, start, end);
  }

  private emitSegment(buf: Buffer, start: number, end: number): void {
    const text = buf.toString('utf8', start, end);
    if (!this.warnedUtf8 && text.indexOf('\uFFFD') !== -1 && !isUtf8(buf.subarray(start, end))) {
      this.warnedUtf8 = true;
      const at = text.indexOf('\uFFFD');
      let n = this.lines + 1;
      for (let i = text.indexOf('\n'); i !== -1 && i < at; i = text.indexOf('\n', i + 1)) n++;
      this.sink.warn({ line: n, code: 'invalid-utf8', message: `invalid UTF-8 (first at line ${n}), replaced by U+FFFD` });
    }
    this.splitText(text, true);
  }

  private splitText(text: string, final: boolean): void {
    let pos = 0;
    const max = this.maxLineBytes;
    for (;;) {
      const nl = text.indexOf('\n', pos);
      if (nl === -1 && !final) { this.textCarry = text.slice(pos); return; }
      let line = nl === -1 ? (pos === 0 ? text : text.slice(pos)) : text.slice(pos, nl);
      // A UTF-16 unit is at most 3 UTF-8 bytes: only long lines need their bytes counted.
      if (line.length * 3 > max && Buffer.byteLength(line) > max) line = this.cut(line);
      this.emitLine(line);
      if (nl === -1) return;
      pos = nl + 1;
    }
  }

  private writeText(text: string): void {
    if (this.textCarry.length > 0) { text = this.textCarry + text; this.textCarry = ''; }
    this.splitText(text, false);
    if (this.textCarry.length > this.maxLineBytes) { this.emitLine(this.cut(this.textCarry)); this.textCarry = ''; }
  }

  private emitLine(line: string): void {
    const n = line.length;
    if (n > 0 && line.charCodeAt(n - 1) === 13) line = line.slice(0, n - 1);
    // A node that died while writing leaves a run of NUL bytes where the file system had
    // allocated blocks; the first line after the reboot follows it. Keep that line.
    if (line.charCodeAt(0) === 0) line = this.stripNul(line);
    this.sink.line(line, ++this.lines);
  }

  private warnedNul = false;
  private stripNul(line: string): string {
    let i = 0;
    while (line.charCodeAt(i) === 0) i++;
    if (!this.warnedNul) {
      this.warnedNul = true;
      this.sink.warn({ line: this.lines + 1, code: 'nul-bytes', message: `line ${this.lines + 1}: ${i} NUL bytes removed (a crash while the file was written?)` });
    }
    return line.slice(i);
  }

  private cut(line: string): string {
    this.sink.warn({ line: this.lines + 1, code: 'line-too-long', message: `line ${this.lines + 1} is longer than ${this.maxLineBytes} bytes: cut there` });
    const b = Buffer.from(line.length > this.maxLineBytes ? line.slice(0, this.maxLineBytes) : line);
    let keep = Math.min(this.maxLineBytes, b.length);
    while (keep > 0 && keep < b.length && (b[keep]! & 0xc0) === 0x80) keep--;
    return b.toString('utf8', 0, keep) + cutMarker(this.maxLineBytes);
  }

  private hold(part: Buffer): void {
    if (this.skipping || part.length === 0) return;
    const room = this.maxLineBytes - this.carryLen;
    if (part.length <= room) {
      this.carry.push(Buffer.from(part)); // a copy: the producer may reuse its buffer
      this.carryLen += part.length;
      return;
    }
    // Too long: keep what fits, backing off to a UTF-8 character boundary, drop the rest.
    let keep = room;
    while (keep > 0 && (part[keep]! & 0xc0) === 0x80) keep--;
    if (keep > 0) { this.carry.push(Buffer.from(part.subarray(0, keep))); this.carryLen += keep; }
    this.skipping = true;
    this.sink.warn({ line: this.lines + 1, code: 'line-too-long', message: `line ${this.lines + 1} is longer than ${this.maxLineBytes} bytes: cut there` });
  }

  private finishCarry(): void {
    const buf = this.carry.length === 1 ? this.carry[0]! : Buffer.concat(this.carry, this.carryLen);
    this.carry = [];
    this.carryLen = 0;
    const wasCut = this.skipping;
    this.skipping = false;
    const text = buf.toString('utf8') + (wasCut ? cutMarker(this.maxLineBytes) : '');
    if (!this.warnedUtf8 && text.indexOf('\uFFFD') !== -1 && !isUtf8(buf)) {
      this.warnedUtf8 = true;
      this.sink.warn({ line: this.lines + 1, code: 'invalid-utf8', message: `invalid UTF-8 (first at line ${this.lines + 1}), replaced by U+FFFD` });
    }
    this.emitLine(text);
  }
}

/** Splits a whole buffer (small files, tests). */
export function splitLines(buf: Buffer, maxLineBytes?: number): { lines: string[]; warnings: Omit<Warning, 'file'>[] } {
  const lines: string[] = [];
  const warnings: Omit<Warning, 'file'>[] = [];
  const s = new LineSplitter({ line: (t) => { lines.push(t); }, warn: (w) => { warnings.push(w); } }, maxLineBytes);
  s.write(buf);
  s.end();
  return { lines, warnings };
}
