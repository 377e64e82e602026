// The timeline's shared time axis: a linear map from UTC microseconds to pixels, and tick marks
// aligned to round wall-clock values *in the zone in use* (an hour tick in Asia/Kolkata falls on
// :00 local, not on :30 UTC).
import type { Micros } from '../../../core/api/types.ts';
import { wallParts } from './format.ts';
import { zoneOffsetMicros } from './zone.ts';

export interface TimeRange { from: Micros; to: Micros }

export interface Scale {
  from: Micros;
  to: Micros;
  width: number;
  x(us: Micros): number;
  t(x: number): Micros;
}

export function makeScale(range: TimeRange, width: number): Scale {
  const span = Math.max(1, range.to - range.from);
  const w = Math.max(1, width);
  return {
    from: range.from, to: range.to, width: w,
    x: (us) => ((us - range.from) / span) * w,
    t: (x) => range.from + (x / w) * span,
  };
}

const US = 1, MS = 1000, S = 1_000_000, MIN = 60 * S, H = 60 * MIN, D = 24 * H;

/** Tick steps from a microsecond to a year; each is a round value a human reads easily. */
export const TICK_STEPS: readonly number[] = [
  1 * US, 2 * US, 5 * US, 10 * US, 20 * US, 50 * US, 100 * US, 200 * US, 500 * US,
  1 * MS, 2 * MS, 5 * MS, 10 * MS, 20 * MS, 50 * MS, 100 * MS, 200 * MS, 500 * MS,
  1 * S, 2 * S, 5 * S, 10 * S, 15 * S, 30 * S,
  1 * MIN, 2 * MIN, 5 * MIN, 10 * MIN, 15 * MIN, 30 * MIN,
  1 * H, 2 * H, 3 * H, 6 * H, 12 * H,
  1 * D, 2 * D, 7 * D, 14 * D, 30 * D, 90 * D, 365 * D,
];

/** The smallest step that keeps ticks at least `minPx` apart. */
export function chooseStep(range: TimeRange, width: number, minPx = 90): number {
  const span = Math.max(1, range.to - range.from);
  const perPx = span / Math.max(1, width);
  for (const step of TICK_STEPS) if (step / perPx >= minPx) return step;
  return TICK_STEPS[TICK_STEPS.length - 1]!;
}

export interface Tick { us: Micros; label: string; major: boolean }

const p2 = (n: number) => String(n).padStart(2, '0');
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Label of a tick at `us` for a given step: finer steps show finer parts. */
export function tickLabel(us: Micros, step: number, zone: string | null): string {
  const w = wallParts(us, zone);
  if (step >= D) return `${MONTHS[w.month - 1]} ${w.day}`;
  if (step >= MIN) return `${p2(w.hour)}:${p2(w.minute)}`;
  if (step >= S) return `${p2(w.hour)}:${p2(w.minute)}:${p2(w.second)}`;
  if (step >= MS) return `${p2(w.second)}.${String(Math.floor(w.micros / 1000)).padStart(3, '0')}s`;
  return `${String(w.micros % 1000).padStart(3, '0')}µs`;
}

/** Month-based steps (in months) for spans where days stop being readable. */
const MONTH_STEPS: readonly { approx: number; months: number }[] = [
  { approx: 30 * D, months: 1 }, { approx: 90 * D, months: 3 }, { approx: 182 * D, months: 6 }, { approx: 365 * D, months: 12 },
];

/** Ticks inside the range, aligned to multiples of the step in local wall time. A tick is major
 *  when it starts a new day (or, for long steps, a new month / year), so the axis can write the date there. */
export function ticks(range: TimeRange, width: number, zone: string | null, minPx = 90): Tick[] {
  const step = chooseStep(range, width, minPx);
  if (step >= 30 * D) return calendarTicks(range, width, zone, minPx);
  const out: Tick[] = [];
  // Align in local time: shift by the offset at the range start. Steps of a day or more align to
  // local midnight; a DST change inside the range moves later ticks by an hour, which we accept.
  const off = zoneOffsetMicros(zone, range.from);
  let local = step >= 7 * D ? Math.ceil((range.from + off) / D) * D : Math.ceil((range.from + off) / step) * step;
  let guard = 0;
  for (; local - off <= range.to && guard < 1000; local += step, guard++) {
    const us = local - off;
    if (us < range.from) continue;
    const w = wallParts(us, zone);
    const major = step >= D ? w.day === 1 : w.hour === 0 && w.minute === 0 && w.second === 0 && w.micros === 0;
    out.push({ us, label: tickLabel(us, step, zone), major });
  }
  return out;
}

/** Ticks on month starts (every 1, 3, 6 or 12 months), labelled "Mar 2024" or "2024". */
function calendarTicks(range: TimeRange, width: number, zone: string | null, minPx: number): Tick[] {
  const perPx = (range.to - range.from) / Math.max(1, width);
  let months = 12 * Math.max(1, Math.ceil((minPx * perPx) / (365 * D)));
  for (const m of MONTH_STEPS) if (m.approx / perPx >= minPx) { months = m.months; break; }
  const off = zoneOffsetMicros(zone, range.from);
  const start = wallParts(range.from, zone);
  let y = start.year;
  let m = Math.ceil((start.month - 1) / months) * months; // 0-based month index aligned to the step
  const out: Tick[] = [];
  for (let guard = 0; guard < 500; guard++) {
    y += Math.floor(m / 12);
    m %= 12;
    const us = Date.UTC(y, m, 1) * 1000 - off;
    if (us > range.to) break;
    if (us >= range.from) out.push({ us, label: months >= 12 || m === 0 ? String(y) : `${MONTHS[m]} ${y}`, major: m === 0 });
    m += months;
  }
  return out;
}

/** The date (and zone) shown once at the axis start, since tick labels only show the clock. */
export function axisDateLabel(us: Micros, zone: string | null): string {
  const w = wallParts(us, zone);
  return `${w.year}-${p2(w.month)}-${p2(w.day)}`;
}

/** Bucket count for a timeline query: about one bucket per `pxPerBucket` pixels, bounded. */
export function bucketCount(width: number, pxPerBucket = 3, max = 2000): number {
  return Math.max(10, Math.min(max, Math.floor(width / pxPerBucket)));
}
