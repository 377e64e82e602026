// Zoom and pan math for the timeline: pure functions over a time range, so the canvas code only
// turns mouse and keys into calls of these and redraws.
import type { Micros } from '../../../core/api/types.ts';
import type { TimeRange } from './axis.ts';

/** The narrowest view: 1 ms across the whole width (records carry µs, but no one reads below). */
export const MIN_SPAN = 1000;

/** Keep a range within the case's extent (with a margin) and no narrower than MIN_SPAN. */
export function clampRange(r: TimeRange, extent: TimeRange | null, minSpan = MIN_SPAN): TimeRange {
  let from = Math.min(r.from, r.to);
  let to = Math.max(r.from, r.to);
  if (to - from < minSpan) {
    const mid = (from + to) / 2;
    from = mid - minSpan / 2;
    to = mid + minSpan / 2;
  }
  if (!extent) return { from: Math.round(from), to: Math.round(to) };
  const margin = Math.max(minSpan, (extent.to - extent.from) * 0.05);
  const lo = extent.from - margin;
  const hi = extent.to + margin;
  const span = to - from;
  if (span >= hi - lo) return { from: Math.round(lo), to: Math.round(hi) };
  if (from < lo) { from = lo; to = lo + span; }
  if (to > hi) { to = hi; from = hi - span; }
  return { from: Math.round(from), to: Math.round(to) };
}

/** Zoom by `factor` (< 1 zooms in) keeping the instant `anchor` at the same pixel. */
export function zoomAt(r: TimeRange, anchor: Micros, factor: number, extent: TimeRange | null): TimeRange {
  const a = Math.min(Math.max(anchor, r.from), r.to);
  return clampRange({ from: a - (a - r.from) * factor, to: a + (r.to - a) * factor }, extent);
}

/** Move the view by `delta` microseconds (positive = later). */
export function pan(r: TimeRange, delta: number, extent: TimeRange | null): TimeRange {
  return clampRange({ from: r.from + delta, to: r.to + delta }, extent);
}

/** Wheel delta (pixels, as browsers report) to a zoom factor: smooth, symmetric in and out. */
export function wheelFactor(deltaY: number): number {
  return Math.exp(Math.max(-500, Math.min(500, deltaY)) * 0.0015);
}

/** A brushed pixel interval to a time range; null when too small to be meant as a brush. */
export function brushRange(x0: number, x1: number, t: (x: number) => Micros, minPx = 4): TimeRange | null {
  if (Math.abs(x1 - x0) < minPx) return null;
  return { from: Math.round(t(Math.min(x0, x1))), to: Math.round(t(Math.max(x0, x1))) };
}

/** A view centred on `at` that keeps the current span (used when an evidence event is clicked). */
export function centreOn(r: TimeRange, at: Micros, extent: TimeRange | null): TimeRange {
  const half = (r.to - r.from) / 2;
  return clampRange({ from: at - half, to: at + half }, extent);
}

/** The whole case, with a little air on both sides. */
export function fitExtent(extent: TimeRange): TimeRange {
  const span = Math.max(MIN_SPAN * 10, extent.to - extent.from);
  const pad = span * 0.02;
  return { from: Math.round(extent.from - pad), to: Math.round(extent.from + span + pad) };
}
