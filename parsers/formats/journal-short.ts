// journalctl's text output, every -o short* variant, with its `-- Boot <id> --`, `-- Reboot --`,
// `-- Logs begin at … --` and `-- No entries --` markers (sos: sos_commands/logs/journalctl_*).
import type { FormatSpec } from './format.ts';
import { SyslogLikeParser, syslogEvidence } from './syslog-line.ts';

export const journalShort: FormatSpec = {
  id: 'journal-short',
  title: 'journalctl text (short, short-iso, short-precise, short-full, short-monotonic, short-unix)',
  pathHints: [/journalctl[^/]*$/, /_service\.log$/, /(?:^|\/)host_service_logs\//, /(?:^|\/)journal[^/]*\.(?:txt|log)$/, /sos_commands\/logs\//, /(?:^|\/)(?:kubelet|crio|containerd|docker|etcd)\.(?:journal\.)?txt$/],
  sniff(lines) {
    const e = syslogEvidence(lines);
    if (e.lines === 0) return 0;
    return (e.hits / e.lines) * (e.syslog > e.journal ? 0.4 : 1);
  },
  open: (time, sink) => new SyslogLikeParser(time, sink),
  samples: [
    { lines: 'Jun 08 11:45:16 ip-10-8-4-150.eu-west-1.compute.internal kernel: XFS (xvdb): Log I/O Error Detected.  Shutting down filesystem', time: { year: 2017 }, expect: { line: 1, ts: '2017-06-08T11:45:16.000000Z', tsKind: 'year-inferred', host: 'ip-10-8-4-150.eu-west-1.compute.internal', ident: 'kernel', message: 'XFS (xvdb): Log I/O Error Detected.  Shutting down filesystem' } },
    { lines: 'Mar 13 16:02:43 vk-prod4-node-v18-w3fz kubelet[1450]: I0313 16:02:43.934473    1450 kubelet.go:1778] skipping pod synchronization - [PLEG is not healthy: pleg was last seen active 3m5.30015447s ago; threshold is 3m0s]', time: { year: 2019 }, expect: { ts: '2019-03-13T16:02:43.000000Z', ident: 'kubelet', pid: 1450, severity: 6 } },
    { lines: '-- Logs begin at Tue 2019-10-22 05:04:03 EDT, end at Tue 2019-10-22 05:17:25 EDT. --\nOct 22 05:17:19 localhost.localdomain systemd[1]: kubelet.service: Failed with result \'exit-code\'.', time: { year: 2026 }, expect: { line: 2, ts: '2019-10-22T09:17:19.000000Z', tsKind: 'year-inferred', ident: 'systemd', pid: 1, message: 'kubelet.service: Failed with result \'exit-code\'.' } },
    { lines: '-- Boot 2c6ec6e4e5b44e4c8c5ea75e9fe1ee2e --\nNov 28 01:02:03 node1 kernel: Linux version 5.14.0-284.el9.x86_64', time: { year: 2026 }, expect: { line: 1, bootId: '2c6ec6e4e5b44e4c8c5ea75e9fe1ee2e', ts: '2026-11-28T01:02:03.000000Z', fields: { marker: 'boot' } } },
    { lines: 'Mar 13 17:21:30 big-nuc k3s[4240]: {"level":"warn","ts":"2022-03-13T17:21:30.783-0700","caller":"etcdserver/util.go:123","msg":"failed to apply request","took":"10.558µs","error":"etcdserver: no space"}', time: { year: 2022 }, expect: { ts: '2022-03-14T00:21:30.783000Z', tsKind: 'exact', severity: 4, ident: 'k3s', pid: 4240, message: 'failed to apply request', fields: { level: 'warn', ts: '2022-03-13T17:21:30.783-0700', caller: 'etcdserver/util.go:123', took: '10.558µs', error: 'etcdserver: no space' } } },
    { lines: '2026-11-28T01:02:03+0100 node1 kubelet[900]: I1128 01:02:03.000001     900 server.go:417] "Kubelet version" kubeletVersion="v1.29.1"', expect: { ts: '2026-11-28T00:02:03.000000Z', tsKind: 'exact', ident: 'kubelet', pid: 900, severity: 6 } },
    { lines: 'Sat 2026-11-28 01:02:03 CET node1 crio[700]: time="2026-11-28 01:02:03.1" level=info msg="Started container"', expect: { ts: '2026-11-28T00:02:03.000000Z', tsKind: 'zone-inferred', ident: 'crio', pid: 700 } },
    { lines: '1764291723.123456 node1 systemd[1]: Reached target Multi-User System.', expect: { ts: '2025-11-28T01:02:03.123456Z', tsKind: 'exact', ident: 'systemd' } },
    { lines: '[   12.345678] node1 systemd[1]: Reached target Multi-User System.', expect: { ts: null, tsKind: 'monotonic', mono: 12.345678, host: 'node1', ident: 'systemd', pid: 1 } },
    { lines: 'Nov 28 01:02:03 node1 kubelet[900]: panic: runtime error: invalid memory address or nil pointer dereference\nNov 28 01:02:03 node1 kubelet[900]: goroutine 1 [running]:\nNov 28 01:02:03 node1 kubelet[900]: k8s.io/kubernetes/pkg/kubelet.(*Kubelet).syncLoop(0xc000a1c000)\nNov 28 01:02:03 node1 kubelet[900]:         /workspace/pkg/kubelet/kubelet.go:2040 +0x2f\nNov 28 01:02:04 node1 systemd[1]: kubelet.service: Main process exited, code=exited, status=2/INVALIDARGUMENT', time: { year: 2026 }, expect: { line: 1, endLine: 4, ident: 'kubelet' } },
  ],
};
