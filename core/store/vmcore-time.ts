// kdump's vmcore-dmesg.txt is the crashed boot's kernel log, stamped in seconds since that boot
// only; no boot time in the bundle maps it (that boot is over). The same lines were usually also
// written to the journal or kern.log while the node lived: the median of (wall − mono) over lines
// both hold (same dup_key, copies agreeing within 2 s) is that boot's start. With it the panic, the
// lockups and everything kdump kept that the disk logs lost get wall times and reach the timeline.
import type { Db } from './case-db.ts';
import { tsKindCode } from './schema.ts';
import { respanSource } from './host-spans.ts';

export const VMCORE_DMESG = /(^|\/)vmcore-dmesg(\.txt)?$/;

export const isVmcoreSource = (s: { format: string; path: string }): boolean => s.format === 'vmcore-dmesg' || VMCORE_DMESG.test(s.path);

/** Wall-time offset (µs) of a vmcore-dmesg source's boot, or null when no line pairs. */
export function vmcoreOffset(db: Db, sourceId: number): number | null {
  const pairs = db.prepare(`SELECT r.mono AS mono, min(o.ts) AS t1, max(o.ts) AS t2 FROM records r
    JOIN records o ON o.dup_key = r.dup_key AND o.source_id <> r.source_id AND o.ts IS NOT NULL AND o.ts_kind <> ?
    WHERE r.source_id = ? AND r.mono IS NOT NULL AND r.dup_key IS NOT NULL GROUP BY r.id`)
    .all(tsKindCode('monotonic-mapped'), sourceId) as { mono: number; t1: number; t2: number }[];
  // A line whose copies disagree by more than 2 s was printed more than once: no use for pairing.
  const offsets = pairs.filter((p) => p.t2 - p.t1 <= 2e6).map((p) => p.t1 - Math.round(p.mono * 1e6)).sort((a, b) => a - b);
  return offsets.length ? offsets[Math.floor(offsets.length / 2)]! : null;
}

/** Give the unmapped records and events of every vmcore-dmesg source their wall time; returns how
 *  many sources were mapped. Needs the records_dup_key index (built after the bulk load). */
export function mapVmcoreSources(db: Db): number {
  const unmapped = db.prepare('SELECT 1 FROM records WHERE source_id = ? AND ts IS NULL AND mono IS NOT NULL LIMIT 1');
  const candidates = (db.prepare('SELECT id, format, path FROM sources').all() as { id: number; format: string; path: string }[])
    .filter((s) => isVmcoreSource(s) && unmapped.get(s.id) !== undefined);
  let mapped = 0;
  for (const s of candidates) {
    const off = vmcoreOffset(db, s.id);
    if (off === null) continue;
    const kind = tsKindCode('monotonic-mapped');
    db.transaction(() => {
      db.prepare('UPDATE records SET ts = ? + CAST(round(mono * 1000000) AS INTEGER), ts_kind = ? WHERE source_id = ? AND ts IS NULL AND mono IS NOT NULL')
        .run(off, kind, s.id);
      db.prepare(`UPDATE events SET ts = (SELECT r.ts FROM records r WHERE r.id = events.record_id), ts_kind = 'monotonic-mapped'
        WHERE source_id = ? AND ts IS NULL AND record_id IS NOT NULL`).run(s.id);
      db.prepare(`UPDATE sources SET first_ts = (SELECT min(ts) FROM records WHERE source_id = ?),
        last_ts = (SELECT max(ts) FROM records WHERE source_id = ?) WHERE id = ?`).run(s.id, s.id, s.id);
      respanSource(db, s.id);
    })();
    mapped++;
  }
  return mapped;
}
