// What runs once after a bulk load, in the order the UI needs it: indexes (records pages and
// events usable), per-minute counts (timeline usable), links between the same kernel line seen in
// several sources, then the full-text index last because it is the slowest part.
import type { Db } from './case-db.ts';
import { getMeta, setMeta } from './case-db.ts';
import { POST_LOAD_INDEXES } from './schema.ts';

/** Severity code stored in record_counts for records without one. */
export const NO_SEVERITY = 8;
/** Grains of record_counts, in seconds, finest first. */
export const COUNT_GRAINS = [60, 3600] as const;

export function setReady(db: Db, part: 'records' | 'events' | 'timeline' | 'fulltext' | 'analysis', ready: boolean): void {
  setMeta(db, `ready_${part}`, ready ? '1' : '0');
}

export function buildIndexes(db: Db): void {
  db.exec(POST_LOAD_INDEXES);
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
  db.prepare(`UPDATE records SET dup_of = (
      SELECT min(o.id) FROM records o
      WHERE o.dup_key = records.dup_key AND o.source_id <> records.source_id AND o.id < records.id
        AND o.ts BETWEEN records.ts - ${DUP_WINDOW} AND records.ts + ${DUP_WINDOW})
    WHERE id >= ? AND dup_key IS NOT NULL`).run(fromId);
  // Also the other way round: a line imported now may be the original of one imported before only
  // when ids say otherwise — ids grow with imports, so "first seen" is simply the lowest id.
  db.prepare(`UPDATE events SET dup_of = (
      SELECT min(o.id) FROM events o JOIN records r ON r.id = events.record_id
      WHERE o.record_id = r.dup_of AND o.type = events.type)
    WHERE record_id >= ? AND record_id IN (SELECT id FROM records WHERE id >= ? AND dup_of IS NOT NULL)`).run(fromId, fromId);
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

/** Rank every record in (ts, id) order (tsorder), then index its text under that rank, so that
 *  FTS5's rowid order is time order. Rebuilt whole after each import: a new bundle's records
 *  interleave in time with the old ones. Built in slices, yielding between them, so the UI's
 *  queries and a progress update can cut in. */
export async function indexFullText(db: Db, onProgress?: (done: number, total: number) => void, signal?: AbortSignal): Promise<boolean> {
  // Nothing new since the last build (a duplicate bundle, a repair on open): keep the index.
  const now = db.prepare('SELECT coalesce(max(id), 0) AS m, count(*) AS n FROM records').get() as { m: number; n: number };
  const built = getMeta(db, 'fts_built');
  if (built === `${now.m}:${now.n}`) return true;
  setReady(db, 'fulltext', false);
  db.transaction(() => {
    db.exec('DELETE FROM tsorder');
    // Reads the records_ts index in order: no sort.
    db.exec('INSERT INTO tsorder(record_id) SELECT id FROM records ORDER BY ts, id');
    db.exec("INSERT INTO records_fts(records_fts) VALUES ('delete-all')");
  })();
  const total = (db.prepare('SELECT coalesce(max(seq), 0) AS n FROM tsorder').get() as { n: number }).n;
  const step = 200_000;
  const ins = db.prepare(`INSERT INTO records_fts(rowid, message)
    SELECT t.seq, r.message FROM tsorder t JOIN records r ON r.id = t.record_id WHERE t.seq > ? AND t.seq <= ?`);
  for (let lo = 0; lo < total; lo += step) {
    if (signal?.aborted) return false;
    db.transaction(() => ins.run(lo, Math.min(lo + step, total)))();
    onProgress?.(Math.min(lo + step, total), total);
    // Let the UI's queries in between slices: records, events and the timeline are ready already.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  // Merge the segments the slices left so the first search does not pay for it.
  db.prepare("INSERT INTO records_fts(records_fts, rank) VALUES ('merge', 500)").run();
  setMeta(db, 'fts_built', `${now.m}:${now.n}`);
  return true;
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
