// Where each row of the timeline sits: per node a header (records density), its sources' coverage
// bars, its outage spans, then one lane per category (or source). Pure: the canvas drawing, the
// DOM glyph overlay and the hit-testing all read the same rows.
import type { Category, SourceInfo, TimelineData, TimelineLane } from '../../../core/api/types.ts';

export const AXIS_H = 26;
export const GUTTER = 150;
export const NODE_H = 28;
export const COVER_H = 3;
export const COVER_GAP = 1;
export const MAX_COVER_ROWS = 16;
export const SPAN_H = 12;
export const LANE_H = 16;
export const NODE_GAP = 6;

export type Row =
  | { kind: 'node'; node: string | null; y: number; h: number; label: string }
  | { kind: 'coverage'; node: string | null; y: number; h: number; sources: SourceInfo[] }
  | { kind: 'spans'; node: string | null; y: number; h: number }
  | { kind: 'lane'; node: string | null; y: number; h: number; lane: TimelineLane; category: Category | null; sourceId: number | null };

export interface Layout { rows: Row[]; height: number; nodeBlocks: { node: string | null; y: number; h: number }[] }

const CATEGORY_ORDER: Category[] = ['kernel', 'memory', 'hardware', 'kubernetes', 'network', 'operations', 'boot'];

/** What a lane key says after the node: a category ("node-a/memory") or a source ("node-a/src:12"). */
export function parseLaneKey(key: string): { category: Category | null; sourceId: number | null } {
  const tail = key.slice(key.lastIndexOf('/') + 1);
  const src = /^src:(\d+)$/.exec(tail);
  if (src) return { category: null, sourceId: Number(src[1]) };
  return { category: (CATEGORY_ORDER as string[]).includes(tail) ? (tail as Category) : null, sourceId: null };
}

const nodeKey = (n: string | null) => n ?? '';

/** Lays out the rows for the nodes in the case and the lanes the engine returned. */
export function layoutTimeline(nodes: (string | null)[], lanes: TimelineData | null, sources: SourceInfo[]): Layout {
  const allNodes: (string | null)[] = [...nodes];
  const seen = new Set(allNodes.map(nodeKey));
  for (const l of lanes?.lanes ?? []) if (!seen.has(nodeKey(l.node))) { seen.add(nodeKey(l.node)); allNodes.push(l.node); }
  for (const s of sources) if (!seen.has(nodeKey(s.node))) { seen.add(nodeKey(s.node)); allNodes.push(s.node); }
  if (allNodes.length === 0) allNodes.push(null);

  const rows: Row[] = [];
  const nodeBlocks: Layout['nodeBlocks'] = [];
  let y = AXIS_H;
  for (const node of allNodes) {
    const start = y;
    rows.push({ kind: 'node', node, y, h: NODE_H, label: node ?? '(unknown node)' });
    y += NODE_H;
    const own = sources.filter((s) => nodeKey(s.node) === nodeKey(node) && s.firstTs !== null && s.lastTs !== null)
      .sort((a, b) => (a.firstTs! - b.firstTs!) || a.path.localeCompare(b.path));
    if (own.length) {
      const n = Math.min(own.length, MAX_COVER_ROWS);
      const h = n * (COVER_H + COVER_GAP) + 2;
      rows.push({ kind: 'coverage', node, y, h, sources: own });
      y += h;
    }
    rows.push({ kind: 'spans', node, y, h: SPAN_H });
    y += SPAN_H;
    const mine = (lanes?.lanes ?? []).filter((l) => nodeKey(l.node) === nodeKey(node))
      .map((lane) => ({ lane, ...parseLaneKey(lane.key) }))
      .sort((a, b) => (a.category && b.category ? CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category) : a.lane.label.localeCompare(b.lane.label)));
    for (const m of mine) {
      rows.push({ kind: 'lane', node, y, h: LANE_H, lane: m.lane, category: m.category, sourceId: m.sourceId });
      y += LANE_H;
    }
    nodeBlocks.push({ node, y: start, h: y - start });
    y += NODE_GAP;
  }
  return { rows, height: y, nodeBlocks };
}

/** A lane's label without its node (the node's own row already names it): "node-a · memory" → "memory". */
export function laneLabel(label: string, node: string | null): string {
  if (!node) return label;
  for (const sep of [' · ', '/', ': ', ' ']) if (label.startsWith(node + sep)) return label.slice(node.length + sep.length);
  return label;
}

/** The coverage row shows at most MAX_COVER_ROWS bars; extra sources share the last one. */
export function coverageSlot(index: number): number { return Math.min(index, MAX_COVER_ROWS - 1); }

/** The lane row for an event of this node and category (for placing evidence glyphs). */
export function laneRowFor(layout: Layout, node: string | null, category: Category): Row | undefined {
  return layout.rows.find((r) => r.kind === 'lane' && nodeKey(r.node) === nodeKey(node) && r.category === category)
    ?? layout.rows.find((r) => r.kind === 'node' && nodeKey(r.node) === nodeKey(node));
}

/** The row under a canvas y. */
export function rowAt(layout: Layout, y: number): Row | undefined {
  return layout.rows.find((r) => y >= r.y && y < r.y + r.h);
}

/** Bucket index under an instant, for a timeline answer (which may lag behind the view). */
export function bucketAt(data: TimelineData, us: number): number {
  return Math.floor((us - data.from) / data.bucketMicros);
}

/** Pixels between two evidence glyphs' centres in a row (a glyph is 13 px wide). */
export const GLYPH_GAP = 15;
/** Pixels from a glyph's centre to the edge of what it draws: a 13 px square turned 45° (its
 *  half-diagonal, 9.2 px) and its 1.5 px outline. */
export const GLYPH_REACH = 11;

/** Evidence glyphs are clickable buttons; several events seconds apart would sit on one pixel and
 *  hide each other. Within a row, each glyph is pushed right until it is `gap` px from the one
 *  before (a beeswarm); the canvas still marks the true instant, and the title gives the exact time.
 *  A row pushed past `maxX` (the evidence piles up at the crash, often near the right edge) is
 *  pushed back left from there, the gaps kept, so no glyph is cut by the edge. */
export function spreadGlyphs<T extends { x: number; row: number }>(items: T[], gap = GLYPH_GAP, maxX = Infinity): (T & { shownX: number })[] {
  const byRow = new Map<number, T[]>();
  for (const it of items) byRow.set(it.row, [...(byRow.get(it.row) ?? []), it]);
  const out: (T & { shownX: number })[] = [];
  for (const row of byRow.values()) {
    row.sort((a, b) => a.x - b.x);
    const shown: (T & { shownX: number })[] = [];
    let last = -Infinity;
    for (const it of row) {
      last = Math.max(it.x, last + gap);
      shown.push({ ...it, shownX: last });
    }
    let limit = maxX;
    for (let i = shown.length - 1; i >= 0 && shown[i]!.shownX > limit; i--) {
      shown[i]!.shownX = limit;
      limit -= gap;
    }
    out.push(...shown);
  }
  return out;
}

/** The non-empty bucket nearest to bucket `i` within `reach` buckets (glyphs are small targets), or -1. */
export function nearestFilled(counts: number[], i: number, reach: number): number {
  for (let d = 0; d <= reach; d++) {
    if ((counts[i - d] ?? 0) > 0) return i - d;
    if ((counts[i + d] ?? 0) > 0) return i + d;
  }
  return -1;
}
