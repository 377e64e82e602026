import { describe, expect, it } from 'vitest';
import { LineSplitter, cutMarker, splitLines } from './lines.ts';
import type { Warning } from './types.ts';

function feed(chunks: Buffer[], max?: number) {
  const lines: Array<[string, number]> = [];
  const warnings: Omit<Warning, 'file'>[] = [];
  const s = new LineSplitter({ line: (t, n) => { lines.push([t, n]); }, warn: (w) => { warnings.push(w); } }, max);
  for (const c of chunks) s.write(c);
  s.end();
  return { lines, warnings, splitter: s };
}

describe('line splitter', () => {
  it('splits on \\n, drops \\r before it, keeps a last line without newline', () => {
    const { lines } = splitLines(Buffer.from('Jun 18 04:07:06 combo logrotate: ALERT exited abnormally with [1]\r\nb\n\nc'));
    expect(lines).toEqual(['Jun 18 04:07:06 combo logrotate: ALERT exited abnormally with [1]', 'b', '', 'c']);
  });

  it('joins a line cut between chunks, also in the middle of a multi-byte character', () => {
    const text = 'took 10.558µs\nsecond line\n';
    const b = Buffer.from(text);
    const mu = b.indexOf(0xb5); // second byte of µ (c2 b5)
    for (let cut = 1; cut < b.length; cut++) {
      const { lines, warnings } = feed([b.subarray(0, cut), b.subarray(cut)]);
      expect(lines.map((l) => l[0])).toEqual(['took 10.558µs', 'second line']);
      expect(warnings).toEqual([]);
    }
    expect(mu).toBeGreaterThan(0);
  });

  it('says whether a byte 0x01-0x03 came in, before emitting the lines that hold it', () => {
    const seen: boolean[] = [];
    const s = new LineSplitter({ line: () => { seen.push(s.sawLowControls); }, warn: () => {} });
    s.write(Buffer.from('clean\ntab\there, escape \u001b[0m, form\ffeed\n'));
    expect(s.sawLowControls).toBe(false);
    s.write(Buffer.from('x\u0002y\nafter\n'));
    expect(seen).toEqual([false, false, true, true]); // sticky from the chunk holding it on
    for (const c of ['\u0001', '\u0003']) expect(feed([Buffer.from(`a${c}\n`)]).splitter.sawLowControls).toBe(true);
    expect(feed([Buffer.from([0xff, 0xfe, 0x61, 0x00, 0x0a, 0x00])]).splitter.sawLowControls).toBe(true); // UTF-16: not searched, assumed
  });

  it('counts lines and bytes across chunks', () => {
    const { lines, splitter } = feed([Buffer.from('a\nb'), Buffer.from('c\nd\n')]);
    expect(lines).toEqual([['a', 1], ['bc', 2], ['d', 3]]);
    expect(splitter.lines).toBe(3);
    expect(splitter.bytes).toBe(7);
  });

  it('replaces invalid UTF-8 and warns once, naming the first bad line', () => {
    const buf = Buffer.concat([Buffer.from('ok\nbad '), Buffer.from([0xff, 0xfe]), Buffer.from(' here\nalso '), Buffer.from([0xc3]), Buffer.from('\n')]);
    const { lines, warnings } = feed([buf]);
    expect(lines[1]![0]).toBe('bad \uFFFD\uFFFD here');
    expect(warnings).toEqual([{ line: 2, code: 'invalid-utf8', message: expect.stringContaining('line 2') }]);
  });

  it('a genuine U+FFFD in valid text is not a warning', () => {
    expect(feed([Buffer.from('x \uFFFD y\n')]).warnings).toEqual([]);
  });

  it('cuts a line longer than maxLineBytes, names it, and goes on (whole and chunked)', () => {
    const long = 'x'.repeat(5000);
    const text = `first\n${long}\nlast\n`;
    for (const chunks of [[Buffer.from(text)], Buffer.from(text).reduce<Buffer[]>((acc, _b, i, all) => (i % 700 === 0 ? [...acc, Buffer.from(all.subarray(i, i + 700))] : acc), [])]) {
      const { lines, warnings } = feed(chunks, 1000);
      expect(lines.map((l) => l[1])).toEqual([1, 2, 3]);
      expect(lines[1]![0].length).toBeLessThanOrEqual(1000 + cutMarker(1000).length);
      expect(lines[1]![0].endsWith(cutMarker(1000))).toBe(true);
      expect(lines[1]![0].startsWith('xxx')).toBe(true);
      expect(lines[2]![0]).toBe('last');
      expect(warnings.map((w) => [w.code, w.line])).toEqual([['line-too-long', 2]]);
    }
  });

  it('holds no more than maxLineBytes of a line that never ends', () => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const s = new LineSplitter({ line: () => {}, warn: () => {} }, 100_000);
    for (let i = 0; i < 200; i++) s.write(chunk); // 12.8 MB without a newline
    const held = (s as unknown as { carryLen: number }).carryLen;
    expect(held).toBeLessThanOrEqual(100_000);
    s.end();
    expect(s.lines).toBe(1);
  });

  it('cuts on a character boundary', () => {
    const { lines } = feed([Buffer.from('ééééé\n')], 5); // 10 bytes
    expect(lines[0]![0]).toBe(`éé${cutMarker(5)}`);
  });

  it('decodes UTF-16 logs with a BOM, across chunks', () => {
    const b = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Jun 08 11:45:16 host kernel: x\r\nzwei\n', 'utf16le')]);
    const { lines } = feed([b.subarray(0, 7), b.subarray(7)]);
    expect(lines.map((l) => l[0])).toEqual(['Jun 08 11:45:16 host kernel: x', 'zwei']);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('a\nb', 'utf16le').swap16()]);
    expect(feed([be]).lines.map((l) => l[0])).toEqual(['a', 'b']);
  });

  it('drops a UTF-8 BOM', () => {
    expect(splitLines(Buffer.from('\uFEFFfirst\n')).lines).toEqual(['first']);
  });
});
