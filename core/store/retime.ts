// Moving a source's stored records from one set of time facts to another: a zone override by the
// user, or facts (etc/localtime, proc/stat) that came later in the bundle than the log they time.
// Only stamps that depended on those facts move (parsers/bundle/retime.ts decides, exactly);
// events follow their records; the source's range is recomputed. Per-slot counts are recounted
// for the source when they exist already, and its host spans (host-spans.ts) summed again.
import { retimeTs } from '../../parsers/bundle/retime.ts';
import type { TimeContext } from '../../parsers/types.ts';
import type { Db } from './case-db.ts';
import { tsKindCode, tsKindName } from './schema.ts';
import { COUNT_GRAINS, NO_SEVERITY } from './post-load.ts';
import { respanSource } from './host-spans.ts';

const MOVABLE = ['zone-inferred', 'year-inferred', 'monotonic', 'monotonic-mapped'].map((k) => tsKindCode(k as never));

/** Returns how many records moved. Runs inside the caller's transaction when there is one. */
export function retimeSource(db: Db, sourceId: number, from: TimeContext, to: TimeContext): number {
  const rows = db.prepare(`SELECT id, ts, ts_kind, mono FROM records WHERE source_id = ? AND ts_kind IN (${MOVABLE.join(',')})`)
    .raw().all(sourceId) as [number, number | null, number, number | null][];
  const upd = db.prepare('UPDATE records SET ts = ?, ts_kind = ? WHERE id = ?');
  const updEv = db.prepare('UPDATE events SET ts = ?, ts_kind = ? WHERE record_id = ?');
  let moved = 0;
  for (const [id, ts, kind, mono] of rows) {
    const r = retimeTs(ts, tsKindName(kind), mono, from, to);
    if (r.ts === ts && tsKindCode(r.tsKind) === kind) continue;
    upd.run(r.ts, tsKindCode(r.tsKind), id);
    updEv.run(r.ts, r.tsKind, id);
    moved++;
  }
  db.prepare(`UPDATE sources SET time = ?, first_ts = (SELECT min(ts) FROM records WHERE source_id = ?),
    last_ts = (SELECT max(ts) FROM records WHERE source_id = ?) WHERE id = ?`).run(JSON.stringify(to), sourceId, sourceId, sourceId);
  if (moved) respanSource(db, sourceId);
  const counted = db.prepare('SELECT 1 FROM record_counts WHERE source_id = ? LIMIT 1').get(sourceId);
  if (moved && counted) {
    db.prepare('DELETE FROM record_counts WHERE source_id = ?').run(sourceId);
    for (const grain of COUNT_GRAINS) {
      db.prepare(`INSERT INTO record_counts(grain, source_id, slot, severity, count) SELECT ?, source_id, ts / ?, coalesce(severity, ${NO_SEVERITY}), count(*)
        FROM records WHERE source_id = ? AND ts IS NOT NULL GROUP BY 2, 3, 4`).run(grain, grain * 1_000_000, sourceId);
    }
  }
  return moved;
}
