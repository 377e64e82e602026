// Times in a report: absolute stamps in UTC (an incident report is read in many zones; the case
// stores UTC microseconds) and offsets from the crash as "T−1h 02m 03s", the way a post-mortem
// timeline counts down to the moment the node went away.
import type { Micros } from '../api/types.ts';

/** "2024-03-01 12:34:56.789Z": ISO with a space, readable in a table and still sortable. */
export function utc(ts: Micros | null | undefined): string {
  if (ts === null || ts === undefined || !Number.isFinite(ts)) return '—';
  const d = new Date(Math.floor(ts / 1000));
  if (Number.isNaN(d.getTime())) return '—';
  return d.toISOString().replace('T', ' ');
}

/** Offset of `ts` from the crash: "T−5m 03s", "T+12s", "T0"; empty when either time is unknown. */
export function offsetFromCrash(ts: Micros | null | undefined, crash: Micros | null | undefined): string {
  if (ts === null || ts === undefined || crash === null || crash === undefined) return '';
  const d = ts - crash;
  const sign = d < 0 ? '−' : '+';
  let s = Math.round(Math.abs(d) / 1e6);
  if (s === 0) return Math.abs(d) < 1e6 && d !== 0 ? `T${sign}${(Math.abs(d) / 1e3).toFixed(0)}ms` : 'T0';
  const days = Math.floor(s / 86400); s -= days * 86400;
  const h = Math.floor(s / 3600); s -= h * 3600;
  const m = Math.floor(s / 60); s -= m * 60;
  const pad = (n: number) => String(n).padStart(2, '0');
  const parts = days ? [`${days}d`, `${pad(h)}h`, `${pad(m)}m`] : h ? [`${h}h`, `${pad(m)}m`, `${pad(s)}s`] : m ? [`${m}m`, `${pad(s)}s`] : [`${s}s`];
  return `T${sign}${parts.join(' ')}`;
}

/** A duration in plain words for axis ticks and spans: "90s", "12m", "3.5h". */
export function span(micros: number): string {
  const s = micros / 1e6;
  if (s < 120) return `${Math.round(s)}s`;
  if (s < 7200) return `${Math.round(s / 60)}m`;
  if (s < 172800) return `${(s / 3600).toFixed(1).replace(/\.0$/, '')}h`;
  return `${(s / 86400).toFixed(1).replace(/\.0$/, '')}d`;
}
