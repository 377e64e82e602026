// Kubernetes events as captured in bundles: `kubectl get events -o yaml|json` (must-gather
// events.yaml), and the `kubectl get events` table. One record per event; the time is
// lastTimestamp (else eventTime, firstTimestamp, metadata.creationTimestamp): RFC 3339 UTC, exact.
// The table's LAST SEEN is relative to when it was printed ("5m"): no time ('none').
import type { FormatSpec, LineParser, ParseSink } from './format.ts';
import type { LogRecord } from '../types.ts';
import { makeRecord, WarnLimiter, MAX_RECORD_LINES } from './record.ts';
import { jsonTs } from './inner.ts';

interface EventFields { reason?: string; type?: string; message?: string; kind?: string; name?: string; namespace?: string; count?: string; source?: string; ts: number | null }

function eventRecord(e: EventFields, first: number, last: number, raw: string): LogRecord {
  const msg = `${e.reason ?? ''}${e.reason ? ': ' : ''}${e.message ?? ''}`;
  const rec = makeRecord(first, e.ts, e.ts === null ? 'none' : 'exact', null,
    e.type === 'Warning' ? 4 : e.type === 'Normal' ? 6 : null, null, e.source ?? null, null, null, msg, raw);
  rec.endLine = last;
  const f: Record<string, string> = {};
  for (const k of ['reason', 'type', 'kind', 'name', 'namespace', 'count'] as const) { const v = e[k]; if (v !== undefined) f[k] = v; }
  rec.fields = f;
  return rec;
}

const TABLE_HEADER = /^(?:NAMESPACE\s+)?LAST SEEN\s+(?:TYPE|FIRST SEEN)\s/;

function fromObject(o: Record<string, unknown>): EventFields {
  const io = (o.involvedObject ?? o.regarding ?? {}) as Record<string, unknown>;
  const md = (o.metadata ?? {}) as Record<string, unknown>;
  const src = (o.source ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);
  return {
    reason: str(o.reason), type: str(o.type), message: str(o.message ?? o.note), kind: str(io.kind), name: str(io.name),
    namespace: str(io.namespace ?? md.namespace), count: str(o.count), source: str(src.component ?? o.reportingComponent ?? o.reportingController),
    ts: jsonTs(o.lastTimestamp) ?? jsonTs(o.eventTime) ?? jsonTs(o.firstTimestamp) ?? jsonTs(md.creationTimestamp),
  };
}

function yamlScalar(v: string): string {
  const t = v.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) { try { return JSON.parse(t) as string; } catch { return t.slice(1, -1); } }
  if (t.length >= 2 && t.startsWith("'") && t.endsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
  return t;
}

class EventsParser implements LineParser {
  private readonly warn: WarnLimiter;
  private mode: 'unknown' | 'yaml' | 'json' | 'table' = 'unknown';
  private item: string[] = [];
  private first = 0;
  private depth = 0;
  private inStr = false;
  private columns: Array<{ name: string; start: number }> = [];
  constructor(private readonly sink: ParseSink) { this.warn = new WarnLimiter(sink); }

  push(line: string, lineNo: number): void {
    if (TABLE_HEADER.test(line)) { this.mode = 'table'; this.header(line); return; }
    if (this.mode === 'unknown') {
      const t = line.trimStart();
      if (t.length === 0) return;
      if (t.startsWith('{') || t.startsWith('[')) this.mode = 'json';
      else this.mode = 'yaml';
    }
    if (this.mode === 'json') this.json(line, lineNo);
    else if (this.mode === 'yaml') this.yaml(line, lineNo);
    else this.row(line, lineNo);
  }

  // JSON: items are the objects opened at depth 2 (root object, items array).
  private json(line: string, lineNo: number): void {
    for (let p = 0; p < line.length; p++) {
      const c = line.charCodeAt(p);
      if (this.inStr) { if (c === 92) p++; else if (c === 34) this.inStr = false; continue; }
      if (c === 34) this.inStr = true;
      else if (c === 123 || c === 91) { if (this.depth === 2 && c === 123 && this.item.length === 0) { this.first = lineNo; this.item.push(''); } this.depth++; }
      else if (c === 125 || c === 93) this.depth--;
    }
    if (this.item.length === 0) return;
    this.item.push(line);
    if (this.depth <= 2) {
      const raw = this.item.slice(1).join('\n');
      this.item = [];
      const text = raw.trim().replace(/,$/, '');
      const start = text.indexOf('{');
      try { this.sink.record(eventRecord(fromObject(JSON.parse(text.slice(start))), this.first, lineNo, raw)); }
      catch { this.warn.unparsed(this.first, `event at lines ${this.first}-${lineNo} is not valid JSON`); }
    } else if (this.item.length > MAX_RECORD_LINES) { this.item = []; this.warn.unparsed(this.first, 'event object too long'); }
  }

  // YAML: an item starts at `- ` in column 0 (or `  - ` under items:), fields are read by indent.
  private yaml(line: string, lineNo: number): void {
    const isItem = /^(?:  )?- /.test(line);
    const topLevel = /^[a-zA-Z]/.test(line);
    if ((isItem || topLevel) && this.item.length > 0) this.flushYaml(lineNo - 1);
    if (isItem) { this.first = lineNo; this.item.push(line); return; }
    if (this.item.length > 0) {
      this.item.push(line);
      if (this.item.length > MAX_RECORD_LINES) this.flushYaml(lineNo);
    } else if (line.length > 0 && !/^(?:[\w.-]+:(?: .*)?|\s+\S.*|---|\.\.\.)$/.test(line)) this.warn.unparsed(lineNo, 'not YAML');
  }

  private flushYaml(last: number): void {
    const lines = this.item;
    this.item = [];
    const base = lines[0]!.indexOf('- ') + 2;
    const e: EventFields = { ts: null };
    const times: Record<string, string> = {};
    let section = '';
    for (let i = 0; i < lines.length; i++) {
      let l = lines[i]!;
      if (i === 0) l = ' '.repeat(base) + l.slice(base);
      const m = /^(\s*)([\w.-]+):(?: (.*))?$/.exec(l);
      if (!m) continue;
      const indent = m[1]!.length;
      const key = m[2]!;
      let v = m[3] === undefined ? undefined : m[3];
      if (v !== undefined && /^[|>][-+]?$/.test(v.trim())) { // block scalar: the more-indented lines below
        const parts: string[] = [];
        while (i + 1 < lines.length && (lines[i + 1]!.length === 0 || /^\s*/.exec(lines[i + 1]!)![0].length > indent)) parts.push(lines[++i]!.trim());
        v = parts.join(v.trim().startsWith('>') ? ' ' : '\n');
      } else if (v !== undefined) v = yamlScalar(v);
      if (indent === base) {
        section = v === undefined || v === '' ? key : '';
        if (v === undefined) continue;
        if (key === 'reason') e.reason = v; else if (key === 'type') e.type = v; else if (key === 'message' || key === 'note') e.message = v;
        else if (key === 'count') e.count = v; else if (key === 'reportingComponent' && !e.source && v) e.source = v;
        else if (key === 'lastTimestamp' || key === 'eventTime' || key === 'firstTimestamp') times[key] = v;
      } else if (indent > base && v !== undefined) {
        if (section === 'involvedObject' || section === 'regarding') {
          if (key === 'kind') e.kind = v; else if (key === 'name') e.name = v; else if (key === 'namespace') e.namespace = v;
        } else if (section === 'source' && key === 'component') e.source = v;
        else if (section === 'metadata') { if (key === 'namespace' && !e.namespace) e.namespace = v; if (key === 'creationTimestamp') times.creationTimestamp = v; }
      }
    }
    e.ts = jsonTs(times.lastTimestamp) ?? jsonTs(times.eventTime) ?? jsonTs(times.firstTimestamp) ?? jsonTs(times.creationTimestamp);
    this.sink.record(eventRecord(e, this.first, Math.max(this.first, last), lines.join('\n')));
  }

  // `kubectl get events`: columns found from the header's word positions.
  private header(line: string): void {
    this.columns = [];
    const re = /(LAST SEEN|FIRST SEEN|[A-Z]+)/g;
    for (let m = re.exec(line); m; m = re.exec(line)) this.columns.push({ name: m[1]!, start: m.index });
  }

  private row(line: string, lineNo: number): void {
    if (line.trim().length === 0) return;
    const cols = this.columns;
    const get = (name: string) => {
      const i = cols.findIndex((c) => c.name === name);
      if (i < 0) return undefined;
      const end = i + 1 < cols.length && name !== 'MESSAGE' ? cols[i + 1]!.start : line.length;
      return line.slice(cols[i]!.start, end).trim();
    };
    const obj = get('OBJECT') ?? get('NAME');
    const slash = obj?.indexOf('/') ?? -1;
    const e: EventFields = {
      reason: get('REASON'), type: get('TYPE'), message: get('MESSAGE'), namespace: get('NAMESPACE'),
      kind: slash > 0 ? obj!.slice(0, slash) : get('KIND'), name: slash > 0 ? obj!.slice(slash + 1) : obj,
      count: get('COUNT'), source: get('SOURCE'), ts: null,
    };
    this.sink.record(eventRecord(e, lineNo, lineNo, line));
  }

  end(): void {
    if (this.mode === 'yaml' && this.item.length > 0) this.flushYaml(this.first + this.item.length - 1);
    if (this.mode === 'json' && this.item.length > 0) this.warn.unparsed(this.first, 'event object cut off at the end of the file');
    this.warn.end();
  }
}

export const k8sEvents: FormatSpec = {
  id: 'k8s-events',
  title: 'Kubernetes events (yaml / json / kubectl table)',
  pathHints: [/(?:^|\/)events?(?:\.ya?ml|\.json|\.txt)?$/, /(?:^|\/)core\/events\.ya?ml$/],
  sniff(lines) {
    const text = lines.slice(0, 200).join('\n');
    if (/^(?:NAMESPACE\s+)?LAST SEEN\s+(?:TYPE|FIRST SEEN)\s/m.test(text)) return 1;
    if (/\bkind:\s*Event(?:List)?\b/.test(text) && /\b(?:involvedObject|regarding):/.test(text)) return 1;
    if (/"kind"\s*:\s*"Event(?:List)?"/.test(text) && /"(?:involvedObject|regarding)"\s*:/.test(text)) return 1;
    return 0;
  },
  open: (_time, sink) => new EventsParser(sink),
  samples: [
    { lines: 'LAST SEEN   TYPE      REASON         OBJECT                MESSAGE\n5m          Warning   NodeNotReady   node/worker-1         Node worker-1 status is now: NodeNotReady', expect: { line: 2, ts: null, tsKind: 'none', severity: 4, message: 'NodeNotReady: Node worker-1 status is now: NodeNotReady', fields: { reason: 'NodeNotReady', type: 'Warning', kind: 'node', name: 'worker-1' } } },
    { lines: 'apiVersion: v1\nitems:\n- apiVersion: v1\n  count: 3\n  firstTimestamp: "2026-11-28T00:58:00Z"\n  involvedObject:\n    kind: Node\n    name: worker-1\n  kind: Event\n  lastTimestamp: "2026-11-28T01:02:03Z"\n  message: \'Node worker-1 status is now: NodeNotReady\'\n  metadata:\n    name: worker-1.17a\n    namespace: default\n  reason: NodeNotReady\n  source:\n    component: node-controller\n  type: Normal\nkind: List', expect: { line: 3, endLine: 18, ts: '2026-11-28T01:02:03.000000Z', tsKind: 'exact', severity: 6, ident: 'node-controller', message: 'NodeNotReady: Node worker-1 status is now: NodeNotReady', fields: { reason: 'NodeNotReady', type: 'Normal', kind: 'Node', name: 'worker-1', namespace: 'default', count: '3' } } },
    { lines: '{\n    "apiVersion": "v1",\n    "items": [\n        {\n            "involvedObject": { "kind": "Pod", "name": "etcd-master-0", "namespace": "openshift-etcd" },\n            "kind": "Event",\n            "lastTimestamp": "2026-11-28T01:02:03Z",\n            "message": "Liveness probe failed",\n            "reason": "Unhealthy",\n            "type": "Warning"\n        }\n    ],\n    "kind": "List"\n}', expect: { line: 4, endLine: 11, ts: '2026-11-28T01:02:03.000000Z', severity: 4, message: 'Unhealthy: Liveness probe failed', fields: { reason: 'Unhealthy', type: 'Warning', kind: 'Pod', name: 'etcd-master-0', namespace: 'openshift-etcd' } } },
  ],
};
