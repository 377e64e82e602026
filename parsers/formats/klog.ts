// Kubernetes klog / glog: `I0313 16:02:43.934473    1450 kubelet.go:1778] msg` (kubelet,
// kube-proxy, apiserver files in /var/log). The stamp has neither year nor zone (local time of
// the process). Thread ids vary in width. Since 1.19 messages may be structured:
// `"Eviction manager: attempting to reclaim" resourceName="ephemeral-storage"` → fields.
// Lines without a header (Go panics, goroutine dumps, multi-line messages) continue the record.
import type { FormatSpec, LineParser, ParseSink } from './format.ts';
import type { TimeContext } from '../types.ts';
import { makeRecord, OpenRecord, WarnLimiter, digits, micros, scanned, severityFromLetter } from './record.ts';
import { parseKv } from './kv.ts';
import { WallDays } from '../time/zone.ts';
import { yearRule, type YearRule } from '../time/year.ts';

const HEADER = /^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d{6}\s+\d+ [^ \]]+:\d+\] /;

class KlogParser implements LineParser {
  private readonly open: OpenRecord;
  private readonly years: YearRule;
  private readonly warn: WarnLimiter;
  private lastKey = -1; // month, day and time of the last header packed in one number
  private lastTs = 0;
  private readonly days = new WallDays();
  constructor(private readonly time: TimeContext, sink: ParseSink) {
    this.open = new OpenRecord(sink);
    this.years = yearRule(time);
    this.warn = new WarnLimiter(sink);
  }

  push(line: string, lineNo: number): void {
    const sev = severityFromLetter(line.charCodeAt(0));
    if (sev === null || line.length < 24 || line.charCodeAt(5) !== 32 || line.charCodeAt(14) !== 46) { this.continuation(line, lineNo); return; }
    // Read as numbers each time: cheaper than comparing a cached slice of the line.
    const mo = digits(line, 1, 2), d = digits(line, 3, 2), h = digits(line, 6, 2), mi = digits(line, 9, 2), s = digits(line, 12, 2);
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || mi < 0 || s < 0) { this.continuation(line, lineNo); return; }
    const key = (((mo * 32 + d) * 100 + h) * 100 + mi) * 100 + s; // h, mi, s are two digits: ≤ 99
    let base: number;
    if (key === this.lastKey) base = this.lastTs;
    else {
      base = this.days.utcMicros(this.time.zone, this.years.yearFor(mo, d), mo, d, h, mi, s);
      this.lastKey = key;
      this.lastTs = base;
    }
    const us = micros(line, 15);
    let p = scanned.end;
    while (line.charCodeAt(p) === 32) p++;
    const ts = p;
    while (line.charCodeAt(p) >= 48 && line.charCodeAt(p) <= 57) p++;
    const pid = p > ts ? digits(line, ts, p - ts) : -1;
    const close = line.indexOf('] ', p);
    if (close < 0 || close - p > 200) { this.continuation(line, lineNo); return; }
    const caller = line.slice(p + 1, close);
    const msg = line.slice(close + 2);
    const rec = makeRecord(lineNo, base + us, 'year-inferred', null, sev, null, null, pid >= 0 ? pid : null, null, msg, line);
    const fields: Record<string, string> = { caller };
    if (msg.charCodeAt(0) === 34) { // structured: "msg" k=v …
      const q = msg.indexOf('" ', 1);
      if (q > 0) parseKv(msg, q + 2, fields);
    }
    rec.fields = fields;
    this.open.open(rec);
  }

  private continuation(line: string, lineNo: number): void {
    if (this.open.append(line, line, lineNo)) return;
    if (line.length === 0) return;
    if (!this.open.rec) this.warn.unparsed(lineNo, 'no klog header');
    this.open.open(makeRecord(lineNo, null, 'none', null, null, null, null, null, null, line, line));
  }

  end(): void { this.open.flush(); this.warn.end(); }
}

export const klog: FormatSpec = {
  id: 'klog',
  title: 'Kubernetes klog / glog',
  pathHints: [/(?:^|\/)(?:kubelet|kube-proxy|kube-apiserver|kube-controller-manager|kube-scheduler|cloud-controller-manager)[^/]*\.log(?:\.\d+)?$/, /\.(?:INFO|WARNING|ERROR|FATAL)(?:\.|$)/],
  sniff(lines) {
    let n = 0, hit = 0;
    for (const l of lines) { if (l.length === 0) continue; n++; if (HEADER.test(l)) hit++; }
    // Go stack lines after a header are part of its records: do not count them against klog.
    return n === 0 || hit === 0 ? 0 : Math.min(1, (hit / n) * 1.5);
  },
  open: (time, sink) => new KlogParser(time, sink),
  samples: [
    { lines: 'E0517 15:04:22.619632 1952452992 logging_unittest.cc:253] Log every 3, iteration 19', time: { year: 2015 }, expect: { line: 1, ts: '2015-05-17T15:04:22.619632Z', tsKind: 'year-inferred', severity: 3, pid: 1952452992, message: 'Log every 3, iteration 19', fields: { caller: 'logging_unittest.cc:253' } } },
    { lines: 'I0617 16:18:42.080925 3814777 eviction_manager.go:381] "Eviction manager: attempting to reclaim" resourceName="ephemeral-storage"', time: { year: 2025 }, expect: { severity: 6, pid: 3814777, message: '"Eviction manager: attempting to reclaim" resourceName="ephemeral-storage"', fields: { caller: 'eviction_manager.go:381', resourceName: 'ephemeral-storage' } } },
    { lines: 'W1128 01:02:03.000001       7 reflector.go:535] failed to list *v1.Node', time: { year: 2026, zone: '+02:00' }, expect: { ts: '2026-11-27T23:02:03.000001Z', severity: 4 } },
    { lines: 'F1128 01:02:03.000001    4242 server.go:100] failed to run Kubelet: unable to load bootstrap kubeconfig\ngoroutine 1 [running]:\nk8s.io/klog/v2.stacks(0x1)\n\t/workspace/vendor/k8s.io/klog/v2/klog.go:1026 +0x8a', time: { year: 2026 }, expect: { line: 1, endLine: 4, severity: 2, pid: 4242 } },
  ],
};
