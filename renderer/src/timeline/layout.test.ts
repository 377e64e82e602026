import { describe, expect, it } from 'vitest';
import type { SourceInfo, TimelineData } from '../../../core/api/types.ts';
import { AXIS_H, bucketAt, laneLabel, nearestFilled, spreadGlyphs, laneRowFor, layoutTimeline, NODE_H, parseLaneKey, rowAt, SPAN_H, LANE_H } from './layout.ts';

const src = (id: number, node: string | null, firstTs: number | null): SourceInfo => ({
  id, bundleId: 1, node, path: `var/log/s${id}`, format: 'syslog', confidence: 1, role: 'syslog', zone: null, zoneOverride: null,
  firstTs, lastTs: firstTs === null ? null : firstTs + 10, lines: 1, records: 1, bytes: 1, tsKinds: {}, warnings: [],
});

const data: TimelineData = {
  from: 0, to: 100, bucketMicros: 10,
  lanes: [
    { key: 'b/memory', node: 'b', label: 'memory', counts: [1] },
    { key: 'a/network', node: 'a', label: 'network', counts: [1] },
    { key: 'a/kernel', node: 'a', label: 'kernel', counts: [1] },
  ],
};

describe('timeline layout', () => {
  it('reads lane keys', () => {
    expect(parseLaneKey('node-a/memory')).toEqual({ category: 'memory', sourceId: null });
    expect(parseLaneKey('node-a/src:12')).toEqual({ category: null, sourceId: 12 });
    expect(parseLaneKey('weird')).toEqual({ category: null, sourceId: null });
  });
  it('stacks node header, coverage, spans and category lanes per node', () => {
    const l = layoutTimeline(['a', 'b'], data, [src(1, 'a', 5), src(2, 'a', null)]);
    const kinds = l.rows.map((r) => `${r.kind}:${r.node}${r.kind === 'lane' ? '/' + r.category : ''}`);
    expect(kinds).toEqual(['node:a', 'coverage:a', 'spans:a', 'lane:a/kernel', 'lane:a/network', 'node:b', 'spans:b', 'lane:b/memory']);
    expect(l.rows[0]!.y).toBe(AXIS_H);
    const cov = l.rows[1]!;
    expect(cov.kind === 'coverage' && cov.sources.map((s) => s.id)).toEqual([1]); // no time: no bar
    expect(l.rows[3]!.y).toBe(AXIS_H + NODE_H + cov.h + SPAN_H);
    expect(rowAt(l, l.rows[3]!.y + LANE_H - 1)).toBe(l.rows[3]);
  });
  it('finds the lane for an evidence event, or the node row', () => {
    const l = layoutTimeline(['a', 'b'], data, []);
    expect(laneRowFor(l, 'a', 'network')?.kind).toBe('lane');
    expect(laneRowFor(l, 'b', 'hardware')?.kind).toBe('node');
  });
  it('adds nodes only the data knows', () => {
    const l = layoutTimeline([], data, []);
    expect(l.nodeBlocks.map((b) => b.node)).toEqual(['b', 'a']);
  });
  it('drops the node from lane labels', () => {
    expect(laneLabel('bundle · memory', 'bundle')).toBe('memory');
    expect(laneLabel('node-a/src:12', 'node-a')).toBe('src:12');
    expect(laneLabel('memory', null)).toBe('memory');
  });
  it('spreads evidence glyphs that would cover each other, per row', () => {
    const out = spreadGlyphs([{ x: 100, row: 1, id: 'a' }, { x: 101, row: 1, id: 'b' }, { x: 300, row: 1, id: 'c' }, { x: 100, row: 2, id: 'd' }], 15);
    expect(out.map((o) => [o.id, o.shownX])).toEqual([['a', 100], ['b', 115], ['c', 300], ['d', 100]]);
  });
  it('pushes a row spread past the right edge back left, the gaps kept', () => {
    const out = spreadGlyphs([{ x: 480, row: 1, id: 'a' }, { x: 490, row: 1, id: 'b' }, { x: 495, row: 1, id: 'c' }, { x: 300, row: 1, id: 'd' }, { x: 499, row: 2, id: 'e' }], 15, 492);
    expect(out.map((o) => [o.id, o.shownX])).toEqual([['d', 300], ['a', 462], ['b', 477], ['c', 492], ['e', 492]]);
  });
  it('finds the glyph nearest to a click', () => {
    expect(nearestFilled([0, 0, 3, 0, 0, 0, 1], 4, 2)).toBe(2);
    expect(nearestFilled([0, 0, 3, 0, 0, 1, 0], 4, 2)).toBe(5);
    expect(nearestFilled([0, 0, 0, 0, 0, 0, 0], 3, 3)).toBe(-1);
  });
  it('maps an instant to its bucket', () => {
    expect(bucketAt(data, 25)).toBe(2);
  });
});
