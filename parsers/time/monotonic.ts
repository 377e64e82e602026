// dmesg `[secs.micros]` stamps count from boot. Once the boot's wall-clock start is known
// (journal kernel lines, /proc/stat btime, uptime + date), they map to UTC; the record says so.
import type { LogRecord } from '../types.ts';

/** Maps a 'monotonic' record to wall time in place (and returns it). Other records are untouched. */
export function mapMonotonic(rec: LogRecord, bootTs: number | null): LogRecord {
  if (bootTs === null || rec.mono === null || rec.tsKind !== 'monotonic') return rec;
  rec.ts = bootTs + Math.round(rec.mono * 1e6);
  rec.tsKind = 'monotonic-mapped';
  return rec;
}

/** Boot start (UTC µs) from one record that carries both a wall time and a monotonic stamp
 *  (a syslog `kernel: [12.345]` line, a journal entry with __MONOTONIC_TIMESTAMP). */
export function bootTsFrom(ts: number, mono: number): number {
  return ts - Math.round(mono * 1e6);
}
