// Local wall-clock time → UTC microseconds, for IANA zone names (through Intl, cached per hour)
// and fixed offsets ("+02:00"). DST is resolved like Temporal's 'compatible' disambiguation:
// a wall time that occurs twice (autumn overlap) takes the earlier instant, a wall time that
// never occurs (spring gap) is pushed forward by the gap. Deterministic, never throws.

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Minutes east of UTC for "Z", "+HH:MM", "+HHMM", "+HH", "UTC", "GMT"; null when not an offset. */
export function parseOffset(text: string): number | null {
  const s = text.trim();
  if (s === 'Z' || s === 'z' || s === 'UTC' || s === 'GMT' || s === 'Etc/UTC' || s === 'UTC0') return 0;
  const m = /^(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?$/.exec(s);
  if (!m) return null;
  const h = Number(m[2]);
  const min = m[3] ? Number(m[3]) : 0;
  if (h > 14 || min > 59) return null;
  return (m[1] === '-' ? -1 : 1) * (h * 60 + min);
}

/** "+HH:MM" for an offset in minutes. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  return `${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** Well-known zone abbreviations as printed by `date`, journalctl headers and short-full stamps.
 *  Ambiguous ones (CST, IST) take the reading most common on Kubernetes nodes; a zone name from
 *  etc/localtime always wins over this table. */
export const ZONE_ABBREVIATIONS: Readonly<Record<string, number>> = {
  UTC: 0, GMT: 0, UT: 0, Z: 0, WET: 0, WEST: 60, BST: 60, CET: 60, CEST: 120, MET: 60, MEST: 120,
  EET: 120, EEST: 180, MSK: 180, IST: 330, PKT: 300, ICT: 420, WIB: 420, SGT: 480, HKT: 480,
  AWST: 480, JST: 540, KST: 540, ACST: 570, ACDT: 630, AEST: 600, AEDT: 660, NZST: 720, NZDT: 780,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
  AKST: -540, AKDT: -480, HST: -600, AST: -240, ADT: -180, NST: -210, NDT: -150, BRT: -180, ART: -180,
};

const formatters = new Map<string, Intl.DateTimeFormat | null>();

function formatterFor(zone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(zone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
        hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
    } catch {
      f = null;
    }
    formatters.set(zone, f);
  }
  return f;
}

/** True when `zone` is an IANA name Intl knows, or a fixed offset. */
export function isKnownZone(zone: string): boolean {
  return parseOffset(zone) !== null || formatterFor(zone) !== null;
}

const offsetCache = new Map<string, Map<number, number>>();

/** Offset (minutes east of UTC) of an IANA zone at a UTC instant (ms). Cached per UTC hour:
 *  transitions fall on whole hours everywhere that matters since 1970. */
export function zoneOffsetAt(zone: string, utcMs: number): number {
  const fixed = parseOffset(zone);
  if (fixed !== null) return fixed;
  const f = formatterFor(zone);
  if (!f) return 0;
  let cache = offsetCache.get(zone);
  if (!cache) { cache = new Map(); offsetCache.set(zone, cache); }
  const key = Math.floor(utcMs / HOUR_MS);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const at = key * HOUR_MS;
  const p = f.formatToParts(new Date(at));
  let y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  for (const part of p) {
    switch (part.type) {
      case 'year': y = Number(part.value); break;
      case 'month': mo = Number(part.value); break;
      case 'day': d = Number(part.value); break;
      case 'hour': h = Number(part.value); break;
      case 'minute': mi = Number(part.value); break;
      case 'second': s = Number(part.value); break;
    }
  }
  const off = Math.round((Date.UTC(y, mo - 1, d, h, mi, s) - at) / 60_000);
  cache.set(key, off);
  return off;
}

const wallCache = new Map<string, Map<number, number>>();

/** Offset (minutes) to subtract from a wall time (expressed as if it were UTC, in ms) in `zone`. */
export function wallOffset(zone: string, wallMs: number): number {
  const fixed = parseOffset(zone);
  if (fixed !== null) return fixed;
  let cache = wallCache.get(zone);
  if (!cache) { cache = new Map(); wallCache.set(zone, cache); }
  const key = Math.floor(wallMs / HOUR_MS);
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const before = zoneOffsetAt(zone, wallMs - DAY_MS);
  const after = zoneOffsetAt(zone, wallMs + DAY_MS);
  const okBefore = zoneOffsetAt(zone, wallMs - before * 60_000) === before;
  const okAfter = zoneOffsetAt(zone, wallMs - after * 60_000) === after;
  let off: number;
  if (okBefore && okAfter) off = Math.max(before, after); // overlap: the earlier instant has the larger offset
  else if (okBefore) off = before;
  else if (okAfter) off = after;
  else off = before; // gap: read with the offset in force before it, i.e. pushed forward
  cache.set(key, off);
  return off;
}

/** UTC µs for a wall-clock time in `zone` (null = UTC). month 1..12. */
export function wallToUtcMicros(zone: string | null, year: number, month: number, day: number,
  hour: number, minute: number, second: number, micros = 0): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  if (zone === null) return wall * 1000 + micros;
  return (wall - wallOffset(zone, wall) * 60_000) * 1000 + micros;
}

/** Wall-clock ms (the wall time read as if it were UTC) of a stream of stamps, for the line
 *  parsers: Date.UTC of the day is cached — consecutive lines share their day, and Date.UTC with
 *  six arguments cost more than the rest of reading a stamp. The same value as Date.UTC(y, mo - 1,
 *  d, h, mi, se): the spec adds the time of day to the day in whole milliseconds. */
export class WallDays {
  private day = -1; // (y * 13 + mo) * 32 + d of the cached day
  private dayMs = 0;

  wallMs(y: number, mo: number, d: number, h: number, mi: number, se: number): number {
    const day = (y * 13 + mo) * 32 + d;
    if (day !== this.day) { this.day = day; this.dayMs = Date.UTC(y, mo - 1, d); }
    return this.dayMs + h * 3_600_000 + mi * 60_000 + se * 1000;
  }

  /** wallToUtcMicros, through the cached day. */
  utcMicros(zone: string | null, y: number, mo: number, d: number, h: number, mi: number, se: number): number {
    const wall = this.wallMs(y, mo, d, h, mi, se);
    if (zone === null) return wall * 1000;
    return (wall - wallOffset(zone, wall) * 60_000) * 1000;
  }
}

/** ISO 8601 UTC text for a µs instant (for display and tests). */
export function isoMicros(ts: number): string {
  const ms = Math.floor(ts / 1000);
  const us = ts - ms * 1000;
  const iso = new Date(ms).toISOString(); // 2026-11-28T01:02:03.123Z
  return `${iso.slice(0, 23)}${String(us).padStart(3, '0')}Z`;
}
