// Timeline buckets: counts per lane per bucket for any range and resolution. Records are counted
// from record_counts (per source, severity and minute or hour) at the coarsest grain not wider than
// a bucket, so a whole-case view sums thousands of rows, not millions; a bucket narrower than a
// minute (a zoom into a few hours) counts the records of that short range through the ts index.
// A slot straddling a bucket edge is counted in the bucket holding its start (at most one grain off).
import type { Db } from '../store/case-db.ts';
import { COUNT_GRAINS } from '../store/post-load.ts';
import type { TimelineData, TimelineLane, TimelineQuery } from './types.ts';
import { apiError } from './errors.ts';
import { rankOf } from './record-queries.ts';
import type { SlotCounts } from './slot-cache.ts';

const SEVERITY_RANK: Record<string, number> = { info: 1, warning: 2, error: 3, critical: 4 };
const MAX_BUCKETS = 20_000;

interface SourceLite { id: number; node: string | null; path: string }

export function timeline(db: Db, q: TimelineQuery, fulltextReady: boolean, slotCounts?: (grain: number) => SlotCounts | null): TimelineData {
  if (!(q.to > q.from)) throw apiError('bad-request', `timeline range must have to > from (got ${q.from}..${q.to})`);
  const buckets = Math.floor(q.buckets);
  if (!(buckets >= 1 && buckets <= MAX_BUCKETS)) throw apiError('bad-request', `buckets must be 1..${MAX_BUCKETS}, got ${q.buckets}`);
  const bucketMicros = Math.max(1, Math.ceil((q.to - q.from) / buckets));
  const measure = q.measure ?? 'both';
  const sources = db.prepare('SELECT id, node, path FROM sources').all() as SourceLite[];
  const byId = new Map(sources.map((s) => [s.id, s]));
  const f = q.filter ?? {};
  let keep: Set<number> | null = null;
  if (f.sourceIds?.length) keep = new Set(f.sourceIds);
  if (f.nodes?.length) {
    const ids = sources.filter((s) => f.nodes!.includes(s.node ?? '')).map((s) => s.id);
    keep = new Set(keep ? ids.filter((i) => keep!.has(i)) : ids);
  }
  const lanes = new Map<string, TimelineLane>();
  const lane = (key: string, node: string | null, label: string): TimelineLane => {
    let l = lanes.get(key);
    if (!l) { l = { key, node, label, counts: new Array<number>(buckets).fill(0) }; lanes.set(key, l); }
    return l;
  };
  const recordLane = (sourceId: number): TimelineLane => {
    const s = byId.get(sourceId);
    const node = s?.node ?? null;
    if (q.laneBy === 'node-source') return lane(`${node ?? '?'}/src:${sourceId}`, node, `${node ?? '?'} · ${s?.path ?? sourceId}`);
    return lane(node ?? '?', node, node ?? 'unknown node');
  };
  const bucketOf = (ts: number) => Math.floor((ts - q.from) / bucketMicros);

  if (measure !== 'events') {
    const add = (sourceId: number, ts: number, n: number) => {
      if (keep && !keep.has(sourceId)) return;
      const b = bucketOf(ts);
      if (b >= 0 && b < buckets) recordLane(sourceId).counts[b]! += n;
    };
    const sevCond = f.severities?.length ? ` AND severity IN (${f.severities.map(() => '?').join(',')})` : '';
    const sevArgs = f.severities ?? [];
    if (f.text && f.text.trim()) {
      if (!fulltextReady) throw apiError('busy', 'the full-text index is still being built');
      // Hits in rank order between the ranks of `from` and `to` (tsorder is time order).
      const lo = rankOf(db, { ts: q.from, id: Number.NEGATIVE_INFINITY }, false);
      const hi = rankOf(db, { ts: q.to, id: Number.NEGATIVE_INFINITY }, false);
      const rows = db.prepare(`SELECT r.source_id AS s, r.ts FROM records_fts f JOIN tsorder t ON t.seq = f.rowid
        JOIN records r ON r.id = t.record_id WHERE records_fts MATCH ? AND f.rowid > ? AND f.rowid <= ?${sevCond.replace(/severity/g, 'r.severity')}`)
        .raw().iterate(f.text, lo, hi, ...sevArgs) as Iterable<[number, number]>;
      for (const [s, ts] of rows) add(s, ts, 1);
    } else {
      const grain = [...COUNT_GRAINS].reverse().find((g) => g * 1_000_000 <= bucketMicros);
      const cached = grain ? slotCounts?.(grain) ?? null : null;
      if (grain && cached) {
        const g = grain * 1_000_000;
        const sevs = f.severities?.length ? new Set<number>(f.severities) : null;
        const fromSlot = Math.floor(q.from / g); const toSlot = Math.floor((q.to - 1) / g);
        for (const sid of cached.sources()) {
          if (keep && !keep.has(sid)) continue;
          cached.each(sid, fromSlot, toSlot, sevs, (slot, n) => add(sid, Math.max(slot * g, q.from), n));
        }
      } else if (grain) {
        const g = grain * 1_000_000;
        // Records without a severity are counted under NO_SEVERITY: a severity filter leaves them out.
        // Summed per bucket inside SQLite: JS sees at most sources x buckets rows. (CAST: a bound JS
        // number may arrive as REAL, and REAL division would not floor.)
        const rows = db.prepare(`SELECT source_id, max(0, CAST((slot * ? - ?) / ? AS INTEGER)) AS b, sum(count) FROM record_counts
          WHERE grain = ? AND slot >= ? AND slot <= ?${sevCond} GROUP BY source_id, b`).raw()
          .iterate(g, q.from, bucketMicros, grain, Math.floor(q.from / g), Math.floor((q.to - 1) / g), ...sevArgs) as Iterable<[number, number, number]>;
        for (const [s, b, n] of rows) add(s, q.from + b * bucketMicros, n);
      } else {
        const rows = db.prepare(`SELECT source_id, CAST((ts - ?) / ? AS INTEGER) AS b, count(*) FROM records WHERE ts >= ? AND ts < ?${sevCond} GROUP BY 1, 2`).raw()
          .iterate(q.from, bucketMicros, q.from, q.to, ...sevArgs) as Iterable<[number, number, number]>;
        for (const [s, b, n] of rows) add(s, q.from + b * bucketMicros, n);
      }
    }
  }

  if (measure !== 'records') {
    const conds = ['dup_of IS NULL', 'ts >= ?', 'ts < ?']; const args: unknown[] = [q.from, q.to];
    if (f.nodes?.length) { conds.push(`node IN (${f.nodes.map(() => '?').join(',')})`); args.push(...f.nodes); }
    if (f.sourceIds?.length) { conds.push(`source_id IN (${f.sourceIds.map(() => '?').join(',')})`); args.push(...f.sourceIds); }
    const rows = db.prepare(`SELECT node, category, severity, CAST((ts - ?) / ? AS INTEGER) AS b, sum(count) FROM events WHERE ${conds.join(' AND ')}
      GROUP BY 1, 2, 3, 4`).raw().iterate(q.from, bucketMicros, ...args) as Iterable<[string | null, string, string, number, number]>;
    for (const [node, category, severity, b, count] of rows) {
      if (b < 0 || b >= buckets) continue;
      const l = q.laneBy === 'node-category'
        ? lane(`${node ?? '?'}/${category}`, node, `${node ?? '?'} · ${category}`)
        : lane(node ?? '?', node, node ?? 'unknown node');
      if (measure === 'events' || q.laneBy === 'node-category') l.counts[b]! += count;
      l.worst ??= new Array<number>(buckets).fill(0);
      l.worst[b] = Math.max(l.worst[b]!, SEVERITY_RANK[severity] ?? 0);
    }
  }
  const ordered = [...lanes.values()].sort((a, b) => a.key.localeCompare(b.key));
  return { from: q.from, to: q.to, bucketMicros, lanes: ordered };
}
