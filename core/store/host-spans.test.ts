// host_spans as the writer keeps it must say what grouping the records says: per source, host and
// boot id, the count, the first and last stamps and the first stamped line — through commits,
// a rolled-back batch, a bundle dropped, and a source whose stamps moved.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openCaseDb, type Db } from './case-db.ts';
import { CaseWriter } from './writer.ts';
import { batchOf, type RecordValues } from './record-batch.ts';
import { hostSpansComplete, respanSource } from './host-spans.ts';
import { LocalCaseApi } from '../api/local.ts';
import { caseInput } from '../analysis/from-case.ts';

const samples = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../samples/bundles');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crashlens-spans-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const fromRecords = (db: Db) => db.prepare(`SELECT source_id, coalesce(host_id, 0) AS host_id, coalesce(boot_id, '') AS boot_id, count(*) AS n,
    min(ts) AS first_ts, max(ts) AS last_ts, min(iif(ts IS NULL, NULL, line)) AS first_stamped_line
  FROM records GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`).all();
const kept = (db: Db) => db.prepare('SELECT * FROM host_spans ORDER BY 1, 2, 3').all();

/** Records of one source: hosts and boots alternating in runs, some lines without a stamp. */
function rows(source: number, from: number, n: number): RecordValues[] {
  return Array.from({ length: n }, (_, k) => {
    const i = from + k;
    const host = ['master-0', 'master-1', null][Math.floor(i / 7) % 3] ?? null;
    const boot = i % 50 < 25 ? 'b1' : i % 5 === 0 ? null : 'b2';
    const ts = i % 11 === 3 ? null : 1_000_000 * ((i * 37) % 101);
    return [source, i, i, ts, 0, null, 6, 'kubelet', null, host, boot, `m${i}`, null, null, null];
  });
}

describe('host spans', () => {
  it('kept by the writer as the records group, through commits, a rollback, a dropped bundle and moved stamps', () => {
    const db = openCaseDb(path.join(dir, 'c.sqlite'), { create: true });
    const w = new CaseWriter(db);
    const b1 = w.addBundle({ path: '/a', layout: 'loose', node: 'n', identity: {}, owner: 'x:1' });
    const s1 = w.addSource({ bundleId: b1, node: 'n', path: 'journal', format: 'journal-short', confidence: 1, role: 'journal', zone: null, bytes: 0 });
    const s2 = w.addSource({ bundleId: b1, node: 'n', path: 'messages', format: 'syslog', confidence: 1, role: 'syslog', zone: null, bytes: 0 });
    w.writeBatch(batchOf(rows(s1, 1, 300)), [], 'n');
    w.flush();
    w.writeBatch(batchOf(rows(s2, 1, 120)), [], 'n');
    w.writeBatch(batchOf(rows(s1, 301, 80)), [], 'n');
    w.flush();
    w.writeBatch(batchOf(rows(s2, 121, 40)), [], 'n');
    w.rollback(); // its sums go with its rows
    expect(kept(db).length).toBeGreaterThan(6);
    expect(kept(db)).toEqual(fromRecords(db));
    expect(hostSpansComplete(db)).toBe(true);

    const b2 = w.addBundle({ path: '/b', layout: 'loose', node: 'm', identity: {}, owner: 'x:1' });
    const s3 = w.addSource({ bundleId: b2, node: 'm', path: 'dmesg', format: 'dmesg', confidence: 1, role: 'kernel', zone: null, bytes: 0 });
    w.writeBatch(batchOf(rows(s3, 1, 60)), [], 'm');
    w.flush();
    expect(kept(db)).toEqual(fromRecords(db));
    w.dropBundle(b2);
    expect(kept(db)).toEqual(fromRecords(db));

    // Stamps moved by hand, then summed again (as retimeSource and the vmcore mapping do).
    db.prepare('UPDATE records SET ts = ts + 7000000 WHERE source_id = ? AND line > 200').run(s1);
    db.prepare('UPDATE records SET ts = NULL WHERE source_id = ? AND line < 5').run(s1);
    expect(kept(db)).not.toEqual(fromRecords(db));
    respanSource(db, s1);
    expect(kept(db)).toEqual(fromRecords(db));

    // Rows the writer did not write (an older case's, a test's) leave the spans short of the count.
    db.prepare("INSERT INTO records(source_id, line, end_line, ts, ts_kind, message) VALUES (?, 999, 0, 5, 0, 'by hand')").run(s2);
    expect(hostSpansComplete(db)).toBe(false);
    db.close();
  });

  // Samples of several nodes, journal boot ids, a vmcore mapped by its lines, dmesg restarts: the input
  // the analysis reads through host_spans is the one it reads by grouping the records.
  for (const sample of ['multinode-oops.tar.xz', 'etcd-slow-disk.tar.gz', 'hung-task-sysctl.tar.xz']) {
    it.skipIf(!fs.existsSync(path.join(samples, sample)))(`the analysis reads the same input from host_spans as from records: ${sample}`, async () => {
      const api = new LocalCaseApi();
      const casePath = path.join(dir, `${sample}.sqlite`);
      await api.createCase(casePath);
      const { importId } = await api.importBundles([path.join(samples, sample)]);
      await api.waitForImport(importId);
      await api.closeCase();
      const db = openCaseDb(casePath);
      expect(hostSpansComplete(db)).toBe(true);
      const fromSpans = caseInput(db);
      db.exec('DELETE FROM host_spans');
      expect(hostSpansComplete(db)).toBe(false);
      const grouped = caseInput(db);
      expect(fromSpans.bootMarks.length + fromSpans.coverage.length).toBeGreaterThan(0);
      expect(fromSpans).toEqual(grouped);
      db.close();
    });
  }
});
