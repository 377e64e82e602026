import { describe, expect, it } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { isoMicros, parseOffset, wallToUtcMicros, zoneOffsetAt } from './zone.ts';
import { yearRule, monthAt } from './year.ts';
import { zoneFromTzif } from './tzif.ts';
import { parseDateOutput, zoneFromDateOutput } from './date-output.ts';
import { mapMonotonic } from './monotonic.ts';
import { makeRecord } from '../formats/record.ts';

const iso = (zone: string | null, y: number, mo: number, d: number, h: number, mi: number, s = 0) => isoMicros(wallToUtcMicros(zone, y, mo, d, h, mi, s));

describe('zones', () => {
  it('reads offsets', () => {
    expect(parseOffset('+01:00')).toBe(60);
    expect(parseOffset('-0430')).toBe(-270);
    expect(parseOffset('Z')).toBe(0);
    expect(parseOffset('+05')).toBe(300);
    expect(parseOffset('Europe/Berlin')).toBe(null);
  });

  it('converts wall time in IANA zones and fixed offsets', () => {
    expect(iso('Europe/Berlin', 2026, 11, 28, 1, 2, 3)).toBe('2026-11-28T00:02:03.000000Z');
    expect(iso('Europe/Berlin', 2026, 7, 1, 12, 0)).toBe('2026-07-01T10:00:00.000000Z');
    expect(iso('Asia/Kolkata', 2026, 1, 1, 5, 30)).toBe('2026-01-01T00:00:00.000000Z');
    expect(iso('-04:00', 2019, 10, 22, 5, 17, 19)).toBe('2019-10-22T09:17:19.000000Z');
    expect(iso(null, 2019, 10, 22, 5, 17, 19)).toBe('2019-10-22T05:17:19.000000Z');
  });

  it('spring-forward gap: a wall time that never happened is pushed forward', () => {
    // Europe/Berlin 2026-03-29 02:00 CET → 03:00 CEST: 02:30 does not exist.
    expect(iso('Europe/Berlin', 2026, 3, 29, 2, 30)).toBe('2026-03-29T01:30:00.000000Z'); // = 03:30 CEST
    expect(iso('Europe/Berlin', 2026, 3, 29, 1, 59)).toBe('2026-03-29T00:59:00.000000Z');
    expect(iso('Europe/Berlin', 2026, 3, 29, 3, 0)).toBe('2026-03-29T01:00:00.000000Z');
    expect(iso('America/New_York', 2026, 3, 8, 2, 30)).toBe('2026-03-08T07:30:00.000000Z'); // = 03:30 EDT
  });

  it('autumn overlap: a wall time that happened twice takes the earlier instant', () => {
    // Europe/Berlin 2026-10-25 03:00 CEST → 02:00 CET: 02:30 happens twice.
    expect(iso('Europe/Berlin', 2026, 10, 25, 2, 30)).toBe('2026-10-25T00:30:00.000000Z');
    expect(iso('Europe/Berlin', 2026, 10, 25, 3, 30)).toBe('2026-10-25T02:30:00.000000Z');
    expect(iso('America/New_York', 2026, 11, 1, 1, 30)).toBe('2026-11-01T05:30:00.000000Z');
  });

  it('an unknown zone name is read as UTC, without throwing', () => {
    expect(iso('Mars/Olympus_Mons', 2026, 1, 1, 0, 0)).toBe('2026-01-01T00:00:00.000000Z');
    expect(zoneOffsetAt('Mars/Olympus_Mons', 0)).toBe(0);
  });
});

describe('year inference', () => {
  it('takes the context year when there is no upper bound', () => {
    expect(yearRule({ year: 2026, refTs: null }).yearFor(12, 31)).toBe(2026);
  });
  it('rolls December back a year when the file ends in January (Dec→Jan rollover)', () => {
    const r = yearRule({ year: 2027, refTs: Date.UTC(2027, 0, 3, 10) * 1000 });
    expect(r.yearFor(12, 30)).toBe(2026);
    expect(r.yearFor(1, 2)).toBe(2027);
    expect(r.yearFor(1, 4)).toBe(2027); // within the slack (zone, skew)
    expect(r.yearFor(2, 1)).toBe(2026);
  });
  it('reads month names', () => {
    expect(['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec', 'Foo'].map((m) => monthAt(m, 0))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 0]);
  });
});

describe('zone from etc/localtime (TZif)', () => {
  const zi = '/usr/share/zoneinfo';
  for (const name of ['Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Sydney', 'America/Sao_Paulo', 'Asia/Tokyo', 'UTC']) {
    it.skipIf(!existsSync(`${zi}/${name}`))(`names ${name}`, () => {
      expect(zoneFromTzif(readFileSync(`${zi}/${name}`))).toBe(name);
    });
  }
  it.skipIf(!existsSync(`${zi}/Etc/GMT-3`))('a zone with a single offset becomes a fixed offset', () => {
    expect(zoneFromTzif(readFileSync(`${zi}/Etc/GMT-3`))).toBe('+03:00');
  });
  it('garbage gives null', () => {
    expect(zoneFromTzif(Buffer.from('not a tzif file at all, just text'))).toBe(null);
    expect(zoneFromTzif(Buffer.from('TZif2'))).toBe(null);
  });
});

describe('zone and capture time from date / timedatectl output', () => {
  it('reads `date`', () => {
    expect(parseDateOutput('Sat Nov 28 01:02:03 CET 2026\n')).toEqual({ zone: '+01:00', ts: Date.UTC(2026, 10, 28, 0, 2, 3) * 1000 });
    expect(parseDateOutput('Sat Nov 28 00:02:03 UTC 2026')).toEqual({ zone: 'UTC', ts: Date.UTC(2026, 10, 28, 0, 2, 3) * 1000 });
    expect(zoneFromDateOutput('Tue Oct 22 05:17:25 EDT 2019')).toBe('-04:00');
  });
  it('prefers timedatectl\'s zone name', () => {
    const text = '               Local time: Sat 2026-11-28 01:02:03 CET\n           Universal time: Sat 2026-11-28 00:02:03 UTC\n                Time zone: Europe/Berlin (CET, +0100)\n';
    expect(parseDateOutput(text)).toEqual({ zone: 'Europe/Berlin', ts: Date.UTC(2026, 10, 28, 0, 2, 3) * 1000 });
  });
  it('reads date -R', () => {
    expect(parseDateOutput('Sat, 28 Nov 2026 01:02:03 +0100')).toEqual({ zone: '+01:00', ts: Date.UTC(2026, 10, 28, 0, 2, 3) * 1000 });
  });
  it('returns nulls for anything else', () => {
    expect(parseDateOutput('command not found')).toEqual({ zone: null, ts: null });
  });
});

describe('monotonic mapping', () => {
  it('maps dmesg seconds through the boot start and says so', () => {
    const r = makeRecord(1, null, 'monotonic', 131.441276, null, null, 'kernel', null, null, 'x', 'x');
    mapMonotonic(r, Date.UTC(2026, 10, 28) * 1000);
    expect(r.tsKind).toBe('monotonic-mapped');
    expect(isoMicros(r.ts!)).toBe('2026-11-28T00:02:11.441276Z');
  });
  it('leaves records alone without a boot time', () => {
    const r = makeRecord(1, null, 'monotonic', 1, null, null, 'kernel', null, null, 'x', 'x');
    expect(mapMonotonic(r, null).tsKind).toBe('monotonic');
  });
});
