// Bundles are read in one pass, and a tar may hold a log before the facts that time it (the
// zone in etc/localtime, the boot time in proc/stat). Such a log is parsed with what was known
// when it arrived; at the end of the walk its summary says which TimeContext was used and which
// one is right, and this function moves a record from the one to the other. It is exact: only
// stamps that depended on the guessed facts move (zone-inferred and year-inferred wall times,
// monotonic stamps), and each kind keeps what it read (the wall clock, the seconds since boot).
import { mapMonotonic, wallToUtcMicros, yearRule, zoneOffsetAt } from '../time/index.ts';
import type { LogRecord, TimeContext, TsKind } from '../types.ts';

export function timeContextsDiffer(a: TimeContext, b: TimeContext): boolean {
  return a.zone !== b.zone || a.year !== b.year || a.refTs !== b.refTs || a.bootTs !== b.bootTs;
}

/** The record's stamp under `to` instead of `from` (mutates and returns the record). */
export function retimeRecord<R extends Pick<LogRecord, 'ts' | 'tsKind' | 'mono'>>(rec: R, from: TimeContext, to: TimeContext): R {
  const t = retimeTs(rec.ts, rec.tsKind, rec.mono, from, to);
  rec.ts = t.ts;
  rec.tsKind = t.tsKind;
  return rec;
}

export function retimeTs(ts: number | null, tsKind: TsKind, mono: number | null, from: TimeContext, to: TimeContext): { ts: number | null; tsKind: TsKind } {
  if (tsKind === 'monotonic' || tsKind === 'monotonic-mapped') {
    if (mono === null) return { ts, tsKind };
    if (to.bootTs === null) return { ts: null, tsKind: 'monotonic' };
    const r = mapMonotonic({ ts: null, tsKind: 'monotonic', mono } as LogRecord, to.bootTs);
    return { ts: r.ts, tsKind: r.tsKind };
  }
  if ((tsKind !== 'zone-inferred' && tsKind !== 'year-inferred') || ts === null) return { ts, tsKind };
  // Back to the wall clock the line showed, then forward with the right zone and year.
  const fromOff = from.zone === null ? 0 : zoneOffsetAt(from.zone, Math.floor(ts / 1000));
  const wallMs = Math.floor(ts / 1000) + fromOff * 60_000;
  const micros = ts - Math.floor(ts / 1000) * 1000;
  const d = new Date(wallMs);
  let year = d.getUTCFullYear();
  if (tsKind === 'year-inferred') {
    const month = d.getUTCMonth() + 1, day = d.getUTCDate();
    year += yearRule(to).yearFor(month, day) - yearRule(from).yearFor(month, day);
  }
  const out = wallToUtcMicros(to.zone, year, d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), (wallMs % 1000 + 1000) % 1000 * 1000 + micros);
  return { ts: out, tsKind };
}
