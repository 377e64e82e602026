// Shared by the parser tests: run a format over text, compare records with readable expectations.
import type { LogRecord, TimeContext, Warning } from '../types.ts';
import type { FormatSpec, FormatSample } from './format.ts';
import { isoMicros } from '../time/zone.ts';
import { recordFields } from './inner.ts';

export const BASE_TIME: TimeContext = { year: 2026, refTs: null, zone: null, bootTs: null };

export function runFormat(spec: FormatSpec, text: string, time: Partial<TimeContext> = {}): { records: LogRecord[]; warnings: Omit<Warning, 'file'>[] } {
  const records: LogRecord[] = [];
  const warnings: Omit<Warning, 'file'>[] = [];
  const p = spec.open({ ...BASE_TIME, ...time }, { record: (r) => { records.push(r); }, warn: (w) => { warnings.push(w); } });
  const lines = text.split('\n');
  lines.forEach((l, i) => p.push(l, i + 1));
  p.end();
  // Every format's records keep LogRecord.messageAt's promise (storing them relies on it).
  for (const r of records) if (r.messageAt !== undefined && r.messageAt >= 0 && r.raw.slice(r.messageAt) !== r.message) {
    throw new Error(`line ${r.line}: messageAt ${r.messageAt} but the message is not the raw text's end: ${JSON.stringify(r)}`);
  }
  return { records, warnings };
}

/** The record's values for the keys a sample names (ts as ISO text), to compare with toEqual. */
export function pick(rec: LogRecord, expect: FormatSample['expect']): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(expect)) {
    if (k === 'ts') out.ts = rec.ts === null ? null : isoMicros(rec.ts);
    else if (k === 'fields') {
      const want = expect.fields!;
      const f: Record<string, string | undefined> = {};
      const fields = recordFields(rec); // as readers read them: JSON fields may be left unparsed
      for (const fk of Object.keys(want)) f[fk] = fields?.[fk];
      out.fields = f;
    } else out[k] = (rec as unknown as Record<string, unknown>)[k];
  }
  return out;
}
