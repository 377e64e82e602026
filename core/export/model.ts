// The incident report as data: everything the Markdown, HTML, JSON and PNG renderers show, gathered
// once from the case through CaseApi (any transport's client will do) so that each renderer is a
// pure function of this model and the redaction pass walks one structure.
import path from 'node:path';
import type {
  Annotation, CaseApi, EventRow, Micros, Verdict,
} from '../api/types.ts';
import { Redactor, looksSosCleaned } from './redact.ts';
import { offsetFromCrash, utc } from './time.ts';

/** Bumped when a field of the JSON export changes meaning or goes away (adding one does not). */
export const REPORT_SCHEMA_VERSION = 1;

/** The part of CaseApi a report reads (LocalCaseApi, the HTTP client, or a test double of real data). */
export type ReportReader = Pick<CaseApi, 'summary' | 'sources' | 'verdict' | 'annotations' | 'events' | 'record' | 'sql' | 'timeline'>;

export interface ReportEvidence {
  eventId: number;
  ts: Micros | null;
  offset: string;
  node: string | null;
  type: string;
  severity: string;
  message: string;
  /** The log line as written (the record's raw text), quoted in the report. */
  raw: string | null;
  source: string | null;
  line: number;
  /** The user's accept / reject of this evidence, from the annotations. */
  choice: 'accepted' | 'rejected' | null;
}

export interface ReportCause {
  category: string;
  type: string;
  confidence: number;
  summary: string;
  evidence: ReportEvidence[];
}

export interface ReportCrash {
  node: string;
  time: Micros | null;
  outcome: string;
  summary: string;
  cause: ReportCause | null;
  /** Runner-up causes, by name and confidence only. */
  alternatives: { category: string; type: string; confidence: number; summary: string }[];
  missing: string[];
}

export interface ReportItem {
  kind: 'event' | 'annotation';
  ts: Micros | null;
  endTs: Micros | null;
  offset: string;
  node: string | null;
  /** Event type, or what the note is on ("event", "record", "range"). */
  what: string;
  severity: string | null;
  message: string;
  note: { id: number; star: boolean; tags: string[]; comment: string; choice: 'accepted' | 'rejected' | null } | null;
  /** This event is evidence of a verdict. */
  evidence: boolean;
}

export interface ReportSource {
  node: string | null;
  path: string;
  format: string;
  firstTs: Micros | null;
  lastTs: Micros | null;
  records: number;
  warnings: number;
}

export interface ReportLane { node: string; counts: number[]; worst: number[] }
export interface ReportView { from: Micros; to: Micros; buckets: number; lanes: ReportLane[] }

export interface ReportModel {
  schemaVersion: number;
  title: string;
  caseFile: string;
  generatedAt: Micros;
  redacted: boolean;
  /** The bundle was already obfuscated by `sos clean`; its pseudonyms are kept. */
  sosCleaned: boolean;
  range: { from: Micros; to: Micros } | null;
  nodes: string[];
  /** The crash the T−x offsets count to when an item's node has none of its own. */
  crashTime: Micros | null;
  crashes: ReportCrash[];
  timeline: ReportItem[];
  sources: ReportSource[];
  choices: { eventId: number; choice: 'accepted' | 'rejected'; message: string }[];
  /** What the timeline picture spans, and per-node event density in `lanes` buckets. */
  view: ReportView | null;
  /** A closer picture of the chain before the crash (first evidence → crash), when the whole span
   *  squeezes it into a few pixels; null otherwise. */
  focus?: ReportView | null;
  counts: { records: number; events: number; annotations: number };
}

export interface ReportOptions {
  range?: { from: Micros; to: Micros } | null;
  redact?: boolean;
  /** Cap on the key events drawn from the case beside evidence and notes (notes are never capped). */
  maxKeyEvents?: number;
  now?: Micros;
}

const KEY_SEVERITIES = ['critical', 'error'] as const;
const SQL_CHUNK = 900; // under SQLite's default 999 bound parameters… and the inlined ids stay short

const inRange = (ts: Micros | null, end: Micros | null, r: ReportOptions['range']) =>
  !r || (ts !== null && ts <= r.to && (end ?? ts) >= r.from);

/** Messages of many records or events by id, through the read-only SQL door (one query per chunk,
 *  not one API call per note: a case with 10,000 notes exports in a second). */
async function messagesById(reader: ReportReader, table: 'records' | 'events', ids: number[]): Promise<Map<number, { message: string; node: string | null }>> {
  const out = new Map<number, { message: string; node: string | null }>();
  const unique = [...new Set(ids.filter((i) => Number.isInteger(i)))];
  for (let i = 0; i < unique.length; i += SQL_CHUNK) {
    const list = unique.slice(i, i + SQL_CHUNK).join(',');
    const q = table === 'records'
      ? `SELECT r.id, r.message, s.node FROM records r JOIN sources s ON s.id = r.source_id WHERE r.id IN (${list})`
      : `SELECT id, message, node FROM events WHERE id IN (${list})`;
    const r = await reader.sql(q, SQL_CHUNK + 1);
    for (const row of r.rows) out.set(Number(row[0]), { message: String(row[1] ?? ''), node: (row[2] as string | null) ?? null });
  }
  return out;
}

async function keyEvents(reader: ReportReader, range: ReportOptions['range'], max: number): Promise<EventRow[]> {
  const out: EventRow[] = [];
  let cursor: string | null = null;
  do {
    const page = await reader.events({ from: range?.from ?? null, to: range?.to ?? null, severities: [...KEY_SEVERITIES], collapsed: true, cursor, limit: Math.min(500, max - out.length) });
    out.push(...page.rows);
    cursor = page.next;
  } while (cursor && out.length < max);
  return out;
}

async function rawLine(reader: ReportReader, e: EventRow): Promise<{ raw: string | null; source: string | null }> {
  if (e.recordId === null) return { raw: null, source: null };
  try {
    const d = await reader.record(e.recordId, 0);
    return { raw: clipQuote(d.record.raw), source: d.record.sourcePath };
  } catch { return { raw: null, source: null }; }
}

/** A grouped kernel report (an OOM with its task table) runs to 40+ lines: the head says what
 *  happened, the tail whom it killed; the middle is elided with a count. */
export function clipQuote(raw: string, head = 14, tail = 4): string {
  const lines = raw.split('\n');
  if (lines.length <= head + tail + 1) return raw;
  return [...lines.slice(0, head), `… ${lines.length - head - tail} lines not shown …`, ...lines.slice(-tail)].join('\n');
}

function choicesOf(notes: Annotation[]): Map<number, 'accepted' | 'rejected'> {
  const m = new Map<number, 'accepted' | 'rejected'>();
  // Latest edit wins, as in the verdict pane.
  for (const a of [...notes].sort((x, y) => x.updatedAt - y.updatedAt)) {
    if (a.target.kind === 'event' && a.evidenceChoice) m.set(a.target.eventId, a.evidenceChoice);
  }
  return m;
}

const WORST: Record<string, number> = { info: 1, warning: 2, error: 3, critical: 4 };

export async function buildReportModel(reader: ReportReader, options: ReportOptions = {}): Promise<ReportModel> {
  const range = options.range ?? null;
  const summary = await reader.summary();
  if (!summary) throw new Error('no case is open');
  const [sources, verdict, notes] = await Promise.all([reader.sources(), reader.verdict(), reader.annotations()]);
  const choice = choicesOf(notes);

  const crashes: ReportCrash[] = [];
  const crashOfNode = new Map<string, Micros>();
  const evidenceIds = new Set<number>();
  for (const c of (verdict as Verdict).crashes) {
    if (c.time !== null) crashOfNode.set(c.node, crashOfNode.get(c.node) ?? c.time);
    const top = c.causes[0];
    let cause: ReportCause | null = null;
    if (top) {
      const evidence: ReportEvidence[] = [];
      for (const e of top.evidence) {
        evidenceIds.add(e.id);
        const { raw, source } = await rawLine(reader, e);
        evidence.push({
          eventId: e.id, ts: e.ts, offset: '', node: e.node, type: e.type, severity: e.severity, message: e.message, raw, source,
          line: e.line, choice: choice.get(e.id) ?? top.userChoice?.[e.id] ?? null,
        });
      }
      cause = { category: top.category, type: top.type, confidence: top.confidence, summary: top.summary, evidence };
    }
    crashes.push({
      node: c.node, time: c.time, outcome: c.outcome, summary: c.summary, cause, missing: [...c.missing],
      alternatives: c.causes.slice(1).map((a) => ({ category: a.category, type: a.type, confidence: a.confidence, summary: a.summary })),
    });
  }
  const crashTime = crashes.find((c) => c.time !== null && inRange(c.time, c.time, range))?.time ?? crashes.find((c) => c.time !== null)?.time ?? null;
  const crashFor = (node: string | null) => (node !== null ? crashOfNode.get(node) : undefined) ?? crashTime;
  for (const c of crashes) for (const e of c.cause?.evidence ?? []) e.offset = offsetFromCrash(e.ts, crashFor(e.node));

  // Key events: the case's errors and criticals, the verdicts' evidence, and what the notes point at.
  const events = new Map<number, EventRow>();
  for (const e of await keyEvents(reader, range, options.maxKeyEvents ?? 300)) events.set(e.id, e);
  for (const c of verdict.crashes) for (const e of c.causes[0]?.evidence ?? []) if (inRange(e.ts, e.endTs, range)) events.set(e.id, e);

  const timeline: ReportItem[] = [];
  for (const e of events.values()) {
    timeline.push({
      kind: 'event', ts: e.ts, endTs: e.endTs, offset: offsetFromCrash(e.ts, crashFor(e.node)), node: e.node, what: e.type,
      severity: e.severity, message: e.count > 1 ? `${e.message} (×${e.count})` : e.message, note: null, evidence: evidenceIds.has(e.id),
    });
  }

  const shown = notes.filter((a) => a.target.kind === 'range' ? inRange(a.target.from, a.target.to, range) : inRange(a.ts, a.ts, range));
  const recordMsgs = await messagesById(reader, 'records', shown.flatMap((a) => (a.target.kind === 'record' ? [a.target.recordId] : [])));
  const eventMsgs = await messagesById(reader, 'events', shown.flatMap((a) => (a.target.kind === 'event' ? [a.target.eventId] : [])));
  for (const a of shown) {
    const t = a.target;
    const ref = t.kind === 'record' ? recordMsgs.get(t.recordId) : t.kind === 'event' ? eventMsgs.get(t.eventId) : undefined;
    const node = t.kind === 'range' ? t.node ?? null : ref?.node ?? null;
    timeline.push({
      kind: 'annotation', ts: a.ts, endTs: t.kind === 'range' ? t.to : null, offset: offsetFromCrash(a.ts, crashFor(node)), node,
      what: t.kind, severity: null, message: t.kind === 'range' ? `${utc(t.from)} → ${utc(t.to)}` : ref?.message ?? `(${t.kind} no longer in the case)`,
      note: { id: a.id, star: a.star, tags: [...a.tags], comment: a.comment, choice: a.evidenceChoice ?? null },
      evidence: t.kind === 'event' && evidenceIds.has(t.eventId),
    });
  }
  timeline.sort((x, y) => (x.ts ?? -Infinity) - (y.ts ?? -Infinity) || (x.kind === y.kind ? 0 : x.kind === 'event' ? -1 : 1));

  const allEvents = new Map([...events.values()].map((e) => [e.id, e]));
  const choices = [...choice].map(([eventId, c]) => ({ eventId, choice: c, message: allEvents.get(eventId)?.message ?? eventMsgs.get(eventId)?.message ?? `event ${eventId}` }));

  const view = await timelineView(reader, range, timeline, crashTime, summary.nodes);
  const focus = view && !range ? await focusView(reader, view, crashes, summary.nodes) : null;

  const model: ReportModel = {
    schemaVersion: REPORT_SCHEMA_VERSION,
    title: crashes.length ? `Crash report: ${[...new Set(crashes.map((c) => c.node))].join(', ')}` : `Case report: ${summary.nodes.join(', ') || path.basename(summary.path)}`,
    caseFile: path.basename(summary.path),
    generatedAt: options.now ?? Date.now() * 1000,
    redacted: false,
    sosCleaned: false,
    range,
    nodes: [...summary.nodes],
    crashTime,
    crashes,
    timeline,
    sources: sources.map((s) => ({ node: s.node, path: s.path, format: s.format, firstTs: s.firstTs, lastTs: s.lastTs, records: s.records, warnings: s.warnings.length })),
    choices,
    view,
    focus,
    counts: { records: summary.records, events: summary.events, annotations: summary.annotations },
  };
  model.sosCleaned = looksSosCleaned(model.nodes, [...summary.bundles.map((b) => b.path), ...sources.map((s) => s.path)]);
  if (options.redact) return redactModel(model, summary.bundles.flatMap((b) => [b.node, b.identity?.hostname]));
  return model;
}

async function focusView(reader: ReportReader, whole: ReportView, crashes: ReportCrash[], nodes: string[]): Promise<ReportView | null> {
  const times = crashes.flatMap((c) => [c.time, ...(c.cause?.evidence ?? []).map((e) => e.ts)]).filter((t): t is number => t !== null);
  if (!times.length) return null;
  let from = Math.min(...times); let to = Math.max(...times);
  const pad = Math.max((to - from) * 0.1, 60e6);
  from -= pad; to += pad;
  if (to - from > (whole.to - whole.from) / 3) return null;
  return lanesOf(reader, from, to, nodes);
}

async function lanesOf(reader: ReportReader, from: Micros, to: Micros, nodes: string[]): Promise<ReportView> {
  const buckets = 240;
  let lanes: ReportLane[] = nodes.map((node) => ({ node, counts: [], worst: [] }));
  try {
    const t = await reader.timeline({ from, to, buckets, laneBy: 'node', measure: 'events' });
    lanes = t.lanes.map((l) => ({ node: l.node ?? l.label, counts: l.counts, worst: l.worst ?? [] }));
  } catch { /* a case without a timeline yet: the picture has lanes and marks only */ }
  return { from, to, buckets, lanes };
}

/** The span the picture shows: the chosen range, else the key items with a margin around the crash. */
async function timelineView(reader: ReportReader, range: ReportOptions['range'], items: ReportItem[], crash: Micros | null, nodes: string[]): Promise<ReportModel['view']> {
  let from = range?.from ?? Infinity; let to = range?.to ?? -Infinity;
  if (!range) {
    for (const i of items) if (i.ts !== null) { from = Math.min(from, i.ts); to = Math.max(to, i.endTs ?? i.ts); }
    if (crash !== null) { from = Math.min(from, crash); to = Math.max(to, crash); }
  }
  if (!Number.isFinite(from) || !Number.isFinite(to)) return null;
  const pad = Math.max((to - from) * 0.04, 30e6);
  if (!range) { from -= pad; to += pad; }
  return lanesOf(reader, from, to, nodes);
}

/** Every string of the model through one Redactor, so a value has the same pseudonym everywhere
 *  in the export (a node's name in the title, its lines and its source paths). */
function redactModel(model: ReportModel, names: (string | null | undefined)[]): ReportModel {
  // Every node the case knows: a loose file's source is named after the file, while its lines
  // carry the host's real name (events and crashes keep that one).
  const known = [...model.nodes, ...names, ...model.crashes.map((c) => c.node), ...model.timeline.map((i) => i.node), ...model.sources.map((s) => s.node)];
  const r = new Redactor({ names: [...new Set(known.filter((n): n is string => !!n))], keepSosPseudonyms: model.sosCleaned });
  const walk = (v: unknown, key: string): unknown => {
    if (typeof v === 'string') return UNREDACTED_KEYS.has(key) ? v : r.text(v);
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  const out = walk(model, '') as ReportModel;
  out.redacted = true;
  return out;
}

/** Fields holding our own vocabulary (never a log's text): left as they are. */
const UNREDACTED_KEYS = new Set(['kind', 'what', 'severity', 'category', 'type', 'outcome', 'format', 'choice', 'offset']);

