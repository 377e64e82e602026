// etcd ≥ 3.4 logs through zap as JSON lines:
// {"level":"warn","ts":"2021-09-16T05:38:03.911Z","caller":"raft/raft.go:870","msg":"…",…}.
// `ts` has an explicit offset (Z, +08:00 or +0800) or is epoch seconds: exact. Keys other than
// msg go to fields (took, error, remote-peer-id…), all as strings.
import type { FormatSpec, LineParser, ParseSink } from './format.ts';
import { makeRecord, OpenRecord, WarnLimiter, severityFromWord } from './record.ts';
import { JsonLines } from './json-lines.ts';
import { jsonTs, stringFields } from './inner.ts';

class EtcdJsonParser implements LineParser {
  private readonly open: OpenRecord;
  private readonly warn: WarnLimiter;
  private readonly json: JsonLines;
  constructor(sink: ParseSink) {
    this.open = new OpenRecord(sink);
    this.warn = new WarnLimiter(sink);
    this.json = new JsonLines({
      object: (o, first, last, raw) => {
        const ts = jsonTs(o.ts ?? o.time ?? o.timestamp);
        const level = o.level;
        const msg = typeof o.msg === 'string' ? o.msg : typeof o.message === 'string' ? o.message : raw;
        const rec = makeRecord(first, ts, ts === null ? 'none' : 'exact', null,
          typeof level === 'string' ? severityFromWord(level) : null, null,
          typeof o.logger === 'string' && o.logger !== 'raft' ? o.logger : 'etcd', null, null, msg, raw);
        rec.endLine = last;
        rec.fields = stringFields(o, ['msg', 'message']);
        if (ts === null) this.warn.badTime(first, 'JSON record without a usable "ts"');
        this.open.open(rec);
      },
      other: (line, lineNo, reason) => {
        // A Go panic after a fatal record prints plain lines: they belong to it.
        if (reason === null && this.open.append(line, line, lineNo)) return;
        if (line.length === 0) return;
        this.warn.unparsed(lineNo, reason ?? 'not a JSON record');
        this.open.open(makeRecord(lineNo, null, 'none', null, null, null, null, null, null, line, line));
      },
    });
  }
  push(line: string, lineNo: number): void { this.json.push(line, lineNo); }
  end(): void { this.json.end(); this.open.flush(); this.warn.end(); }
}

const ZAP = /^\s*\{\s*"(?:level|ts|severity)"\s*:/;

export const etcdJson: FormatSpec = {
  id: 'etcd-json',
  title: 'etcd zap JSON',
  pathHints: [/etcd[^/]*\.(?:log|json)(?:\.\d+)?$/, /(?:^|\/)etcd[^/]*\/[^/]*\.log$/],
  sniff(lines) {
    let n = 0, hit = 0;
    for (const l of lines) {
      if (l.length === 0) continue;
      n++;
      if (ZAP.test(l) && l.includes('"msg"')) hit++;
    }
    return n === 0 ? 0 : hit / n;
  },
  open: (_time, sink) => new EtcdJsonParser(sink),
  samples: [
    { lines: '{"level":"info","ts":"2021-09-16T05:38:03.911Z","caller":"raft/raft.go:870","msg":"980a75d3196f23b1 is starting a new election at term 898"}', expect: { line: 1, ts: '2021-09-16T05:38:03.911000Z', tsKind: 'exact', severity: 6, ident: 'etcd', message: '980a75d3196f23b1 is starting a new election at term 898', fields: { level: 'info', ts: '2021-09-16T05:38:03.911Z', caller: 'raft/raft.go:870' } } },
    { lines: '{"level":"warn","ts":"2024-05-23T09:09:09.745+0800","caller":"rafthttp/probing_status.go:68","msg":"prober detected unhealthy status","remote-peer-id":"cee2c0be4d046b6","rtt":"233.675µs"}', expect: { ts: '2024-05-23T01:09:09.745000Z', severity: 4, message: 'prober detected unhealthy status' } },
    { lines: '{\n  "level": "error",\n  "ts": 1700000000.5,\n  "msg": "failed to save snapshot"\n}', expect: { line: 1, endLine: 5, ts: '2023-11-14T22:13:20.500000Z', severity: 3, message: 'failed to save snapshot' } },
  ],
};
