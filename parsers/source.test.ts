import { describe, expect, it } from 'vitest';
import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createSourceParser, parseFile, parseStream } from './source.ts';
import { detectFormat } from './detect.ts';
import { cutMarker } from './lines.ts';
import type { FormatId, LogRecord, TimeContext } from './types.ts';

const TIME: TimeContext = { year: 2026, refTs: null, zone: null, bootTs: null };
async function* chunks(b: Buffer, size: number) { for (let i = 0; i < b.length; i += size) yield b.subarray(i, i + size); }

const JOURNAL = [
  '-- Logs begin at Fri 2026-11-27 22:00:01 UTC, end at Sat 2026-11-28 01:10:00 UTC. --',
  'Nov 28 01:02:03 node1 kernel: Out of memory: Killed process 4242 (java) total-vm:9000000kB, anon-rss:8000000kB',
  'Nov 28 01:02:04 node1 kubelet[900]: I1128 01:02:04.000001     900 kubelet.go:2855] "SyncLoop DELETE" source="api" pods=["default/java-0"]',
  'Nov 28 01:02:05 node1 kubelet[900]: E1128 01:02:05.100000     900 kubelet.go:2000] "Error syncing pod, skipping" err="µs timeout"',
].join('\n') + '\n';

describe('createSourceParser / parseStream', () => {
  it('gives the same records whatever the chunking (lines and characters cut between chunks)', async () => {
    const b = Buffer.from(JOURNAL);
    const whole = await parseStream(chunks(b, b.length), { path: 'journal.txt', time: TIME });
    expect(whole.format).toBe('journal-short');
    expect(whole.records.map((r) => r.line)).toEqual([2, 3, 4]);
    for (const size of [1, 2, 3, 7, 64, 100]) {
      const r = await parseStream(chunks(b, size), { path: 'journal.txt', time: TIME });
      expect(r.records).toEqual(whole.records);
      expect(r.warnings).toEqual([]);
      expect(r.lines).toBe(4);
      expect(r.bytes).toBe(b.length);
    }
  });

  it('reports the detected format to the sink before the records', async () => {
    const seen: string[] = [];
    const sp = createSourceParser({ path: 'x/dmesg', time: TIME }, {
      detected: (f, c) => { seen.push(`${f} ${c}`); },
      record: (r) => { seen.push(`record ${r.line}`); },
      warn: () => {},
    });
    sp.write(Buffer.from('[    0.000000] Linux version 6.1.0\n[    1.000000] x\n'));
    expect(sp.format).toBe(null); // still collecting the head
    sp.end();
    expect(seen[0]).toMatch(/^dmesg /);
    expect(seen.slice(1)).toEqual(['record 1', 'record 2']);
    expect(sp.format).toBe('dmesg');
  });

  it('uses the given format without sniffing', async () => {
    const r = await parseStream(chunks(Buffer.from('hello\n'), 10), { path: 'a', format: 'plain', time: TIME });
    expect(r.format).toBe('plain');
    expect(r.confidence).toBe(1);
  });

  it('malformed lines: a warning naming the file and line, parsing goes on', async () => {
    const text = 'Nov 28 01:02:03 node1 systemd[1]: Started x.\n\u0001garbage here\nNov 28 01:02:04 node1 systemd[1]: Started y.\n';
    const r = await parseStream(chunks(Buffer.from(text), 8), { path: 'var/log/messages', time: TIME });
    expect(r.format).toBe('syslog');
    expect(r.records.map((x) => x.line)).toEqual([1, 2, 3]);
    expect(r.records[1]!.tsKind).toBe('none');
    expect(r.records[2]!.message).toBe('Started y.');
    expect(r.warnings).toEqual([{ file: 'var/log/messages', line: 2, code: 'unparsed-line', message: expect.stringContaining('line 2') }]);
  });

  it('binary journals are recognised by magic and handed to the journal reader (a broken header is named, not thrown)', async () => {
    const b = Buffer.concat([Buffer.from('LPKSHHRH'), Buffer.alloc(4096, 0)]);
    const r = await parseStream(chunks(b, 1000), { path: 'var/log/journal/abc/system', time: TIME });
    expect(r.format).toBe('journal-binary');
    expect(r.records).toEqual([]);
    expect(r.warnings.map((w) => w.message)).toEqual([expect.stringContaining('var/log/journal/abc/system: header size 0 is impossible')]);
    expect(r.bytes).toBe(b.length);
  });

  it('a UTF-16 log (Windows-collected) is text, not binary', async () => {
    const b = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Nov 28 01:02:03 node1 systemd[1]: Started x.\r\n', 'utf16le')]);
    const r = await parseStream(chunks(b, 5), { path: 'var/log/messages', time: TIME });
    expect(r.warnings).toEqual([]);
    expect(r.records.map((x) => x.message)).toEqual(['Started x.']);
  });

  it('a NUL run left by a crash: the line after it is still read, one warning', async () => {
    const text = Buffer.concat([Buffer.from('Nov 28 01:02:03 node1 systemd[1]: Started x.\n'), Buffer.alloc(8192, 0), Buffer.from('Nov 28 01:09:00 node1 kernel: Linux version 5.14.0\n')]);
    const r = await parseStream(chunks(text, 3000), { path: 'var/log/messages', time: TIME });
    expect(r.records.map((x) => [x.line, x.ident, x.message])).toEqual([[1, 'systemd', 'Started x.'], [2, 'kernel', 'Linux version 5.14.0']]);
    expect(r.warnings.map((w) => [w.code, w.line])).toEqual([['nul-bytes', 2]]);
    const zeroHead = Buffer.concat([Buffer.alloc(5000, 0), Buffer.from('Nov 28 01:09:00 node1 kernel: x\n')]);
    expect((await parseStream(chunks(zeroHead, 1000), { path: 'var/log/messages', time: TIME })).records.map((x) => x.message)).toEqual(['x']);
  });

  it('binary garbage is skipped with a warning', async () => {
    const b = Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256));
    const r = await parseStream(chunks(b, 1000), { path: 'bin/blob', time: TIME });
    expect(r.records).toEqual([]);
    expect(r.warnings[0]!.code).toBe('binary');
  });

  it('a 20 MB line in a syslog file: cut, named, and the next lines still read', async () => {
    const big = Buffer.alloc(20 * 1024 * 1024, 0x41);
    const b = Buffer.concat([Buffer.from('Nov 28 01:02:03 node1 app[1]: '), big, Buffer.from('\nNov 28 01:02:04 node1 app[1]: after\n')]);
    const r = await parseStream(chunks(b, 65536), { path: 'var/log/messages', time: TIME, maxLineBytes: 1 << 20 });
    expect(r.warnings.map((w) => [w.code, w.line])).toEqual([['line-too-long', 1]]);
    expect(r.records.map((x) => x.line)).toEqual([1, 2]);
    expect(r.records[0]!.raw.length).toBeLessThanOrEqual((1 << 20) + cutMarker(1 << 20).length);
    expect(r.records[0]!.raw.endsWith(cutMarker(1 << 20))).toBe(true);
    expect(r.records[1]!.message).toBe('after');
  });

  it('parseFile takes the year from the file mtime, and stamps after it from the year before', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'crashlens-a-'));
    const f = path.join(dir, 'messages');
    writeFileSync(f, 'Nov 28 01:02:03 node1 systemd[1]: Started x.\nJan 31 23:00:00 node1 systemd[1]: Started y.\n');
    const mtime = new Date(Date.UTC(2025, 1, 1));
    utimesSync(f, mtime, mtime);
    const r = await parseFile(f);
    expect(r.records.map((x) => new Date(x.ts! / 1000).toISOString())).toEqual(['2024-11-28T01:02:03.000Z', '2025-01-31T23:00:00.000Z']);
    expect(r.records[0]!.tsKind).toBe('year-inferred');
  });
});

describe('detectFormat', () => {
  const cases: Array<[string, string[], FormatId]> = [
    ['sos_commands/logs/journalctl_--no-pager', ['Jun 18 04:07:06 combo su[1]: x'], 'journal-short'],
    ['var/log/messages', ['Jun 18 04:07:06 combo su[1]: x'], 'syslog'],
    ['x', ['Sep  3 07:35:28 engine02 kubelet: E0903 07:35:28.899230   27639 kubelet_node_status.go:391] x'], 'syslog'],
    ['x', ['-- Boot 2c6ec6e4e5b44e4c8c5ea75e9fe1ee2e --', 'Sep  3 07:35:28 engine02 kubelet: x'], 'journal-short'],
    ['var/crash/127.0.0.1-2026-11-28/vmcore-dmesg.txt', ['[  345.726870] BUG: unable to handle kernel NULL pointer dereference'], 'vmcore-dmesg'],
    ['sos_commands/kernel/dmesg', ['[  345.726870] BUG: unable to handle kernel NULL pointer dereference'], 'dmesg'],
    ['var/log/kubelet.log', ['I0313 16:02:43.934473    1450 kubelet.go:1778] x', 'goroutine 1 [running]:'], 'klog'],
    ['var/log/pods/ns_pod_uid/etcd/0.log', ['2023-08-18T10:47:25.111490788+08:00 stderr F {"level":"warn","ts":"2023-08-18T02:47:25.111Z","msg":"x"}'], 'cri'],
    ['x.log', ['{"level":"info","ts":"2021-09-16T05:38:03.911Z","caller":"raft/raft.go:870","msg":"x"}'], 'etcd-json'],
    ['x.log', ['2016-06-27 19:30:19.254680 W | etcdserver: x'], 'capnslog'],
    ['x.log', ['time="2021-09-15T21:17:10.220731Z" level=error msg="x"'], 'logfmt'],
    ['namespaces/openshift-kube-apiserver/pods/kube-apiserver-m0/kube-apiserver/kube-apiserver/logs/current.log', ['2025-10-05T23:27:10.512345Z I1005 23:27:10.512345       1 options.go:220] external host was not specified', '2025-10-05T23:27:10.6Z I1005 23:27:10.612345       1 server.go:148] Version: v1.28.7'], 'cri'],
    ['x/current.log', ['2025-10-05T23:27:09.412345Z {"level":"info","ts":"2025-10-05T23:27:09.412Z","caller":"etcdmain/etcd.go:73","msg":"Running: "}'], 'cri'],
    ['namespaces/openshift-etcd/pods/etcd-m0/etcd/etcd/logs/current.log', ['2026-11-28T01:02:03.123456789Z {"level":"info","ts":"2026-11-28T01:02:03.123Z","msg":"x"}', '2026-11-28T01:02:04.000000001Z I1128 01:02:04.000001       1 a.go:1] y'], 'cri'],
    ['x', ['<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut="3"] An application event log entry'], 'syslog'],
    ['x', ['2026-11-28T01:02:03.123456+00:00 node1 systemd[1]: Started x.'], 'syslog'],
    ['var/lib/docker/containers/abc/abc-json.log', ['{"log":"hello\\n","stream":"stdout","time":"2026-11-28T01:02:03.000123456Z"}'], 'cri'],
    ['var/log/audit/audit.log', ['type=DAEMON_START msg=audit(1481076983.819:7798): auditd start'], 'audit'],
    ['x', ['__CURSOR=s=1', '__REALTIME_TIMESTAMP=1', 'MESSAGE=x'], 'journal-export'],
    ['var/log/journal/x/system.journal', [], 'journal-binary'],
    ['notes.txt', ['just some words', 'and more'], 'plain'],
    ['oops.txt', ['BUG: unable to handle kernel NULL pointer dereference at 0000000000000078', 'IP: [<ffffffff810a2c38>] pick_next_task_fair+0x6b8/0x820'], 'kernel-text'],
    ['events.txt', ['LAST SEEN   TYPE      REASON         OBJECT                MESSAGE', '5m          Warning   NodeNotReady   node/worker-1         x'], 'k8s-events'],
  ];
  for (const [p, head, want] of cases) {
    it(`${p}: ${head[0]?.slice(0, 40) ?? '(empty)'} → ${want}`, () => {
      const d = detectFormat(p, head);
      expect(d.format).toBe(want);
      expect(d.confidence).toBeGreaterThan(0);
      expect(d.confidence).toBeLessThanOrEqual(1);
    });
  }
});

describe('record shape', () => {
  it('every record says how its time was obtained', async () => {
    const r = await parseStream(chunks(Buffer.from(JOURNAL), 100), { path: 'j', time: TIME });
    for (const rec of r.records as LogRecord[]) expect(['exact', 'year-inferred', 'zone-inferred', 'monotonic-mapped', 'monotonic', 'none']).toContain(rec.tsKind);
  });
});
