// Timestamp readers shared by the formats. Each reads at a position of the line, without regexes
// or Date parsing, and without slicing the line: the digits are read as numbers, and what they
// cost to convert (Date.UTC, the zone) is cached for the last day or second, which consecutive
// log lines mostly share. Comparing a cached key string with startsWith cost more than reading
// the digits again (a runtime call on the sliced strings lines are).
import type { TsKind } from '../types.ts';
import { WallDays, wallOffset } from '../time/zone.ts';
import { monthAt, yearRule, type YearRule } from '../time/year.ts';
import type { TimeContext } from '../types.ts';
import { digits, micros, scanned } from './record.ts';

/** Result of a read: ts in UTC µs, how it was obtained, and where the stamp ended (-1 = no stamp). */
export interface Stamp { ts: number; kind: TsKind; end: number }

/** ISO 8601 / RFC 3339 stamps: `2026-11-28T01:02:03.123456+01:00`, `…Z`, `…+0100`, `2026-11-28 01:02:03,123`
 *  (space or T; dot or comma before the fraction, as dmesg --time-format iso writes). Without an
 *  offset the stamp is local wall time in the context's zone. */
export class IsoReader {
  private readonly days = new WallDays();
  readonly out: Stamp = { ts: 0, kind: 'exact', end: -1 };
  constructor(private readonly zone: string | null) {}

  read(s: string, i: number): Stamp {
    const out = this.out;
    out.end = -1;
    if (s.length < i + 19) return out;
    const c10 = s.charCodeAt(i + 10);
    if (s.charCodeAt(i + 4) !== 45 || s.charCodeAt(i + 7) !== 45 || (c10 !== 84 && c10 !== 32 && c10 !== 116)
      || s.charCodeAt(i + 13) !== 58 || s.charCodeAt(i + 16) !== 58) return out;
    const y = digits(s, i, 4), mo = digits(s, i + 5, 2), d = digits(s, i + 8, 2);
    const h = digits(s, i + 11, 2), mi = digits(s, i + 14, 2), se = digits(s, i + 17, 2);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 24 || mi < 0 || mi > 59 || se < 0 || se > 60) return out;
    const wall = this.days.wallMs(y, mo, d, h, mi, se);
    let p = i + 19;
    let us = 0;
    const fc = s.charCodeAt(p);
    if (fc === 46 || fc === 44) { us = micros(s, p + 1); p = scanned.end; }
    const oc = s.charCodeAt(p);
    if (oc === 90 || oc === 122) { // Z
      out.ts = wall * 1000 + us; out.kind = 'exact'; out.end = p + 1; return out;
    }
    if (oc === 43 || oc === 45) { // + or -
      const hh = digits(s, p + 1, 2);
      if (hh >= 0) {
        let mm = 0, e = p + 3;
        if (s.charCodeAt(e) === 58) { mm = digits(s, e + 1, 2); e += 3; } else if (digits(s, e, 2) >= 0) { mm = digits(s, e, 2); e += 2; }
        if (mm >= 0) {
          const off = (hh * 60 + mm) * (oc === 45 ? -1 : 1);
          out.ts = (wall - off * 60_000) * 1000 + us; out.kind = 'exact'; out.end = e; return out;
        }
      }
    }
    out.ts = this.zone === null ? wall * 1000 + us : (wall - wallOffset(this.zone, wall) * 60_000) * 1000 + us;
    out.kind = 'zone-inferred';
    out.end = p;
    return out;
  }
}

/** RFC 3164 / journalctl short stamps `Nov 28 01:02:03[.123456]` (day space- or zero-padded):
 *  year-less, local wall time. */
export class BsdReader {
  private lastKey = -1; // the last stamp's fields packed in one number
  private lastTs = 0;
  private readonly years: YearRule;
  private readonly days = new WallDays();
  readonly out: Stamp = { ts: 0, kind: 'year-inferred', end: -1 };
  constructor(private readonly time: TimeContext, private zone: string | null = time.zone, years?: YearRule) {
    this.years = years ?? yearRule(time);
  }

  /** A journal header may name the zone when the bundle did not. */
  setZone(zone: string | null): void { this.zone = zone; this.lastKey = -1; }

  read(s: string, i: number): Stamp {
    const out = this.out;
    out.end = -1;
    if (s.length < i + 15 || s.charCodeAt(i + 3) !== 32 || s.charCodeAt(i + 9) !== 58 || s.charCodeAt(i + 12) !== 58) return out;
    const mo = monthAt(s, i);
    const d1 = s.charCodeAt(i + 4);
    const d = (d1 === 32 ? 0 : d1 - 48) * 10 + s.charCodeAt(i + 5) - 48;
    const h = digits(s, i + 7, 2), mi = digits(s, i + 10, 2), se = digits(s, i + 13, 2);
    if (mo === 0 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 60) return out;
    // The stamp's value depends on these five numbers only (year rule and zone are fixed).
    const key = (((mo * 32 + d) * 24 + h) * 60 + mi) * 61 + se;
    let base: number;
    if (key === this.lastKey) base = this.lastTs;
    else {
      base = this.days.utcMicros(this.zone, this.years.yearFor(mo, d), mo, d, h, mi, se);
      this.lastKey = key;
      this.lastTs = base;
    }
    let p = i + 15;
    let us = 0;
    if (s.charCodeAt(p) === 46) { us = micros(s, p + 1); p = scanned.end; }
    out.ts = base + us;
    out.end = p;
    return out;
  }
}

/** `[  123.456789]`-style monotonic seconds at s[i] (which is '['). Returns seconds, or -1. */
export function readMono(s: string, i: number, out: { end: number }): number {
  let p = i + 1;
  while (s.charCodeAt(p) === 32) p++;
  let secs = 0, nd = 0;
  for (;;) {
    const c = s.charCodeAt(p) - 48;
    if (!(c >= 0 && c <= 9)) break; // NaN past the end of the line too
    secs = secs * 10 + c; p++; nd++;
  }
  if (nd === 0 || s.charCodeAt(p) !== 46) return -1;
  const us = micros(s, p + 1);
  p = scanned.end;
  if (s.charCodeAt(p) !== 93) return -1;
  out.end = p + 1;
  // An exact integer divided once: the same double as parsing the decimal text.
  return (secs * 1e6 + us) / 1e6;
}
