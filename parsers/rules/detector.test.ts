// The detector's state: happenings over several records (lead / key / tail), context found a few
// lines later, types inherited inside one OOM report, ident gating, and bad input.
import { describe, expect, it } from 'vitest';
import type { DetectedEvent, LogRecord } from '../types.ts';
import { createDetector } from './detector.ts';

function rec(line: number, message: string, ident: string | null = 'kernel', extra: Partial<LogRecord> = {}): LogRecord {
  return { line, endLine: line, ts: 1_700_000_000_000_000 + line * 1e6, tsKind: 'exact', mono: null, severity: null, host: 'node-1', ident, pid: null, bootId: null, message, raw: message, ...extra };
}
function run(records: LogRecord[], format: 'syslog' | 'dmesg' | 'kernel-text' = 'syslog'): DetectedEvent[] {
  const d = createDetector({ path: 'x', format });
  const out: DetectedEvent[] = [];
  for (const r of records) out.push(...d.onRecord(r));
  out.push(...d.end());
  return out.sort((a, b) => a.line - b.line);
}

describe('createDetector', () => {
  it('folds a lead into the key that follows it, and lets a lone lead stand', () => {
    const evs = run([
      rec(1, 'kubelet.service: Main process exited, code=exited, status=203/EXEC', 'systemd'),
      rec(2, "kubelet.service: Failed with result 'exit-code'.", 'systemd'),
      rec(3, 'Started Session 4 of user core.', 'systemd'),
      rec(9, 'containerd.service: Main process exited, code=killed, status=9/KILL', 'systemd'),
    ]);
    expect(evs.map((e) => [e.type, e.line, e.fields.unit, e.fields.status])).toEqual([
      ['unit_failed', 2, 'kubelet.service', '203/EXEC'],
      ['unit_failed', 9, 'containerd.service', '9/KILL'],
    ]);
  });

  it('keeps one event per OOM report when its lines come as separate records', () => {
    // The kernel prints a whole report within the same second.
    const at = (line: number, message: string) => rec(line, message, 'kernel', { ts: 1_700_000_000_000_000 + line });
    const evs = run([
      at(1, 'java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=0'),
      at(2, 'CPU: 3 PID: 4242 Comm: java Not tainted 4.19.0-16-amd64 #1 Debian 4.19.181-1'),
      at(3, 'Task in /kubepods/burstable/pod6a5ab6f4-0d8f-11e9-b3d0-005056a1a3b8/0f3c killed as a result of limit of /kubepods/burstable/pod6a5ab6f4-0d8f-11e9-b3d0-005056a1a3b8'),
      at(4, 'memory: usage 524288kB, limit 524288kB, failcnt 42'),
      at(40, 'Memory cgroup out of memory: Kill process 4242 (java) score 1999 or sacrifice child'),
      at(41, 'Killed process 4242 (java) total-vm:2000000kB, anon-rss:520000kB, file-rss:0kB, shmem-rss:0kB'),
    ]);
    expect(evs.map((e) => [e.type, e.line])).toEqual([['memcg_oom', 40], ['memcg_oom', 41]]);
    expect(evs[0]!.fields).toMatchObject({ pid: 4242, process: 'java', pod_uid: '6a5ab6f4-0d8f-11e9-b3d0-005056a1a3b8', invoker: 'java' });
  });

  it('calls an OOM global when nothing says cgroup, and memcg when the trace does', () => {
    const global = run([rec(1, 'Out of memory: Kill process 3911 (java) score 921 or sacrifice child'), rec(2, 'Killed process 3911 (java) total-vm:1kB, anon-rss:1kB, file-rss:0kB')]);
    expect(global.map((e) => e.type)).toEqual(['oom_kill', 'oom_kill']);
    const cut = run([rec(1, 'uwsgi invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=986\n mem_cgroup_out_of_memory+0xbd/0xe0', 'kernel', { endLine: 2 })]);
    expect(cut.map((e) => [e.type, e.fields.phase])).toEqual([['memcg_oom', 'invoked']]);
  });

  it('folds MCE bank lines into the logged event, and a lone bank line still counts', () => {
    const evs = run([
      rec(1, 'mce: [Hardware Error]: Machine check events logged'),
      rec(2, 'mce: [Hardware Error]: CPU 0: Machine Check: 0 Bank 17: dc2040000000011b'),
      rec(50, 'mce: [Hardware Error]: CPU 3: Machine Check Exception: 5 Bank 4: b200000000070f0f'),
    ], 'dmesg');
    expect(evs.map((e) => [e.type, e.line, e.fields.cpu, e.fields.bank])).toEqual([['mce', 1, 0, 17], ['mce', 50, 3, 4]]);
  });

  it('finds the task of a panic on the lines just after it', () => {
    const evs = run([
      rec(6, 'Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled'),
      rec(8, 'CPU: 0 PID: 35943 Comm: webservice Not tainted 3.10.0-327.28.2.el7.x86_64 #1'),
    ], 'dmesg');
    expect(evs).toHaveLength(1);
    expect(evs[0]!.fields).toMatchObject({ pid: 35943, process: 'webservice', kernel: '3.10.0-327.28.2.el7.x86_64' });
  });

  it('applies rules only where their ident fits', () => {
    expect(run([rec(1, 'Shutting down.', 'nginx')])).toEqual([]);
    expect(run([rec(1, 'Shutting down.', 'systemd')]).map((e) => e.type)).toEqual(['shutdown']);
    expect(run([rec(1, 'Shutting down.', null)])).toEqual([]);
    // A user's systemd reaching its Shutdown target at logout is no host shutdown.
    expect(run([rec(1, 'Reached target Shutdown.', 'systemd')])).toEqual([]);
  });

  it('reads the error a JSON parser moved out of the message', () => {
    const evs = run([rec(1, 'failed to apply request', 'k3s', { fields: { error: 'etcdserver: no space', took: '10.558µs' }, pid: 4240 })]);
    expect(evs.map((e) => [e.type, e.fields.process, e.fields.pid])).toEqual([['etcd_db_space', 'k3s', 4240]]);
  });

  it('never throws on hostile text', () => {
    const junk = ['', '\u0000\u0001\u0002', '\uFFFD'.repeat(10_000), 'BUG: '.repeat(50_000), `Killed process ${'9'.repeat(400)} (`, '{"msg":'];
    expect(() => run(junk.map((m, i) => rec(i + 1, m)))).not.toThrow();
  });
});

describe('hostile lines', () => {
  it('finishes on a megabyte line built to make lazy patterns backtrack (unclipped, it would run for minutes)', () => {
    const line = `${':6443 '.repeat(170_000)}dial tcp 10.0.0.1:6443: connect: connection refused`;
    expect(run([rec(1, line, 'kubelet'), rec(2, 'nf_conntrack: table full, dropping packet')]).map((e) => e.type)).toEqual(['conntrack_full']);
  });
  it('reports at most 64 events of one rule from one record', () => {
    expect(run([rec(1, 'nf_conntrack: table full, dropping packet\n'.repeat(1000), 'kernel', { endLine: 1000 })])).toHaveLength(64);
  });
});

describe('happenings in time', () => {
  it('does not fold a machine check 45 s later into the previous one, even two lines on', () => {
    const mono = (line: number, s: number, message: string) => rec(line, message, 'kernel', { ts: null, tsKind: 'monotonic', mono: s });
    const evs = run([
      mono(1, 97154.0, 'mce: [Hardware Error]: Machine check events logged'),
      mono(2, 97154.1, 'mce: [Hardware Error]: CPU 29: Machine Check: 0 Bank 13: 9c00000000800090'),
      mono(3, 97199.9, 'mce: [Hardware Error]: CPU 29: Machine Check Exception: 5 Bank 13: be20000000800090'),
    ], 'dmesg');
    expect(evs.map((e) => [e.line, e.fields.bank, e.fields.mcg_status])).toEqual([[1, 13, '0'], [3, 13, '5']]);
  });
});
