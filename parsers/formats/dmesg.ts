// dmesg in all its shapes: `[  123.456789] msg` (seconds since boot), `dmesg -T`
// `[Sat Nov 28 01:02:03 2026] msg` (local wall time, and wrong after suspend: the kernel's
// guess), `--time-format iso` `2026-11-28T01:02:03,123456+01:00 msg` (comma before the fraction),
// `<6>` priority prefixes (dmesg -r / console logs), printk caller ids `[  T123]` / `[  C1]`
// (CONFIG_PRINTK_CALLER), and /dev/kmsg records `6,1234,5678901,-;msg` with ` KEY=value`
// dictionary lines. Pasted excerpts are often indented: leading blanks are skipped.
import type { FormatSpec, LineParser, ParseSink } from './format.ts';
import type { LogRecord, Severity, TimeContext } from '../types.ts';
import { IsoReader, readMono } from './stamp.ts';
import { makeRecord, OpenRecord, WarnLimiter, digits } from './record.ts';
import { KernelBlocks } from './kernel-blocks.ts';
import { joinsKernelReport } from './kernel-line.ts';
import { wallToUtcMicros } from '../time/zone.ts';
import { monthAt } from '../time/year.ts';

const MONO = /^\s*(?:<\d{1,3}>)?\[\s*\d+\.\d+\]/;
const HUMAN = /^\s*(?:<\d{1,3}>)?\[(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}\]/;
const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d,\d{6}[+-]\d\d:\d\d /;
const KMSG = /^\d{1,3},\d+,\d+,[^;]*;/;

export function dmesgSniff(lines: readonly string[]): number {
  let n = 0, hit = 0;
  for (const l of lines) {
    if (l.length === 0) continue;
    n++;
    if (MONO.test(l) || HUMAN.test(l) || ISO.test(l) || KMSG.test(l)) hit++;
    else if (l.charCodeAt(0) === 32 && l.includes('=') && !l.includes(' ', 1)) hit++; // kmsg dictionary line
  }
  return n === 0 ? 0 : hit / n;
}

export class DmesgParser implements LineParser {
  private readonly open: OpenRecord;
  private readonly blocks = new KernelBlocks();
  private readonly iso: IsoReader;
  private readonly warn: WarnLimiter;
  private readonly monoEnd = { end: 0 };
  private humanKey = -1;
  private humanTs = 0;

  constructor(private readonly time: TimeContext, sink: ParseSink) {
    this.open = new OpenRecord(sink);
    this.iso = new IsoReader(time.zone);
    this.warn = new WarnLimiter(sink);
  }

  push(line: string, lineNo: number): void {
    let p = 0;
    let c = line.charCodeAt(0);
    while (c === 32 || c === 9) c = line.charCodeAt(++p);
    let severity: Severity | null = null;
    if (c === 60) { // <N>
      const close = line.indexOf('>', p);
      if (close > p && close - p <= 4) {
        const v = digits(line, p + 1, close - p - 1);
        if (v >= 0) { severity = (v & 7) as Severity; p = close + 1; c = line.charCodeAt(p); }
      }
    }
    let ts: number | null = null;
    let kind: LogRecord['tsKind'] = 'none';
    let mono: number | null = null;
    let caller: string | null = null;
    let stamped = false;
    let kmsgSeq: string | null = null;
    if (c === 91) { // [
      const m = readMono(line, p, this.monoEnd);
      if (m >= 0) {
        mono = m; stamped = true; p = this.monoEnd.end;
        if (this.time.bootTs !== null) { ts = this.time.bootTs + Math.round(m * 1e6); kind = 'monotonic-mapped'; } else kind = 'monotonic';
      } else if (line.length >= p + 26 && line.charCodeAt(p + 25) === 93) {
        const t = this.human(line, p + 1);
        if (t !== null) { ts = t; kind = 'zone-inferred'; stamped = true; p += 26; }
      }
    } else if (c >= 48 && c <= 57) {
      if (line.charCodeAt(p + 4) === 45) {
        const s = this.iso.read(line, p);
        if (s.end > 0) { ts = s.ts; kind = s.kind; stamped = true; p = s.end; }
      } else {
        // /dev/kmsg: prio,seq,usec,flags[,…];message
        const semi = line.indexOf(';', p);
        if (semi > 0 && semi - p < 64) {
          const parts = line.slice(p, semi).split(',');
          if (parts.length >= 3) {
            const pr = Number(parts[0]), usec = Number(parts[2]);
            if (Number.isInteger(pr) && Number.isFinite(usec)) {
              severity = (pr & 7) as Severity;
              mono = usec / 1e6; stamped = true; kmsgSeq = parts[1]!;
              const cl = parts.find((x) => x.startsWith('caller='));
              if (cl) caller = cl.slice(7);
              if (this.time.bootTs !== null) { ts = this.time.bootTs + usec; kind = 'monotonic-mapped'; } else kind = 'monotonic';
              p = semi + 1;
            }
          }
        }
      }
    }
    if (!stamped) { this.unstamped(line, lineNo, p); return; }
    // printk caller id `[  T123]` / `[    C1]` right after the stamp (dmesg puts a blank between
    // them, the raw console does not)
    const q = line.charCodeAt(p) === 32 && line.charCodeAt(p + 1) === 91 ? p + 1 : p;
    if (line.charCodeAt(q) === 91) {
      const close = line.indexOf(']', q);
      if (close > 0 && close - q < 12) {
        const id = line.slice(q + 1, close).trim();
        if (/^[TC]\d+$/.test(id)) { caller = id; p = close + 1; }
      }
    }
    if (line.charCodeAt(p) === 32) p++;
    const msg = line.slice(p);
    if (joinsKernelReport(this.blocks, this.open, msg, line, lineNo)) return;
    const r = makeRecord(lineNo, ts, kind, mono, severity, null, 'kernel', null, null, msg, line);
    if (caller !== null || kmsgSeq !== null) {
      r.fields = {};
      if (caller !== null) r.fields.caller = caller;
      if (kmsgSeq !== null) r.fields.seq = kmsgSeq;
    }
    this.open.open(r);
  }

  /** A line without a stamp: a kmsg dictionary line, part of an open report, a blank, or junk. */
  private unstamped(line: string, lineNo: number, p: number): void {
    const rec = this.open.rec;
    if (rec && line.charCodeAt(0) === 32 && rec.fields?.seq !== undefined) {
      const eq = line.indexOf('=');
      if (eq > 1) { rec.fields[line.slice(1, eq)] = line.slice(eq + 1); rec.raw += '\n' + line; rec.endLine = lineNo; return; }
    }
    const msg = line.slice(p);
    if (msg.length === 0) {
      // A blank line continues a report (panic output has them) and is otherwise dropped.
      if (this.blocks.classify('') === 2) this.open.append(line, '', lineNo);
      return;
    }
    this.warn.unparsed(lineNo, 'no dmesg timestamp');
    if (!joinsKernelReport(this.blocks, this.open, msg, line, lineNo)) {
      this.open.open(makeRecord(lineNo, null, 'none', null, null, null, 'kernel', null, null, msg, line));
    }
  }

  /** `Sat Nov 28 01:02:03 2026` at s[i]: local wall time. */
  private human(s: string, i: number): number | null {
    const mo = monthAt(s, i + 4);
    const d1 = s.charCodeAt(i + 8);
    const d = (d1 === 32 ? 0 : d1 - 48) * 10 + s.charCodeAt(i + 9) - 48;
    const h = digits(s, i + 11, 2), mi = digits(s, i + 14, 2), se = digits(s, i + 17, 2), y = digits(s, i + 20, 4);
    if (mo === 0 || d < 1 || d > 31 || h < 0 || mi < 0 || se < 0 || y < 0) return null;
    // The value depends on these numbers only: keyed by them, not by a slice of the line.
    const key = ((((y * 13 + mo) * 32 + d) * 100 + h) * 100 + mi) * 100 + se;
    if (key !== this.humanKey) {
      this.humanKey = key;
      this.humanTs = wallToUtcMicros(this.time.zone, y, mo, d, h, mi, se);
    }
    return this.humanTs;
  }

  end(): void {
    this.open.flush();
    this.warn.end();
  }
}

export const dmesg: FormatSpec = {
  id: 'dmesg',
  title: 'Kernel ring buffer (dmesg)',
  pathHints: [/(?:^|\/)dmesg(?:[._-][^/]*)?$/, /(?:^|\/)kern(?:el)?\.log/, /sos_commands\/kernel\/dmesg/, /(?:^|\/)boot\.log$/],
  sniff: dmesgSniff,
  open: (time, sink) => new DmesgParser(time, sink),
  samples: [
    { lines: '[  131.441276] ata3.00: exception Emask 0x0 SAct 0x3 SErr 0x0 action 0x0', expect: { line: 1, ts: null, tsKind: 'monotonic', mono: 131.441276, ident: 'kernel', message: 'ata3.00: exception Emask 0x0 SAct 0x3 SErr 0x0 action 0x0' } },
    { lines: '[  131.441276] ata3.00: exception Emask 0x0 SAct 0x3 SErr 0x0 action 0x0', time: { bootTs: Date.UTC(2026, 10, 28) * 1000 }, expect: { ts: '2026-11-28T00:02:11.441276Z', tsKind: 'monotonic-mapped', mono: 131.441276 } },
    { lines: '[Tue Nov 20 22:30:22 2018] nf_conntrack: table full, dropping packet', expect: { ts: '2018-11-20T22:30:22.000000Z', tsKind: 'zone-inferred', mono: null, message: 'nf_conntrack: table full, dropping packet' } },
    { lines: '[Mon Oct  3 13:52:42 2022] EDAC sbridge MC1: HANDLING MCE MEMORY ERROR', time: { zone: 'Europe/Berlin' }, expect: { ts: '2022-10-03T11:52:42.000000Z', tsKind: 'zone-inferred' } },
    { lines: '2024-04-29T14:55:41,679700+02:00 Out of memory: Killed process 1440763 (perl) total-vm:87033376kB', expect: { ts: '2024-04-29T12:55:41.679700Z', tsKind: 'exact', message: 'Out of memory: Killed process 1440763 (perl) total-vm:87033376kB' } },
    { lines: '<4>[  478.588144] NETDEV WATCHDOG: eth0 (igb): transmit queue 0 timed out', expect: { severity: 4, mono: 478.588144, message: 'NETDEV WATCHDOG: eth0 (igb): transmit queue 0 timed out' } },
    { lines: '[    0.000000][    T0] Linux version 6.1.0-13-amd64 (debian-kernel@lists.debian.org)', expect: { mono: 0, message: 'Linux version 6.1.0-13-amd64 (debian-kernel@lists.debian.org)', fields: { caller: 'T0' } } },
    { lines: '6,1234,5678901,-;usb 1-1: new high-speed USB device number 2 using xhci_hcd\n SUBSYSTEM=usb\n DEVICE=c189:1', expect: { severity: 6, mono: 5.678901, endLine: 3, message: 'usb 1-1: new high-speed USB device number 2 using xhci_hcd', fields: { seq: '1234', SUBSYSTEM: 'usb', DEVICE: 'c189:1' } } },
    { lines: '    [  543.674222] sd 0:0:0:0: [sda] FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_SENSE', expect: { mono: 543.674222, message: 'sd 0:0:0:0: [sda] FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_SENSE' } },
    {
      lines: '[450528.013688] INFO: task dockerd:1810 blocked for more than 328 seconds.\n[450528.020856]       Not tainted 5.4.89+ #1\n[450528.025015] "echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.\n[450528.033219] dockerd         D    0  1810      1 0x00004080\n[450528.039468] Call Trace:\n[450528.042271]  __schedule+0x47d/0x600\n[450528.099192] RIP: 0033:0x55fba375d700\n[450528.103004] Code: Bad RIP value.\n[450530.000000] eth0: link up',
      expect: { line: 1, endLine: 8, mono: 450528.013688, tsKind: 'monotonic' },
    },
  ],
};
