// What runs once after a bulk load, in the order the UI needs it: indexes (records pages and
// events usable), per-minute counts (timeline usable), links between the same kernel line seen in
// several sources. The full-text index, the slowest part, is built beside them on a worker thread
// and lands last (fulltext-build.ts, core/ingest/fulltext.ts).
import type { Db } from './case-db.ts';
import { setMeta } from './case-db.ts';
import { POST_LOAD_INDEXES, RECORDS_TIME_INDEX } from './schema.ts';

/** Severity code stored in record_counts for records without one. */
export const NO_SEVERITY = 8;
/** Grains of record_counts, in seconds, finest first. */
export const COUNT_GRAINS = [60, 3600] as const;

export function setReady(db: Db, part: 'records' | 'events' | 'timeline' | 'fulltext' | 'analysis', ready: boolean): void {
  setMeta(db, `ready_${part}`, ready ? '1' : '0');
}

export function buildIndexes(db: Db): void {
  for (const sql of POST_LOAD_INDEXES) db.exec(sql);
}

/** buildIndexes, yielding to the event loop after each index: each one is a statement of seconds
 *  on millions of records, and the local server answering the UI runs on this same thread. */
export async function buildIndexesYielding(db: Db, yieldNow: () => Promise<void>): Promise<void> {
  for (const sql of POST_LOAD_INDEXES) { db.exec(sql); await yieldNow(); }
}

/** The post-load indexes on records' time alone, so the full-text build can read records in time
 *  order (without one it sorts them itself: slower, same result) while the others are built. */
export function buildTimeIndex(db: Db): void {
  db.exec(RECORDS_TIME_INDEX);
}

/** Add the counts of records with id >= fromId to the per-slot tables (minutes, then hours from minutes). */
export function countSlots(db: Db, fromId: number): void {
  const [fine, coarse] = COUNT_GRAINS;
  db.transaction(() => {
    db.exec('CREATE TEMP TABLE IF NOT EXISTS new_counts(source_id INT, slot INT, severity INT, count INT)');
    db.exec('DELETE FROM temp.new_counts');
    db.prepare(`INSERT INTO temp.new_counts SELECT source_id, ts / ${fine * 1_000_000}, coalesce(severity, ${NO_SEVERITY}), count(*)
      FROM records WHERE id >= ? AND ts IS NOT NULL GROUP BY 1, 2, 3`).run(fromId);
    db.exec(`INSERT INTO record_counts(grain, source_id, slot, severity, count)
      SELECT ${fine}, source_id, slot, severity, count FROM temp.new_counts WHERE true
      ON CONFLICT(grain, source_id, slot, severity) DO UPDATE SET count = count + excluded.count`);
    db.exec(`INSERT INTO record_counts(grain, source_id, slot, severity, count)
      SELECT ${coarse}, source_id, slot / ${coarse / fine}, severity, sum(count) FROM temp.new_counts GROUP BY 2, 3, 4
      ON CONFLICT(grain, source_id, slot, severity) DO UPDATE SET count = count + excluded.count`);
    db.exec('DELETE FROM temp.new_counts');
  })();
}

/** How far apart (µs) two sources may stamp the same kernel line: dmesg's monotonic clock mapped to
 *  wall time drifts from the journal's stamp by up to a second or two over a long uptime. */
const DUP_WINDOW = 2_000_000;

/** Link records with id >= fromId to the first earlier record of another source holding the same
 *  kernel line (same dup_key, close in time); then their events to that record's events. */
export function linkDuplicates(db: Db, fromId: number): void {
  // Only the records that have an earlier copy are written; the candidates come from the covering
  // records_dup_key index (RECORDS_DUP_KEY_INDEX), walked for r too (INDEXED BY: on its own the
  // planner scans the whole table by rowid for r.id >= ?). Correlated per row instead, this read
  // each candidate's row and rewrote all ~1M keyed records of the 1 GiB bench: 6 s against 0.2 s.
  db.prepare(`UPDATE records SET dup_of = m.orig FROM (
      SELECT r.id AS id, min(o.id) AS orig
      FROM records r INDEXED BY records_dup_key JOIN records o ON o.dup_key = r.dup_key
      WHERE +r.id >= ? AND r.dup_key IS NOT NULL AND o.dup_key IS NOT NULL
        AND o.source_id <> r.source_id AND o.id < r.id AND o.ts BETWEEN r.ts - ${DUP_WINDOW} AND r.ts + ${DUP_WINDOW}
      GROUP BY r.id) AS m
    WHERE records.id = m.id`).run(fromId);
  // Also the other way round: a line imported now may be the original of one imported before only
  // when ids say otherwise — ids grow with imports, so "first seen" is simply the lowest id.
  // Events are few: each looks up its own record, rather than scanning the records for dup_of.
  db.prepare(`UPDATE events SET dup_of = (
      SELECT min(o.id) FROM events o JOIN records r ON r.id = events.record_id
      WHERE o.record_id = r.dup_of AND o.type = events.type)
    WHERE record_id >= ? AND (SELECT dup_of FROM records WHERE id = events.record_id) IS NOT NULL`).run(fromId);
  // Not only kernel lines repeat: a sosreport carries the journal twice (journalctl_--no-pager and
  // its --boot_-1 slice) and rsyslog copies every unit's line into /var/log/messages. Records are
  // not keyed for that (hashing every line costs the bulk load); events are few, so the same
  // happening — same node and type, the same message, within the window, another source — is
  // linked here, and counts, tables and the timeline show it once.
  db.prepare(`UPDATE events SET dup_of = (
      SELECT min(o.id) FROM events o JOIN records ro ON ro.id = o.record_id JOIN records r ON r.id = events.record_id
      WHERE o.ts BETWEEN events.ts - ${DUP_WINDOW} AND events.ts + ${DUP_WINDOW}
        AND o.id < events.id AND o.type = events.type AND o.source_id <> events.source_id
        AND o.node IS events.node AND o.dup_of IS NULL AND ro.message = r.message)
    WHERE id >= (SELECT coalesce(min(id), 0) FROM events WHERE record_id >= ?) AND dup_of IS NULL AND ts IS NOT NULL`).run(fromId);
}

export function readiness(db: Db): { records: boolean; events: boolean; timeline: boolean; fulltext: boolean; analysis: boolean } {
  const rows = db.prepare("SELECT key, value FROM meta WHERE key LIKE 'ready_%'").all() as { key: string; value: string }[];
  const m = new Map(rows.map((r) => [r.key.slice(6), r.value === '1']));
  return {
    records: m.get('records') ?? false,
    events: m.get('events') ?? false,
    timeline: m.get('timeline') ?? false,
    fulltext: m.get('fulltext') ?? false,
    analysis: m.get('analysis') ?? false,
  };
}

/** Events a worker could not tie to a record of the same batch (window rules, flushed at a source's
 *  end) find their record by source and line once records_source_line exists. */
export function linkLooseEvents(db: Db): void {
  db.exec(`UPDATE events SET record_id = (
      SELECT r.id FROM records r WHERE r.source_id = events.source_id AND r.line <= events.line
      ORDER BY r.line DESC LIMIT 1)
    WHERE record_id IS NULL AND source_id IS NOT NULL`);
}
