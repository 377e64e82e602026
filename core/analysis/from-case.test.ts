// analyzeCase on a real case file (D's schema): journal boot ids from records, events from the
// events table (duplicates of the same kernel line skipped), fact files read back from records,
// and boots / spans / findings written where CaseApi reads them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCaseDb } from '../store/case-db.ts';
import { analyzeCase, caseInput, storedAnalysis, verdictWithChoices } from './from-case.ts';
import { at } from './test-events.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crashlens-fromcase-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('analyzeCase', () => {
  it('reads a case, finds the crash and stores boots, spans and the verdict', () => {
    const db = openCaseDb(path.join(dir, 'a.case'), { create: true });
    db.prepare("INSERT INTO bundles(id, path, layout, node, identity, status, imported_at) VALUES (1, '/x/sosreport-node-2.tar.xz', 'sosreport', 'node-2', ?, 'complete', 0)")
      .run(JSON.stringify({ hostname: 'node-2', kernel: '5.15.0-91-generic', captureTs: at('2026-03-13 09:00:00') }));
    const src = db.prepare("INSERT INTO sources(id, bundle_id, node, path, format, role, first_ts, last_ts) VALUES (?, 1, 'node-2', ?, ?, ?, ?, ?)");
    src.run(1, 'sos_commands/logs/journalctl_--no-pager', 'journal-short', 'journal', at('2026-03-13 01:00:00'), at('2026-03-13 08:59:00'));
    src.run(2, 'var/log/messages', 'syslog', 'syslog', at('2026-03-13 01:00:00'), at('2026-03-13 08:59:00'));
    src.run(3, 'sos_commands/kernel/sysctl_-a', 'plain', 'facts', null, null);
    const rec = db.prepare('INSERT INTO records(id, source_id, line, end_line, ts, ts_kind, boot_id, message) VALUES (?, ?, ?, ?, ?, 0, ?, ?)');
    rec.run(1, 1, 1, 1, at('2026-03-13 01:00:00'), 'b1', 'Linux version 5.15.0-91-generic');
    rec.run(2, 1, 2, 2, at('2026-03-13 02:40:00'), 'b1', 'Out of memory: Killed process 10 (java)');
    rec.run(3, 1, 3, 3, at('2026-03-13 02:45:00'), 'b1', 'Out of memory: Killed process 11 (java)');
    rec.run(4, 1, 4, 4, at('2026-03-13 02:49:31'), 'b1', 'Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled');
    rec.run(5, 1, 5, 5, at('2026-03-13 02:53:00'), 'b2', 'Linux version 5.15.0-91-generic');
    rec.run(6, 2, 1, 1, at('2026-03-13 02:45:00'), null, 'Out of memory: Killed process 11 (java)');
    rec.run(7, 3, 1, 1, null, null, 'vm.panic_on_oom = 1');
    const ev = db.prepare(`INSERT INTO events(id, record_id, source_id, node, type, category, severity, rule_id, ts, ts_kind, count, fields, message, line, end_line, dup_of)
      VALUES (?, ?, ?, 'node-2', ?, ?, 'error', 'r', ?, 'exact', 1, ?, ?, ?, ?, ?)`);
    ev.run(1, 2, 1, 'oom_kill', 'memory', at('2026-03-13 02:40:00'), '{"pid":10,"process":"java"}', 'Killed process 10 (java)', 2, 2, null);
    ev.run(2, 3, 1, 'oom_kill', 'memory', at('2026-03-13 02:45:00'), '{"pid":11,"process":"java"}', 'Killed process 11 (java)', 3, 3, null);
    ev.run(3, 4, 1, 'kernel_panic', 'kernel', at('2026-03-13 02:49:31'), '{"reason":"Out of memory: system-wide panic_on_oom is enabled"}', 'Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled', 4, 4, null);
    ev.run(4, 6, 2, 'oom_kill', 'memory', at('2026-03-13 02:45:00'), '{"pid":11,"process":"java"}', 'Killed process 11 (java)', 1, 1, 2);

    const r = analyzeCase(db, { generatedAt: 1 });
    expect(r.boots.map((b) => [b.bootId, b.ending])).toEqual([['b1', 'crash'], ['b2', 'running']]);
    const crash = r.verdict.crashes[0]!;
    expect(crash.time).toBe(at('2026-03-13 02:49:31'));
    expect(crash.causes[0]!.category).toBe('memory');
    // the messages copy of the same kernel line (dup_of) is not a third OOM kill
    expect(crash.summary).toMatch(/2 OOM kills in 5 minutes/);
    expect(crash.causes[0]!.summary).toMatch(/vm\.panic_on_oom = 1/);
    expect(crash.causes[0]!.evidence.map((e) => e.recordId)).toEqual([2, 3, 4]);

    const stored = storedAnalysis(db)!;
    expect(stored.boots).toEqual(r.boots);
    expect(stored.spans).toEqual(r.spans);
    expect(stored.verdict.crashes[0]!.summary).toBe(crash.summary);
    // the user's accept / reject of evidence shows beside the cause
    db.prepare("INSERT INTO annotations(target_kind, event_id, evidence_choice, created_at, updated_at) VALUES ('event', 2, 'rejected', 1, 1)").run();
    expect(verdictWithChoices(db).crashes[0]!.causes[0]!.userChoice).toEqual({ 2: 'rejected' });
    // running it again replaces, not appends
    analyzeCase(db);
    expect((db.prepare('SELECT count(*) AS n FROM findings').get() as { n: number }).n).toBe(1);
    db.close();
  });

  // Hosts as older cases store them (text on each record) and as schema v3 does (ids into hosts,
  // end_line 0 for a one-line record): the analysis must read both the same.
  for (const stored of ['text', 'ids'] as const) it(`attributes a shared journal of several masters by host (${stored}), and places a vmcore by its lines that the journal also holds`, () => {
    const db = openCaseDb(path.join(dir, `b-${stored}.case`), { create: true });
    db.prepare("INSERT INTO bundles(id, path, layout, node, identity, status, imported_at) VALUES (1, '/x/must-gather.tar.gz', 'must-gather', 'must-gather', '{}', 'complete', 0)").run();
    const src = db.prepare("INSERT INTO sources(id, bundle_id, node, path, format, role, first_ts, last_ts) VALUES (?, 1, 'must-gather', ?, ?, ?, ?, ?)");
    src.run(1, 'mg/host_service_logs/masters/kubelet_service.log', 'journal-short', 'kubelet', at('2026-03-13 01:00:00'), at('2026-03-13 04:00:00'));
    // master-1's own sosreport, taken later, kept kdump's vmcore of the crashed boot
    db.prepare("INSERT INTO bundles(id, path, layout, node, identity, status, imported_at) VALUES (2, '/x/sosreport-master-1.tar.xz', 'sosreport', 'master-1', '{\"hostname\":\"master-1\"}', 'complete', 0)").run();
    db.prepare("INSERT INTO sources(id, bundle_id, node, path, format, role) VALUES (2, 2, 'master-1', 'sosreport-master-1/var/crash/127.0.0.1-2026-03-13-03:00/vmcore-dmesg.txt', 'vmcore-dmesg', 'crash')").run();
    const insert = stored === 'text'
      ? db.prepare('INSERT INTO records(id, source_id, line, end_line, ts, ts_kind, mono, host, message, dup_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
      : db.prepare(`INSERT INTO records(id, source_id, line, end_line, ts, ts_kind, mono, host_id, message, dup_key)
          VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT id FROM hosts WHERE name = ?), ?, ?)`);
    if (stored === 'ids') for (const h of ['master-2', 'master-0', 'master-1']) db.prepare('INSERT INTO hosts(name) VALUES (?)').run(h);
    const rec = { run: (...v: unknown[]) => insert.run(...(stored === 'ids' && v[2] === v[3] ? [...v.slice(0, 3), 0, ...v.slice(4)] : v)) };
    let id = 1;
    // master-0 writes all along; master-1 goes quiet at 02:59:40, a marker, then its next boot at 03:05
    for (let m = 0; m < 10; m++) rec.run(id++, 1, id, id, at(`2026-03-13 01:${String(m * 5).padStart(2, '0')}:00`), 0, null, 'master-0', 'kubelet: sync', null);
    rec.run(id++, 1, 100, 100, at('2026-03-13 02:59:30'), 0, null, 'master-1', 'kubelet: Error updating node status, will retry', 7);
    rec.run(id++, 1, 101, 101, at('2026-03-13 02:59:40'), 0, null, 'master-1', 'kubelet: Error updating node status, will retry', null);
    rec.run(id++, 1, 102, 102, at('2026-03-13 03:05:00'), 0, null, null, '-- Boot 0123456789abcdef0123456789abcdef --', null);
    rec.run(id++, 1, 103, 103, at('2026-03-13 03:05:00'), 0, null, 'master-1', 'systemd[1]: Started kubelet', null);
    rec.run(id++, 1, 104, 104, at('2026-03-13 03:30:00'), 0, null, 'master-0', 'kubelet: sync', null);
    for (let k = 0; k < 5; k++) rec.run(id++, 1, 110 + k, 110 + k, at('2026-03-13 03:40:00'), 0, null, 'master-2', 'kubelet: sync', null);
    // the vmcore: the same line at 7000.5 s since boot as the journal's 02:59:30 line, then the panic 10 s later
    rec.run(id++, 2, 1, 1, null, 4, 7000.5, null, 'kubelet: Error updating node status, will retry', 7);
    rec.run(id++, 2, 2, 2, null, 4, 7010.5, null, 'Kernel panic - not syncing: Fatal exception', 8);
    const ev = db.prepare(`INSERT INTO events(id, record_id, source_id, node, type, category, severity, rule_id, ts, ts_kind, count, fields, message, line, end_line)
      VALUES (?, ?, ?, NULL, ?, ?, 'error', 'r', ?, ?, 1, ?, ?, ?, ?)`);
    ev.run(1, 11, 1, 'kubelet_node_status_error', 'kubernetes', at('2026-03-13 02:59:30'), 'exact', '{}', 'kubelet could not update node status', 100, 100);
    ev.run(2, 13, 1, 'boot', 'boot', at('2026-03-13 03:05:00'), 'exact', '{"boot_id":"0123456789abcdef0123456789abcdef"}', 'boot 0123456789abcdef0123456789abcdef', 102, 102);
    ev.run(3, id - 1, 2, 'kernel_panic', 'kernel', null, 'monotonic', '{"reason":"Fatal exception"}', 'kernel panic: Fatal exception', 2, 2);

    const input = caseInput(db);
    expect(input.nodes.map((n) => n.name).sort()).toEqual(['master-0', 'master-1', 'master-2', 'must-gather']);
    expect(input.events.find((e) => e.id === 1)!.node).toBe('master-1');
    const r = analyzeCase(db);
    const crashes = r.verdict.crashes.filter((c) => c.outcome !== 'not_ready');
    // the panic kdump kept, placed in wall time from the paired line: 02:59:30 + 10 s
    expect(crashes.map((c) => [c.node, c.outcome, c.time])).toEqual([['master-1', 'panic', at('2026-03-13 02:59:40')]]);
    expect(r.boots.filter((b) => b.node === 'master-1').map((b) => b.ending)).toEqual(['crash', 'unknown']);
    db.close();
  });
});
