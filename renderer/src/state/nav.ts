// Timeline navigation shared by the mouse, the toolbar and the keyboard.
import { get, set } from './store.ts';
import { fitExtent, pan, zoomAt } from '../time/zoom.ts';

export function zoomBy(factor: number): void {
  const { range, extent } = get();
  if (!range) return;
  set({ range: zoomAt(range, (range.from + range.to) / 2, factor, extent) });
}

/** Pan by a share of the visible span (0.25 = a quarter screen later). */
export function panBy(share: number): void {
  const { range, extent } = get();
  if (!range) return;
  set({ range: pan(range, (range.to - range.from) * share, extent) });
}

export function fitAll(): void {
  const { extent } = get();
  if (extent) set({ range: fitExtent(extent) });
}
