// Timeline buckets: counts per lane per bucket for any range and resolution. Records are counted
// from record_counts (per source, severity and minute or hour) at the coarsest grain not wider than
// a bucket, so a whole-case view sums thousands of rows, not millions; a bucket narrower than a
// minute (a zoom into a few hours) counts the records of that short range through the ts index.
// A slot straddling a bucket edge is counted in the bucket holding its start (at most one grain off).
import type { Db } from '../store/case-db.ts';
import { COUNT_GRAINS } from '../store/post-load.ts';
import type { TimelineData, TimelineLane, TimelineQuery } from './types.ts';
import { apiError } from './errors.ts';
import { keyAtRank, rankOf, ranksOf, topRank } from './record-queries.ts';
import type { SlotCounts } from './slot-cache.ts';
import type { Key } from './cursor.ts';

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
    // Every record lands in one lane and no severity is asked: counts need no record's source.
    const one = f.severities?.length ? null : oneLane(sources, keep, q.laneBy);
    if (f.text && f.text.trim()) {
      if (!fulltextReady) throw apiError('busy', 'the full-text index is still being built');
      if (one !== null) {
        // Every hit lands in the same lane: count hits per bucket from the index alone (see
        // textCountsBetween) instead of reading each hit's record to learn its source.
        const grain = coarsestGrain(bucketMicros);
        const edges = (grain ? slotEdgeRanks(db, q.from, q.to, bucketMicros, buckets, grain, slotCounts?.(grain) ?? null) : null)
          ?? exactEdgeRanks(db, q.from, q.to, bucketMicros, buckets);
        const counts = textCountsBetween(db, f.text, edges);
        if (counts.some((n) => n > 0)) recordLane(one).counts = counts;
      } else {
        for (const [s, ts] of textHits(db, f.text, q.from, q.to, f.severities ?? [])) add(s, ts, 1);
      }
    } else {
      const grain = coarsestGrain(bucketMicros);
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
      } else if (one !== null) {
        // Only the index records_ts(ts, id) is read (covering): a 6-hour zoom of the 1 GiB bench
        // case (500 k records) took 0.87 s reading each record's source, 0.17 s this way.
        const rows = db.prepare('SELECT CAST((ts - ?) / ? AS INTEGER) AS b, count(*) FROM records WHERE ts >= ? AND ts < ? GROUP BY 1').raw()
          .iterate(q.from, bucketMicros, q.from, q.to) as Iterable<[number, number]>;
        for (const [b, n] of rows) add(one, q.from + b * bucketMicros, n);
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

/** Each full-text hit between `from` and `to` as (source, ts): one record read per hit, for when
 *  hits must be told apart by source or filtered by severity. Hits come in rank order between the
 *  ranks of `from` and `to` (tsorder is time order). */
function textHits(db: Db, text: string, from: number, to: number, severities: readonly number[]): Iterable<[number, number]> {
  const lo = rankOf(db, { ts: from, id: Number.NEGATIVE_INFINITY }, false);
  const hi = rankOf(db, { ts: to, id: Number.NEGATIVE_INFINITY }, false);
  const sevCond = severities.length ? ` AND r.severity IN (${severities.map(() => '?').join(',')})` : '';
  return db.prepare(`SELECT r.source_id AS s, r.ts FROM records_fts f JOIN tsorder t ON t.seq = f.rowid
    JOIN records r ON r.id = t.record_id WHERE records_fts MATCH ? AND f.rowid > CAST(? AS INTEGER) AND f.rowid <= CAST(? AS INTEGER)${sevCond}`)
    .raw().iterate(text, lo, hi, ...severities) as Iterable<[number, number]>;
}

/** The source whose lane every record lands in, when there is one lane only (one node when lanes
 *  are per node, one source when per source) and no source filter leaves some records out; null
 *  otherwise. */
function oneLane(sources: SourceLite[], keep: Set<number> | null, laneBy: TimelineQuery['laneBy']): number | null {
  if (!sources.length || (keep && sources.some((s) => !keep.has(s.id)))) return null;
  if (laneBy === 'node-source') return sources.length === 1 ? sources[0]!.id : null;
  const node = sources[0]!.node;
  return sources.every((s) => s.node === node) ? sources[0]!.id : null;
}

/** The coarsest grain of record_counts not wider than a bucket, if any. */
function coarsestGrain(bucketMicros: number): number | undefined {
  return [...COUNT_GRAINS].reverse().find((g) => g * 1_000_000 <= bucketMicros);
}

/** Bucket edges as time ranks read off the per-slot counts, with no record read: rank at a slot's
 *  start = unstamped records (they rank first) + records in earlier slots. The buckets are the
 *  slot-snapped ones the unfiltered density draws (a slot counts in the bucket holding its start).
 *  Null when the counts are not loaded or disagree with the ranking (checked at the middle edge). */
function slotEdgeRanks(db: Db, from: number, to: number, bucketMicros: number, buckets: number, grain: number, counts: SlotCounts | null): number[] | null {
  if (!counts) return null;
  const g = grain * 1_000_000;
  const unstamped = topRank(db) - counts.total();
  if (unstamped < 0) return null;
  const slots: number[] = [];
  for (let i = 0; i <= buckets; i++) slots.push(i === 0 ? Math.floor(from / g) : Math.ceil(Math.min(to, from + i * bucketMicros) / g));
  const ranks = slots.map((slot) => unstamped + counts.countBefore(slot));
  const m = buckets >> 1; const start = slots[m]! * g;
  const below = ranks[m]! > 0 ? keyAtRank(db, ranks[m]!) : null;
  const above = keyAtRank(db, ranks[m]! + 1);
  if (ranks[m]! > 0 && (!below || (below.ts !== null && below.ts >= start))) return null;
  if (above && (above.ts === null || above.ts < start)) return null;
  return ranks;
}

/** Bucket edges as exact time ranks: a binary search over tsorder per edge (zoomed in below a
 *  minute a bucket, where the edges are few ranks apart). */
function exactEdgeRanks(db: Db, from: number, to: number, bucketMicros: number, buckets: number): number[] {
  const edges: Key[] = [];
  for (let i = 0; i <= buckets; i++) edges.push({ ts: Math.min(to, from + i * bucketMicros), id: Number.NEGATIVE_INFINITY });
  return ranksOf(db, edges, false);
}

/** Full-text hits per bucket without reading a record: the index's rowid is the time rank
 *  (tsorder.seq), so FTS5 counts the hits between two edge ranks itself, seeking its doclist. On
 *  the 1 GiB bench case a common word (950 k hits) took 5-6 s through the records join. */
function textCountsBetween(db: Db, text: string, ranks: readonly number[]): number[] {
  // CAST: better-sqlite3 binds a JS number as REAL, and FTS5 seeks its doclist to a rowid only when
  // the bound is an INTEGER; with a REAL bound it reads the whole doclist (0.3 ms -> 80 ms here).
  const count = db.prepare('SELECT count(*) FROM records_fts WHERE records_fts MATCH ? AND rowid > CAST(? AS INTEGER) AND rowid <= CAST(? AS INTEGER)').pluck();
  const counts = new Array<number>(ranks.length - 1).fill(0);
  for (let i = 0; i + 1 < ranks.length; i++) {
    if (ranks[i + 1]! > ranks[i]!) counts[i] = count.get(text, ranks[i], ranks[i + 1]) as number;
  }
  return counts;
}
