// Lines of the shape `<stamp> <host> <ident>[<pid>]: <message>`, shared by syslog files and
// journalctl's text output, which differ in their stamps and in journalctl's `-- … --` markers.
// Stamps: RFC 3164 `Nov 28 01:02:03` (+ rsyslog's fractional seconds, journalctl short-precise),
// year-first ISO `2026-11-28T01:02:03.123456+00:00` (rsyslog FileFormat, short-iso), RFC 5424
// `<34>1 2026-…Z host app procid msgid [sd] msg`, short-full `Tue 2019-10-22 05:17:19 EDT`,
// short-unix `1764291723.123456`, short-monotonic `[12345.678901]`.
// Kernel lines (ident `kernel`) go through the kernel report grouping; their `[secs]` prefix
// (rsyslog's imklog, old klogd) is taken off the message and kept as `mono`.
import type { LineParser, ParseSink } from './format.ts';
import type { LogRecord, Severity, TimeContext, TsKind } from '../types.ts';
import { BsdReader, IsoReader, readMono } from './stamp.ts';
import { makeRecord, OpenRecord, WarnLimiter, digits } from './record.ts';
import { KernelBlocks } from './kernel-blocks.ts';
import { joinsKernelReport } from './kernel-line.ts';
import { innerJson, klogSeverity } from './inner.ts';
import { ZONE_ABBREVIATIONS, formatOffset, wallToUtcMicros } from '../time/zone.ts';
import { yearRule } from '../time/year.ts';

/** Go panics and stack dumps printed line by line by a service continue its last record:
 *  `goroutine 1 [running]:`, frames `pkg.(*T).f(0x1, 0x2)`, tab-indented file:line, `created by`.
 *  Plain string tests, no backtracking regex: this runs on every repeated-ident line. */
function isGoStackLine(msg: string): boolean {
  if (msg.length === 0) return true;
  const c = msg.charCodeAt(0);
  if (c === 9 || c === 32) return true;
  if (msg.startsWith('goroutine ') || msg.startsWith('created by ') || msg.startsWith('[signal ') || msg.startsWith('exit status ')) return true;
  if (msg.charCodeAt(msg.length - 1) !== 41) return false; // frame lines end with ')'
  const open = msg.lastIndexOf('(');
  const sp = msg.indexOf(' ');
  return open > 0 && (sp < 0 || sp > open) && msg.indexOf('.') > 0 && msg.indexOf('.') < open;
}

const MARKER_BOOT = /^-- Boot ([0-9a-f]{32}) --$/;
const MARKER_RANGE = /^-- (?:Logs begin at|Journal begins at) \w{3} (\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d) ([A-Za-z]+|[+-]\d{2,4}), (?:end at|ends at) \w{3} (\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d) ([A-Za-z]+|[+-]\d{2,4})\. --$/;

export class SyslogLikeParser implements LineParser {
  private readonly open: OpenRecord;
  private readonly blocks = new KernelBlocks();
  private bsd: BsdReader;
  private readonly iso: IsoReader;
  private readonly warn: WarnLimiter;
  private readonly monoEnd = { end: 0 };
  private bootId: string | null = null;
  private marker: LogRecord | null = null;
  private zone: string | null;

  constructor(private readonly time: TimeContext, private readonly sink: ParseSink) {
    this.open = new OpenRecord(sink);
    this.bsd = new BsdReader(time);
    this.iso = new IsoReader(time.zone);
    this.warn = new WarnLimiter(sink);
    this.zone = time.zone;
  }

  push(line: string, lineNo: number): void {
    let p = 0;
    let c = line.charCodeAt(0);
    let severity: Severity | null = null;
    let rfc5424 = false;
    if (c === 45 && line.startsWith('-- ')) { this.markerLine(line, lineNo); return; }
    if (c === 60) { // <PRI>
      const close = line.indexOf('>');
      if (close > 1 && close <= 4) {
        const v = digits(line, 1, close - 1);
        if (v >= 0) {
          severity = (v & 7) as Severity;
          p = close + 1;
          if (line.charCodeAt(p) === 49 && line.charCodeAt(p + 1) === 32) { rfc5424 = true; p += 2; }
          c = line.charCodeAt(p);
        }
      }
    }
    let ts: number | null = null;
    let kind: TsKind = 'none';
    let mono: number | null = null;
    let end = -1;
    if (c === 91) {
      const m = readMono(line, p, this.monoEnd);
      if (m >= 0) {
        mono = m; end = this.monoEnd.end;
        if (this.time.bootTs !== null) { ts = this.time.bootTs + Math.round(m * 1e6); kind = 'monotonic-mapped'; } else kind = 'monotonic';
      }
    } else if (c >= 65 && c <= 122) {
      if (line.charCodeAt(p + 3) === 32 && line.charCodeAt(p + 4) >= 48 && line.charCodeAt(p + 8) === 45) {
        end = this.fullStamp(line, p + 4);
        if (end > 0) { ts = this.fullTs; kind = this.fullKind; }
      } else {
        const s = this.bsd.read(line, p);
        if (s.end > 0) { ts = s.ts; kind = 'year-inferred'; end = s.end; }
      }
    } else if (c >= 48 && c <= 57) {
      if (line.charCodeAt(p + 4) === 45) {
        const s = this.iso.read(line, p);
        if (s.end > 0) { ts = s.ts; kind = s.kind; end = s.end; }
      } else {
        const dot = line.indexOf('.', p);
        const sp = line.indexOf(' ', p);
        if (dot > p && sp > dot && sp - p <= 20) {
          const secs = digits(line, p, dot - p), us = digits(line, dot + 1, sp - dot - 1);
          if (secs >= 0 && us >= 0) { ts = secs * 1_000_000 + us; kind = 'exact'; end = sp; }
        }
      }
    } else if (c === 32 || c === 9) {
      // journalctl indents the further lines of a multi-line message under its first line.
      if (this.open.append(line, line.trimStart(), lineNo)) return;
    }
    if (end < 0 || line.charCodeAt(end) !== 32) { this.unparsed(line, lineNo); return; }
    // host
    const hs = end + 1;
    const he = line.indexOf(' ', hs);
    if (he < 0) { this.unparsed(line, lineNo); return; }
    const host = line.slice(hs, he);
    let ident: string | null = null;
    let pid: number | null = null;
    let q = he + 1;
    if (rfc5424) {
      // APP-NAME PROCID MSGID [SD] MSG, "-" for nil values
      const a = line.indexOf(' ', q);
      const b = a < 0 ? -1 : line.indexOf(' ', a + 1);
      const m = b < 0 ? -1 : line.indexOf(' ', b + 1);
      if (m < 0) { this.unparsed(line, lineNo); return; }
      const app = line.slice(q, a), proc = line.slice(a + 1, b);
      ident = app === '-' ? null : app;
      const pv = Number(proc);
      pid = proc !== '-' && Number.isInteger(pv) ? pv : null;
      q = m + 1;
      if (line.charCodeAt(q) === 45 && line.charCodeAt(q + 1) === 32) q += 2;
      else if (line.charCodeAt(q) === 91) { const sd = line.indexOf('] ', q); q = sd < 0 ? line.length : sd + 2; }
      else if (line.charCodeAt(q) === 45 && q + 1 === line.length) q++;
      if (line.charCodeAt(q) === 0xfeff) q++; // BOM before a UTF-8 MSG
    } else {
      const lim = Math.min(line.length, q + 128);
      for (let i = q; i < lim; i++) {
        const ch = line.charCodeAt(i);
        if (ch === 91) { // ident[pid]:
          const close = line.indexOf(']', i);
          if (close > i && line.charCodeAt(close + 1) === 58) {
            ident = line.slice(q, i);
            const pv = digits(line, i + 1, close - i - 1);
            pid = pv >= 0 && close > i + 1 ? pv : null;
            q = close + 2;
          }
          break;
        }
        if (ch === 58) { // ident:
          const nx = line.charCodeAt(i + 1);
          if (nx === 32 || i + 1 === line.length) { ident = line.slice(q, i); q = i + 1; }
          break;
        }
        if (ch === 32) break;
      }
      if (line.charCodeAt(q) === 32) q++;
    }
    let msg = q === 0 ? line : line.slice(q);
    let fields: Record<string, string> | undefined;
    let fieldsJson: string | undefined;
    if (ident === 'kernel') {
      if (msg.charCodeAt(0) === 91) {
        const m = readMono(msg, 0, this.monoEnd);
        if (m >= 0) { mono = m; msg = msg.slice(this.monoEnd.end + (msg.charCodeAt(this.monoEnd.end) === 32 ? 1 : 0)); }
      }
      this.takeMarker(ts, kind);
      if (!joinsKernelReport(this.blocks, this.open, msg, line, lineNo)) {
        this.open.open(makeRecord(lineNo, ts, kind, mono, severity, host, 'kernel', pid, this.bootId, msg, line, line.length - msg.length));
      }
      return;
    }
    this.blocks.interrupt();
    let msgAt = line.length - msg.length; // msg is the end of the line, cut off it
    const first = msg.charCodeAt(0);
    if (first === 123) {
      const inner = innerJson(msg);
      if (inner) {
        severity = inner.severity ?? severity;
        msg = inner.message;
        msgAt = -1; // not a piece of the line
        fields = inner.fields;
        fieldsJson = inner.fieldsJson;
        if (inner.ts !== null) { ts = inner.ts; kind = 'exact'; }
      }
    } else if (first >= 69 && first <= 87) {
      const sv = klogSeverity(msg);
      if (sv !== null) severity = sv;
    }
    const open = this.open.rec;
    if (open && open.ident === ident && open.pid === pid && open.host === host && isGoStackLine(msg)
      && this.open.append(line, msg, lineNo)) return;
    this.takeMarker(ts, kind);
    const rec = makeRecord(lineNo, ts, kind, mono, severity, host, ident, pid, this.bootId, msg, line, msgAt);
    rec.fields = fields;
    rec.fieldsJson = fieldsJson;
    this.open.open(rec);
  }

  end(): void {
    this.open.flush();
    if (this.marker) { this.sink.record(this.marker); this.marker = null; }
    this.warn.end();
  }

  private unparsed(line: string, lineNo: number): void {
    if (line.length === 0) return;
    this.warn.unparsed(lineNo, 'no syslog/journal stamp');
    this.blocks.interrupt();
    this.takeMarker(null, 'none');
    this.open.open(makeRecord(lineNo, null, 'none', null, null, null, null, null, this.bootId, line, line));
  }

  /** A boot marker takes the time of the first record of its boot. */
  private takeMarker(ts: number | null, kind: TsKind): void {
    const m = this.marker;
    if (!m) return;
    this.marker = null;
    m.ts = ts; m.tsKind = kind;
    this.open.flush();
    this.sink.record(m);
  }

  private markerLine(line: string, lineNo: number): void {
    const boot = MARKER_BOOT.exec(line);
    if (boot || line === '-- Reboot --') {
      this.bootId = boot ? boot[1]! : null;
      this.open.flush();
      this.blocks.interrupt();
      if (this.marker) this.sink.record(this.marker);
      this.marker = makeRecord(lineNo, null, 'none', null, null, null, null, null, this.bootId, line, line);
      this.marker.fields = { marker: boot ? 'boot' : 'reboot' };
      return;
    }
    const range = MARKER_RANGE.exec(line);
    if (range) {
      // The header names the years (and the zone's abbreviation) of the whole capture: better than
      // any guess from the bundle for year-less short stamps.
      let zone = this.zone;
      if (zone === null) {
        const off = /^[+-]/.test(range[14]!) ? null : ZONE_ABBREVIATIONS[range[14]!.toUpperCase()];
        if (off !== undefined && off !== null) zone = off === 0 ? null : formatOffset(off);
      }
      const endTs = wallToUtcMicros(zone, +range[8]!, +range[9]!, +range[10]!, +range[11]!, +range[12]!, +range[13]!);
      const t: TimeContext = { ...this.time, zone, year: +range[8]!, refTs: endTs };
      this.zone = zone;
      this.bsd = new BsdReader(t, zone, yearRule(t));
      return;
    }
    if (line.startsWith('-- No entries --')) return;
    // journalctl --catalog (-x, as some sos versions run it) explains entries in `-- ` lines
    // after them (Subject, Defined-By, Support, the text): they belong to that entry.
    if (this.open.append(line, line.slice(3), lineNo)) return;
    this.unparsed(line, lineNo);
  }

  private fullTs = 0;
  private fullKind: TsKind = 'exact';
  /** short-full: `Tue 2019-10-22 05:17:19 EDT` (weekday already skipped: i is at the year). */
  private fullStamp(line: string, i: number): number {
    const s = this.iso.read(line, i);
    if (s.end < 0 || line.charCodeAt(s.end) !== 32) return -1;
    const ze = line.indexOf(' ', s.end + 1);
    if (ze < 0) return -1;
    const abbr = line.slice(s.end + 1, ze);
    const off = ZONE_ABBREVIATIONS[abbr.toUpperCase()];
    if (this.zone === null && off !== undefined) {
      this.fullTs = s.ts - off * 60_000_000;
      this.fullKind = off === 0 ? 'exact' : 'zone-inferred';
    } else {
      this.fullTs = s.ts;
      this.fullKind = abbr === 'UTC' ? 'exact' : 'zone-inferred';
    }
    return ze;
  }
}

/** Counts for the sniffers of both formats. */
export interface SyslogEvidence { lines: number; hits: number; journal: number; syslog: number }

const BSD_LINE = /^(?:<\d{1,3}>)?[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d(?:\.\d+)? \S+ \S/;
const ISO_LINE = /^(?:<\d{1,3}>)?\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)? \S+ [^\s:[]+(?:\[\d+\])?: /;
const RFC5424_LINE = /^<\d{1,3}>1 \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d) \S+ \S+ \S+ \S+ /;
const FULL_LINE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) \d{4}-\d\d-\d\d \d\d:\d\d:\d\d \S+ \S+ \S/;
const UNIX_LINE = /^\d{9,11}\.\d{6} \S+ \S/;
const MONO_LINE = /^\[\s*\d+\.\d+\] \S+ [^\s:[]+(?:\[\d+\])?: /;
const JOURNAL_MARKER = /^-- (?:Logs begin at|Journal begins at|Boot [0-9a-f]{32} --|Reboot --|No entries --)/;

export function syslogEvidence(lines: readonly string[]): SyslogEvidence {
  const e: SyslogEvidence = { lines: 0, hits: 0, journal: 0, syslog: 0 };
  let markers = 0;
  for (const l of lines) if (JOURNAL_MARKER.test(l)) markers++;
  for (const l of lines) {
    if (l.length === 0) continue;
    e.lines++;
    if (JOURNAL_MARKER.test(l)) { e.hits++; e.journal += 5; continue; }
    if (l.startsWith('-- ') || l === '--') { e.hits++; e.journal += 1; continue; } // --catalog explanations
    if (BSD_LINE.test(l)) {
      e.hits++;
      const off = l.charCodeAt(0) === 60 ? l.indexOf('>') + 1 : 0;
      if (off > 0) e.syslog += 2;
      if (l.charCodeAt(off + 4) === 32) e.syslog += 2; // `Sep  3`: space-padded day, journalctl pads with 0
      else if (l.charCodeAt(off + 4) === 48) e.journal += 2; // `Jun 08`
      if (/^\S+ +\S+ \S+ \S+ kernel: \[\s*\d+\.\d+\]/.test(l)) e.syslog += 2; // klogd's [secs] prefix
      if (/ (?:r?syslogd|syslog-ng)[ :[]/.test(l) || / -- MARK --$/.test(l)) e.syslog += 2;
      continue;
    }
    if (ISO_LINE.test(l) || RFC5424_LINE.test(l)) { e.hits++; e.syslog += 1; continue; }
    if (FULL_LINE.test(l) || UNIX_LINE.test(l)) { e.hits++; e.journal += 2; continue; }
    if (markers > 0 && MONO_LINE.test(l)) { e.hits++; e.journal += 1; continue; }
    if (l.charCodeAt(0) === 32 && e.hits > 0) e.hits++; // continuation of a multi-line journal message
  }
  return e;
}
