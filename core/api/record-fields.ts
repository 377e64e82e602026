// A record's structured fields (klog key="value" tails, JSON keys, logfmt pairs) are not stored:
// they repeat the record's own text (etcd's JSON lines would be stored twice, ~15 % of a case).
// The detail view re-parses the one record's raw text with its source's format and time facts.
import { createSourceParser } from '../../parsers/source.ts';
import type { FormatId, LogRecord, TimeContext } from '../../parsers/types.ts';

export function fieldsOf(raw: string, path: string, format: FormatId, time: TimeContext | null): Record<string, string> {
  let first: LogRecord | null = null;
  try {
    const p = createSourceParser({ path, format, time: time ?? { year: new Date().getUTCFullYear(), refTs: null, zone: null, bootTs: null } },
      { record: (r) => { first ??= r; }, warn: () => {} });
    p.write(Buffer.from(`${raw}\n`));
    p.end();
  } catch { return {}; }
  return (first as LogRecord | null)?.fields ?? {};
}
