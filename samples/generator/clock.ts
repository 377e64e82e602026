// Stamps the way each program prints them. Times are UTC microseconds throughout the generator;
// only these functions turn them into the node's wall clock, because that is what real logs do:
// syslog, journalctl and klog print local time without a zone, containerd prints local time with
// an offset, etcd's zap logger prints UTC, dmesg prints seconds since boot.
const MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAY = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** Zone abbreviations as `date` prints them (standard, daylight); ICU's short names are "GMT+1". */
const ABBREV: Record<string, [string, string]> = {
  UTC: ['UTC', 'UTC'],
  'Europe/Berlin': ['CET', 'CEST'],
  'Europe/London': ['GMT', 'BST'],
  'America/New_York': ['EST', 'EDT'],
  'America/Chicago': ['CST', 'CDT'],
  'America/Los_Angeles': ['PST', 'PDT'],
  'Asia/Shanghai': ['CST', 'CST'],
  'Asia/Tokyo': ['JST', 'JST'],
  'Asia/Kolkata': ['IST', 'IST'],
};

const offsetCache = new Map<string, number>();
const fmtCache = new Map<string, Intl.DateTimeFormat>();

/** Offset of `zone` from UTC in minutes at instant `us` (cached per quarter hour: zones move on quarter hours). */
export function zoneOffsetMin(us: number, zone: string): number {
  if (zone === 'UTC') return 0;
  const q = Math.floor(us / 900e6);
  const key = `${zone}|${q}`;
  let off = offsetCache.get(key);
  if (off === undefined) {
    let f = fmtCache.get(zone);
    if (!f) {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric',
        hour: 'numeric', minute: 'numeric', second: 'numeric',
      });
      fmtCache.set(zone, f);
    }
    const ms = q * 900e3;
    const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
    const asUtc = Date.UTC(+p.year!, +p.month! - 1, +p.day!, +p.hour!, +p.minute!, +p.second!);
    off = Math.round((asUtc - ms) / 60000);
    offsetCache.set(key, off);
  }
  return off;
}

/** Wall-clock fields in `zone` (a Date whose UTC getters read as local time) plus the micros. */
function local(us: number, zone: string): { d: Date; micros: number; off: number } {
  const off = zoneOffsetMin(us, zone);
  const ms = Math.floor(us / 1000);
  return { d: new Date(ms + off * 60000), micros: ((us % 1e6) + 1e6) % 1e6, off };
}

const p2 = (n: number) => String(n).padStart(2, '0');
const p6 = (n: number) => String(n).padStart(6, '0');

/** RFC 3164 (rsyslog's default file format): "Mar  4 10:02:11" — day padded with a space. */
export function syslogStamp(us: number, zone: string): string {
  const { d } = local(us, zone);
  return `${MON[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

/** journalctl -o short: "Mar 04 10:02:11" — day padded with a zero, unlike rsyslog. */
export function journalStamp(us: number, zone: string): string {
  const { d } = local(us, zone);
  return `${MON[d.getUTCMonth()]} ${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

/** klog header: "I0314 10:02:11.123456    1450 " (local time, no year, pid right-aligned in 7). */
export function klogPrefix(level: 'I' | 'W' | 'E' | 'F', us: number, zone: string, pid: number): string {
  const { d, micros } = local(us, zone);
  return `${level}${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${p6(micros)} ${String(pid).padStart(7, ' ')}`;
}

function offsetText(off: number, colon: boolean): string {
  const sign = off < 0 ? '-' : '+';
  const a = Math.abs(off);
  return `${sign}${p2(Math.floor(a / 60))}${colon ? ':' : ''}${p2(a % 60)}`;
}

/** RFC 3339 in the node's zone with nanoseconds (containerd / CRI-O / CRI log lines). */
export function rfc3339Local(us: number, zone: string, nanoExtra = 0): string {
  const { d, micros, off } = local(us, zone);
  const tz = off === 0 && zone === 'UTC' ? 'Z' : offsetText(off, true);
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}T${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${p6(micros)}${String(nanoExtra).padStart(3, '0')}${tz}`;
}

/** zap's ISO8601 encoder in UTC with milliseconds: "2021-09-16T05:38:00.588Z" (etcd ≥ 3.4). */
export function zapStamp(us: number): string {
  return new Date(Math.floor(us / 1000)).toISOString();
}

/** capnslog (etcd ≤ 3.3): "2016-06-27 19:30:19.254680" in the process's zone (UTC in a container). */
export function capnslogStamp(us: number): string {
  const d = new Date(Math.floor(us / 1000));
  return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${p6(((us % 1e6) + 1e6) % 1e6)}`;
}

/** audit(1481076983.819:7798) — epoch seconds with milliseconds, then the serial. */
export function auditStamp(us: number, serial: number): string {
  const ms = Math.floor(us / 1000);
  return `audit(${Math.floor(ms / 1000)}.${String(ms % 1000).padStart(3, '0')}:${serial})`;
}

/** dmesg's "[ 1234.567890]" since boot. */
export function monoStamp(us: number, bootUs: number): string {
  const m = Math.max(0, us - bootUs);
  return `[${String(Math.floor(m / 1e6)).padStart(5, ' ')}.${p6(m % 1e6)}]`;
}

export function zoneAbbrev(us: number, zone: string): string {
  const ab = ABBREV[zone];
  if (!ab) return offsetText(zoneOffsetMin(us, zone), false);
  const jan = zoneOffsetMin(Date.UTC(new Date(us / 1000).getUTCFullYear(), 0, 15) * 1000, zone);
  return zoneOffsetMin(us, zone) === jan ? ab[0] : ab[1];
}

/** `date` output: "Fri Mar 14 10:22:33 CET 2025". */
export function dateOutput(us: number, zone: string): string {
  const { d } = local(us, zone);
  return `${DAY[d.getUTCDay()]} ${MON[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${zoneAbbrev(us, zone)} ${d.getUTCFullYear()}`;
}

/** journalctl's long form used in "-- Logs begin at Tue 2019-10-22 05:04:03 EDT, end at … --". */
export function journalLongStamp(us: number, zone: string): string {
  const { d } = local(us, zone);
  return `${DAY[d.getUTCDay()]} ${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${zoneAbbrev(us, zone)}`;
}

/** "+01:00"-style offset text, for timedatectl and friends. */
export function offsetOf(us: number, zone: string): string {
  return offsetText(zoneOffsetMin(us, zone), false);
}

export function isoUtcSeconds(us: number): string {
  return new Date(Math.floor(us / 1e6) * 1000).toISOString().replace('.000Z', 'Z');
}

export function parseIso(iso: string): number {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`bad ISO time in scenario: ${iso}`);
  return ms * 1000;
}
