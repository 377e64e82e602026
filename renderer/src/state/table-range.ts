// The tables read their own copy of the visible range (tableRange): a wheel spin over the timeline
// moves `range` dozens of times a second, and each move would be a records query. tableRange
// follows once the range has settled.
import { get, set, useStore } from './store.ts';

/** How long the range must stay put before the tables follow it. */
export const TABLE_RANGE_SETTLE_MS = 180;

/** Keeps tableRange following range; returns the unsubscribe. */
export function followRangeForTables(): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const settle = () => { timer = null; set({ tableRange: get().range }); };
  set({ tableRange: get().range });
  const stop = useStore.subscribe((s, prev) => {
    // A filter set while a range waits (Fit, then a search typed at once) takes the range along:
    // one query for both, instead of rows for the old range replaced a moment later under the
    // pointer of someone already clicking one.
    if (s.filters !== prev.filters && timer) {
      clearTimeout(timer);
      settle();
      return;
    }
    if (s.range === prev.range) return;
    if (timer) clearTimeout(timer);
    // The first range (case opened, view restored) goes through at once; later ones once settled.
    if (!s.tableRange) { set({ tableRange: s.range }); return; }
    timer = setTimeout(settle, TABLE_RANGE_SETTLE_MS);
  });
  return () => { if (timer) clearTimeout(timer); stop(); };
}
