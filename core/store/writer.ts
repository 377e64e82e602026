// The one writer of a case: it owns the read-write connection during an import and inserts what
// the parser workers send in large transactions. Workers ship records as column batches
// (core/store/record-batch.ts), so the writer binds them without touching their contents.
//
// Why a multi-row INSERT: binding one prepared statement per row costs a JS→C call per row;
// 32 rows per statement was measured ~20 % faster than one row per call on these machines
// (332 k vs 280 k rows/s), and json_each() batches were slower still (150 k rows/s).
// The text columns arrive as UTF-8 bytes (core/store/record-batch.ts): each value is bound as a
// view of them and stored as CAST(? AS TEXT), so no JS string is made or converted on this thread.
// No SQL function may appear in the statement: SQLite then deems a multi-row INSERT able to abort
// half-way (sqlite3VdbeAddFunctionCall calls sqlite3MayAbort) and keeps a statement journal,
// copying each page the statement changes first (16 KiB, ~190,000 statements on the 1 GiB bench,
// spilled to temp files). So the bytes are no longer bound once per statement and cut with
// substr(); and the statement is INSERT OR FAIL, which needs no journal to undo a constraint failure
// (none is expected: ids are SQLite's own and NOT NULL columns always set; a failure would fail
// the bundle either way). Writing the bench's records alone (all batches parsed first) took 8.6-9.7
// s against 9.8 s, 6.5 against 7.4 s of user CPU (alternated runs).
import type Database from 'better-sqlite3';
import type { Db } from './case-db.ts';
import { nowMicros } from './case-db.ts';
import type { DetectedEvent, Warning } from '../../parsers/types.ts';
import { readRow, sourceOf, type RecordBatch } from './record-batch.ts';
import { NameIds } from './name-ids.ts';
import { HostSpans } from './host-spans.ts';
import { SAME_LINE } from './schema.ts';

/** Columns a record batch fills, in its row order (core/store/record-batch.ts readRow). `fields`
 *  stays NULL: re-derived from the raw text when a record is opened (core/api/record-fields.ts).
 *  ident and host go in as ids of the idents and hosts tables, the text columns stay NULL, and a
 *  one-line record's end_line as SAME_LINE (schema v3, core/store/schema.ts). */
export const RECORD_COLUMNS = [
  'source_id', 'line', 'end_line', 'ts', 'ts_kind', 'mono', 'severity', 'ident_id', 'pid', 'host_id', 'boot_id',
  'message', 'prefix', 'raw', 'dup_key',
] as const;
// Where readRow puts these values, from its first parameter.
const SOURCE = 0, LINE = 1, END_LINE = 2, TS = 3, HOST = 9, BOOT = 10;
/** Text columns: bound as UTF-8 bytes, stored as text. */
const TEXT_COLUMNS: ReadonlySet<string> = new Set(['message', 'prefix', 'raw']);
/** Parameters a row binds: one per column. The id is SQLite's next rowid (see writeBatch). */
const ROW_PARAMS = RECORD_COLUMNS.length;

/** An event as a worker sends it: `rec` is the index of its record in the same batch (-1: none). */
export interface EventOut { rec: number; ev: DetectedEvent }

const ROWS_PER_STATEMENT = 32;
/** Commit after this many rows: big enough that commit cost vanishes, small enough that a
 *  SIGKILL loses little and readers see progress. */
const ROWS_PER_TRANSACTION = 200_000;

export interface NewSource {
  bundleId: number; node: string | null; path: string; format: string; confidence: number;
  role: string; zone: string | null; bytes: number | null;
}

export interface SourceTotals {
  format: string; confidence: number; lines: number; records: number; bytes: number;
  firstTs: number | null; lastTs: number | null; tsKinds: Record<string, number>; warnings: Warning[]; boots: string[];
}

export class CaseWriter {
  private nextRecordId: number;
  private inTx = false;
  private rowsInTx = 0;
  private readonly many: Database.Statement<unknown[]>;
  private readonly single: Database.Statement<unknown[]>;
  private readonly event: Database.Statement<unknown[]>;
  // Packed arrays (Array.from, not new Array(n), which V8 keeps 'holey'): spreading a holey array
  // into arguments copies it through a hole-filling clone first (~3 % of the writer's time).
  private readonly params: unknown[] = Array.from({ length: ROWS_PER_STATEMENT * ROW_PARAMS }, () => null);
  private readonly one: unknown[] = Array.from({ length: ROW_PARAMS }, () => null);
  private readonly hosts: NameIds;
  private readonly idents: NameIds;
  private readonly spans: HostSpans;
  recordsWritten = 0;
  eventsWritten = 0;

  constructor(private readonly db: Db) {
    const cols = RECORD_COLUMNS.join(', ');
    const tuple = `(${RECORD_COLUMNS.map((c) => (TEXT_COLUMNS.has(c) ? 'CAST(? AS TEXT)' : '?')).join(', ')})`;
    this.many = db.prepare(`INSERT OR FAIL INTO records(${cols}) VALUES ${Array(ROWS_PER_STATEMENT).fill(tuple).join(', ')}`);
    this.single = db.prepare(`INSERT OR FAIL INTO records(${cols}) VALUES ${tuple}`);
    this.event = db.prepare(`INSERT INTO events(record_id, source_id, node, type, category, severity, rule_id, ts, end_ts,
      ts_kind, count, fields, message, line, end_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    this.hosts = new NameIds(db, 'hosts');
    this.idents = new NameIds(db, 'idents');
    this.spans = new HostSpans(db);
    this.nextRecordId = this.nextRowid();
  }

  /** The id SQLite gives the next record inserted without one: the largest id + 1. */
  private nextRowid(): number {
    const max = this.db.prepare('SELECT max(id) AS m FROM records').get() as { m: number | null };
    return (max.m ?? 0) + 1;
  }

  /** A statement's last record did not get the id its batch counted on: refuse to go on, since
   *  events would point at other records. (Only a write outside this writer could cause it.) */
  private checkId(got: number | bigint, want: number): void {
    if (got !== want) throw new Error(`record ids out of step: SQLite gave ${got}, the writer expected ${want}`);
  }

  /** Record ids at or above this one belong to the running import. */
  get firstFreeRecordId(): number { return this.nextRecordId; }

  private begin(): void {
    if (!this.inTx) { this.db.exec('BEGIN'); this.inTx = true; this.rowsInTx = 0; }
  }

  /** Commit what is pending (readers see it from now on). */
  flush(): void {
    if (this.inTx) { this.spans.save(); this.db.exec('COMMIT'); this.inTx = false; this.rowsInTx = 0; }
  }

  rollback(): void {
    if (this.inTx) {
      this.db.exec('ROLLBACK'); this.inTx = false; this.rowsInTx = 0; this.hosts.reload(); this.idents.reload(); this.spans.discard();
      this.nextRecordId = this.nextRowid();
    }
  }

  /** Record i of a batch as the case stores it (ids for ident and host, SAME_LINE for a one-line
   *  record's end_line) into `out` from `at`; returns the next free position. */
  private readRow(records: RecordBatch, i: number, out: unknown[], at: number): number {
    const next = readRow(records, i, out, at, this.idents.of, this.hosts.of);
    this.spans.add(out[at + SOURCE] as number, out[at + HOST] as number | null, out[at + BOOT] as string | null, out[at + TS] as number | null, out[at + LINE] as number);
    if (out[at + END_LINE] === out[at + LINE]) out[at + END_LINE] = SAME_LINE;
    return next;
  }

  /** Insert one batch of a source's records and the events found in them. */
  writeBatch(records: RecordBatch, events: EventOut[], node: string | null): void {
    this.begin();
    const firstId = this.nextRecordId;
    const n = records.n;
    const { params, one } = this;
    let i = 0;
    // Records are inserted without their id: SQLite gives each the largest id + 1, which appends
    // without the uniqueness seek an explicit id costs (6 % of the statement's time, with one
    // parameter less to bind). The writer is the case's only writer, so the ids are the ones it
    // counts on; each statement's last id is checked anyway.
    for (; i + ROWS_PER_STATEMENT <= n; i += ROWS_PER_STATEMENT) {
      let p = 0;
      for (let k = 0; k < ROWS_PER_STATEMENT; k++) p = this.readRow(records, i + k, params, p);
      this.checkId(this.many.run(...params).lastInsertRowid, firstId + i + ROWS_PER_STATEMENT - 1);
    }
    for (; i < n; i++) {
      this.readRow(records, i, one, 0);
      this.checkId(this.single.run(...one).lastInsertRowid, firstId + i);
    }
    this.nextRecordId += n;
    for (const { rec, ev } of events) {
      const sourceId = rec >= 0 ? sourceOf(records, rec) : (n ? sourceOf(records, 0) : null);
      this.event.run(rec >= 0 ? firstId + rec : null, sourceId, node, ev.type, ev.category, ev.severity, ev.ruleId,
        ev.ts, ev.endTs ?? null, ev.tsKind, ev.count ?? 1, JSON.stringify(ev.fields ?? {}), ev.message, ev.line, ev.endLine);
    }
    this.recordsWritten += n;
    this.eventsWritten += events.length;
    this.rowsInTx += n + events.length;
    if (this.rowsInTx >= ROWS_PER_TRANSACTION) this.flush();
  }

  /** Events that are not tied to one record of a batch (window rules flushed at a source's end). */
  writeLooseEvents(sourceId: number, events: DetectedEvent[], node: string | null): void {
    this.begin();
    for (const ev of events) {
      this.event.run(null, sourceId, node, ev.type, ev.category, ev.severity, ev.ruleId, ev.ts, ev.endTs ?? null,
        ev.tsKind, ev.count ?? 1, JSON.stringify(ev.fields ?? {}), ev.message, ev.line, ev.endLine);
    }
    this.eventsWritten += events.length;
  }

  addBundle(b: { path: string; layout: string; node: string | null; identity: unknown; owner: string }): number {
    const r = this.db.prepare(`INSERT INTO bundles(path, layout, node, identity, status, imported_at, owner)
      VALUES (?, ?, ?, ?, 'importing', ?, ?)`).run(b.path, b.layout, b.node, JSON.stringify(b.identity ?? {}), nowMicros(), b.owner);
    return Number(r.lastInsertRowid);
  }

  updateBundle(id: number, patch: { layout?: string; node?: string | null; identity?: unknown; sha256?: string; warnings?: Warning[] }): void {
    const sets: string[] = []; const args: unknown[] = [];
    if (patch.layout !== undefined) { sets.push('layout = ?'); args.push(patch.layout); }
    if (patch.node !== undefined) { sets.push('node = ?'); args.push(patch.node); }
    if (patch.identity !== undefined) { sets.push('identity = ?'); args.push(JSON.stringify(patch.identity)); }
    if (patch.sha256 !== undefined) { sets.push('sha256 = ?'); args.push(patch.sha256); }
    if (patch.warnings !== undefined) { sets.push('warnings = ?'); args.push(JSON.stringify(patch.warnings.slice(0, 5000))); }
    if (sets.length) this.db.prepare(`UPDATE bundles SET ${sets.join(', ')} WHERE id = ?`).run(...args, id);
  }

  finishBundle(id: number, status: 'complete' | 'cancelled' | 'failed'): void {
    this.db.prepare('UPDATE bundles SET status = ?, finished_at = ?, owner = NULL WHERE id = ?').run(status, nowMicros(), id);
  }

  addSource(s: NewSource): number {
    const r = this.db.prepare(`INSERT INTO sources(bundle_id, node, path, format, confidence, role, zone, bytes)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(s.bundleId, s.node, s.path, s.format, s.confidence, s.role, s.zone, s.bytes ?? 0);
    return Number(r.lastInsertRowid);
  }

  finishSource(id: number, t: SourceTotals): void {
    this.db.prepare(`UPDATE sources SET format = ?, confidence = ?, lines = ?, records = ?, bytes = ?, first_ts = ?,
      last_ts = ?, ts_kinds = ?, warnings = ?, boots = ? WHERE id = ?`).run(t.format, t.confidence, t.lines, t.records,
      t.bytes, t.firstTs, t.lastTs, JSON.stringify(t.tsKinds), JSON.stringify(t.warnings.slice(0, 1000)), JSON.stringify(t.boots), id);
  }

  /** Remove everything one bundle brought (a duplicate import found by its hash at the end). */
  dropBundle(id: number): void {
    this.flush();
    this.db.transaction(() => {
      const srcs = 'SELECT id FROM sources WHERE bundle_id = ?';
      this.db.prepare(`DELETE FROM events WHERE source_id IN (${srcs})`).run(id);
      this.db.prepare(`DELETE FROM record_counts WHERE source_id IN (${srcs})`).run(id);
      this.db.prepare(`DELETE FROM host_spans WHERE source_id IN (${srcs})`).run(id);
      this.db.prepare(`DELETE FROM records WHERE source_id IN (${srcs})`).run(id);
      this.db.prepare('DELETE FROM sources WHERE bundle_id = ?').run(id);
      this.db.prepare('DELETE FROM bundles WHERE id = ?').run(id);
    })();
    this.nextRecordId = this.nextRowid(); // the dropped records may have held the largest ids
  }
}
