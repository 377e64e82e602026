// The node's zone from its etc/localtime (a TZif file, RFC 8536). The bundle holds the bytes, not
// the name the link pointed to, so we name it by comparing its offsets at sample instants with
// the zones Intl knows. A file with a single offset becomes "+HH:MM"; garbage gives null.
import { formatOffset, zoneOffsetAt } from './zone.ts';

interface Tzif { transitions: number[]; offsets: number[] /* seconds, per transition */; initial: number; footer: string }

function readTzif(b: Uint8Array): Tzif | null {
  if (b.length < 44 || b[0] !== 0x54 || b[1] !== 0x5a || b[2] !== 0x69 || b[3] !== 0x66) return null; // "TZif"
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const version = b[4]!;
  const counts = (at: number) => ({
    isut: dv.getUint32(at + 20), isstd: dv.getUint32(at + 24), leap: dv.getUint32(at + 28),
    time: dv.getUint32(at + 32), type: dv.getUint32(at + 36), char: dv.getUint32(at + 40),
  });
  let at = 0;
  let c = counts(0);
  let timeSize = 4;
  const v1Len = 44 + c.time * 4 + c.time + c.type * 6 + c.char + c.leap * 8 + c.isstd + c.isut;
  if (version >= 0x32 && b.length >= v1Len + 44) { // '2' or later: use the 64-bit block
    at = v1Len;
    if (b[at] !== 0x54) return null;
    c = counts(at);
    timeSize = 8;
  }
  let p = at + 44;
  const need = c.time * timeSize + c.time + c.type * 6 + c.char;
  if (p + need > b.length || c.type === 0 || c.type > 256) return null;
  const transitions: number[] = [];
  for (let i = 0; i < c.time; i++) {
    transitions.push(timeSize === 8 ? Number(dv.getBigInt64(p + i * 8)) : dv.getInt32(p + i * 4));
  }
  p += c.time * timeSize;
  const idx = Array.from(b.subarray(p, p + c.time));
  p += c.time;
  const utoff: number[] = [];
  const isdst: number[] = [];
  for (let i = 0; i < c.type; i++) { utoff.push(dv.getInt32(p + i * 6)); isdst.push(b[p + i * 6 + 4]!); }
  p += c.type * 6 + c.char + c.leap * (timeSize + 4) + c.isstd + c.isut;
  let footer = '';
  if (timeSize === 8 && b[p] === 0x0a) {
    const end = b.indexOf(0x0a, p + 1);
    if (end > p) footer = new TextDecoder().decode(b.subarray(p + 1, end));
  }
  // The type of instants before the first transition: the first non-DST type (RFC 8536 3.2).
  let initial = utoff[0]!;
  for (let i = 0; i < c.type; i++) if (!isdst[i]) { initial = utoff[i]!; break; }
  return { transitions, offsets: idx.map((i) => utoff[i] ?? 0), initial, footer };
}

/** Offset (seconds) a TZif table gives at instant t (seconds); null past its last transition. */
function tzifOffset(z: Tzif, t: number): number | null {
  const tr = z.transitions;
  if (tr.length === 0 || t < tr[0]!) return z.initial;
  if (t >= tr[tr.length - 1]!) return null;
  let lo = 0, hi = tr.length - 1;
  while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (tr[mid]! <= t) lo = mid; else hi = mid - 1; }
  return z.offsets[lo]!;
}

/** Std and DST offsets (seconds) from a POSIX TZ footer like "CET-1CEST,M3.5.0,M10.5.0/3". */
function footerOffsets(footer: string): { std: number; dst: number | null } | null {
  const m = /^(?:<[^>]+>|[A-Za-z]+)([+-]?\d{1,2})(?::(\d{2}))?(?:(?:<[^>]+>|[A-Za-z]+)(?:([+-]?\d{1,2})(?::(\d{2}))?)?)?/.exec(footer);
  if (!m) return null;
  const std = -(Number(m[1]) * 3600 + Math.sign(Number(m[1]) || 1) * Number(m[2] ?? 0) * 60);
  const hasDst = footer.length > m[1]!.length && /^(?:<[^>]+>|[A-Za-z]+)[+-]?\d{1,2}(?::\d{2})?(?:<[^>]+>|[A-Za-z]+)/.test(footer);
  if (!hasDst) return { std, dst: null };
  const dst = m[3] !== undefined ? -(Number(m[3]) * 3600 + Math.sign(Number(m[3]) || 1) * Number(m[4] ?? 0) * 60) : std + 3600;
  return { std, dst };
}

let zoneNames: string[] | null = null;
function intlZones(): string[] {
  if (!zoneNames) {
    const all = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.('timeZone') ?? [];
    // Prefer the continents' names over aliases (Arctic/Longyearbyen is Europe/Berlin) when
    // several zones agree on every sample.
    const rank = (z: string) => (/^(Europe|America|Asia|Africa|Australia)\//.test(z) ? 0 : z.includes('/') && !z.startsWith('Etc/') ? 1 : z === 'UTC' ? 2 : 3);
    zoneNames = [...all].sort((x, y) => rank(x) - rank(y) || (x < y ? -1 : x > y ? 1 : 0));
  }
  return zoneNames;
}

/** IANA zone name matching a TZif file, else a fixed "+HH:MM" offset, else null. */
export function zoneFromTzif(bytes: Uint8Array): string | null {
  const z = readTzif(bytes);
  if (!z) return null;
  const distinct = new Set([z.initial, ...z.offsets]);
  const foot = z.footer ? footerOffsets(z.footer) : null;
  if (z.transitions.length === 0) {
    const off = foot ? foot.std : z.initial;
    if (foot?.dst == null) return off === 0 ? 'UTC' : formatOffset(off / 60);
  }
  // Sample instants: both sides of each transition, and mid-January / mid-July of every year,
  // checked against the footer rule past the table's end. Zones that agree since 2000 (Berlin,
  // Ceuta, Paris…) are told apart by their history since 1970, where ICU and tzdata may differ a
  // little: so modern samples must all match and old ones only break ties.
  const modern: Array<[number, number]> = [];
  const old: Array<[number, number]> = [];
  const ancient: Array<[number, number]> = []; // before 1970: Tokyo and Jayapura agree since 1964 only
  const add = (s: number, o: number | null) => { if (o !== null) (s >= 946_684_800 ? modern : s >= 0 ? old : ancient).push([s, o]); };
  for (const t of z.transitions) {
    if (t < -2_208_988_800) continue; // before 1900: local mean time, which ICU does not keep alike
    add(t - 3600, tzifOffset(z, t - 3600));
    add(t + 3600, tzifOffset(z, t + 3600));
  }
  for (let y = 1970; y <= 2030; y += 1) {
    for (const mo of [0, 6]) {
      const s = Date.UTC(y, mo, 15) / 1000;
      let o = tzifOffset(z, s);
      if (o === null && foot) {
        // Past the table: the footer's rule; January is DST south of the equator.
        const south = z.offsets.length > 0 && foot.dst !== null && z.offsets[z.offsets.length - 1] === foot.std;
        o = foot.dst === null ? foot.std : (mo === 0) === south ? foot.dst : foot.std;
      }
      add(s, o);
    }
  }
  if (modern.length === 0) return distinct.size === 1 ? formatOffset(z.initial / 60) : null;
  const misses = (name: string, set: Array<[number, number]>, stop: number) => {
    let miss = 0;
    for (const [s, o] of set) if (zoneOffsetAt(name, s * 1000) * 60 !== o && ++miss > stop) break;
    return miss;
  };
  let best: string | null = null;
  let bestOld = Number.POSITIVE_INFINITY;
  for (const name of intlZones()) {
    if (misses(name, modern, 0) > 0) continue;
    const m = misses(name, old, bestOld) * 1000 + misses(name, ancient, 999);
    if (m < bestOld) { bestOld = m; best = name; if (m === 0) break; }
  }
  if (best !== null) return PREFERRED_NAMES[best] ?? best;
  return distinct.size === 1 ? formatOffset(z.initial / 60) : null;
}

/** ICU keeps some pre-rename names canonical; show the names tzdata uses today. */
const PREFERRED_NAMES: Readonly<Record<string, string>> = {
  'Asia/Calcutta': 'Asia/Kolkata', 'Asia/Saigon': 'Asia/Ho_Chi_Minh', 'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon', 'Europe/Kiev': 'Europe/Kyiv', 'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Indianapolis': 'America/Indiana/Indianapolis', 'America/Louisville': 'America/Kentucky/Louisville',
  'Atlantic/Faeroe': 'Atlantic/Faroe', 'Pacific/Truk': 'Pacific/Chuuk', 'Pacific/Ponape': 'Pacific/Pohnpei',
  'Asia/Ulan_Bator': 'Asia/Ulaanbaatar', 'Africa/Asmera': 'Africa/Asmara',
};
