// etcd < 3.4 (and other CoreOS tools) log through capnslog:
// `2016-06-27 19:30:19.254680 W | etcdserver: failed to send out heartbeat on time …`.
// Local wall time without zone; level letters C E W N I D; the package is the ident.
import type { FormatSpec, LineParser, ParseSink } from './format.ts';
import type { TimeContext } from '../types.ts';
import { makeRecord, OpenRecord, WarnLimiter, severityFromLetter } from './record.ts';
import { IsoReader } from './stamp.ts';

const LINE = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ [CEWNID] \| /;

class CapnslogParser implements LineParser {
  private readonly open: OpenRecord;
  private readonly iso: IsoReader;
  private readonly warn: WarnLimiter;
  constructor(time: TimeContext, sink: ParseSink) {
    this.open = new OpenRecord(sink);
    this.iso = new IsoReader(time.zone);
    this.warn = new WarnLimiter(sink);
  }
  push(line: string, lineNo: number): void {
    const s = this.iso.read(line, 0);
    const e = s.end;
    if (e < 0 || line.charCodeAt(e) !== 32 || line.charCodeAt(e + 2) !== 32 || line.charCodeAt(e + 3) !== 124) {
      if (this.open.append(line, line, lineNo) || line.length === 0) return;
      this.warn.unparsed(lineNo, 'no capnslog header');
      this.open.open(makeRecord(lineNo, null, 'none', null, null, null, null, null, null, line, line));
      return;
    }
    const sev = severityFromLetter(line.charCodeAt(e + 1));
    let p = e + 5;
    const colon = line.indexOf(': ', p);
    let ident: string | null = null;
    if (colon > p && colon - p < 64 && line.lastIndexOf(' ', colon) < p) { ident = line.slice(p, colon); }
    const rec = makeRecord(lineNo, s.ts, s.kind, null, sev, null, ident, null, null, line.slice(p), line);
    this.open.open(rec);
  }
  end(): void { this.open.flush(); this.warn.end(); }
}

export const capnslog: FormatSpec = {
  id: 'capnslog',
  title: 'capnslog text (etcd < 3.4)',
  pathHints: [/etcd[^/]*\.log(?:\.\d+)?$/],
  sniff(lines) {
    let n = 0, hit = 0;
    for (const l of lines) { if (l.length === 0) continue; n++; if (LINE.test(l)) hit++; }
    return n === 0 ? 0 : hit / n;
  },
  open: (time, sink) => new CapnslogParser(time, sink),
  samples: [
    { lines: '2016-06-27 19:30:19.254680 W | etcdserver: failed to send out heartbeat on time (exceeded the 10ms timeout for 12.296834ms)', expect: { line: 1, ts: '2016-06-27T19:30:19.254680Z', tsKind: 'zone-inferred', severity: 4, ident: 'etcdserver', message: 'etcdserver: failed to send out heartbeat on time (exceeded the 10ms timeout for 12.296834ms)' } },
    { lines: '2016-06-27 19:30:19.628901 N | auth: added a new user: root', time: { zone: 'America/New_York' }, expect: { ts: '2016-06-27T23:30:19.628901Z', severity: 5, ident: 'auth' } },
  ],
};
