// Boots from marks of several sources: one boot seen by the journal, the kernel banner and dmesg
// is one boot; endings clean / crash / unknown / running; a vmcore makes the boot before the
// current one a crash.
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.ts';
import { MarkCollector } from './marks.ts';
import { at, Timeline } from './test-events.ts';
import type { LogRecord } from '../../parsers/types.ts';

const rec = (line: number, ts: string | null, message: string, p: Partial<LogRecord> = {}): LogRecord => ({
  line, endLine: line, ts: ts ? at(ts) : null, tsKind: ts ? 'exact' : 'none', mono: null, severity: 6, host: null, ident: 'kernel', pid: null, bootId: null, message, raw: message, ...p,
});

describe('boots', () => {
  it('merges the journal boot id, the Linux version banner and a dmesg restart of one boot', () => {
    const t = new Timeline('n1').nodeInfo({ captureTs: at('2026-03-13 20:00:00'), kernel: '5.14.0-362.el9.x86_64' })
      .mark({ ts: at('2026-03-13 10:00:00'), bootId: 'aaa', kind: 'journal-boot-id', sourcePath: 'journal' })
      .mark({ ts: at('2026-03-13 10:00:00'), bootId: null, kind: 'linux-version', sourcePath: 'dmesg', kernel: '5.14.0-362.el9.x86_64' })
      .mark({ ts: at('2026-03-13 10:00:01'), bootId: null, kind: 'dmesg-restart', sourcePath: 'kern.log' })
      .covers('2026-03-13 10:00:00', '2026-03-13 19:59:00');
    const { boots } = analyze(t.input());
    expect(boots).toHaveLength(1);
    expect(boots[0]).toMatchObject({ bootId: 'aaa', kernel: '5.14.0-362.el9.x86_64', ending: 'running', start: at('2026-03-13 10:00:00') });
  });

  it('a boot whose logs stop with no later boot and no capture time is unknown, and says so', () => {
    const t = new Timeline('n1').boot('2026-03-13 10:00:00', 'a').covers('2026-03-13 10:00:00', '2026-03-13 11:00:00');
    const { boots } = analyze(t.input());
    expect(boots[0]!.ending).toBe('unknown');
    expect(boots[0]!.evidence).toMatch(/logs stop at 2026-03-13T11:00:00Z/);
  });

  it('logs that begin mid-boot give a first boot with no start; two distinct boot ids close together stay two boots', () => {
    const t = new Timeline('n1')
      .ev('oom_kill', '2026-03-13 09:00:00', 'Killed process 1 (x)')
      .boot('2026-03-13 10:00:00', 'a', '2026-03-13 09:59:00')
      .boot('2026-03-13 10:01:00', 'b', '2026-03-13 10:00:40');
    const { boots } = analyze(t.input());
    expect(boots.map((b) => [b.start === null, b.bootId, b.ending])).toEqual([[true, null, 'crash'], [false, 'a', 'crash'], [false, 'b', 'unknown']]);
  });

  it('a vmcore without a wall-clock time marks the boot before the current one as crashed', () => {
    const t = new Timeline('n1').nodeInfo({ captureTs: at('2026-03-13 20:00:00'), bootTs: at('2026-03-13 12:00:00') })
      .boot('2026-03-13 10:00:00', 'a')
      .ev('shutdown', '2026-03-13 11:59:00', 'Journal stopped')
      .mark({ ts: null, bootId: null, kind: 'vmcore', sourcePath: 'var/crash/127.0.0.1-2026-03-13-11:58/vmcore-dmesg.txt' })
      .covers('2026-03-13 10:00:00', '2026-03-13 19:00:00');
    const { boots } = analyze(t.input());
    expect(boots.map((b) => b.ending)).toEqual(['crash', 'running']);
    expect(boots[0]!.evidence).toMatch(/vmcore/);
  });

  it('the capture boot time alone after silent logs gives an unknown ending, not a crash', () => {
    const t = new Timeline('n1').nodeInfo({ captureTs: at('2026-03-14 20:00:00'), bootTs: at('2026-03-14 12:00:00') })
      .boot('2026-03-13 10:00:00', 'a').covers('2026-03-13 10:00:00', '2026-03-13 11:00:00');
    const { boots } = analyze(t.input());
    expect(boots.map((b) => b.ending)).toEqual(['unknown', 'running']);
  });

  it('MarkCollector finds boot id changes, the kernel banner, dmesg clock restarts and coverage', () => {
    const c = new MarkCollector('n1', 'var/log/dmesg', 'kernel');
    c.onRecord(rec(1, '2026-03-13 10:00:00', 'Linux version 5.15.0-91-generic (buildd@lcy02-amd64-045) (gcc 11.4.0)', { mono: 0 }));
    c.onRecord(rec(2, '2026-03-13 10:05:00', 'eth0: link up', { mono: 300 }));
    c.onRecord(rec(3, '2026-03-13 11:00:00', 'Linux version 5.15.0-91-generic (buildd@lcy02-amd64-045)', { mono: 0 }));
    c.onRecord(rec(4, '2026-03-13 11:00:02', 'x', { bootId: 'b2' }));
    expect(c.marks.map((m) => [m.kind, m.line])).toEqual([['linux-version', 1], ['dmesg-restart', 3], ['linux-version', 3], ['journal-boot-id', 4]]);
    expect(c.marks[1]!.prevTs).toBe(at('2026-03-13 10:05:00'));
    expect(c.marks[0]!.kernel).toBe('5.15.0-91-generic');
    expect(c.coverage()).toMatchObject({ firstTs: at('2026-03-13 10:00:00'), lastTs: at('2026-03-13 11:00:02') });
  });
});
