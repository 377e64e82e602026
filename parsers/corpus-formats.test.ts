// The real-log corpus (../shared/corpus, written by others, never copied here): each file's format
// must be detected as listed (on ≥ 95 % of files; the table is printed), and each listed event's
// line must lie in a record carrying the listed time, read as written in the file's own zone.
// For a line inside a multi-line record (the `Killed process` line of an OOM report) the record's
// time is its first line's: the line's own stamp is then checked by parsing it alone.
import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseFile } from './source.ts';
import { corpusFormatName } from './formats/corpus-names.ts';
import { getFormat } from './formats/index.ts';
import { monthAt } from './time/year.ts';
import { isoMicros } from './time/zone.ts';
import type { LogRecord, TimeContext } from './types.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const corpus = path.resolve(repoRoot, '../shared/corpus');
const present = existsSync(path.join(corpus, 'expected.json'));

interface ExpectedEvent { type: string; line: number; timestamp?: string | null; timestamp_kind?: string }
interface ExpectedFile { file: string; format: string; events?: ExpectedEvent[] }

type Want = { mono: number } | { utc: number } | { md: [number, number, number, number, number] } | null;

/** The listed timestamp as something to compare with a record. */
function want(e: ExpectedEvent): Want {
  const t = e.timestamp;
  if (t === undefined || t === null) return null;
  if (e.timestamp_kind === 'monotonic-seconds') return { mono: Number(t) };
  const bsd = /^([A-Z][a-z]{2}) +(\d{1,2}) (\d\d):(\d\d):(\d\d)$/.exec(t);
  if (bsd) return { md: [monthAt(bsd[1]!, 0), +bsd[2]!, +bsd[3]!, +bsd[4]!, +bsd[5]!] };
  const iso = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d+))?(Z|[+-]\d\d:?\d\d)?$/.exec(t);
  if (!iso) throw new Error(`unreadable expected timestamp ${t}`);
  const us = Number((iso[7] ?? '').padEnd(6, '0').slice(0, 6));
  let utc = Date.UTC(+iso[1]!, +iso[2]! - 1, +iso[3]!, +iso[4]!, +iso[5]!, +iso[6]!) * 1000 + us;
  const off = iso[8];
  if (off && off !== 'Z') {
    const m = /([+-])(\d\d):?(\d\d)/.exec(off)!;
    utc -= (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000_000;
  }
  return { utc }; // no offset ('wallclock-no-tz'): the file's own zone, i.e. the UTC we parse with
}

function matches(rec: LogRecord, w: Want): boolean {
  if (w === null) return rec.ts === null;
  if ('mono' in w) return rec.mono === w.mono;
  if (rec.ts === null) return false;
  if ('utc' in w) return rec.ts === w.utc;
  const d = new Date(rec.ts / 1000);
  return [d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()].every((v, i) => v === w.md[i]);
}

function describeRec(r: LogRecord): string {
  return `lines ${r.line}-${r.endLine} ts=${r.ts === null ? 'null' : isoMicros(r.ts)} mono=${r.mono} kind=${r.tsKind}`;
}

describe.skipIf(!present)('real-log corpus', () => {
  if (!present) { console.log(`corpus not found at ${corpus}: skipped`); return; }
  const files = JSON.parse(readFileSync(path.join(corpus, 'expected.json'), 'utf8')) as ExpectedFile[];

  /** The file's context: the year its listed events carry (the bundle would give it), zone UTC. */
  const timeFor = (f: ExpectedFile): TimeContext => {
    const y = (f.events ?? []).map((e) => /^(\d{4})-/.exec(e.timestamp ?? '')?.[1]).find((x) => x !== undefined);
    return { year: y ? Number(y) : 2026, refTs: null, zone: null, bootTs: null };
  };

  it('detects the listed format on at least 95 % of files', async () => {
    const rows: string[] = [];
    let ok = 0;
    for (const f of files) {
      const r = await parseFile(path.join(corpus, f.file), { time: timeFor(f) });
      const got = corpusFormatName(r.format);
      const good = got === f.format;
      if (good) ok++;
      rows.push(`${good ? 'ok  ' : 'MISS'} ${f.format.padEnd(14)} ${r.format.padEnd(14)} ${r.confidence.toFixed(2)} ${f.file}`);
    }
    console.log(`expected       detected       conf file\n${rows.join('\n')}\n${ok}/${files.length} detected as listed`);
    expect(ok / files.length).toBeGreaterThanOrEqual(0.95);
  });

  for (const f of files) {
    if (!f.events || f.events.length === 0) continue;
    it(`${f.file}: events lie in records with the listed time`, async () => {
      const time = timeFor(f);
      const r = await parseFile(path.join(corpus, f.file), { time });
      const lines = readFileSync(path.join(corpus, f.file), 'utf8').split('\n');
      for (const e of f.events!) {
        const rec = r.records.find((x) => x.line <= e.line && e.line <= x.endLine);
        expect(rec, `${e.type} at line ${e.line}: no record holds it`).toBeDefined();
        const w = want(e);
        let check = rec!;
        if (rec!.line !== e.line && w !== null) {
          // Inside a multi-line record: the line's own stamp, parsed alone.
          const one: LogRecord[] = [];
          const p = getFormat(r.format).open(time, { record: (x) => { one.push(x); }, warn: () => {} });
          p.push(lines[e.line - 1]!.replace(/\r$/, ''), e.line);
          p.end();
          check = one[0]!;
        }
        expect(matches(check, w), `${e.type} at line ${e.line} (${e.timestamp}): ${describeRec(check)}`).toBe(true);
      }
    });
  }
});
