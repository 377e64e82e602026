// The fallback: a file no format claims is kept as text, one record per non-blank line, with no
// time ('none'): still searchable, and the UI says it has no timestamps.
import type { FormatSpec, LineParser, ParseSink } from './format.ts';
import { makeRecord } from './record.ts';

class PlainParser implements LineParser {
  constructor(private readonly sink: ParseSink) {}
  push(line: string, lineNo: number): void {
    if (line.length === 0) return;
    this.sink.record(makeRecord(lineNo, null, 'none', null, null, null, null, null, null, line, line));
  }
  end(): void {}
}

export const plain: FormatSpec = {
  id: 'plain',
  title: 'Plain text (no format recognised)',
  pathHints: [],
  sniff: () => 0.01,
  open: (_time, sink) => new PlainParser(sink),
  samples: [
    { lines: '[ERROR] plugin/errors: 2 mini-program-server-9c4b4f768-wcjz5. A: read udp 172.30.57.16:42594->119.29.29.29:53: i/o timeout', expect: { line: 1, endLine: 1, ts: null, tsKind: 'none', message: '[ERROR] plugin/errors: 2 mini-program-server-9c4b4f768-wcjz5. A: read udp 172.30.57.16:42594->119.29.29.29:53: i/o timeout' } },
  ],
};
