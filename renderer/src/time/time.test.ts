import { describe, expect, it } from 'vitest';
import { fixedOffsetMinutes, zoneOffsetMicros, isUsableZone } from './zone.ts';
import { formatTs, formatRelative, formatDuration, formatEta, tsKindBadge } from './format.ts';
import { chooseStep, makeScale, ticks, TICK_STEPS, bucketCount } from './axis.ts';
import { zoomAt, pan, clampRange, brushRange, centreOn, MIN_SPAN } from './zoom.ts';

const us = (iso: string) => Date.parse(iso) * 1000;
const S = 1_000_000;

describe('zones', () => {
  it('reads fixed offsets as `date +%z` prints them', () => {
    expect(fixedOffsetMinutes('+02:00')).toBe(120);
    expect(fixedOffsetMinutes('-0530')).toBe(-330);
    expect(fixedOffsetMinutes('Europe/Berlin')).toBeNull();
  });
  it('follows DST for IANA zones', () => {
    expect(zoneOffsetMicros('Europe/Berlin', us('2024-01-15T12:00:00Z'))).toBe(3600 * S);
    expect(zoneOffsetMicros('Europe/Berlin', us('2024-07-15T12:00:00Z'))).toBe(7200 * S);
    expect(zoneOffsetMicros('Asia/Kolkata', us('2024-07-15T12:00:00Z'))).toBe(19800 * S);
  });
  it('falls back to UTC on a zone name no one knows', () => {
    expect(isUsableZone('Mars/Olympus_Mons')).toBe(false);
    expect(zoneOffsetMicros('Mars/Olympus_Mons', us('2024-07-15T12:00:00Z'))).toBe(0);
  });
});

describe('formatting', () => {
  const t = us('2024-03-13T16:02:43.934Z') + 473;
  it('writes UTC and zoned wall time', () => {
    expect(formatTs(t, null)).toBe('2024-03-13 16:02:43.934');
    expect(formatTs(t, 'UTC', 'us')).toBe('2024-03-13 16:02:43.934473');
    expect(formatTs(t, 'America/New_York', 's')).toBe('2024-03-13 12:02:43');
    expect(formatTs(t, '+05:30', 's')).toBe('2024-03-13 21:32:43');
  });
  it('crosses midnight in the local zone', () => {
    expect(formatTs(us('2024-03-13T23:30:00Z'), 'Europe/Berlin', 's')).toBe('2024-03-14 00:30:00');
  });
  it('writes T−x before and T+x after the crash', () => {
    const crash = us('2024-03-13T16:10:00Z');
    expect(formatRelative(crash - 245 * S, crash)).toBe('T−4m 05s');
    expect(formatRelative(crash + 12 * S, crash)).toBe('T+12s');
    expect(formatRelative(crash, crash)).toBe('T0');
    expect(formatRelative(crash - 3 * 3600 * S - 120 * S, crash)).toBe('T−3h 02m');
    expect(formatRelative(crash, null)).toBeNull();
  });
  it('writes durations from µs to days', () => {
    expect(formatDuration(450)).toBe('450µs');
    expect(formatDuration(450_000)).toBe('450ms');
    expect(formatDuration(2.5 * S)).toBe('2.5s');
    expect(formatDuration(2 * 86400 * S + 3 * 3600 * S)).toBe('2d 03h');
    expect(formatDuration(1692 * 86400 * S + 3 * 3600 * S)).toBe('1692d');
  });
  it('writes an ETA in whole seconds', () => {
    expect(formatEta(0)).toBe('< 1s');
    expect(formatEta(0.4)).toBe('< 1s');
    expect(formatEta(9)).toBe('9s');
    expect(formatEta(59.4)).toBe('59s');
    expect(formatEta(125)).toBe('2m 05s');
  });
  it('never lets a guessed time pass as exact', () => {
    expect(tsKindBadge('exact')).toBeNull();
    expect(tsKindBadge('year-inferred')!.label).toBe('~year');
    expect(tsKindBadge('zone-inferred')!.label).toBe('~zone');
    expect(tsKindBadge('monotonic-mapped')!.label).toBe('mono→wall');
    expect(tsKindBadge('none')!.label).toBe('no time');
  });
});

describe('axis', () => {
  it('maps time to pixels and back', () => {
    const s = makeScale({ from: 1000, to: 2000 }, 500);
    expect(s.x(1500)).toBe(250);
    expect(s.t(250)).toBe(1500);
  });
  it('picks a step that keeps ticks apart', () => {
    const r = { from: 0, to: 3600 * S };
    const step = chooseStep(r, 1200, 90);
    expect(step).toBe(5 * 60 * S); // 12 ticks of 100 px
    expect(TICK_STEPS.indexOf(step)).toBeGreaterThan(0);
  });
  it('aligns hour ticks on local hours in a half-hour zone', () => {
    const r = { from: us('2024-07-15T00:00:00Z'), to: us('2024-07-15T12:00:00Z') };
    const tk = ticks(r, 600, 'Asia/Kolkata');
    expect(tk.length).toBeGreaterThan(3);
    for (const t of tk) expect(formatTs(t.us, 'Asia/Kolkata', 's').slice(14)).toBe('00:00');
    expect(formatTs(tk[0]!.us, 'UTC', 's').slice(14)).toBe('30:00');
  });
  it('marks midnight as a major tick', () => {
    const r = { from: us('2024-07-14T20:00:00Z'), to: us('2024-07-15T04:00:00Z') };
    const tk = ticks(r, 800, null);
    const majors = tk.filter((t) => t.major);
    expect(majors.map((t) => t.us)).toEqual([us('2024-07-15T00:00:00Z')]);
  });
  it('puts long spans on month and year starts', () => {
    const r = { from: us('2021-08-09T00:00:00Z'), to: us('2026-12-25T00:00:00Z') };
    expect(ticks(r, 1000, null).map((t) => t.label).slice(0, 3)).toEqual(['2022', 'Jul 2022', '2023']);
    const tk = ticks(r, 600, null);
    expect(tk.map((t) => t.label)).toEqual(['2022', '2023', '2024', '2025', '2026']);
    expect(tk[0]!.us).toBe(us('2022-01-01T00:00:00Z'));
    const q = ticks({ from: us('2024-01-15T00:00:00Z'), to: us('2024-12-01T00:00:00Z') }, 1200, 'Europe/Berlin');
    expect(q[0]!.label).toBe('Feb 2024');
    expect(formatTs(q[0]!.us, 'Europe/Berlin', 's')).toBe('2024-02-01 00:00:00');
  });
  it('labels sub-second ticks with milliseconds', () => {
    const from = us('2024-07-15T00:00:00Z');
    const tk = ticks({ from, to: from + 50_000 }, 1000, null);
    expect(tk[1]!.label).toMatch(/^00\.0\d\ds$/);
  });
  it('asks for a bounded number of buckets', () => {
    expect(bucketCount(1500)).toBe(500);
    expect(bucketCount(100_000)).toBe(2000);
    expect(bucketCount(5)).toBe(10);
  });
});

describe('zoom', () => {
  const extent = { from: 0, to: 1000 * S };
  it('keeps the anchor under the cursor when zooming', () => {
    const r = { from: 100 * S, to: 300 * S };
    const z = zoomAt(r, 150 * S, 0.5, extent);
    expect(z).toEqual({ from: 125 * S, to: 225 * S });
    expect((150 * S - z.from) / (z.to - z.from)).toBeCloseTo(0.25);
  });
  it('does not zoom below the minimum span', () => {
    const z = zoomAt({ from: 0, to: 2000 }, 1000, 0.01, extent);
    expect(z.to - z.from).toBe(MIN_SPAN);
  });
  it('stops panning at the edge of the case', () => {
    const r = pan({ from: 900 * S, to: 1000 * S }, 500 * S, extent);
    expect(r.to).toBe(1050 * S); // 5 % margin
    expect(r.to - r.from).toBe(100 * S);
  });
  it('zooming out past the case shows the whole case', () => {
    expect(clampRange({ from: -5000 * S, to: 5000 * S }, extent)).toEqual({ from: -50 * S, to: 1050 * S });
  });
  it('turns a brush into a range and ignores a click', () => {
    const t = (x: number) => x * S;
    expect(brushRange(10, 2, t)).toEqual({ from: 2 * S, to: 10 * S });
    expect(brushRange(10, 12, t)).toBeNull();
  });
  it('centres on an event keeping the span', () => {
    expect(centreOn({ from: 0, to: 100 * S }, 500 * S, extent)).toEqual({ from: 450 * S, to: 550 * S });
  });
});
