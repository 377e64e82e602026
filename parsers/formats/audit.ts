// auditd's audit.log: `type=SYSCALL msg=audit(1481076984.827:17): arch=… pid=391 comm="modprobe"`,
// optionally after `node=<host> `. One event is several lines sharing the serial after the colon
// (SYSCALL, EXECVE, CWD, PATH…, PROCTITLE, EOE): consecutive lines with one serial are one record.
// Serials restart when auditd starts (early-boot events were numbered by the kernel), so a serial
// only groups neighbours. The stamp is epoch seconds: exact.
import type { FormatSpec, LineParser, ParseSink } from './format.ts';
import { makeRecord, OpenRecord, WarnLimiter, digits } from './record.ts';
import { parseKv } from './kv.ts';

const SHAPE = /^(?:node=\S+ )?type=\w+ msg=audit\(\d+\.\d+:\d+\): /;

class AuditParser implements LineParser {
  private readonly open: OpenRecord;
  private readonly warn: WarnLimiter;
  private serial = '';
  constructor(sink: ParseSink) { this.open = new OpenRecord(sink); this.warn = new WarnLimiter(sink); }

  push(line: string, lineNo: number): void {
    let p = 0;
    let host: string | null = null;
    if (line.startsWith('node=')) { const sp = line.indexOf(' '); if (sp > 0) { host = line.slice(5, sp); p = sp + 1; } }
    const a = line.indexOf(' msg=audit(', p);
    if (!line.startsWith('type=', p) || a < 0) { this.junk(line, lineNo); return; }
    const type = line.slice(p + 5, a);
    const colon = line.indexOf(':', a + 11);
    const close = line.indexOf(')', colon);
    const dot = line.indexOf('.', a + 11);
    if (colon < 0 || close < 0 || dot < 0 || dot > colon) { this.junk(line, lineNo); return; }
    const secs = digits(line, a + 11, dot - a - 11);
    const ms = digits(line, dot + 1, Math.min(6, colon - dot - 1));
    if (secs < 0 || ms < 0) { this.junk(line, lineNo); return; }
    const fracLen = Math.min(6, colon - dot - 1);
    const ts = secs * 1_000_000 + ms * 10 ** (6 - fracLen);
    const serial = line.slice(colon + 1, close);
    const body = line.slice(close + 2 < line.length ? close + 3 : line.length);
    const msg = `${type} ${body}`;
    if (serial === this.serial && this.open.rec && this.open.append(line, msg, lineNo)) {
      if (type === 'EOE') this.serial = '';
      return;
    }
    this.serial = type === 'EOE' ? '' : serial;
    const rec = makeRecord(lineNo, ts, 'exact', null, null, host, 'audit', null, null, msg, line);
    const fields: Record<string, string> = {};
    parseKv(body, 0, fields);
    fields.type = type;
    fields.serial = serial;
    const pid = fields.pid !== undefined ? Number(fields.pid) : NaN;
    if (Number.isInteger(pid)) rec.pid = pid;
    rec.fields = fields;
    this.open.open(rec);
  }

  private junk(line: string, lineNo: number): void {
    if (line.length === 0) return;
    this.warn.unparsed(lineNo, 'not an audit record');
    this.serial = '';
    this.open.open(makeRecord(lineNo, null, 'none', null, null, null, null, null, null, line, line));
  }

  end(): void { this.open.flush(); this.warn.end(); }
}

export const audit: FormatSpec = {
  id: 'audit',
  title: 'auditd audit.log',
  pathHints: [/(?:^|\/)audit\.log(?:\.\d+)?$/, /\/audit\//],
  sniff(lines) {
    let n = 0, hit = 0;
    for (const l of lines) { if (l.length === 0) continue; n++; if (SHAPE.test(l)) hit++; }
    return n === 0 ? 0 : hit / n;
  },
  open: (_time, sink) => new AuditParser(sink),
  samples: [
    { lines: 'type=SYSTEM_BOOT msg=audit(1481076983.876:7): pid=273 uid=0 auid=4294967295 ses=4294967295 subj=system_u:system_r:init_t:s0 msg=\' comm="systemd-update-utmp" exe="/usr/lib/systemd/systemd-update-utmp" hostname=? addr=? terminal=? res=success\'', expect: { line: 1, ts: '2016-12-07T02:16:23.876000Z', tsKind: 'exact', ident: 'audit', pid: 273 } },
    { lines: 'type=NETFILTER_CFG msg=audit(1481076984.827:17): table=filter family=2 entries=0\ntype=SYSCALL msg=audit(1481076984.827:17): arch=c000003e syscall=313 success=yes exit=0 a0=0 ppid=390 pid=391 comm="modprobe"\ntype=SERVICE_START msg=audit(1481076984.900:18): pid=1 uid=0 msg=\'unit=kubelet comm="systemd" res=success\'', expect: { line: 1, endLine: 2, message: 'NETFILTER_CFG table=filter family=2 entries=0\nSYSCALL arch=c000003e syscall=313 success=yes exit=0 a0=0 ppid=390 pid=391 comm="modprobe"', fields: { table: 'filter', family: '2', entries: '0', type: 'NETFILTER_CFG', serial: '17' } } },
    { lines: 'node=worker-1 type=SERVICE_STOP msg=audit(1764291723.001:555): pid=1 uid=0 auid=4294967295 ses=4294967295 msg=\'unit=kubelet comm="systemd" exe="/usr/lib/systemd/systemd" hostname=? addr=? terminal=? res=failed\'', expect: { host: 'worker-1', ts: '2025-11-28T01:02:03.001000Z' } },
  ],
};
