// `journalctl -o json` (one object per line) and `-o json-pretty` (objects over several lines).
// __REALTIME_TIMESTAMP is UTC µs: exact. MESSAGE can be a byte array (non-UTF-8 text) and a field
// repeated within an entry becomes an array.
import type { FormatSpec, LineParser, ParseSink } from './format.ts';
import { makeRecord, WarnLimiter } from './record.ts';
import { JsonLines } from './json-lines.ts';
import { fieldText, journalRecord, JournalEntries } from './journal-fields.ts';

class JournalJsonParser implements LineParser {
  private readonly open: JournalEntries;
  private readonly warn: WarnLimiter;
  private readonly json: JsonLines;
  constructor(sink: ParseSink) {
    this.open = new JournalEntries(sink);
    this.warn = new WarnLimiter(sink);
    this.json = new JsonLines({
      object: (o, first, last, raw) => {
        const rec = journalRecord((k) => fieldText(o[k]), first, last, raw);
        if (rec.ts === null) this.warn.badTime(first, 'journal entry without __REALTIME_TIMESTAMP');
        this.open.push(rec);
      },
      other: (line, lineNo, reason) => {
        if (line.length === 0) return;
        this.warn.unparsed(lineNo, reason ?? 'not a journal JSON entry');
        this.open.push(makeRecord(lineNo, null, 'none', null, null, null, null, null, null, line, line));
      },
    });
  }
  push(line: string, lineNo: number): void { this.json.push(line, lineNo); }
  end(): void { this.json.end(); this.open.end(); this.warn.end(); }
}

export const journalJson: FormatSpec = {
  id: 'journal-json',
  title: 'journalctl -o json / json-pretty',
  pathHints: [/journal[^/]*\.json$/],
  sniff(lines) {
    let n = 0, hit = 0, pretty = false;
    for (const l of lines) {
      if (l.length === 0) continue;
      n++;
      if (/^\{\s*"(?:__CURSOR|__REALTIME_TIMESTAMP|_BOOT_ID|MESSAGE|PRIORITY)"\s*:/.test(l)) hit++;
      else if (/^\s+"__(?:CURSOR|REALTIME_TIMESTAMP|MONOTONIC_TIMESTAMP)"\s*:/.test(l)) pretty = true;
    }
    if (pretty) return 0.9;
    return n === 0 ? 0 : hit / n;
  },
  open: (_time, sink) => new JournalJsonParser(sink),
  samples: [
    { lines: '{ "__CURSOR" : "s=e991dd5775894620914f2f7126aae6c1;i=372a", "__REALTIME_TIMESTAMP" : "1534860261221373", "__MONOTONIC_TIMESTAMP" : "38708007", "_BOOT_ID" : "0dc874d3fbd44bdbb6fbcfaa27481492", "PRIORITY" : "1", "_HOSTNAME" : "imx6ul-medusa", "SYSLOG_IDENTIFIER" : "python", "_PID" : "184", "_COMM" : "python", "_SYSTEMD_UNIT" : "medusa-GpsLocator.service", "MESSAGE" : "GPS Reference longitude: 7.358143333" }', expect: { line: 1, ts: '2018-08-21T14:04:21.221373Z', tsKind: 'exact', mono: 38.708007, severity: 1, host: 'imx6ul-medusa', ident: 'python', pid: 184, bootId: '0dc874d3fbd44bdbb6fbcfaa27481492', message: 'GPS Reference longitude: 7.358143333', fields: { _SYSTEMD_UNIT: 'medusa-GpsLocator.service', _COMM: 'python' } } },
    { lines: '{\n\t"__REALTIME_TIMESTAMP" : "1764291723000000",\n\t"_TRANSPORT" : "kernel",\n\t"MESSAGE" : [ 104, 105 ]\n}', expect: { line: 1, endLine: 5, ts: '2025-11-28T01:02:03.000000Z', ident: 'kernel', message: 'hi' } },
  ],
};
