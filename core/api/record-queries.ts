// Reading records and events: keyset pages in time order, filters, full text, one record with its
// context. Time order is (ts, id) with records that have no stamp first (ordered by id): the index
// records_ts (on ts; an index entry ends with the rowid, so it is in (ts, id) order) serves both,
// and a page is a range scan of at most limit+1 rows.
import type { Db } from '../store/case-db.ts';
import { recordEndLine, recordHost, recordIdent, tsKindName } from '../store/schema.ts';
import { rawText } from '../store/raw-text.ts';
import type {
  Annotation, EventQuery, EventRow, FormatId, Page, RecordDetail, RecordQuery, RecordRow, Severity, TsKind,
} from './types.ts';
import { decodeCursor, encodeCursor, type Key } from './cursor.ts';
import { apiError } from './errors.ts';
import { fieldsOf } from './record-fields.ts';
import type { TimeContext } from '../../parsers/types.ts';

export const DEFAULT_LIMIT = 200;
export const MAX_LIMIT = 2000;

// end_line and ident as stored since schema v3 are read back here (core/store/schema.ts).
const RECORD_COLS = `r.id, r.source_id, r.line, ${recordEndLine('r')} AS end_line, r.ts, r.ts_kind, r.severity, ${recordIdent('r')} AS ident, r.pid, r.message, r.dup_of`;

interface RawRecordRow {
  id: number; source_id: number; line: number; end_line: number; ts: number | null; ts_kind: number;
  severity: number | null; ident: string | null; pid: number | null; message: string; dup_of: number | null;
}

export type NodeOf = (sourceId: number) => string | null;

export function toRecordRow(r: RawRecordRow, nodeOf: NodeOf): RecordRow {
  return {
    id: r.id, sourceId: r.source_id, node: nodeOf(r.source_id), line: r.line, endLine: r.end_line, ts: r.ts,
    tsKind: tsKindName(r.ts_kind), severity: r.severity as Severity | null, ident: r.ident, pid: r.pid,
    message: r.message, dupOf: r.dup_of,
  };
}

const keyOf = (r: { ts: number | null; id: number }): Key => ({ ts: r.ts, id: r.id });
const cmpKey = (a: Key, b: Key): number =>
  a.ts === b.ts ? a.id - b.id : a.ts === null ? -1 : b.ts === null ? 1 : a.ts - b.ts;

function clampLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_LIMIT;
  if (!Number.isFinite(limit) || limit < 1) throw apiError('bad-request', `limit must be a positive number, got ${limit}`);
  return Math.min(Math.floor(limit), MAX_LIMIT);
}

/** The WHERE conditions of a record query other than time order and text. */
function recordFilters(db: Db, q: RecordQuery): { conds: string[]; args: unknown[]; empty: boolean } {
  const conds: string[] = []; const args: unknown[] = [];
  let sourceIds = q.sourceIds?.length ? [...q.sourceIds] : null;
  if (q.nodes?.length) {
    const ph = q.nodes.map(() => '?').join(',');
    const ids = (db.prepare(`SELECT id FROM sources WHERE node IN (${ph})`).all(...q.nodes) as { id: number }[]).map((r) => r.id);
    sourceIds = sourceIds ? sourceIds.filter((s) => ids.includes(s)) : ids;
  }
  if (sourceIds) {
    if (sourceIds.length === 0) return { conds, args, empty: true };
    conds.push(`r.source_id IN (${sourceIds.map(() => '?').join(',')})`); args.push(...sourceIds);
  }
  if (q.severities?.length) { conds.push(`r.severity IN (${q.severities.map(() => '?').join(',')})`); args.push(...q.severities); }
  if (q.idents?.length) {
    // Rows of older cases hold the text, v3 rows an id: the ids are looked up once, not per row.
    const ph = q.idents.map(() => '?').join(',');
    conds.push(`(r.ident IN (${ph}) OR r.ident_id IN (SELECT id FROM idents WHERE name IN (${ph})))`); args.push(...q.idents, ...q.idents);
  }
  if (q.from != null) { conds.push('r.ts >= ?'); args.push(q.from); }
  if (q.to != null) { conds.push('r.ts <= ?'); args.push(q.to); }
  return { conds, args, empty: false };
}

function ftsError(e: unknown, text: string): never {
  const msg = e instanceof Error ? e.message : String(e);
  // The index keeps no word positions (detail=none, see core/store/schema.ts): say what works instead.
  if (/phrase queries are not supported/i.test(msg)) {
    throw apiError('bad-request', `full-text query '${text}': phrases of several words are not indexed; search the words together instead (e.g. killed AND process)`);
  }
  if (/fts5|syntax|no such column|unterminated/i.test(msg)) throw apiError('bad-request', `full-text query '${text}': ${msg}`);
  throw e;
}

export function queryRecords(db: Db, q: RecordQuery, nodeOf: NodeOf, fulltextReady: boolean): Page<RecordRow> {
  const limit = clampLimit(q.limit);
  const { conds, args, empty } = recordFilters(db, q);
  if (empty) return { rows: [], next: null, prev: null };
  const backward = q.direction === 'backward';
  const cursor = q.cursor ? decodeCursor(q.cursor) : null;
  // Records without a stamp cannot fall inside a time range or after an instant.
  const withUnstamped = q.from == null && q.to == null && (q.at == null || cursor !== null);

  if (q.text && q.text.trim()) {
    if (!fulltextReady) throw apiError('busy', 'the full-text index is still being built; try again when readiness.fulltext is true');
    return textPage(db, q, conds, args, cursor, limit, backward, nodeOf);
  }
  const where = (extra: string[]) => { const all = [...conds, ...extra]; return all.length ? `WHERE ${all.join(' AND ')}` : ''; };
  const run = (sql: string, a: unknown[]) => {
    try { return db.prepare(sql).all(...a) as RawRecordRow[]; } catch (e) { return ftsError(e, q.text ?? ''); }
  };
  const rows: RawRecordRow[] = [];
  const want = limit + 1;
  if (!backward) {
    if (withUnstamped && (!cursor || cursor.ts === null)) {
      rows.push(...run(`SELECT ${RECORD_COLS} FROM records r ${where(['r.ts IS NULL', 'r.id > ?'])} ORDER BY r.id LIMIT ?`,
        [...args, cursor?.id ?? 0, want]));
    }
    if (rows.length < want) {
      const extra = ['r.ts IS NOT NULL']; const ea: unknown[] = [];
      if (cursor && cursor.ts !== null) { extra.push('(r.ts, r.id) > (?, ?)'); ea.push(cursor.ts, cursor.id); }
      else if (!cursor && q.at != null) { extra.push('r.ts >= ?'); ea.push(q.at); }
      rows.push(...run(`SELECT ${RECORD_COLS} FROM records r ${where(extra)} ORDER BY r.ts, r.id LIMIT ?`,
        [...args, ...ea, want - rows.length]));
    }
    const more = rows.length > limit;
    const page = rows.slice(0, limit);
    return {
      rows: page.map((r) => toRecordRow(r, nodeOf)),
      next: more && page.length ? encodeCursor(keyOf(page[page.length - 1]!)) : null,
      prev: (cursor || q.at != null) && page.length ? encodeCursor(keyOf(page[0]!)) : null,
    };
  }
  // Backward: walk the same order in reverse from the cursor (or from `at`, or from the end).
  const start: Key | null = cursor ?? (q.at != null ? { ts: q.at, id: 0 } : null);
  if (!start || start.ts !== null) {
    const extra = ['r.ts IS NOT NULL']; const ea: unknown[] = [];
    if (start) { extra.push('(r.ts, r.id) < (?, ?)'); ea.push(start.ts, start.id); }
    rows.push(...run(`SELECT ${RECORD_COLS} FROM records r ${where(extra)} ORDER BY r.ts DESC, r.id DESC LIMIT ?`, [...args, ...ea, want]));
  }
  if (rows.length < want && (withUnstamped || start === null)) {
    const extra = ['r.ts IS NULL']; const ea: unknown[] = [];
    if (start && start.ts === null) { extra.push('r.id < ?'); ea.push(start.id); }
    rows.push(...run(`SELECT ${RECORD_COLS} FROM records r ${where(extra)} ORDER BY r.id DESC LIMIT ?`, [...args, ...ea, want - rows.length]));
  }
  const more = rows.length > limit;
  const page = rows.slice(0, limit).reverse();
  return {
    rows: page.map((r) => toRecordRow(r, nodeOf)),
    next: page.length ? encodeCursor(keyOf(page[page.length - 1]!)) : null,
    prev: more && page.length ? encodeCursor(keyOf(page[0]!)) : null,
  };
}

const KEY_AT_RANK = 'SELECT r.ts, r.id FROM tsorder t JOIN records r ON r.id = t.record_id WHERE t.seq = ?';

/** The key (ts, id) of the record ranked `seq` in time order (tsorder), or null past the end. */
export function keyAtRank(db: Db, seq: number): Key | null {
  return (db.prepare(KEY_AT_RANK).get(seq) as Key | undefined) ?? null;
}

/** How many records are ranked (the highest rank). */
export function topRank(db: Db): number {
  return (db.prepare('SELECT coalesce(max(seq), 0) AS n FROM tsorder').get() as { n: number }).n;
}

/** How many ranked records have a key below `k` (or at or below it, when `orEqual`): a binary
 *  search over tsorder, ~24 point lookups on ten million records. */
export function rankOf(db: Db, k: Key, orEqual: boolean): number {
  return ranksOf(db, [k], orEqual)[0]!;
}

/** rankOf for each of `keys` (sorted ascending), with two statements prepared once for all of
 *  them. Divide and conquer: the middle key's rank bounds the search of the keys on either side of
 *  it, so ~400 timeline bucket edges over six million ranks cost ~14 lookups each instead of ~23. */
export function ranksOf(db: Db, keys: readonly Key[], orEqual: boolean): number[] {
  const at = db.prepare(KEY_AT_RANK);
  const top = topRank(db);
  const out = new Array<number>(keys.length);
  const search = (k: Key, lo: number, hi: number): number => {
    while (lo < hi) { // invariant: ranks <= lo are below k, ranks > hi are not
      const mid = (lo + hi + 1) >> 1;
      const key = at.get(mid) as Key | undefined; // null ts sorts as -Infinity (cmpKey)
      const c = key ? cmpKey(key, k) : 1;
      if (c < 0 || (orEqual && c === 0)) lo = mid; else hi = mid - 1;
    }
    return lo;
  };
  const fill = (a: number, b: number, lo: number, hi: number): void => { // keys a..b-1 rank within [lo, hi]
    if (a >= b) return;
    const m = (a + b) >> 1;
    out[m] = search(keys[m]!, lo, hi);
    fill(a, m, lo, out[m]!);
    fill(m + 1, b, out[m]!, hi);
  };
  fill(0, keys.length, 0, top);
  return out;
}

/** A full-text page: FTS5 hits come in rowid order, and rowid is the time rank, so the page is the
 *  first `limit` hits after the cursor's rank that pass the other filters. */
function textPage(db: Db, q: RecordQuery, conds: string[], args: unknown[], cursor: Key | null, limit: number,
  backward: boolean, nodeOf: NodeOf): Page<RecordRow> {
  const MINUS = Number.NEGATIVE_INFINITY; const PLUS = Number.POSITIVE_INFINITY;
  let lo = 0; let hi = Number.MAX_SAFE_INTEGER;
  if (q.from != null) lo = Math.max(lo, rankOf(db, { ts: q.from, id: MINUS }, false));
  if (q.to != null) hi = Math.min(hi, rankOf(db, { ts: q.to, id: PLUS }, true));
  if (!backward) {
    if (cursor) lo = Math.max(lo, rankOf(db, cursor, true));
    else if (q.at != null) lo = Math.max(lo, rankOf(db, { ts: q.at, id: MINUS }, false));
  } else {
    const start = cursor ?? (q.at != null ? { ts: q.at, id: MINUS } : null);
    if (start) hi = Math.min(hi, rankOf(db, start, false));
  }
  // CAST: better-sqlite3 binds a JS number as REAL, and FTS5 seeks its doclist to a rowid only when
  // the bound is an INTEGER; with a REAL bound every page read the term's whole doclist (a common
  // word's next page: ~1 s on the 1 GiB bench case).
  const where = ['records_fts MATCH ?', 'f.rowid > CAST(? AS INTEGER)', 'f.rowid <= CAST(? AS INTEGER)', ...conds].join(' AND ');
  let rows: RawRecordRow[];
  try {
    rows = db.prepare(`SELECT ${RECORD_COLS} FROM records_fts f JOIN tsorder t ON t.seq = f.rowid JOIN records r ON r.id = t.record_id
      WHERE ${where} ORDER BY f.rowid ${backward ? 'DESC' : ''} LIMIT ?`).all(q.text, lo, hi, ...args, limit + 1) as RawRecordRow[];
  } catch (e) { ftsError(e, q.text ?? ''); }
  const more = rows.length > limit;
  const page = rows.slice(0, limit);
  if (backward) page.reverse();
  const first = page[0]; const last = page[page.length - 1];
  return {
    rows: page.map((r) => toRecordRow(r, nodeOf)),
    next: (backward || more) && last ? encodeCursor(keyOf(last)) : null,
    prev: (backward ? more : Boolean(cursor || q.at != null)) && first ? encodeCursor(keyOf(first)) : null,
  };
}

interface RawEventRow {
  id: number; record_id: number | null; source_id: number | null; node: string | null; type: string; category: string;
  severity: string; rule_id: string; ts: number | null; end_ts: number | null; ts_kind: string; count: number;
  fields: string; message: string; line: number; end_line: number;
}

const EVENT_COLS = 'e.id, e.record_id, e.source_id, e.node, e.type, e.category, e.severity, e.rule_id, e.ts, e.end_ts, e.ts_kind, e.count, e.fields, e.message, e.line, e.end_line';

function toEventRow(e: RawEventRow): EventRow {
  return {
    id: e.id, recordId: e.record_id, sourceId: e.source_id, node: e.node, type: e.type as EventRow['type'],
    category: e.category as EventRow['category'], severity: e.severity as EventRow['severity'], ruleId: e.rule_id,
    ts: e.ts, endTs: e.end_ts, tsKind: e.ts_kind as TsKind, count: e.count, fields: JSON.parse(e.fields) as EventRow['fields'],
    message: e.message, line: e.line, endLine: e.end_line,
  };
}

/** Events in time order; `collapsed` (default) shows a line seen in several sources once. Events
 *  without a stamp sort first (as -1): the events table is small enough for that expression. */
export function queryEvents(db: Db, q: EventQuery): Page<EventRow> {
  const limit = clampLimit(q.limit);
  const conds: string[] = []; const args: unknown[] = [];
  const list = (col: string, vals: readonly unknown[] | undefined) => {
    if (vals?.length) { conds.push(`${col} IN (${vals.map(() => '?').join(',')})`); args.push(...vals); }
  };
  list('e.node', q.nodes); list('e.category', q.categories); list('e.type', q.types); list('e.severity', q.severities);
  if (q.from != null) { conds.push('e.ts >= ?'); args.push(q.from); }
  if (q.to != null) { conds.push('e.ts <= ?'); args.push(q.to); }
  if (q.collapsed !== false) conds.push('e.dup_of IS NULL');
  if (q.cursor) { const k = decodeCursor(q.cursor); conds.push('(coalesce(e.ts, -1), e.id) > (?, ?)'); args.push(k.ts ?? -1, k.id); }
  const where = conds.length ? `WHERE ${conds.join(' AND ')}` : '';
  const rows = db.prepare(`SELECT ${EVENT_COLS} FROM events e ${where} ORDER BY coalesce(e.ts, -1), e.id LIMIT ?`)
    .all(...args, limit + 1) as RawEventRow[];
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { rows: page.map(toEventRow), next: rows.length > limit && last ? encodeCursor({ ts: last.ts, id: last.id }) : null };
}

export function eventsOfRecord(db: Db, recordId: number): EventRow[] {
  return (db.prepare(`SELECT ${EVENT_COLS} FROM events e WHERE e.record_id = ? ORDER BY e.id`).all(recordId) as RawEventRow[]).map(toEventRow);
}

export function eventById(db: Db, id: number): EventRow | null {
  const r = db.prepare(`SELECT ${EVENT_COLS} FROM events e WHERE e.id = ?`).get(id) as RawEventRow | undefined;
  return r ? toEventRow(r) : null;
}

interface SeenRow { id: number; source_id: number; path: string }

/** How far apart two copies of one line may be stamped: a journal read with short-precise and the
 *  syslog copy of the same line differ by the fraction the latter drops. */
const COPY_WINDOW = 1_000_000;
/** A second of a busy node holds a few thousand lines; a line repeated in more sources than this
 *  is not a copy worth listing one by one. */
const MAX_COPIES = 20;

/** Copies of a line that is not a kernel line (those are linked at import, by dup_key): the journal,
 *  /var/log/messages and a `journalctl --boot -1` capture each hold every daemon's lines. Found when
 *  a record is opened, through the time index: the same message on the same node within
 *  COPY_WINDOW, in other sources. Keying every record at import (as kernel lines are) would cost
 *  the parse several per cent: dupKey on the ~16 % of records that are kernel lines is ~3 % of a
 *  worker's profile. */
function copiesNear(db: Db, r: RawRecordRow, nodeOf: NodeOf): SeenRow[] {
  // The time index comes after the bulk load: while an import runs, a scan of every record per
  // opened line would cost seconds.
  if (r.ts === null || !db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'records_ts'").get()) return [];
  const node = nodeOf(r.source_id);
  const near = db.prepare(`SELECT r.id, r.source_id, s.path FROM records r INDEXED BY records_ts JOIN sources s ON s.id = r.source_id
    WHERE r.ts BETWEEN ? AND ? AND r.message = ? AND r.source_id <> ? ORDER BY r.id`).all(r.ts - COPY_WINDOW, r.ts + COPY_WINDOW, r.message, r.source_id) as SeenRow[];
  // One copy per source (a line repeated within a second in one file is listed once), same node.
  const bySource = new Map<number, SeenRow>();
  for (const c of near) if (nodeOf(c.source_id) === node && !bySource.has(c.source_id)) bySource.set(c.source_id, c);
  return [...bySource.values()].slice(0, MAX_COPIES);
}

/** One record with ±n records of its source around it (by line), the same line in other sources,
 *  its events and notes. */
export function recordDetail(db: Db, id: number, n: number, nodeOf: NodeOf, annotationsOf: (recordId: number) => Annotation[]): RecordDetail {
  const r = db.prepare(`SELECT ${RECORD_COLS}, r.dup_key, r.prefix, r.raw, ${recordHost('r')} AS host, r.fields, s.path AS source_path, s.format, s.time
    FROM records r JOIN sources s ON s.id = r.source_id WHERE r.id = ?`).get(id) as
    (RawRecordRow & { dup_key: number | null; prefix: string | null; raw: string | null; host: string | null; fields: string | null; source_path: string; format: string; time: string | null }) | undefined;
  if (!r) throw apiError('not-found', `no record ${id}`);
  const ctx = Math.max(0, Math.min(Math.floor(n), 500));
  const before = db.prepare(`SELECT ${RECORD_COLS} FROM records r WHERE r.source_id = ? AND r.line < ? ORDER BY r.line DESC LIMIT ?`)
    .all(r.source_id, r.line, ctx) as RawRecordRow[];
  const after = db.prepare(`SELECT ${RECORD_COLS} FROM records r WHERE r.source_id = ? AND r.line > ? ORDER BY r.line LIMIT ?`)
    .all(r.source_id, r.line, ctx) as RawRecordRow[];
  const raw = rawText(r);
  // Only records with a dup_key are ever linked, and a link joins records of the same dup_key
  // (core/store/post-load.ts linkDuplicates): look them up through records_dup_key. No index
  // serves `dup_of = ?`, and scanning every record cost 0.3 s on a 64 MiB case, seconds on 1 GiB.
  const root = r.dup_of ?? r.id;
  const seen = r.dup_key !== null
    ? db.prepare(`SELECT r.id, r.source_id, s.path FROM records r JOIN sources s ON s.id = r.source_id
      WHERE r.dup_key = ? AND (r.id = ? OR r.dup_of = ?) AND r.id <> ? ORDER BY r.id`).all(r.dup_key, root, root, r.id) as SeenRow[]
    : copiesNear(db, r, nodeOf);
  return {
    record: {
      ...toRecordRow(r, nodeOf),
      raw,
      // Stored by older cases; re-derived from the raw text otherwise (see record-fields.ts).
      fields: r.fields ? JSON.parse(r.fields) as Record<string, string>
        : fieldsOf(raw, r.source_path, r.format as FormatId, r.time ? JSON.parse(r.time) as TimeContext : null),
      sourcePath: r.source_path,
      format: r.format as FormatId,
    },
    context: [...before.reverse(), r, ...after].map((x) => toRecordRow(x, nodeOf)),
    seenIn: seen.map((s) => ({ recordId: s.id, sourceId: s.source_id, sourcePath: s.path })),
    events: eventsOfRecord(db, r.id),
    annotations: annotationsOf(r.id),
  };
}
