// CRI pod logs (/var/log/pods/<ns>_<pod>_<uid>/<container>/0.log, must-gather current.log):
// `<RFC3339Nano> stdout|stderr F|P <content>`. P marks a partial line: the runtime split a long
// line and the pieces are joined (without newline) up to the next F. The content is parsed in its
// own format when it has one (etcd zap JSON, klog): message, severity and fields come from it,
// the time from the CRI stamp (the runtime's clock, with an offset: exact).
import type { FormatSpec, LineParser, ParseSink } from './format.ts';
import type { LogRecord } from '../types.ts';
import { makeRecord, WarnLimiter } from './record.ts';
import { IsoReader } from './stamp.ts';
import { innerJson, innerKlog } from './inner.ts';

const SHAPE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d) (?:stdout|stderr) [FP] /;
const DOCKER = /^\{"log":".*","stream":"(?:stdout|stderr)","time":"\d{4}-/;
/** `kubectl logs --timestamps` (must-gather current.log): RFC 3339 (Nano, trailing zeros trimmed,
 *  so 0 to 9 digits), a blank, the line. */
const TIMESTAMPED = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:\d\d) /;
const MAX_PARTS = 2000;

/** `stdout` or `stderr` (the constant, not a slice of the line) for the six chars at s[i]. */
function streamAt(s: string, i: number): 'stdout' | 'stderr' | null {
  if (s.charCodeAt(i) !== 115 || s.charCodeAt(i + 1) !== 116 || s.charCodeAt(i + 2) !== 100) return null; // std
  const a = s.charCodeAt(i + 3), b = s.charCodeAt(i + 4), c = s.charCodeAt(i + 5);
  if (a === 111 && b === 117 && c === 116) return 'stdout';
  if (a === 101 && b === 114 && c === 114) return 'stderr';
  return null;
}

class CriParser implements LineParser {
  private readonly iso = new IsoReader(null);
  private readonly warn: WarnLimiter;
  // stdout and stderr interleave: each stream has its own partial line.
  private partial: Record<string, LogRecord | null> = { stdout: null, stderr: null };
  private parts: Record<string, number> = { stdout: 0, stderr: 0 };
  constructor(private readonly sink: ParseSink) { this.warn = new WarnLimiter(sink); }

  push(line: string, lineNo: number): void {
    if (line.charCodeAt(0) === 123) { this.docker(line, lineNo); return; }
    const s = this.iso.read(line, 0);
    const e = s.end;
    if (e < 0 || line.charCodeAt(e) !== 32) { this.junk(line, lineNo); return; }
    const se = line.indexOf(' ', e + 1);
    const tag = line.charCodeAt(se + 1);
    const stream = se === e + 7 ? streamAt(line, e + 1) : null;
    if (stream === null || (tag !== 70 && tag !== 80) || (line.charCodeAt(se + 2) !== 32 && se + 2 !== line.length)) {
      // `kubectl logs --timestamps` / must-gather current.log: a stamp and the line, nothing else.
      const rec = makeRecord(lineNo, s.ts, s.kind === 'exact' ? 'exact' : 'zone-inferred', null, null, null, null, null, null, line.slice(e + 1), line, e + 1);
      this.finish(rec);
      return;
    }
    const content = line.slice(se + 3);
    let rec = this.partial[stream] ?? null;
    if (rec) {
      rec.message += content;
      rec.raw += '\n' + line;
      rec.messageAt = -1;
      rec.endLine = lineNo;
      this.parts[stream]!++;
    } else {
      rec = makeRecord(lineNo, s.ts, s.kind === 'exact' ? 'exact' : 'zone-inferred', null, null, null, null, null, null, content, line, line.length - content.length);
      rec.fields = { stream };
      this.parts[stream] = 1;
    }
    if (tag === 80 && this.parts[stream]! < MAX_PARTS) this.partial[stream] = rec; // P: more to come
    else { this.partial[stream] = null; this.finish(rec); }
  }

  /** Docker's json-file driver (dockershim nodes, /var/lib/docker/containers/<id>/<id>-json.log):
   *  {"log":"text\n","stream":"stderr","time":"2026-11-28T01:02:03.123456789Z"}. A log value
   *  without its trailing newline is a partial line, continued by the next entry of its stream. */
  private docker(line: string, lineNo: number): void {
    let o: { log?: unknown; stream?: unknown; time?: unknown };
    try { o = JSON.parse(line); } catch { this.junk(line, lineNo); return; }
    if (typeof o !== 'object' || o === null || typeof o.log !== 'string') { this.junk(line, lineNo); return; }
    const stream = typeof o.stream === 'string' ? o.stream : 'stdout';
    const t = typeof o.time === 'string' ? this.iso.read(o.time, 0) : null;
    const complete = o.log.endsWith('\n');
    const content = complete ? o.log.slice(0, -1) : o.log;
    let rec = this.partial[stream] ?? null;
    if (rec) {
      rec.message += content; rec.raw += '\n' + line; rec.messageAt = -1; rec.endLine = lineNo; this.parts[stream] = (this.parts[stream] ?? 0) + 1;
    } else {
      rec = makeRecord(lineNo, t && t.end > 0 ? t.ts : null, t && t.end > 0 ? 'exact' : 'none', null, null, null, null, null, null, content, line);
      rec.fields = { stream };
      this.parts[stream] = 1;
    }
    if (!complete && this.parts[stream]! < MAX_PARTS) this.partial[stream] = rec;
    else { this.partial[stream] = null; this.finish(rec); }
  }

  private finish(rec: LogRecord): void {
    const msg = rec.message;
    const inner = innerJson(msg, false); // the runtime's stamp is the time: the inner one is not read
    // The inner fields are a fresh object: the stream is added to it in place (where a spread into
    // a new object cost more than parsing the JSON), at the same place a spread would put it.
    if (inner) {
      rec.severity = inner.severity;
      rec.message = inner.message;
      rec.messageAt = -1;
      // Unparsed JSON fields: the record keeps its stream, which recordFields puts after them.
      if (inner.fieldsJson !== undefined) rec.fieldsJson = inner.fieldsJson;
      else { if (rec.fields && inner.fields) inner.fields.stream = rec.fields.stream!; rec.fields = inner.fields ?? rec.fields; }
    } else {
      const k = innerKlog(msg);
      if (k) {
        rec.severity = k.severity;
        if (rec.fields) k.fields.stream = rec.fields.stream!;
        rec.fields = k.fields;
      }
    }
    this.sink.record(rec);
  }

  private junk(line: string, lineNo: number): void {
    if (line.length === 0) return;
    this.warn.unparsed(lineNo, 'not a CRI log line');
    this.sink.record(makeRecord(lineNo, null, 'none', null, null, null, null, null, null, line, line));
  }

  end(): void {
    for (const k of Object.keys(this.partial)) { const r = this.partial[k]; if (r) this.finish(r); this.partial[k] = null; }
    this.warn.end();
  }
}

export const cri: FormatSpec = {
  id: 'cri',
  title: 'Container logs (CRI, docker json-file, kubectl --timestamps)',
  pathHints: [/(?:^|\/)pods\/[^/]+\/[^/]+\/\d+\.log(?:\.[^/]*)?$/, /(?:^|\/)containers\/[^/]+\.log$/, /(?:^|\/)(?:current|previous)(?:\.insecure)?\.log$/, /\/logs\/(?:current|previous)[^/]*\.log$/],
  sniff(lines) {
    let n = 0, hit = 0;
    let stamped = 0;
    for (const l of lines) {
      if (l.length === 0) continue;
      n++;
      if (SHAPE.test(l) || DOCKER.test(l)) hit++; else if (TIMESTAMPED.test(l)) stamped++;
    }
    // Timestamped-only lines are weaker evidence: rsyslog's ISO lines look alike (syslog then wins
    // on its `host ident[pid]:` shape).
    return n === 0 ? 0 : (hit + stamped * 0.9) / n;
  },
  open: (_time, sink) => new CriParser(sink),
  samples: [
    { lines: '{"log":"I1128 01:02:03.000001       1 leaderelection.go:248] attempting to acquire leader lease kube-system/kube-scheduler...\\n","stream":"stderr","time":"2026-11-28T01:02:03.000123456Z"}', expect: { line: 1, ts: '2026-11-28T01:02:03.000123Z', tsKind: 'exact', severity: 6, message: 'I1128 01:02:03.000001       1 leaderelection.go:248] attempting to acquire leader lease kube-system/kube-scheduler...', fields: { caller: 'leaderelection.go:248', stream: 'stderr' } } },
    { lines: '2016-10-06T00:17:09.669794202Z stdout P log content 1\n2016-10-06T00:17:09.669794203Z stdout F log content 2', expect: { line: 1, endLine: 2, ts: '2016-10-06T00:17:09.669794Z', tsKind: 'exact', message: 'log content 1log content 2', fields: { stream: 'stdout' } } },
    { lines: '2023-08-18T10:47:25.111490788+08:00 stderr F {"level":"warn","ts":"2023-08-18T02:47:25.111Z","caller":"etcdserver/util.go:166","msg":"apply request took too long","took":"627.833521ms","expected-duration":"200ms"}', expect: { ts: '2023-08-18T02:47:25.111490Z', severity: 4, message: 'apply request took too long', fields: { level: 'warn', ts: '2023-08-18T02:47:25.111Z', caller: 'etcdserver/util.go:166', took: '627.833521ms', 'expected-duration': '200ms', stream: 'stderr' } } },
    { lines: '2024-04-16T06:21:39.0Z stdout F 10.0.2.1:59838 - - [Tue, 16 Apr 2024 06:21:39 UTC] "GET /readiness HTTP/1.1" kube-probe/1.27', expect: { ts: '2024-04-16T06:21:39.000000Z', message: '10.0.2.1:59838 - - [Tue, 16 Apr 2024 06:21:39 UTC] "GET /readiness HTTP/1.1" kube-probe/1.27' } },
    { lines: '2026-11-28T01:02:03.123456789Z {"level":"info","ts":"2026-11-28T01:02:03.123Z","msg":"serving client traffic securely"}', expect: { ts: '2026-11-28T01:02:03.123456Z', tsKind: 'exact', severity: 6, message: 'serving client traffic securely' } },
    { lines: '2026-11-28T00:02:03.000000001Z stderr F E1128 00:02:03.000001       1 controller.go:114] "Unhandled Error" err="leader election lost"', expect: { severity: 3, fields: { caller: 'controller.go:114', err: 'leader election lost', stream: 'stderr' } } },
  ],
};
