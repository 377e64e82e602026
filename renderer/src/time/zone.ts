// Time zones as the bundle names them: an IANA name ("Europe/Berlin"), a fixed offset ("+02:00",
// from `date +%z` output) or null (unknown: UTC is assumed, and the UI says so).
// Times are UTC microseconds everywhere; a zone only changes how they are written.
import type { Micros } from '../../../core/api/types.ts';

const FIXED = /^(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?$/;
const partsCache = new Map<string, Intl.DateTimeFormat | null>();

/** Offset in minutes for a "+HH:MM" zone, or null when it is not a fixed offset. */
export function fixedOffsetMinutes(zone: string): number | null {
  const m = FIXED.exec(zone.trim());
  if (!m) return null;
  const sign = m[1] === '-' ? -1 : 1;
  return sign * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

function partsFormatter(zone: string): Intl.DateTimeFormat | null {
  if (partsCache.has(zone)) return partsCache.get(zone)!;
  let f: Intl.DateTimeFormat | null = null;
  try {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit',
    });
  } catch {
    f = null; // an unknown zone name from a hostile bundle: fall back to UTC
  }
  partsCache.set(zone, f);
  return f;
}

/** True when the zone can be used to write times (a known IANA name or a fixed offset). */
export function isUsableZone(zone: string | null | undefined): boolean {
  if (!zone) return false;
  if (zone === 'UTC') return true;
  return fixedOffsetMinutes(zone) !== null || partsFormatter(zone) !== null;
}

/** Offset of `zone` from UTC at instant `us`, in microseconds (DST-aware for IANA zones). */
export function zoneOffsetMicros(zone: string | null, us: Micros): number {
  if (!zone || zone === 'UTC') return 0;
  const fixed = fixedOffsetMinutes(zone);
  if (fixed !== null) return fixed * 60_000_000;
  const f = partsFormatter(zone);
  if (!f) return 0;
  const ms = Math.floor(us / 1000);
  const p: Record<string, number> = {};
  for (const part of f.formatToParts(new Date(ms))) if (part.type !== 'literal') p[part.type] = Number(part.value);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!);
  const wholeSecondMs = ms - (((ms % 1000) + 1000) % 1000);
  return (asUtc - wholeSecondMs) * 1000;
}

/** Short label for the zone in use: "UTC", "+02:00", "Europe/Berlin (CEST)". */
export function zoneLabel(zone: string | null, at: Micros | null): string {
  if (!zone || zone === 'UTC') return 'UTC';
  if (fixedOffsetMinutes(zone) !== null) return zone;
  const off = zoneOffsetMicros(zone, at ?? Date.now() * 1000) / 60_000_000;
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${zone} (UTC${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')})`;
}
