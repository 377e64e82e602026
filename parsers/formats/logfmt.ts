// logfmt: containerd, CRI-O, logrus-based tools (virtual-kubelet, flannel):
// `time="2021-09-15T21:17:10.220731Z" level=error msg="…" namespace=…`. Go-kit style `ts=`,
// `t=` and `timestamp=` keys too. A stamp with an offset is exact; without one it is local time.
import type { FormatSpec, LineParser, ParseSink } from './format.ts';
import type { TimeContext } from '../types.ts';
import { makeRecord, OpenRecord, WarnLimiter, severityFromWord } from './record.ts';
import { IsoReader } from './stamp.ts';
import { parseKv } from './kv.ts';

const SHAPE = /^(?:time|ts|t|timestamp)=\S/;

class LogfmtParser implements LineParser {
  private readonly open: OpenRecord;
  private readonly iso: IsoReader;
  private readonly warn: WarnLimiter;
  constructor(time: TimeContext, sink: ParseSink) {
    this.open = new OpenRecord(sink);
    this.iso = new IsoReader(time.zone);
    this.warn = new WarnLimiter(sink);
  }
  push(line: string, lineNo: number): void {
    const eq = line.indexOf('=');
    if (eq <= 0 || eq > 40 || line.indexOf(' ') < eq && line.indexOf(' ') >= 0) { this.other(line, lineNo); return; }
    const f: Record<string, string> = {};
    if (parseKv(line, 0, f) === 0) { this.other(line, lineNo); return; }
    const t = f.time ?? f.ts ?? f.timestamp ?? f.t;
    let ts: number | null = null;
    let kind: 'exact' | 'zone-inferred' | 'none' = 'none';
    if (t !== undefined) {
      const s = this.iso.read(t, 0);
      if (s.end > 0) { ts = s.ts; kind = s.kind === 'exact' ? 'exact' : 'zone-inferred'; } else this.warn.badTime(lineNo, `unreadable time "${t.slice(0, 40)}"`);
    }
    const level = f.level ?? f.lvl;
    const msg = f.msg ?? f.message ?? line;
    const rec = makeRecord(lineNo, ts, kind, null, level === undefined ? null : severityFromWord(level), null, null, null, null, msg, line);
    delete f.msg;
    rec.fields = f;
    this.open.open(rec);
  }
  private other(line: string, lineNo: number): void {
    if (this.open.append(line, line, lineNo) || line.length === 0) return;
    this.warn.unparsed(lineNo, 'not key=value');
    this.open.open(makeRecord(lineNo, null, 'none', null, null, null, null, null, null, line, line));
  }
  end(): void { this.open.flush(); this.warn.end(); }
}

export const logfmt: FormatSpec = {
  id: 'logfmt',
  title: 'logfmt (containerd, CRI-O, logrus)',
  pathHints: [/(?:containerd|crio|cri-o|docker)[^/]*\.log(?:\.\d+)?$/],
  sniff(lines) {
    let n = 0, hit = 0;
    for (const l of lines) {
      if (l.length === 0) continue;
      n++;
      if (SHAPE.test(l) && / (?:level|lvl)=\w/.test(l) && / (?:msg|message)=/.test(l)) hit++;
    }
    return n === 0 ? 0 : hit / n;
  },
  open: (time, sink) => new LogfmtParser(time, sink),
  samples: [
    { lines: 'time="2021-09-15T21:17:11.674149Z" level=warning msg="Failed to DeletePod in the provider" error="pod inc-1-domain-c14-ns-6/fe-inc-1-domain-c14-ns-6-5-656d9bb695-4584b is not found: PodNotFound" namespace=inc-1-domain-c14-ns-6', expect: { line: 1, ts: '2021-09-15T21:17:11.674149Z', tsKind: 'exact', severity: 4, message: 'Failed to DeletePod in the provider', fields: { time: '2021-09-15T21:17:11.674149Z', level: 'warning', error: 'pod inc-1-domain-c14-ns-6/fe-inc-1-domain-c14-ns-6-5-656d9bb695-4584b is not found: PodNotFound', namespace: 'inc-1-domain-c14-ns-6' } } },
    { lines: 'time="2026-11-28T01:02:03.456789012+01:00" level=info msg="StartContainer for \\"abc\\" returns successfully"', expect: { ts: '2026-11-28T00:02:03.456789Z', severity: 6, message: 'StartContainer for "abc" returns successfully' } },
  ],
};
