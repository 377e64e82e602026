// Syslog files written by rsyslog / syslog-ng / sysklogd: /var/log/messages, syslog, kern.log,
// secure, auth.log. RFC 3164 (year-less), RFC 5424 and rsyslog's year-first ISO FileFormat.
import type { FormatSpec } from './format.ts';
import { SyslogLikeParser, syslogEvidence } from './syslog-line.ts';

export const syslog: FormatSpec = {
  id: 'syslog',
  title: 'Syslog (RFC 3164 / RFC 5424 / ISO)',
  pathHints: [/(?:^|\/)(?:messages|syslog|kern\.log|secure|auth\.log|daemon\.log|cron|maillog|user\.log)(?:[.-][^/]*)?$/],
  sniff(lines) {
    const e = syslogEvidence(lines);
    if (e.lines === 0) return 0;
    const score = e.hits / e.lines;
    // Both formats share the line shape: syslog wins on its own evidence (space-padded days,
    // klogd's [secs] prefix, syslogd's own lines), journalctl on its markers and zero-padded days.
    return score * (e.syslog > e.journal ? 1 : e.journal > 0 ? 0.3 : 0.95);
  },
  open: (time, sink) => new SyslogLikeParser(time, sink),
  samples: [
    { lines: 'Sep  3 07:35:28 engine02 kubelet: E0903 07:35:28.899230   27639 kubelet_node_status.go:391] Error updating node status, will retry', time: { year: 2018 }, expect: { line: 1, ts: '2018-09-03T07:35:28.000000Z', tsKind: 'year-inferred', host: 'engine02', ident: 'kubelet', pid: null, severity: 3, message: 'E0903 07:35:28.899230   27639 kubelet_node_status.go:391] Error updating node status, will retry' } },
    { lines: 'Nov 17 13:16:56 superserver kernel: [11314.654843] ixgbe 0000:08:00.0 eth11: NIC Link is Up 10 Gbps, Flow Control: RX', time: { year: 2016 }, expect: { ts: '2016-11-17T13:16:56.000000Z', mono: 11314.654843, ident: 'kernel', message: 'ixgbe 0000:08:00.0 eth11: NIC Link is Up 10 Gbps, Flow Control: RX' } },
    { lines: 'Jun 18 04:07:06 combo su(pam_unix)[31791]: session closed for user cyrus', time: { year: 2005 }, expect: { ident: 'su(pam_unix)', pid: 31791, message: 'session closed for user cyrus', host: 'combo' } },
    { lines: 'Dec 31 23:59:58.123456 node1 containerd[812]: time="2026-12-31T23:59:58.123Z" level=info msg="x"', time: { year: 2027, refTs: Date.UTC(2027, 0, 1, 0, 10) * 1000 }, expect: { ts: '2026-12-31T23:59:58.123456Z', tsKind: 'year-inferred', ident: 'containerd', pid: 812 } },
    { lines: '2026-11-28T01:02:03.123456+01:00 node1 systemd[1]: Started Kubernetes Kubelet.', expect: { ts: '2026-11-28T00:02:03.123456Z', tsKind: 'exact', host: 'node1', ident: 'systemd', pid: 1, message: 'Started Kubernetes Kubelet.' } },
    { lines: '<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3" eventSource="Application"] An application event log entry', expect: { ts: '2003-10-11T22:14:15.003000Z', tsKind: 'exact', severity: 5, host: 'mymachine.example.com', ident: 'evntslog', pid: null, message: 'An application event log entry' } },
    { lines: 'Jan  5 02:12:02 node kernel: Task in /kubepods.slice killed as a result of limit of /kubepods.slice', time: { year: 2021, zone: 'Asia/Shanghai' }, expect: { ts: '2021-01-04T18:12:02.000000Z', tsKind: 'year-inferred', ident: 'kernel' } },
  ],
};
