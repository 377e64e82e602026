import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_VIEW } from './view.ts';
import { get, set } from './store.ts';
import { followRangeForTables, TABLE_RANGE_SETTLE_MS } from './table-range.ts';

const r = (from: number) => ({ from, to: from + 1000 });

describe('the tables follow the timeline range', () => {
  let stop: () => void = () => {};
  beforeEach(() => {
    vi.useFakeTimers();
    set({ range: null, tableRange: null, filters: DEFAULT_VIEW.filters });
    stop = followRangeForTables();
  });
  afterEach(() => { stop(); vi.useRealTimers(); });

  it('take the first range at once, later ones once the range has stayed put', () => {
    set({ range: r(0) });
    expect(get().tableRange).toEqual(r(0));
    set({ range: r(10) });
    vi.advanceTimersByTime(TABLE_RANGE_SETTLE_MS / 2);
    set({ range: r(20) });
    vi.advanceTimersByTime(TABLE_RANGE_SETTLE_MS - 1);
    expect(get().tableRange).toEqual(r(0));
    vi.advanceTimersByTime(1);
    expect(get().tableRange).toEqual(r(20));
  });

  it('take a waiting range along with a filter set meanwhile, in the same step', () => {
    set({ range: r(0) });
    set({ range: r(50) }); // Fit…
    set({ filters: { ...get().filters, text: 'killed' } }); // …then a search at once
    expect(get().tableRange).toEqual(r(50));
    vi.advanceTimersByTime(TABLE_RANGE_SETTLE_MS * 2);
    expect(get().tableRange).toEqual(r(50));
  });

  it('leave the range alone when a filter changes with no range waiting', () => {
    set({ range: r(0) });
    const before = get().tableRange;
    set({ filters: { ...get().filters, text: 'error' } });
    expect(get().tableRange).toBe(before);
  });
});
