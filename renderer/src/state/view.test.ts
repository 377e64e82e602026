import { describe, expect, it } from 'vitest';
import { decodeView, DEFAULT_VIEW, encodeView, viewFromSaved, viewToSaved, type ViewState } from './view.ts';

describe('view state in the URL', () => {
  const v: ViewState = {
    range: { from: 1710345763934473, to: 1710349363934473 },
    filters: {
      text: 'oom AND "Killed process"', nodes: ['node-a', 'wörker,2'], sourceIds: [3, 12], severities: [0, 1, 2, 3],
      categories: ['memory', 'kernel'], types: ['oom_kill'], eventSeverities: ['critical'],
    },
    selection: { kind: 'event', id: 42 },
    tab: 'records',
    zone: 'node',
    laneBy: 'node-source',
  };
  it('round-trips every field', () => {
    expect(decodeView('#' + encodeView(v))).toEqual(v);
  });
  it('writes nothing for the default view', () => {
    expect(encodeView(DEFAULT_VIEW)).toBe('');
    expect(decodeView('')).toEqual(DEFAULT_VIEW);
  });
  it('drops malformed or unknown values instead of trusting them', () => {
    const d = decodeView('#from=abc&to=5&sev=1,9,x&cat=memory,evil&type=oom_kill,rm_rf&sel=x1&tab=admin&q=%E0%A4%A');
    expect(d.range).toBeNull();
    expect(d.filters.severities).toEqual([1]);
    expect(d.filters.categories).toEqual(['memory']);
    expect(d.filters.types).toEqual(['oom_kill']);
    expect(d.selection).toBeNull();
    expect(d.tab).toBe('events');
    expect(d.filters.text).toBe('');
  });
  it('a reversed range is not a range', () => {
    expect(decodeView('#from=10&to=5').range).toBeNull();
  });
  it('saved views carry the same state', () => {
    expect(viewFromSaved(viewToSaved(v))).toEqual(v);
    expect(viewFromSaved({ hash: 42 })).toEqual(DEFAULT_VIEW);
  });
});
