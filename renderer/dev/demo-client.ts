// A synthetic engine for looking at the UI while the real one is not at hand (development only:
// never part of the app build, never used by a test). It makes a believable dead node — memory
// pressure, evictions, an OOM storm, PLEG, NotReady, a panic — with a quarter-million records
// generated on demand, hostile log text (HTML, terminal escapes) and a million-event storm option.
import type {
  Annotation, AnnotationInput, Boot, CaseSummary, EngineEvent, EventQuery, EventRow, Page, RecordDetail, RecordQuery, RecordRow,
  SavedView, SourceInfo, Span, TimelineData, TimelineQuery, TrainingAnswer, TrainingScore, Verdict,
} from '../../core/api/types.ts';
import type { Client } from '../src/state/api.ts';

const S = 1_000_000;
const CRASH = Date.UTC(2024, 2, 13, 16, 10, 2) * 1000 + 345_000;
const FROM = CRASH - 6 * 3600 * S;
const TO = CRASH + 12 * 60 * S;
const N_RECORDS = 250_000;
const STEP = (TO - FROM) / N_RECORDS;

const NODES = ['worker-3', 'master-1'];
const sources: SourceInfo[] = [
  src(1, 'worker-3', 'sos_commands/logs/journalctl_--no-pager', 'journal-short', FROM + 40 * 60 * S, CRASH + 11 * 60 * S, 120_000),
  src(2, 'worker-3', 'var/log/messages', 'syslog', FROM, CRASH, 60_000),
  src(3, 'worker-3', 'sos_commands/kernel/dmesg', 'dmesg', CRASH + 20 * S, TO, 900),
  src(4, 'worker-3', 'var/log/pods/kube-system_kubelet/kubelet.log', 'klog', FROM + 2 * 3600 * S, CRASH - 3 * 60 * S, 40_000),
  src(5, 'master-1', 'var/log/messages', 'syslog', FROM, TO, 25_000),
  src(6, 'master-1', 'var/log/containers/etcd.log', 'etcd-json', FROM + 3600 * S, TO, 4_100),
];
function src(id: number, node: string, path: string, format: SourceInfo['format'], firstTs: number, lastTs: number, records: number): SourceInfo {
  return { id, bundleId: 1, node, path, format, confidence: 0.98, role: 'syslog', zone: 'Europe/Berlin', zoneOverride: null, firstTs, lastTs, lines: records, records, bytes: records * 140, tsKinds: { exact: records }, warnings: id === 4 ? [{ file: path, code: 'truncated', message: 'sos tailed this file at 100 MiB' }] : [] };
}

// ── events: a causal chain plus background noise ────────────────────────────────────────────
let nextEventId = 1;
const events: EventRow[] = [];
function ev(ts: number, node: string, category: EventRow['category'], type: EventRow['type'], severity: EventRow['severity'], message: string, count = 1, fields: Record<string, string | number> = {}): EventRow {
  const e: EventRow = { id: nextEventId++, recordId: recordAt(ts), sourceId: 2, node, type, category, severity, ruleId: `${category}.${type}`, ts, endTs: null, tsKind: 'exact', count, fields, message, line: 1 + recordAt(ts), endLine: 1 + recordAt(ts) };
  events.push(e);
  return e;
}
function recordAt(ts: number): number { return Math.max(1, Math.min(N_RECORDS, Math.floor((ts - FROM) / STEP) + 1)); }
let seed = 7;
const rnd = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
for (let i = 0; i < 260; i++) {
  const ts = FROM + rnd() * (CRASH - FROM);
  const k = rnd();
  if (k < 0.3) ev(ts, 'master-1', 'kubernetes', 'etcd_slow_apply', 'warning', `apply request took too long (took ${Math.round(100 + rnd() * 900)}ms, expected 100ms)`);
  else if (k < 0.45) ev(ts, 'worker-3', 'network', 'dns_failure', 'warning', 'dial udp 10.96.0.10:53: i/o timeout');
  else if (k < 0.55) ev(ts, 'worker-3', 'hardware', 'nic_flap', 'info', 'ixgbe 0000:03:00.0 eth1: NIC Link is Up 10 Gbps');
  else if (k < 0.7) ev(ts, 'worker-3', 'operations', 'unit_failed', 'error', 'node-exporter.service: Failed with result exit-code.');
  else if (k < 0.8) ev(ts, 'worker-3', 'memory', 'memcg_oom', 'warning', 'Memory cgroup out of memory: Killed process 4242 (java)');
  else ev(ts, 'worker-3', 'boot', 'boot', 'info', 'systemd-journald: Journal started');
}
const chain = [
  ev(CRASH - 42 * 60 * S, 'worker-3', 'memory', 'kubelet_eviction', 'warning', 'eviction manager: attempting to reclaim memory; pods evicted: payments-7f9c, search-0', 3, { signal: 'memory.available', threshold: '100Mi' }),
  ev(CRASH - 18 * 60 * S, 'worker-3', 'memory', 'oom_kill', 'error', 'Out of memory: Killed process 31337 (java) total-vm:8123456kB, anon-rss:6012345kB', 14, { pid: 31337, process: 'java', cgroup: '/kubepods/burstable/pod1234' }),
  ev(CRASH - 9 * 60 * S, 'worker-3', 'kubernetes', 'kubelet_pleg', 'error', 'PLEG is not healthy: pleg was last seen active 3m4.2s ago; threshold is 3m0s'),
  ev(CRASH - 6 * 60 * S, 'worker-3', 'kubernetes', 'node_not_ready', 'error', 'Node worker-3 status is now: NodeNotReady'),
  ev(CRASH - 70 * S, 'worker-3', 'kernel', 'hung_task', 'error', 'INFO: task kworker/u16:2:1432 blocked for more than 120 seconds.'),
  ev(CRASH - 2 * S, 'worker-3', 'kernel', 'kernel_panic', 'critical', 'Kernel panic - not syncing: Out of memory and no killable processes...'),
];
ev(CRASH + 15 * S, 'worker-3', 'boot', 'boot', 'info', 'Linux version 5.14.0-284.el9.x86_64 — boot 2');
ev(CRASH - 5 * 60 * S, 'master-1', 'kubernetes', 'apiserver_unreachable', 'error', 'Failed to update lease: Put "https://api:6443/...": context deadline exceeded');
ev(CRASH - 30 * 60 * S, 'worker-3', 'hardware', 'io_error', 'warning', '<img src=x onerror=alert(1)> blk_update_request: I/O error, dev sdb, sector 123');
events.sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0));

// ── records: generated from their index ─────────────────────────────────────────────────────
const IDENTS = ['kubelet', 'containerd', 'kernel', 'systemd', 'etcd', 'dockerd', 'NetworkManager'];
const TEMPLATES = [
  'I0313 %T 1450 kubelet.go:2133] "SyncLoop (PLEG): event for pod" pod="default/web-%n"',
  'time="%T" level=info msg="StartContainer for \\"%h\\" returns successfully"',
  'eth0: renamed from veth%h',
  'Started Session %n of user core.',
  'E0313 %T 1450 kubelet_node_status.go:460] "Error updating node status, will retry" err="error getting node \\"worker-3\\""',
  'audit: type=1400 audit(1710345763.934:%n): apparmor="DENIED" operation="open"',
  'http: TLS handshake error from 10.2.%n.7:41234: EOF',
];
function recordRow(id: number): RecordRow {
  const ts = Math.round(FROM + (id - 1) * STEP);
  const k = (id * 2654435761) >>> 0;
  const source = sources[k % 5 === 4 ? 4 : k % 4]!;
  let message = TEMPLATES[k % TEMPLATES.length]!.replace('%T', new Date(ts / 1000).toISOString()).replace('%n', String(k % 997)).replace('%h', (k % 0xffffff).toString(16));
  if (id % 50_000 === 17) message = 'evil \x1b]0;pwned\x07 title \x1b]52;c;Y3VybA==\x07 clip \x1b]8;;https://evil/\x1b\\link\x1b]8;;\x1b\\ <img src=x onerror=alert(1)>';
  const severity = (k % 97 === 0 ? 2 : k % 23 === 0 ? 3 : k % 7 === 0 ? 4 : 6) as RecordRow['severity'];
  const tsKind = source.format === 'syslog' ? 'year-inferred' : source.format === 'dmesg' ? 'monotonic-mapped' : 'exact';
  return { id, sourceId: source.id, node: source.node, line: id, endLine: id, ts, tsKind, severity, ident: IDENTS[k % IDENTS.length]!, pid: k % 5 ? 1000 + (k % 30000) : null, message };
}
function matches(r: RecordRow, q: RecordQuery): boolean {
  if (q.nodes?.length && !q.nodes.includes(r.node ?? '')) return false;
  if (q.sourceIds?.length && !q.sourceIds.includes(r.sourceId)) return false;
  if (q.severities?.length && (r.severity === null || !q.severities.includes(r.severity))) return false;
  if (q.text) { const words = q.text.toLowerCase().replace(/"/g, '').split(/\s+/).filter((w) => !['and', 'or', 'not'].includes(w)); if (!words.every((w) => r.message.toLowerCase().includes(w.replace(/\*$/, '')))) return false; }
  return true;
}

const delay = <T,>(v: T, ms = 30) => new Promise<T>((r) => setTimeout(() => r(structuredClone(v)), ms));

export function createDemoClient(): Client {
  const listeners = new Set<(e: EngineEvent) => void>();
  let annotations: Annotation[] = [];
  let views: SavedView[] = [];
  let history: TrainingScore[] = [];
  let nextId = 1;
  let open = true;
  const summary = (): CaseSummary => ({
    path: '/cases/sosreport-worker-3-2024-03-13.crashlens', schemaVersion: 2, createdAt: Date.now() * 1000,
    bundles: [{ id: 1, path: '/data/sosreport-worker-3-2024-03-13.tar.xz', sha256: 'ab12', layout: 'sosreport', node: 'worker-3', identity: { hostname: 'worker-3', kernel: '5.14.0-284.el9.x86_64', os: 'RHEL 9.2', kubeletVersion: 'v1.27.6', runtimeVersion: 'cri-o 1.27', etcdVersion: null, zone: 'Europe/Berlin', zoneSource: 'etc/localtime', captureTs: TO, bootTs: CRASH + 15 * S }, importedAt: Date.now() * 1000, status: 'complete', warnings: 2 }],
    nodes: NODES, records: N_RECORDS, events: events.length, annotations: annotations.length, firstTs: FROM, lastTs: TO,
    readiness: { records: true, events: true, timeline: true, fulltext: true, analysis: true },
  });
  const spans: Span[] = [
    { id: 1, node: 'worker-3', kind: 'not_ready', label: 'NotReady', start: CRASH - 6 * 60 * S, end: CRASH + 9 * 60 * S, eventIds: [chain[3]!.id] },
    { id: 2, node: 'master-1', kind: 'apiserver_unreachable', label: 'apiserver unreachable', start: CRASH - 5 * 60 * S, end: CRASH - 60 * S, eventIds: [] },
    { id: 3, node: 'worker-3', kind: 'nic_down', label: 'eth1 down', start: FROM + 2.1 * 3600 * S, end: FROM + 2.2 * 3600 * S, eventIds: [] },
  ];
  const boots: Boot[] = [
    { id: 1, node: 'worker-3', bootId: 'a1', start: FROM - 3 * 86400 * S, end: CRASH, ending: 'crash', evidence: 'Kernel panic, no shutdown sequence', kernel: '5.14.0-284.el9.x86_64' },
    { id: 2, node: 'worker-3', bootId: 'b2', start: CRASH + 15 * S, end: null, ending: 'running', evidence: 'current boot at capture', kernel: '5.14.0-284.el9.x86_64' },
    { id: 3, node: 'master-1', bootId: 'c3', start: FROM - 20 * 86400 * S, end: null, ending: 'running', evidence: '', kernel: '5.14.0-284.el9.x86_64' },
  ];
  const verdict = (): Verdict => {
    const choice: Record<number, 'accepted' | 'rejected'> = {};
    for (const a of annotations) if (a.target.kind === 'event' && a.evidenceChoice) choice[a.target.eventId] = a.evidenceChoice;
    return {
      generatedAt: Date.now() * 1000, facts: {},
      crashes: [{
        node: 'worker-3', time: CRASH, outcome: 'panic', bootId: 1,
        summary: 'worker-3 panicked at 16:10:02 UTC after 40 minutes of memory pressure: evictions, then the OOM killer 14 times, then the kubelet stalled and the kernel gave up.',
        missing: ['No kdump vmcore: the panic message comes from the console log only', 'The kubelet log ends 3 minutes before the crash (sos tailed it)'],
        causes: [
          { category: 'memory', type: 'oom_kill', confidence: 0.86, summary: 'The node ran out of memory: pods were evicted, then the OOM killer fired 14 times, and the kernel panicked with no killable process left.', evidence: chain, userChoice: choice },
          { category: 'kernel', type: 'hung_task', confidence: 0.22, summary: 'A kernel worker hung for 120 s before the panic.', evidence: [chain[4]!] },
        ],
      }],
    };
  };
  const emit = (e: EngineEvent) => { for (const l of listeners) l(e); };
  const api: Client = {
    transport: 'demo',
    subscribe(l) { listeners.add(l); return () => listeners.delete(l); },
    async createCase() { return summary(); }, async openCase() { return summary(); }, async closeCase() { open = false; },
    async summary() { return delay(open ? summary() : null); },
    async importBundles(paths) {
      const importId = 'imp-1';
      let share = 0;
      const t = setInterval(() => {
        share = Math.min(1, share + 0.12);
        emit({ kind: 'progress', progress: { importId, bundle: paths[0]!, phase: share < 0.7 ? 'parsing' : share < 1 ? 'indexing' : 'done', bytesDone: share * 812e6, bytesTotal: 812e6, share, linesPerSec: 412_000, bytesPerSec: 88e6, etaSeconds: (1 - share) * 9, sources: sources.map((s, i) => ({ path: s.path, bytes: Math.min(s.bytes, s.bytes * share * (1 + i / 5)), totalBytes: s.bytes, lines: Math.round(s.lines * share), done: share * (1 + i / 5) >= 1, warnings: s.warnings.length })), warnings: [{ file: 'var/log/kubelet.log', code: 'truncated', message: 'sos tailed this file at 100 MiB' }, { file: 'var/log/journal/x.journal', line: 0, code: 'corrupt', message: 'entry array broken at offset 0x3f000: the rest of this journal file is skipped' }] } });
        if (share >= 1) { clearInterval(t); open = true; }
      }, 700);
      return { importId };
    },
    async cancelImport() {},
    async sources() { return delay(sources); },
    async setSourceZone(id, zone) { const s = sources.find((x) => x.id === id)!; s.zoneOverride = zone; return s; },
    async records(q: RecordQuery): Promise<Page<RecordRow>> {
      if (q.text && /["(]$|^\W+$|\bAND$/.test(q.text.trim())) throw Object.assign(new Error(`fts5: syntax error near "${q.text.slice(-1)}"`), { code: 'bad-request' });
      const limit = Math.min(q.limit ?? 200, 2000);
      const lo = q.from ? recordAt(q.from) : 1, hi = q.to ? recordAt(q.to) : N_RECORDS;
      const back = q.direction === 'backward';
      let i = q.cursor ? Number(q.cursor) : q.at ? recordAt(q.at) : back ? hi : lo;
      const rows: RecordRow[] = [];
      let scanned = 0;
      while (rows.length < limit && i >= lo && i <= hi && scanned < 400_000) { const r = recordRow(i); if (matches(r, q)) rows.push(r); i += back ? -1 : 1; scanned++; }
      if (back) rows.reverse();
      const start = rows[0]?.id ?? lo;
      return delay({ rows, next: i >= lo && i <= hi ? String(i) : null, prev: !back && (q.at || q.cursor) && start > lo ? String(start - 1) : null, total: null }, 40);
    },
    async record(id, n = 50) {
      const r = recordRow(id);
      const context: RecordRow[] = [];
      for (let j = Math.max(1, id - (n ?? 50)); j <= Math.min(N_RECORDS, id + (n ?? 50)); j++) context.push({ ...recordRow(j), sourceId: r.sourceId });
      const s = sources.find((x) => x.id === r.sourceId)!;
      const detail: RecordDetail = {
        record: { ...r, raw: `Mar 13 ${new Date(r.ts! / 1000).toISOString().slice(11, 19)} ${r.node} ${r.ident}[${r.pid ?? ''}]: ${r.message}`, fields: { _SYSTEMD_UNIT: `${r.ident}.service`, _BOOT_ID: 'a1b2c3', PRIORITY: String(r.severity) }, sourcePath: s.path, format: s.format },
        context, seenIn: id % 3 === 0 ? [{ recordId: id + 1, sourceId: 1, sourcePath: sources[0]!.path }] : [],
        events: events.filter((e) => e.recordId === id), annotations: annotations.filter((a) => a.target.kind === 'record' && a.target.recordId === id),
      };
      return delay(detail);
    },
    async events(q: EventQuery) {
      const start = q.cursor ? Number(q.cursor) : 0;
      const all = events.filter((e) => (q.from == null || (e.ts ?? 0) >= q.from) && (q.to == null || (e.ts ?? 0) < q.to) && (!q.nodes?.length || q.nodes.includes(e.node ?? '')) && (!q.categories?.length || q.categories.includes(e.category)) && (!q.types?.length || q.types.includes(e.type)) && (!q.severities?.length || q.severities.includes(e.severity)));
      const limit = q.limit ?? 200;
      return delay({ rows: all.slice(start, start + limit), next: start + limit < all.length ? String(start + limit) : null, total: all.length });
    },
    async timeline(q: TimelineQuery): Promise<TimelineData> {
      const bucketMicros = (q.to - q.from) / q.buckets;
      const lanes: TimelineData['lanes'] = [];
      const sevRank = { info: 1, warning: 2, error: 3, critical: 4 } as const;
      if (q.laneBy === 'node') {
        for (const node of NODES) {
          const counts = new Array<number>(q.buckets).fill(0);
          for (let i = 0; i < q.buckets; i++) {
            const t = q.from + (i + 0.5) * bucketMicros;
            if (t < FROM || t > TO) continue;
            const base = (bucketMicros / STEP) * (node === 'worker-3' ? 0.7 : 0.3);
            const storm = t > CRASH - 20 * 60 * S && t < CRASH && node === 'worker-3' ? 4 : 1;
            const gap = t > CRASH && t < CRASH + 15 * S && node === 'worker-3' ? 0 : 1;
            counts[i] = Math.round(base * storm * gap * (0.6 + 0.8 * Math.abs(Math.sin(t / 3e8))));
          }
          lanes.push({ key: node, node, label: node, counts });
        }
      } else {
        for (const node of NODES) {
          const cats = q.laneBy === 'node-category' ? ['kernel', 'memory', 'hardware', 'kubernetes', 'network', 'operations', 'boot'] : sources.filter((s) => s.node === node).map((s) => `src:${s.id}`);
          for (const c of cats) {
            const counts = new Array<number>(q.buckets).fill(0);
            const worst = new Array<number>(q.buckets).fill(0);
            for (const e of events) {
              if (e.node !== node || e.ts === null || e.ts < q.from || e.ts >= q.to) continue;
              if (q.laneBy === 'node-category' ? e.category !== c : `src:${e.sourceId}` !== c) continue;
              const i = Math.floor((e.ts - q.from) / bucketMicros);
              counts[i]! += e.count;
              worst[i] = Math.max(worst[i]!, sevRank[e.severity]);
            }
            if (counts.some((x) => x > 0) || q.laneBy === 'node-source') lanes.push({ key: `${node}/${c}`, node, label: c.startsWith('src:') ? sources.find((s) => `src:${s.id}` === c)!.path.split('/').pop()! : c, counts, worst });
          }
        }
      }
      return delay({ from: q.from, to: q.to, bucketMicros, lanes }, 20);
    },
    async boots() { return delay(boots); },
    async spans() { return delay(spans); },
    async verdict() { return delay(verdict()); },
    async sql(query) {
      if (!/^\s*(select|with|pragma)/i.test(query)) throw Object.assign(new Error('read-only: only SELECT is allowed'), { code: 'read-only' });
      const counts = new Map<string, number>();
      for (const e of events) counts.set(e.type, (counts.get(e.type) ?? 0) + e.count);
      const rows = [...counts].sort((a, b) => b[1] - a[1]).map(([t, n]) => [t, n] as unknown[]);
      rows.push(['\x1b]0;pwned\x07evil\x1b[2Jtype', 1]);
      return delay({ columns: ['type', 'n'], rows, truncated: false, elapsedMs: 3.2 });
    },
    async annotations() { return delay(annotations); },
    async annotate(input: AnnotationInput) {
      const ts = input.target.kind === 'range' ? input.target.from : input.target.kind === 'event' ? events.find((e) => e.id === (input.target as { eventId: number }).eventId)?.ts ?? null : recordRow(input.target.recordId).ts;
      const a: Annotation = { id: nextId++, target: input.target, star: input.star ?? false, tags: input.tags ?? [], comment: input.comment ?? '', evidenceChoice: input.evidenceChoice ?? null, createdAt: Date.now() * 1000, updatedAt: Date.now() * 1000, ts };
      annotations.push(a);
      return delay(a);
    },
    async updateAnnotation(id, patch) { const a = annotations.find((x) => x.id === id)!; Object.assign(a, patch, { updatedAt: Date.now() * 1000 }); return delay(a); },
    async deleteAnnotation(id) { annotations = annotations.filter((a) => a.id !== id); },
    async restoreAnnotation(a) { annotations.push(a); return a; },
    async savedViews() { return delay(views); },
    async saveView(name, state) { const v = { id: nextId++, name, state, createdAt: Date.now() * 1000 }; views.push(v); return v; },
    async deleteView(id) { views = views.filter((v) => v.id !== id); },
    async exportReport(o) { return { format: o.format, fileName: `report.${o.format}`, mime: 'text/markdown', content: '# report', encoding: 'utf8' }; },
    async samples() {
      return delay([
        { id: 'oom-cascade', title: 'Global OOM cascade on a worker', category: 'memory', layout: 'sosreport', path: 'samples/bundles/oom-cascade.tar.xz', description: 'A Java pod leaks; evictions do not keep up; the OOM killer, then a panic.' },
        { id: 'etcd-slow-disk', title: 'etcd on a slow disk loses its leader', category: 'kubernetes', layout: 'must-gather', path: 'samples/bundles/etcd-slow-disk', description: 'fsync latency → slow applies → leader loss → apiserver outage on a control-plane node.' },
        { id: 'disk-ro', title: 'Disk failure, root filesystem read-only', category: 'hardware', layout: 'var-log', path: 'samples/bundles/disk-ro.tar.gz', description: 'SCSI sense errors on sdb, EXT4 errors, remount read-only, kubelet fails to write.' },
        { id: 'operator', title: 'Someone stopped the kubelet', category: 'operations', layout: 'sosreport', path: 'samples/bundles/operator.tar.xz', description: 'A person stopped units and removed a static pod manifest; then rebooted.' },
      ]);
    },
    async openSample(id) { await api.importBundles([`samples/bundles/${id}`]); return { importId: 'imp-1', casePath: `/tmp/${id}.crashlens` }; },
    async submitTraining(sampleId, a: TrainingAnswer) {
      const found = chain.filter((e) => a.evidenceEventIds.includes(e.id)).map((e) => e.type);
      const s: TrainingScore = { attemptId: nextId++, sampleId, categoryRight: a.category === 'memory', typeRight: a.type === 'oom_kill', timeErrorSeconds: a.crashTime === null ? null : Math.abs(a.crashTime - CRASH) / S, evidenceFound: found, evidenceMissed: chain.map((e) => e.type).filter((t) => !found.includes(t)), evidenceWrong: a.evidenceEventIds.filter((id) => !chain.some((e) => e.id === id)), score: (a.category === 'memory' ? 40 : 0) + (a.type === 'oom_kill' ? 20 : 0) + found.length * 6, expertChain: chain.map((e) => ({ type: e.type, ts: e.ts, message: e.message })), explanation: 'Memory ran out over 40 minutes; the OOM storm and the PLEG stall are the chain. The DNS timeouts are a distractor.', at: Date.now() * 1000 };
      history.push(s);
      return delay(s);
    },
    async trainingHistory() { return delay(history); },
  };
  return api;
}
