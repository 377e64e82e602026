// Year-less stamps (RFC 3164 syslog `Nov 28 01:02:03`, klog `I1128 …`): the year comes from the
// bundle. TimeContext.year is the year of the *last* record and refTs the latest instant the file
// can hold (its mtime, the capture time). A stamp that would fall after refTs (plus slack for the
// zone and clock skew) belongs to the year before: that is the December→January rollover seen
// backwards from the end of the file. Stateless per stamp, so every worker agrees.
import type { TimeContext } from '../types.ts';

const SLACK_MS = 2 * 86_400_000;

export interface YearRule {
  /** Year for a stamp of this month (1..12) and day. */
  yearFor(month: number, day: number): number;
}

export function yearRule(time: Pick<TimeContext, 'year' | 'refTs'>): YearRule {
  const y = time.year;
  // Without refTs every stamp is taken in `year`: the best we can say, and TsKind says it's a guess.
  const limit = time.refTs === null ? Number.POSITIVE_INFINITY : time.refTs / 1000 + SLACK_MS;
  const cache = new Int32Array(13 * 32);
  return {
    yearFor(month: number, day: number): number {
      const k = month * 32 + day;
      let v = cache[k]!;
      if (v === 0) {
        v = Date.UTC(y, month - 1, day) > limit ? y - 1 : y;
        cache[k] = v;
      }
      return v;
    },
  };
}

/** Month number (1..12) of an English three-letter month name at `s[i..i+2]`, else 0.
 *  A switch on char codes: no substring, no map lookup on the hot path. */
export function monthAt(s: string, i: number): number {
  const a = s.charCodeAt(i) | 0x20, b = s.charCodeAt(i + 1) | 0x20, c = s.charCodeAt(i + 2) | 0x20;
  switch (a) {
    case 0x6a: // j
      if (b === 0x61 && c === 0x6e) return 1;
      if (b === 0x75) return c === 0x6e ? 6 : c === 0x6c ? 7 : 0;
      return 0;
    case 0x66: return b === 0x65 && c === 0x62 ? 2 : 0; // feb
    case 0x6d: return b === 0x61 ? (c === 0x72 ? 3 : c === 0x79 ? 5 : 0) : 0; // mar may
    case 0x61: return b === 0x70 && c === 0x72 ? 4 : b === 0x75 && c === 0x67 ? 8 : 0; // apr aug
    case 0x73: return b === 0x65 && c === 0x70 ? 9 : 0; // sep
    case 0x6f: return b === 0x63 && c === 0x74 ? 10 : 0; // oct
    case 0x6e: return b === 0x6f && c === 0x76 ? 11 : 0; // nov
    case 0x64: return b === 0x65 && c === 0x63 ? 12 : 0; // dec
    default: return 0;
  }
}
