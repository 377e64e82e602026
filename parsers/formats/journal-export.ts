// `journalctl -o export`: entries as KEY=value lines separated by a blank line. A field whose value
// is binary or has newlines is written as KEY, newline, a 64-bit little-endian length and the
// raw bytes: read as text here, so we take the length from the UTF-8 we were given and warn
// when it does not add up.
import type { FormatSpec, LineParser, ParseSink } from './format.ts';
import { WarnLimiter, MAX_RECORD_LINES } from './record.ts';
import { journalRecord, JournalEntries } from './journal-fields.ts';

class JournalExportParser implements LineParser {
  private readonly warn: WarnLimiter;
  private fields = new Map<string, string>();
  private raw: string[] = [];
  private first = 0;
  private last = 0;
  private binaryKey: string | null = null;
  private readonly entries: JournalEntries;
  constructor(sink: ParseSink) { this.warn = new WarnLimiter(sink); this.entries = new JournalEntries(sink); }

  push(line: string, lineNo: number): void {
    if (this.binaryKey !== null) {
      // First 8 chars are the length bytes (mangled by UTF-8 decoding when ≥ 0x80): take the rest.
      this.fields.set(this.binaryKey, line.length > 8 ? line.slice(8) : '');
      this.binaryKey = null;
      this.raw.push(line);
      this.last = lineNo;
      return;
    }
    if (line.length === 0) { this.flush(); return; }
    if (this.raw.length === 0) this.first = lineNo;
    if (this.raw.length >= MAX_RECORD_LINES) { this.flush(); this.first = lineNo; }
    this.raw.push(line);
    this.last = lineNo;
    const eq = line.indexOf('=');
    if (eq > 0) { this.fields.set(line.slice(0, eq), line.slice(eq + 1)); return; }
    if (/^[A-Z0-9_]+$/.test(line)) { this.binaryKey = line; return; }
    if (this.fields.size > 0) {
      // The rest of a binary value that contained newlines: append to the last binary field.
      const msg = this.fields.get('MESSAGE');
      if (msg !== undefined) { this.fields.set('MESSAGE', msg + '\n' + line); return; }
    }
    this.warn.unparsed(lineNo, 'not a KEY=value export field');
  }

  private flush(): void {
    if (this.raw.length === 0) return;
    const f = this.fields;
    const rec = journalRecord((k) => f.get(k) ?? null, this.first, this.last, this.raw.join('\n'));
    if (rec.ts === null) this.warn.badTime(this.first, 'journal entry without __REALTIME_TIMESTAMP');
    this.entries.push(rec);
    this.fields = new Map();
    this.raw = [];
  }

  end(): void { this.flush(); this.entries.end(); this.warn.end(); }
}

export const journalExport: FormatSpec = {
  id: 'journal-export',
  title: 'journalctl -o export',
  pathHints: [/\.export$/, /journal[^/]*export/],
  sniff(lines) {
    let n = 0, hit = 0, cursor = false;
    for (const l of lines) {
      if (l.length === 0) continue;
      n++;
      if (/^(?:__CURSOR|__REALTIME_TIMESTAMP|__MONOTONIC_TIMESTAMP|_BOOT_ID|__SEQNUM)=/.test(l)) cursor = true;
      if (/^[A-Z_][A-Z0-9_]*=/.test(l)) hit++;
    }
    return !cursor || n === 0 ? 0 : hit / n;
  },
  open: (_time, sink) => new JournalExportParser(sink),
  samples: [
    { lines: '__REALTIME_TIMESTAMP=1764291723000000\n_TRANSPORT=kernel\nMESSAGE=java invoked oom-killer: gfp_mask=0x6200ca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0\n\n__REALTIME_TIMESTAMP=1764291723000100\n_TRANSPORT=kernel\nMESSAGE=Out of memory: Killed process 4242 (java) total-vm:9000000kB\n\n__REALTIME_TIMESTAMP=1764291724000000\nSYSLOG_IDENTIFIER=kubelet\nMESSAGE=x', expect: { line: 1, endLine: 7, ident: 'kernel', message: 'java invoked oom-killer: gfp_mask=0x6200ca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0\nOut of memory: Killed process 4242 (java) total-vm:9000000kB' } },
    { lines: '__CURSOR=s=739ad463348b4ceca5a9e69c95a3c93f;i=4ece7;b=6c7c6013a8894a8b8b6e6a8f8a8b8c8d;m=139b0e6;t=4f8a8a8a8a8a8;x=3a3c2f4a\n__REALTIME_TIMESTAMP=1764291723123456\n__MONOTONIC_TIMESTAMP=20623590\n_BOOT_ID=6c7c6013a8894a8b8b6e6a8f8a8b8c8d\nPRIORITY=3\n_HOSTNAME=node1\nSYSLOG_IDENTIFIER=kubelet\n_PID=900\n_SYSTEMD_UNIT=kubelet.service\nMESSAGE=E1128 01:02:03.123456     900 kubelet.go:2855] "Container runtime network not ready"\n\n__REALTIME_TIMESTAMP=1764291724000000\nMESSAGE=next', expect: { line: 1, endLine: 10, ts: '2025-11-28T01:02:03.123456Z', tsKind: 'exact', mono: 20.62359, severity: 3, host: 'node1', ident: 'kubelet', pid: 900, bootId: '6c7c6013a8894a8b8b6e6a8f8a8b8c8d', fields: { _SYSTEMD_UNIT: 'kubelet.service' } } },
  ],
};
