// The analysis of a case file: read what the store holds (bundles → nodes and identity, events,
// sources → coverage, records → journal boot ids and dmesg clock restarts), run analyze(), and
// write boots, spans and the verdict back (tables boots, spans, findings of core/store/schema.ts).
// D's import calls analyzeCase(db) after the load; `crashlens analyze x.case` uses caseInput()
// on a read-only connection and prints without writing.
import type Database from 'better-sqlite3';
import type { NodeIdentity, SourceRole, TsKind } from '../../parsers/types.ts';
import type { Boot, Span, Verdict } from '../api/types.ts';
import { analyze } from './analyze.ts';
import { isFactFile } from './facts.ts';
import type { AnalysisEvent, AnalysisInput, AnalysisResult, BootMark, Coverage, NodeInput } from './input.ts';
import { NodeNames, dominantHost } from './node-names.ts';
import { dropCollapsedDuplicates, dropCrossSourceDuplicates } from './prepare.ts';
import { isVmcoreSource, vmcoreOffset, VMCORE_DMESG } from '../store/vmcore-time.ts';
import { recordHost } from '../store/schema.ts';
import { hostSpansComplete, NO_BOOT } from '../store/host-spans.ts';

type Db = Database.Database;

const EMPTY_IDENTITY: NodeIdentity = {
  hostname: null, kernel: null, os: null, kubeletVersion: null, runtimeVersion: null, etcdVersion: null,
  zone: null, zoneSource: null, captureTs: null, bootTs: null,
};

const HOSTNAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9-]{1,63})*$/;
/** More hosts than this in one file: a central syslog or misparsed lines, not a node list. */
const MAX_HOSTS_PER_SOURCE = 64;

/** Fact files larger than this are not read back from records (a fact file is a few KiB). */
const MAX_FACT_RECORDS = 20_000;

const json = <T>(text: string | null | undefined, fallback: T): T => {
  if (!text) return fallback;
  try { return JSON.parse(text) as T; } catch { return fallback; }
};

const hasColumn = (db: Db, table: string, column: string): boolean =>
  (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).some((c) => c.name === column);
const hasTable = (db: Db, table: string): boolean =>
  db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table) !== undefined;

interface SourceRow { id: number; node: string | null; path: string; format: string; role: string; first_ts: number | null; last_ts: number | null; warnings: string; bundle_node: string | null }

interface HostRow { source_id: number; host: string; first: number | null; last: number | null; n: number }

export function caseInput(db: Db): AnalysisInput {
  const sources = db.prepare(`SELECT s.id, s.node, s.path, s.format, s.role, s.first_ts, s.last_ts, s.warnings, b.node AS bundle_node
    FROM sources s LEFT JOIN bundles b ON b.id = s.bundle_id`).all() as SourceRow[];
  const byId = new Map(sources.map((s) => [s.id, s]));

  // Nodes: one per name; several bundles of one node merge their identity (later ones fill gaps).
  const nodes = new Map<string, NodeInput>();
  const unnamed = new Set<string>(); // named by a fallback (file name), not by a hostname fact
  const bundles = db.prepare('SELECT id, node, identity FROM bundles ORDER BY id').all() as { id: number; node: string | null; identity: string }[];
  for (const b of bundles) {
    // The identity JSON may carry the bundle room's extras (memory, swap, sysctls) beside it.
    const { extras, ...stored } = json<Partial<NodeIdentity> & { extras?: NodeInput['extras'] }>(b.identity, {});
    const id = { ...EMPTY_IDENTITY, ...stored };
    const name = b.node ?? id.hostname ?? 'node';
    if (!id.hostname) unnamed.add(name);
    const prev = nodes.get(name);
    if (!prev) { nodes.set(name, { name, identity: id, factFiles: {}, ...(extras ? { extras } : {}) }); continue; }
    if (extras && !prev.extras) prev.extras = extras;
    for (const [k, v] of Object.entries(id) as [keyof NodeIdentity, unknown][]) if (prev.identity[k] == null && v != null) (prev.identity as unknown as Record<string, unknown>)[k] = v;
  }
  const node = (name: string): NodeInput => nodes.get(name) ?? nodes.set(name, { name, identity: { ...EMPTY_IDENTITY, hostname: name }, factFiles: {} }).get(name)!;

  // Hosts named by the lines themselves: a node without a hostname fact takes the host nearly all
  // its lines name; hosts of shared files (must-gather's journals of every master) are nodes too.
  // Schema v3 names a record's host by id (hosts table); older rows keep the text. A case opened
  // read-only (`crashlens analyze x.case`) is not migrated, so a v2 file has no host_id at all.
  const v3 = hasColumn(db, 'records', 'host_id');
  const HOST = v3 ? recordHost('records') : 'records.host';
  const HAS_HOST = v3 ? '(host IS NOT NULL OR host_id IS NOT NULL)' : 'host IS NOT NULL';
  const spans = hasTable(db, 'host_spans') && hostSpansComplete(db);
  const hostRows = hostsPerSource(db, v3, spans);
  const hostsOf = new Map<number, HostRow[]>();
  for (const h of hostRows) {
    // A misparsed line's "host" is any word (`{"level":"info"…`): only hostname-shaped ones count.
    if (!HOSTNAME.test(h.host)) continue;
    (hostsOf.get(h.source_id) ?? hostsOf.set(h.source_id, []).get(h.source_id)!).push(h);
  }
  for (const [id, hs] of hostsOf) {
    // A few lines naming another host do not make a shared file; hundreds of hosts are no node list.
    const total = hs.reduce((a, h) => a + h.n, 0);
    const real = hs.filter((h) => h.n >= Math.max(3, total * 0.01));
    if (real.length > MAX_HOSTS_PER_SOURCE) hostsOf.delete(id); else hostsOf.set(id, real);
  }
  const rename = new Map<string, string>();
  for (const name of unnamed) {
    const counts = sources.filter((s) => (s.node ?? s.bundle_node) === name).map((s) => new Map((hostsOf.get(s.id) ?? []).map((h) => [h.host, h.n] as const)));
    const host = dominantHost(counts);
    if (host && !nodes.has(host)) { const n = nodes.get(name)!; nodes.delete(name); nodes.set(host, { ...n, name: host, identity: { ...n.identity, hostname: host } }); rename.set(name, host); }
  }
  const multiHost = new Set([...hostsOf].filter(([, hs]) => hs.length > 1).map(([id]) => id));
  const known = new NodeNames(nodes.keys());
  for (const id of multiHost) for (const h of hostsOf.get(id)!) if (!known.byHost(h.host)) node(h.host);
  const names = new NodeNames(nodes.keys());
  const fileNode = (s: SourceRow | undefined): string | null => {
    const n = s?.node ?? s?.bundle_node ?? null;
    return n ? rename.get(n) ?? n : null;
  };
  const nodeOf = (s: SourceRow | undefined, host?: string | null): string =>
    names.byHost(host) ?? (s ? names.byPath(s.path) : null) ?? fileNode(s) ?? 'cluster';

  // Fact files kept as sources (meminfo, sysctl -a, slabinfo, proc/sys/*): their text back from records.
  const recText = db.prepare('SELECT coalesce(raw, coalesce(prefix, \'\') || message) AS t FROM records WHERE source_id = ? ORDER BY line LIMIT ?');
  for (const s of sources) {
    if (!isFactFile(s.path)) continue;
    node(nodeOf(s)).factFiles[s.path] = (recText.all(s.id, MAX_FACT_RECORDS) as { t: string }[]).map((r) => r.t).join('\n');
  }
  if (hasTable(db, 'fact_files')) {
    for (const f of db.prepare('SELECT node, path, text FROM fact_files').all() as { node: string | null; path: string; text: string }[]) {
      if (isFactFile(f.path)) node(f.node ?? nodes.keys().next().value ?? 'node').factFiles[f.path] = f.text;
    }
  }

  // A line without a host (a `-- Boot --` marker, a continuation) belongs to the host before it.
  const hostBefore = db.prepare(`SELECT ${HOST} AS host FROM records WHERE source_id = ? AND line < ? AND ${HAS_HOST} ORDER BY line DESC LIMIT 1`);
  const hostAt = (sourceId: number | null, line: number, host: string | null): string | null =>
    host ?? (sourceId !== null && multiHost.has(sourceId) ? (hostBefore.get(sourceId, line) as { host: string } | undefined)?.host ?? null : null);

  const dupFilter = hasColumn(db, 'events', 'dup_of') ? 'WHERE e.dup_of IS NULL' : '';
  const rows = db.prepare(`SELECT e.id, e.record_id, e.source_id, e.type, e.category, e.severity, e.rule_id, e.ts, e.end_ts, e.ts_kind, e.count,
      e.fields, e.message, e.line, e.end_line, ${v3 ? recordHost('r') : 'r.host'} AS host, r.mono
    FROM events e LEFT JOIN records r ON r.id = e.record_id ${dupFilter} ORDER BY e.ts, e.id`).all() as {
      id: number; record_id: number | null; source_id: number | null; type: string; category: string; severity: string; rule_id: string;
      ts: number | null; end_ts: number | null; ts_kind: string; count: number; fields: string; message: string; line: number; end_line: number;
      host: string | null; mono: number | null;
    }[];
  const vmcoreOffset = vmcoreOffsets(db, sources);
  const events: AnalysisEvent[] = rows.map((r) => {
    const s = r.source_id !== null ? byId.get(r.source_id) : undefined;
    const offset = r.source_id !== null ? vmcoreOffset.get(r.source_id) : undefined;
    const mapped = r.ts === null && offset !== undefined && r.mono !== null;
    return {
      id: r.id, recordId: r.record_id, sourceId: r.source_id, node: nodeOf(s, hostAt(r.source_id, r.line, r.host)), sourcePath: s?.path ?? '',
      sourceRole: (VMCORE_DMESG.test(s?.path ?? '') ? 'crash' : s?.role ?? 'other') as SourceRole,
      type: r.type as AnalysisEvent['type'], category: r.category as AnalysisEvent['category'], severity: r.severity as AnalysisEvent['severity'], ruleId: r.rule_id,
      line: r.line, endLine: r.end_line, ts: mapped ? offset! + Math.round(r.mono! * 1e6) : r.ts, tsKind: (mapped ? 'monotonic-mapped' : r.ts_kind) as TsKind,
      fields: json(r.fields, {}), message: r.message,
      ...(r.count > 1 ? { count: r.count } : {}), ...(r.end_ts !== null ? { endTs: r.end_ts } : {}),
    };
  });

  const bootMarks: BootMark[] = [];
  // Journal boot ids of single-host sources (a text journal of several hosts carries a marker's id
  // on into the next host's lines; its boots come from the markers below): the first and last stamp
  // of each boot id; the previous boot's last stamp is the best estimate of when it ended.
  const groups = db.prepare(spans
    ? `SELECT source_id, boot_id, min(first_ts) AS first, max(last_ts) AS last, min(first_stamped_line) AS line
      FROM host_spans WHERE boot_id <> '${NO_BOOT}' AND first_ts IS NOT NULL GROUP BY source_id, boot_id ORDER BY source_id, first`
    : `SELECT source_id, boot_id, min(ts) AS first, max(ts) AS last, min(line) AS line
      FROM records WHERE boot_id IS NOT NULL AND ts IS NOT NULL GROUP BY source_id, boot_id ORDER BY source_id, first`).all() as
    { source_id: number; boot_id: string; first: number; last: number; line: number }[];
  let prev: { source: number; last: number } | null = null;
  for (const g of groups) {
    if (multiHost.has(g.source_id)) continue;
    const s = byId.get(g.source_id);
    bootMarks.push({ node: nodeOf(s, hostsOf.get(g.source_id)?.[0]?.host), ts: g.first, bootId: g.boot_id, kind: 'journal-boot-id', sourcePath: s?.path ?? '', line: g.line, prevTs: prev?.source === g.source_id ? prev.last : null });
    prev = { source: g.source_id, last: g.last };
  }
  // Boot events (`-- Boot --` markers, kernel banners): the boot starts at the first stamped line
  // from there on; the host's last stamped line before it is where the previous boot went quiet.
  // (The marker line itself may carry the next line's stamp but no host.)
  const nextStamped = db.prepare(`SELECT ts, ${HOST} AS host FROM records WHERE source_id = ? AND line >= ? AND ts IS NOT NULL AND (${HAS_HOST} OR ? = 0) ORDER BY line LIMIT 1`);
  const lastBefore = db.prepare(`SELECT ts FROM records WHERE source_id = ? AND line < ? AND ts IS NOT NULL
    AND (? IS NULL OR host = ?${v3 ? ' OR host_id = (SELECT id FROM hosts WHERE name = ?)' : ''}) ORDER BY line DESC LIMIT 1`);
  for (const e of events) {
    if (e.type !== 'boot' || e.sourceId == null) continue;
    const next = nextStamped.get(e.sourceId, e.line, multiHost.has(e.sourceId) ? 1 : 0) as { ts: number; host: string | null } | undefined;
    const host = multiHost.has(e.sourceId) ? next?.host ?? null : null;
    const before = lastBefore.get(e.sourceId, e.line, host, host, ...(v3 ? [host] : [])) as { ts: number } | undefined;
    bootMarks.push({ node: multiHost.has(e.sourceId) ? nodeOf(byId.get(e.sourceId), host) : e.node, ts: e.ts ?? next?.ts ?? null, bootId: typeof e.fields.boot_id === 'string' ? e.fields.boot_id : null, kind: 'boot-marker', sourcePath: e.sourcePath, line: e.line, prevTs: before?.ts ?? null, kernel: typeof e.fields.kernel === 'string' ? e.fields.kernel : null });
  }
  // dmesg clock restarts: the monotonic stamp falls back near zero within one source.
  const restarts = db.prepare(`SELECT source_id, line, ts, prev_ts FROM (
      SELECT source_id, line, ts, mono, lag(mono) OVER w AS prev_mono, lag(ts) OVER w AS prev_ts
      FROM records WHERE mono IS NOT NULL WINDOW w AS (PARTITION BY source_id ORDER BY line))
    WHERE mono < prev_mono AND mono <= 60`).all() as { source_id: number; line: number; ts: number | null; prev_ts: number | null }[];
  for (const r of restarts) {
    const s = byId.get(r.source_id);
    bootMarks.push({ node: nodeOf(s), ts: r.ts, bootId: null, kind: 'dmesg-restart', sourcePath: s?.path ?? '', line: r.line, prevTs: r.prev_ts });
  }
  // kdump's vmcore-dmesg.txt: the kernel log of a boot that crashed.
  const lastMono = db.prepare('SELECT max(mono) AS m FROM records WHERE source_id = ?');
  for (const s of sources) {
    if (s.format === 'vmcore-dmesg' || VMCORE_DMESG.test(s.path)) {
      const off = vmcoreOffset.get(s.id);
      const m = off !== undefined ? (lastMono.get(s.id) as { m: number | null }).m : null;
      bootMarks.push({ node: nodeOf(s), ts: m !== null && off !== undefined ? off + Math.round(m * 1e6) : s.last_ts, bootId: null, kind: 'vmcore', sourcePath: s.path, prevTs: null });
    }
  }

  const coverage: Coverage[] = [];
  for (const s of sources) {
    if (isFactFile(s.path)) continue;
    const truncated = json<{ code?: string }[]>(s.warnings, []).some((w) => w.code === 'truncated');
    const role = (VMCORE_DMESG.test(s.path) ? 'crash' : s.role) as SourceRole;
    if (multiHost.has(s.id)) {
      for (const h of hostsOf.get(s.id)!) coverage.push({ node: nodeOf(s, h.host), sourcePath: s.path, role, firstTs: h.first, lastTs: h.last, truncated });
    } else coverage.push({ node: nodeOf(s, hostsOf.get(s.id)?.[0]?.host), sourcePath: s.path, role, firstTs: s.first_ts, lastTs: s.last_ts, truncated });
  }
  for (const c of coverage) if (c.node !== 'cluster') node(c.node);
  for (const e of events) if (e.node !== 'cluster') node(e.node);

  return { nodes: [...nodes.values()], events: dropCrossSourceDuplicates(dropCollapsedDuplicates(events)), bootMarks, coverage };
}

/** Records per source and host with their first and last stamp: from host_spans, which the writer
 *  keeps, else (a case begun before schema v6) grouped by the stored value (text or id) and merged
 *  by name here, scanning every record once, with no dictionary look-up per row. */
function hostsPerSource(db: Db, v3: boolean, spans: boolean): HostRow[] {
  if (spans) {
    return db.prepare(`SELECT sp.source_id, h.name AS host, min(sp.first_ts) AS first, max(sp.last_ts) AS last, sum(sp.n) AS n
      FROM host_spans sp JOIN hosts h ON h.id = sp.host_id GROUP BY sp.source_id, sp.host_id ORDER BY sp.source_id, sp.host_id`).all() as HostRow[];
  }
  if (!v3) {
    return db.prepare(`SELECT source_id, host, min(ts) AS first, max(ts) AS last, count(*) AS n
      FROM records WHERE host IS NOT NULL GROUP BY source_id, host`).all() as HostRow[];
  }
  const names = new Map((db.prepare('SELECT id, name FROM hosts').all() as { id: number; name: string }[]).map((h) => [h.id, h.name]));
  const rows = db.prepare(`SELECT source_id, host, host_id, min(ts) AS first, max(ts) AS last, count(*) AS n
    FROM records WHERE host IS NOT NULL OR host_id IS NOT NULL GROUP BY source_id, host, host_id`).all() as (Omit<HostRow, 'host'> & { host: string | null; host_id: number | null })[];
  const merged = new Map<string, HostRow>();
  for (const r of rows) {
    const host = r.host ?? names.get(r.host_id!);
    if (host === undefined) continue;
    const key = `${r.source_id}\n${host}`;
    const m = merged.get(key);
    if (!m) { merged.set(key, { source_id: r.source_id, host, first: r.first, last: r.last, n: r.n }); continue; }
    m.n += r.n;
    if (r.first !== null && (m.first === null || r.first < m.first)) m.first = r.first;
    if (r.last !== null && (m.last === null || r.last > m.last)) m.last = r.last;
  }
  return [...merged.values()];
}

/** Wall-time offset of each vmcore-dmesg source (core/store/vmcore-time.ts). The import maps them
 *  already; a case made before it did is mapped here, in memory. */
function vmcoreOffsets(db: Db, sources: SourceRow[]): Map<number, number> {
  const out = new Map<number, number>();
  if (!hasColumn(db, 'records', 'dup_key')) return out;
  for (const s of sources) {
    if (!isVmcoreSource(s)) continue;
    const off = vmcoreOffset(db, s.id);
    if (off !== null) out.set(s.id, off);
  }
  return out;
}

/** Analyse a case and store the result: boots, spans and one findings row holding the verdict. */
export function analyzeCase(db: Db, options: { generatedAt?: number } = {}): AnalysisResult {
  const result = analyze(caseInput(db), options);
  writeAnalysis(db, result);
  return result;
}

export function writeAnalysis(db: Db, r: AnalysisResult): void {
  const bootIns = db.prepare('INSERT INTO boots(id, node, boot_id, start_ts, end_ts, ending, evidence, kernel) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
  const spanIns = db.prepare('INSERT INTO spans(id, node, kind, label, start_ts, end_ts, event_ids) VALUES (?, ?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    db.exec('DELETE FROM boots; DELETE FROM spans; DELETE FROM findings;');
    for (const b of r.boots) bootIns.run(b.id, b.node, b.bootId, b.start, b.end, b.ending, b.evidence, b.kernel);
    for (const s of r.spans) spanIns.run(s.id, s.node, s.kind, s.label, s.start, s.end, JSON.stringify(s.eventIds));
    db.prepare('INSERT INTO findings(generated_at, verdict) VALUES (?, ?)').run(r.verdict.generatedAt, JSON.stringify(r.verdict));
  })();
}

/** What analyzeCase stored, for CaseApi.boots() / spans() / verdict(); null before any analysis. */
export function storedAnalysis(db: Db): AnalysisResult | null {
  const f = db.prepare('SELECT verdict FROM findings ORDER BY id DESC LIMIT 1').get() as { verdict: string } | undefined;
  if (!f) return null;
  const boots = (db.prepare('SELECT id, node, boot_id, start_ts, end_ts, ending, evidence, kernel FROM boots ORDER BY id').all() as
    { id: number; node: string; boot_id: string | null; start_ts: number | null; end_ts: number | null; ending: Boot['ending']; evidence: string; kernel: string | null }[])
    .map((b) => ({ id: b.id, node: b.node, bootId: b.boot_id, start: b.start_ts, end: b.end_ts, ending: b.ending, evidence: b.evidence, kernel: b.kernel }));
  const spans = (db.prepare('SELECT id, node, kind, label, start_ts, end_ts, event_ids FROM spans ORDER BY id').all() as
    { id: number; node: string | null; kind: string; label: string; start_ts: number | null; end_ts: number | null; event_ids: string }[])
    .map((s): Span => ({ id: s.id, node: s.node, kind: s.kind, label: s.label, start: s.start_ts, end: s.end_ts, eventIds: json<number[]>(s.event_ids, []) }));
  return { boots, spans, verdict: json<Verdict>(f.verdict, { crashes: [], facts: {}, generatedAt: 0 }) };
}

/** The stored verdict with the user's accept / reject of each evidence event (annotations on
 *  events with an evidence choice), for CaseApi.verdict(). The ranking is the analysis's; the
 *  user's choices are shown beside it, never silently folded into it. */
export function verdictWithChoices(db: Db): Verdict {
  const verdict = storedAnalysis(db)?.verdict ?? { crashes: [], facts: {}, generatedAt: 0 };
  const rows = db.prepare(`SELECT event_id, evidence_choice FROM annotations
    WHERE target_kind = 'event' AND evidence_choice IS NOT NULL ORDER BY updated_at`).all() as { event_id: number; evidence_choice: 'accepted' | 'rejected' }[];
  if (rows.length === 0) return verdict;
  const choice = new Map(rows.map((r) => [r.event_id, r.evidence_choice]));
  for (const c of verdict.crashes) {
    for (const cause of c.causes) {
      const picked = cause.evidence.filter((e) => choice.has(e.id));
      if (picked.length) cause.userChoice = Object.fromEntries(picked.map((e) => [e.id, choice.get(e.id)!]));
    }
  }
  return verdict;
}
