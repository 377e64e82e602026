// Writing instants for an SRE: wall time in the zone in use, and T−x relative to the crash.
import type { Micros, TsKind } from '../../../core/api/types.ts';
import { zoneOffsetMicros } from './zone.ts';

const p2 = (n: number) => String(n).padStart(2, '0');
const p3 = (n: number) => String(n).padStart(3, '0');
const p6 = (n: number) => String(n).padStart(6, '0');

export interface WallParts { year: number; month: number; day: number; hour: number; minute: number; second: number; micros: number }

/** Split a UTC instant into wall-clock parts in `zone`. */
export function wallParts(us: Micros, zone: string | null): WallParts {
  const local = us + zoneOffsetMicros(zone, us);
  const micros = ((local % 1_000_000) + 1_000_000) % 1_000_000;
  const d = new Date((local - micros) / 1000);
  return {
    year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
    hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), micros,
  };
}

export type Precision = 's' | 'ms' | 'us';

/** "2024-03-13 16:02:43.934" in `zone` (null = UTC). */
export function formatTs(us: Micros | null, zone: string | null, precision: Precision = 'ms'): string {
  if (us === null || !Number.isFinite(us)) return '—';
  const w = wallParts(us, zone);
  const base = `${w.year}-${p2(w.month)}-${p2(w.day)} ${p2(w.hour)}:${p2(w.minute)}:${p2(w.second)}`;
  if (precision === 's') return base;
  if (precision === 'ms') return `${base}.${p3(Math.floor(w.micros / 1000))}`;
  return `${base}.${p6(w.micros)}`;
}

/** Only the clock part, for dense table cells: "16:02:43.934". */
export function formatClock(us: Micros | null, zone: string | null): string {
  if (us === null) return '—';
  const w = wallParts(us, zone);
  return `${p2(w.hour)}:${p2(w.minute)}:${p2(w.second)}.${p3(Math.floor(w.micros / 1000))}`;
}

/** A duration in words an SRE reads at a glance: "1h 02m", "4m 05s", "12.3s", "450ms". */
/** An ETA in whole seconds as people read it: "< 1s", "9s", "2m 05s" (not "9.0s" or "0µs"). */
export function formatEta(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 1) return '< 1s';
  return s < 60 ? `${s}s` : formatDuration(s * 1e6);
}

export function formatDuration(micros: number): string {
  const a = Math.abs(micros);
  if (a < 1000) return `${Math.round(a)}µs`;
  if (a < 1_000_000) return `${Math.round(a / 1000)}ms`;
  const s = a / 1_000_000;
  if (s < 60) return `${s < 10 ? s.toFixed(1) : Math.round(s)}s`;
  const totalS = Math.round(s);
  const d = Math.floor(totalS / 86400);
  const h = Math.floor((totalS % 86400) / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const sec = totalS % 60;
  if (d >= 10) return `${d}d`;
  if (d > 0) return `${d}d ${p2(h)}h`;
  if (h > 0) return `${h}h ${p2(m)}m`;
  return `${m}m ${p2(sec)}s`;
}

/** "T−4m 05s" before the crash, "T+12s" after it, "T0" at it; null when there is no crash. */
export function formatRelative(us: Micros | null, crash: Micros | null): string | null {
  if (us === null || crash === null) return null;
  const d = us - crash;
  if (Math.abs(d) < 1000) return 'T0';
  return `T${d < 0 ? '−' : '+'}${formatDuration(d)}`;
}

/** How a time was obtained, as a short badge; null for exact stamps (no badge needed). */
export function tsKindBadge(kind: TsKind): { label: string; title: string } | null {
  switch (kind) {
    case 'exact': return null;
    case 'year-inferred': return { label: '~year', title: 'Year-less stamp: the year was taken from the bundle (capture date or file time)' };
    case 'zone-inferred': return { label: '~zone', title: 'Local wall time without offset: the zone came from the bundle or an override' };
    case 'monotonic-mapped': return { label: 'mono→wall', title: 'Seconds since boot, mapped to wall time through the boot start' };
    case 'monotonic': return { label: 'mono', title: 'Seconds since boot, not mapped to wall time: not on the timeline' };
    case 'none': return { label: 'no time', title: 'The line carries no timestamp' };
    default: return { label: String(kind), title: 'Unknown time quality' };
  }
}

/** Full sentence for the detail pane. */
export function tsKindSentence(kind: TsKind): string {
  if (kind === 'exact') return 'Exact: the stamp names the instant (full date, UTC or an explicit offset).';
  return tsKindBadge(kind)!.title + '.';
}
