// Variants and malformed input per format, beyond each format's own samples.
import { describe, expect, it } from 'vitest';
import { dmesg } from './dmesg.ts';
import { journalShort } from './journal-short.ts';
import { syslog } from './syslog.ts';
import { klog } from './klog.ts';
import { cri } from './cri.ts';
import { audit } from './audit.ts';
import { etcdJson } from './etcd-json.ts';
import { journalJson } from './journal-json.ts';
import { logfmt } from './logfmt.ts';
import { capnslog } from './capnslog.ts';
import { k8sEvents } from './k8s-events.ts';
import { FORMATS } from './index.ts';
import { runFormat } from './test-helpers.ts';
import { isoMicros } from '../time/zone.ts';

const iso = (ts: number | null) => (ts === null ? null : isoMicros(ts));

describe('journal-short', () => {
  it('carries boot ids from markers to the records after them, and a reboot clears it', () => {
    const { records } = runFormat(journalShort, [
      '-- Boot 11111111111111111111111111111111 --',
      'Nov 28 01:00:00 n1 kernel: Linux version 5.14.0',
      'Nov 28 01:00:01 n1 systemd[1]: Started x.',
      '-- Reboot --',
      'Nov 28 02:00:00 n1 kernel: Linux version 5.14.0',
      '-- No entries --',
    ].join('\n'));
    expect(records.map((r) => [r.line, r.bootId, r.fields?.marker ?? null])).toEqual([
      [1, '11111111111111111111111111111111', 'boot'], [2, '11111111111111111111111111111111', null], [3, '11111111111111111111111111111111', null],
      [4, null, 'reboot'], [5, null, null],
    ]);
    expect(iso(records[3]!.ts)).toBe('2026-11-28T02:00:00.000000Z'); // the marker takes its boot's first time
  });

  it('journalctl --catalog explanations join the entry they explain', () => {
    const text = [
      'Nov 28 01:02:03 n1 systemd[1]: kubelet.service: Failed with result \'exit-code\'.',
      '-- Subject: Unit failed',
      '-- Defined-By: systemd',
      '-- Support: https://access.redhat.com/support',
      '-- ',
      '-- The unit kubelet.service has entered the \'failed\' state with result \'exit-code\'.',
      'Nov 28 01:02:04 n1 systemd[1]: Stopped kubelet.',
    ].join('\n');
    const { records, warnings } = runFormat(journalShort, text);
    expect(records.map((r) => [r.line, r.endLine])).toEqual([[1, 6], [7, 7]]);
    expect(warnings).toEqual([]);
    expect(journalShort.sniff(text.split('\n'))).toBe(1);
  });

  it('short-precise stamps keep their microseconds', () => {
    const { records } = runFormat(journalShort, 'Nov 28 01:02:03.123456 n1 systemd[1]: Started x.');
    expect(iso(records[0]!.ts)).toBe('2026-11-28T01:02:03.123456Z');
  });

  it('a multi-line message (indented continuation lines) is one record', () => {
    const { records } = runFormat(journalShort, 'Nov 28 01:02:03 n1 app[5]: first\n                                  second\nNov 28 01:02:04 n1 app[5]: next');
    expect(records.map((r) => [r.line, r.endLine])).toEqual([[1, 2], [3, 3]]);
    expect(records[0]!.message).toBe('first\nsecond');
  });

  it('applies the node zone to year-less stamps', () => {
    const { records } = runFormat(journalShort, 'Jul 01 12:00:00 n1 systemd[1]: x', { zone: 'Europe/Berlin' });
    expect(iso(records[0]!.ts)).toBe('2026-07-01T10:00:00.000000Z');
  });

  it('malformed line: warning with its number, parsing goes on', () => {
    const { records, warnings } = runFormat(journalShort, 'Nov 28 01:02:03 n1 a[1]: x\nthis is not a journal line\nNov 28 01:02:04 n1 a[1]: y');
    expect(records.map((r) => r.line)).toEqual([1, 2, 3]);
    expect(warnings).toEqual([{ line: 2, code: 'unparsed-line', message: 'line 2: no syslog/journal stamp' }]);
  });

  it('an impossible date is not a stamp', () => {
    const { records, warnings } = runFormat(journalShort, 'Foo 28 01:02:03 n1 a[1]: x\nNov 28 25:02:03 n1 a[1]: x');
    expect(records.map((r) => r.tsKind)).toEqual(['none', 'none']);
    expect(warnings.length).toBe(2);
  });
});

describe('syslog', () => {
  it('RFC 3164 with a PRI and fractional seconds', () => {
    const { records } = runFormat(syslog, '<30>Nov  3 01:02:03.5 n1 dockerd[77]: level=info');
    expect([iso(records[0]!.ts), records[0]!.severity, records[0]!.ident, records[0]!.pid]).toEqual(['2026-11-03T01:02:03.500000Z', 6, 'dockerd', 77]);
  });
  it('a tag without a pid, and no tag at all', () => {
    const { records } = runFormat(syslog, 'Jun 19 04:09:11 combo logrotate: ALERT exited abnormally with [1]\nJun 19 04:09:11 combo syslogd 1.4.1: restart.');
    expect(records.map((r) => [r.ident, r.message])).toEqual([['logrotate', 'ALERT exited abnormally with [1]'], [null, 'syslogd 1.4.1: restart.']]);
  });
});

describe('dmesg', () => {
  it('maps monotonic stamps when the boot time is known, per record', () => {
    const { records } = runFormat(dmesg, '[    1.500000] a\n[ 3600.000001] b', { bootTs: Date.UTC(2026, 10, 28) * 1000 });
    expect(records.map((r) => [iso(r.ts), r.tsKind, r.mono])).toEqual([['2026-11-28T00:00:01.500000Z', 'monotonic-mapped', 1.5], ['2026-11-28T01:00:00.000001Z', 'monotonic-mapped', 3600.000001]]);
  });
  it('caller ids of both kinds', () => {
    const { records } = runFormat(dmesg, '[  123.456789] [  T123] usb 1-1: reset\n[  123.456790] [    C1] NMI watchdog: hard LOCKUP');
    expect(records.map((r) => [r.fields?.caller, r.message])).toEqual([['T123', 'usb 1-1: reset'], ['C1', 'NMI watchdog: hard LOCKUP']]);
    const t = runFormat(dmesg, '[Sat Nov 28 01:02:03 2026] [  T42] eth0: link down\n6,99,1000,-,caller=T7;x\n[    5.000000] [sda] Attached SCSI disk');
    expect(t.records.map((r) => [r.fields?.caller, r.message])).toEqual([['T42', 'eth0: link down'], ['T7', 'x'], [undefined, '[sda] Attached SCSI disk']]);
  });
  it('a line without a stamp: warned, kept as text', () => {
    const { records, warnings } = runFormat(dmesg, '[    0.000000] Linux version 3.10\n...\n[    1.000000] next');
    expect(records.map((r) => [r.line, r.tsKind])).toEqual([[1, 'monotonic'], [2, 'none'], [3, 'monotonic']]);
    expect(warnings.map((w) => w.line)).toEqual([2]);
  });
  it('timestamps going backwards are kept as written', () => {
    const { records } = runFormat(dmesg, '[  478.588144] a\n[  373.711360] b');
    expect(records.map((r) => r.mono)).toEqual([478.588144, 373.71136]);
  });
});

describe('klog', () => {
  it('rolls a December stamp into the year before when the file ends in January', () => {
    const { records } = runFormat(klog, 'I1231 23:59:59.000001    1 a.go:1] old\nI0101 00:00:01.000001    1 a.go:1] new', { year: 2027, refTs: Date.UTC(2027, 0, 1, 0, 5) * 1000 });
    expect(records.map((r) => iso(r.ts))).toEqual(['2026-12-31T23:59:59.000001Z', '2027-01-01T00:00:01.000001Z']);
  });
  it('lines before the first header: warned once, kept', () => {
    const { records, warnings } = runFormat(klog, 'Log file created at: 2026/11/28 01:02:03\nI1128 01:02:03.000001    1 a.go:1] x');
    expect(records.map((r) => r.line)).toEqual([1, 2]);
    expect(warnings.length).toBe(1);
  });
});

describe('cri', () => {
  it('joins P parts per stream and parses klog inside', () => {
    const { records } = runFormat(cri, '2026-11-28T00:00:00.1Z stderr P E1128 00:00:00.100000       1 x.go:1] part one \n2026-11-28T00:00:00.2Z stdout F other stream\n2026-11-28T00:00:00.3Z stderr F and two');
    expect(records.map((r) => [r.line, r.endLine, r.message, r.severity])).toEqual([
      [2, 2, 'other stream', null],
      [1, 3, 'E1128 00:00:00.100000       1 x.go:1] part one and two', 3],
    ]);
  });
  it('docker json-file: partial lines (no trailing newline) join per stream', () => {
    const { records } = runFormat(cri, [
      '{"log":"part one ","stream":"stdout","time":"2026-11-28T00:00:00.1Z"}',
      '{"log":"err line\\n","stream":"stderr","time":"2026-11-28T00:00:00.2Z"}',
      '{"log":"and two\\n","stream":"stdout","time":"2026-11-28T00:00:00.3Z"}',
    ].join('\n'));
    expect(records.map((r) => [r.line, r.endLine, r.message])).toEqual([[2, 2, 'err line'], [1, 3, 'part one and two']]);
  });
  it('junk lines are warned and kept', () => {
    const { records, warnings } = runFormat(cri, 'garbage\n2026-11-28T00:00:00.1Z stdout F ok');
    expect(records.length).toBe(2);
    expect(warnings[0]!.line).toBe(1);
  });
});

describe('audit', () => {
  it('groups consecutive lines of one serial, not separated ones', () => {
    const { records } = runFormat(audit, [
      'type=SYSCALL msg=audit(1700000000.000:10): syscall=59 pid=5 comm="x"',
      'type=EXECVE msg=audit(1700000000.000:10): argc=1 a0="x"',
      'type=EOE msg=audit(1700000000.000:10): ',
      'type=SERVICE_START msg=audit(1700000001.000:11): pid=1 unit=kubelet',
      'type=SYSCALL msg=audit(1700000002.000:10): syscall=59 pid=6 comm="y"',
    ].join('\n'));
    expect(records.map((r) => [r.line, r.endLine])).toEqual([[1, 3], [4, 4], [5, 5]]);
  });
});

describe('JSON formats', () => {
  it('etcd JSON: a truncated object is warned, the next lines still read', () => {
    const { records, warnings } = runFormat(etcdJson, '{"level":"info","ts":"2021-09-16T05:38:03.911Z","msg":"a"}\n{"level":"info","ts":"2021-09-16T05:38:04.\n{"level":"info","ts":"2021-09-16T05:38:05.000Z","msg":"c"}');
    expect(records.map((r) => r.message).filter((m) => m === 'a' || m === 'c')).toEqual(['a', 'c']);
    expect(warnings.length).toBeGreaterThan(0);
  });
  it('journal JSON: MESSAGE as a byte array, missing timestamp warned', () => {
    const { records, warnings } = runFormat(journalJson, '{"MESSAGE":[104,105],"_TRANSPORT":"kernel"}');
    expect(records[0]!.message).toBe('hi');
    expect(records[0]!.tsKind).toBe('none');
    expect(warnings[0]!.code).toBe('bad-timestamp');
  });
});

describe('logfmt / capnslog', () => {
  it('logfmt time without offset is local time', () => {
    const { records } = runFormat(logfmt, 'time="2026-07-01 12:00:00" level=info msg="x"', { zone: 'Europe/Berlin' });
    expect([iso(records[0]!.ts), records[0]!.tsKind]).toEqual(['2026-07-01T10:00:00.000000Z', 'zone-inferred']);
  });
  it('capnslog continuation lines join their record', () => {
    const { records } = runFormat(capnslog, '2016-06-27 19:30:19.254680 C | etcdmain: fatal\npanic: boom\n2016-06-27 19:30:20.000000 I | x: y');
    expect(records.map((r) => [r.line, r.endLine, r.severity])).toEqual([[1, 2, 2], [3, 3, 6]]);
  });
});

describe('k8s events', () => {
  it('old kubectl table with FIRST SEEN / COUNT / NAME / KIND columns', () => {
    const { records } = runFormat(k8sEvents, 'LAST SEEN   FIRST SEEN   COUNT     NAME       KIND      SUBOBJECT   TYPE      REASON         SOURCE                 MESSAGE\n1m          1m           1         worker-1   Node                  Normal    NodeNotReady   node-controller        Node worker-1 status is now: NodeNotReady');
    expect(records[0]!.fields).toEqual({ reason: 'NodeNotReady', type: 'Normal', kind: 'Node', name: 'worker-1', count: '1' });
    expect(records[0]!.ident).toBe('node-controller');
  });
});

describe('every format survives junk', () => {
  const junk = ['', '\u0000\u0001\u0002', '{', '}', '[', '-- ', 'type=', '<999>', 'x'.repeat(10000), '2026-13-45T99:99:99Z stdout F x', '"'].join('\n');
  for (const f of FORMATS) {
    it(`${f.id} does not throw and keeps going`, () => {
      const { records } = runFormat(f, `${junk}\n${f.samples[0]!.lines}`);
      expect(records.length).toBeGreaterThan(0);
    });
  }
});

describe('fuzz: lines cut anywhere, in every format', () => {
  // Deterministic: every prefix of every sample line, and samples glued to each other.
  for (const f of FORMATS) {
    it(`${f.id}: every prefix of its samples parses without throwing`, () => {
      for (const s of f.samples) {
        for (let cut = 0; cut <= s.lines.length; cut += 3) {
          const { records } = runFormat(f, s.lines.slice(0, cut));
          for (const r of records) expect(r.endLine).toBeGreaterThanOrEqual(r.line);
        }
      }
      const all = FORMATS.flatMap((g) => g.samples.map((s) => s.lines)).join('\n');
      expect(() => runFormat(f, all)).not.toThrow();
    });
  }
});

describe('hostile lines', () => {
  // Shapes that make backtracking regexes or rescanning loops blow up; each must simply finish.
  const words = 'word '.repeat(50_000);
  const hostile = [
    `time="2026-11-28T00:00:00Z" level=info ${words}x=1`,
    `I1128 01:02:03.000001    1 a.go:1] "m" ${words}k=v`,
    `Nov 28 01:02:03 n1 app[1]: ${'a.'.repeat(50_000)}`,
    `Nov 28 01:02:03 n1 app[1]: ${'a.'.repeat(50_000)}(`,
    `[  1.000000] ${'[<ffffffff> '.repeat(20_000)}`,
    `INFO: task ${'x '.repeat(50_000)}`,
    `{"level":"info","ts":"2021-09-16T05:38:03.911Z","msg":"${'\\"'.repeat(20_000)}"}`,
    `${' '.repeat(100_000)}x`,
    `type=X msg=audit(1.1:1): ${'k=v '.repeat(20_000)}`,
    '[123', '[  5.', '2026-11-28T', 'Nov 28 01:0', '<1', '6,1,', 'I1128 01:02:03.',
  ].join('\n');
  for (const f of FORMATS) {
    it(`${f.id} finishes, and keeps or warns about what it cannot read`, () => {
      const { records, warnings } = runFormat(f, hostile);
      expect(records.length + warnings.length).toBeGreaterThan(0);
      for (const r of records) expect(r.endLine).toBeGreaterThanOrEqual(r.line);
    });
  }
});
