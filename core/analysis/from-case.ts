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
import { dropCollapsedDuplicates } from './prepare.ts';

type Db = Database.Database;

const EMPTY_IDENTITY: NodeIdentity = {
  hostname: null, kernel: null, os: null, kubeletVersion: null, runtimeVersion: null, etcdVersion: null,
  zone: null, zoneSource: null, captureTs: null, bootTs: null,
};

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

export function caseInput(db: Db): AnalysisInput {
  const sources = db.prepare(`SELECT s.id, s.node, s.path, s.format, s.role, s.first_ts, s.last_ts, s.warnings, b.node AS bundle_node
    FROM sources s LEFT JOIN bundles b ON b.id = s.bundle_id`).all() as SourceRow[];
  const byId = new Map(sources.map((s) => [s.id, s]));
  const nodeOf = (s: SourceRow | undefined): string => s?.node ?? s?.bundle_node ?? 'node';

  // Nodes: one per name; several bundles of one node merge their identity (later ones fill gaps).
  const nodes = new Map<string, NodeInput>();
  const bundles = db.prepare('SELECT id, node, identity FROM bundles ORDER BY id').all() as { id: number; node: string | null; identity: string }[];
  for (const b of bundles) {
    // The identity JSON may carry the bundle room's extras (memory, swap, sysctls) beside it.
    const { extras, ...stored } = json<Partial<NodeIdentity> & { extras?: NodeInput['extras'] }>(b.identity, {});
    const id = { ...EMPTY_IDENTITY, ...stored };
    const name = b.node ?? id.hostname ?? 'node';
    const prev = nodes.get(name);
    if (!prev) { nodes.set(name, { name, identity: id, factFiles: {}, ...(extras ? { extras } : {}) }); continue; }
    if (extras && !prev.extras) prev.extras = extras;
    for (const [k, v] of Object.entries(id) as [keyof NodeIdentity, unknown][]) if (prev.identity[k] == null && v != null) (prev.identity as unknown as Record<string, unknown>)[k] = v;
  }
  const node = (name: string): NodeInput => nodes.get(name) ?? nodes.set(name, { name, identity: { ...EMPTY_IDENTITY, hostname: name }, factFiles: {} }).get(name)!;

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

  const dupFilter = hasColumn(db, 'events', 'dup_of') ? 'WHERE dup_of IS NULL' : '';
  const rows = db.prepare(`SELECT id, record_id, source_id, node, type, category, severity, rule_id, ts, end_ts, ts_kind, count, fields, message, line, end_line
    FROM events ${dupFilter} ORDER BY ts, id`).all() as {
      id: number; record_id: number | null; source_id: number | null; node: string | null; type: string; category: string; severity: string; rule_id: string;
      ts: number | null; end_ts: number | null; ts_kind: string; count: number; fields: string; message: string; line: number; end_line: number;
    }[];
  const events: AnalysisEvent[] = rows.map((r) => {
    const s = r.source_id !== null ? byId.get(r.source_id) : undefined;
    return {
      id: r.id, recordId: r.record_id, sourceId: r.source_id, node: r.node ?? nodeOf(s), sourcePath: s?.path ?? '', sourceRole: (s?.role ?? 'other') as SourceRole,
      type: r.type as AnalysisEvent['type'], category: r.category as AnalysisEvent['category'], severity: r.severity as AnalysisEvent['severity'], ruleId: r.rule_id,
      line: r.line, endLine: r.end_line, ts: r.ts, tsKind: r.ts_kind as TsKind, fields: json(r.fields, {}), message: r.message,
      ...(r.count > 1 ? { count: r.count } : {}), ...(r.end_ts !== null ? { endTs: r.end_ts } : {}),
    };
  });

  const bootMarks: BootMark[] = [];
  // Journal boot ids: the first and last stamp of each boot id per source; the previous boot's
  // last stamp is the best estimate of when it ended.
  const groups = db.prepare(`SELECT source_id, boot_id, min(ts) AS first, max(ts) AS last, min(line) AS line
    FROM records WHERE boot_id IS NOT NULL AND ts IS NOT NULL GROUP BY source_id, boot_id ORDER BY source_id, first`).all() as
    { source_id: number; boot_id: string; first: number; last: number; line: number }[];
  let prev: { source: number; last: number } | null = null;
  for (const g of groups) {
    const s = byId.get(g.source_id);
    bootMarks.push({ node: nodeOf(s), ts: g.first, bootId: g.boot_id, kind: 'journal-boot-id', sourcePath: s?.path ?? '', line: g.line, prevTs: prev?.source === g.source_id ? prev.last : null });
    prev = { source: g.source_id, last: g.last };
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
  for (const s of sources) {
    if (s.format === 'vmcore-dmesg' || /(^|\/)vmcore-dmesg(\.txt)?$/.test(s.path)) {
      bootMarks.push({ node: nodeOf(s), ts: s.last_ts, bootId: null, kind: 'vmcore', sourcePath: s.path, prevTs: null });
    }
  }

  const coverage: Coverage[] = sources.filter((s) => !isFactFile(s.path)).map((s) => ({
    node: nodeOf(s), sourcePath: s.path, role: s.role as SourceRole, firstTs: s.first_ts, lastTs: s.last_ts,
    truncated: json<{ code?: string }[]>(s.warnings, []).some((w) => w.code === 'truncated'),
  }));
  for (const c of coverage) node(c.node);
  for (const e of events) node(e.node);

  return { nodes: [...nodes.values()], events: dropCollapsedDuplicates(events), bootMarks, coverage };
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
