// The node's zone and the capture instant from what sos saved of `date`, `date --utc` and
// `timedatectl`. Only an IANA name (timedatectl) or a numeric offset is certain; an
// abbreviation (CET, EDT) becomes its usual offset.
import { ZONE_ABBREVIATIONS, formatOffset, parseOffset, wallToUtcMicros } from './zone.ts';
import { monthAt } from './year.ts';

export interface DateOutput { zone: string | null; ts: number | null }

export function parseDateOutput(text: string): DateOutput {
  // timedatectl:  "Time zone: Europe/Berlin (CET, +0100)"
  const tdc = /Time zone:\s*([A-Za-z_]+(?:\/[A-Za-z0-9_+-]+)*)\s*(?:\(([^,)]*),\s*([+-]\d{4})\))?/.exec(text);
  let zone: string | null = null;
  if (tdc) zone = tdc[1] === 'n/a' ? null : tdc[1]!;
  // timedatectl also prints "Universal time: Sat 2026-11-28 00:02:03 UTC"
  const univ = /Universal time:\s*\w{3} (\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)/.exec(text);
  let ts: number | null = null;
  if (univ) ts = wallToUtcMicros(null, +univ[1]!, +univ[2]!, +univ[3]!, +univ[4]!, +univ[5]!, +univ[6]!);
  // date:  "Sat Nov 28 01:02:03 CET 2026"  /  date --utc: "Sat Nov 28 00:02:03 UTC 2026"
  const d = /\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) +(\d{1,2}) (\d\d):(\d\d):(\d\d) (?:([A-Za-z]{1,6}|[+-]\d{2,4}) )?(\d{4})\b/.exec(text);
  if (d) {
    const mo = monthAt(d[1]!, 0);
    const tzText = d[6] ?? 'UTC';
    let off = parseOffset(tzText);
    if (off === null) { const a = ZONE_ABBREVIATIONS[tzText.toUpperCase()]; off = a === undefined ? null : a; }
    if (zone === null && off !== null) zone = off === 0 ? 'UTC' : formatOffset(off);
    if (ts === null && mo > 0 && off !== null) {
      ts = wallToUtcMicros(null, +d[7]!, mo, +d[2]!, +d[3]!, +d[4]!, +d[5]!) - off * 60_000_000;
    }
  }
  // date -R / RFC 2822: "Sat, 28 Nov 2026 01:02:03 +0100"
  const r = /\b\w{3}, (\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) (\d\d):(\d\d):(\d\d) ([+-]\d{4})\b/.exec(text);
  if (r) {
    const off = parseOffset(r[7]!)!;
    if (zone === null) zone = off === 0 ? 'UTC' : formatOffset(off);
    if (ts === null) ts = wallToUtcMicros(null, +r[3]!, monthAt(r[2]!, 0), +r[1]!, +r[4]!, +r[5]!, +r[6]!) - off * 60_000_000;
  }
  return { zone, ts };
}

/** Zone named by `date` / `timedatectl` output: IANA name, "+HH:MM", "UTC", or null. */
export function zoneFromDateOutput(text: string): string | null {
  return parseDateOutput(text).zone;
}
