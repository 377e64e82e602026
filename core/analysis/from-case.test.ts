// analyzeCase on a real case file (D's schema): journal boot ids from records, events from the
// events table (duplicates of the same kernel line skipped), fact files read back from records,
// and boots / spans / findings written where CaseApi reads them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCaseDb } from '../store/case-db.ts';
import { analyzeCase, storedAnalysis } from './from-case.ts';
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
    // running it again replaces, not appends
    analyzeCase(db);
    expect((db.prepare('SELECT count(*) AS n FROM findings').get() as { n: number }).n).toBe(1);
    db.close();
  });
});
