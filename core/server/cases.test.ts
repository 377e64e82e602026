import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaseSummary } from '../api/types.ts';
import { caseFileFor, defaultCaseDir, isCaseFile, openForUser, untitledCase } from './cases.ts';
import { safeUploadName } from './upload.ts';

const dir = mkdtempSync(join(tmpdir(), 'crashlens-cases-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('case files for bundles', () => {
  it('names one case per bundle, archive extensions dropped', () => {
    expect(caseFileFor('/x/sosreport-node1-2024-03-01-abcdef.tar.xz', '/c')).toBe('/c/sosreport-node1-2024-03-01-abcdef.crashlens');
    expect(caseFileFor('/x/must-gather.local.123.tgz', '/c')).toBe('/c/must-gather.local.123.crashlens');
    expect(caseFileFor('/x/var log/', '/c')).toBe('/c/var_log.crashlens');
    expect(untitledCase('/c', new Date(Date.UTC(2026, 0, 2, 3, 4, 5)))).toBe('/c/untitled-20260102-030405.crashlens');
  });

  it('takes CRASHLENS_HOME for the case directory', () => {
    expect(defaultCaseDir({ CRASHLENS_HOME: '/srv/cl' })).toBe('/srv/cl/cases');
    expect(defaultCaseDir({})).toMatch(/\.crashlens\/cases$/);
  });

  it('tells a case (SQLite) from a bundle by its first bytes, not its name', () => {
    const db = join(dir, 'looks-like-a-log.txt');
    writeFileSync(db, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(100)]));
    const log = join(dir, 'x.crashlens');
    writeFileSync(log, 'Mar 14 11:58:01 node kernel: hello\n');
    expect(isCaseFile(db)).toBe(true);
    expect(isCaseFile(log)).toBe(false);
    expect(isCaseFile(dir)).toBe(false);
    expect(isCaseFile(join(dir, 'missing'))).toBe(false);
  });

  it('keeps the client\'s upload name only as a harmless suffix', () => {
    expect(safeUploadName('../../etc/passwd')).toBe('passwd');
    expect(safeUploadName('C:\\Users\\me\\sos.tar.xz')).toBe('sos.tar.xz');
    expect(safeUploadName('.bashrc')).toBe('bashrc');
    expect(safeUploadName('a\0b\nc d.log')).toBe('a_b_c_d.log');
    expect(safeUploadName('...')).toBe('upload');
    expect(safeUploadName('x'.repeat(500))).toHaveLength(120);
  });
});

describe('openForUser: what opening a path means', () => {
  const summary = (bundles: { path: string; status: string }[]): CaseSummary => ({ path: '', schemaVersion: 2, createdAt: 0, bundles, nodes: [], records: 0, events: 0, annotations: 0, firstTs: null, lastTs: null, readiness: { records: false, events: false, timeline: false, fulltext: false, analysis: false } } as unknown as CaseSummary);
  function engine(existing: { path: string; status: string }[]) {
    const calls: string[] = [];
    return {
      calls,
      async openCase(p: string) { calls.push(`open ${p}`); return summary(existing); },
      async createCase(p: string) { calls.push(`create ${p}`); writeFileSync(p, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(100)])); return summary([]); },
      async importBundles(ps: string[]) { calls.push(`import ${ps.join(',')}`); return { importId: 'i1' }; },
    };
  }

  it('a new bundle: creates its case and imports it', async () => {
    const e = engine([]);
    const o = await openForUser(e, join(dir, 'b1.tar.xz'), dir);
    expect(e.calls).toEqual([`create ${join(dir, 'b1.crashlens')}`, `import ${join(dir, 'b1.tar.xz')}`]);
    expect(o).toMatchObject({ casePath: join(dir, 'b1.crashlens'), importId: 'i1', reopened: false });
  });

  it('a bundle already indexed completely: reopens its case, no second import', async () => {
    await openForUser(engine([]), join(dir, 'b2.tar.xz'), dir);
    const e = engine([{ path: join(dir, 'b2.tar.xz'), status: 'complete' }]);
    const o = await openForUser(e, join(dir, 'b2.tar.xz'), dir);
    expect(e.calls).toEqual([`open ${join(dir, 'b2.crashlens')}`]);
    expect(o).toMatchObject({ importId: null, reopened: true });
  });

  it('a bundle whose import was interrupted: reopens and imports again', async () => {
    await openForUser(engine([]), join(dir, 'b3.tar.xz'), dir);
    const e = engine([{ path: join(dir, 'b3.tar.xz'), status: 'interrupted' }]);
    const o = await openForUser(e, join(dir, 'b3.tar.xz'), dir);
    expect(e.calls).toEqual([`open ${join(dir, 'b3.crashlens')}`, `import ${join(dir, 'b3.tar.xz')}`]);
    expect(o.importId).toBe('i1');
  });

  it('a case file opens as itself; nothing makes an empty case', async () => {
    const e = engine([]);
    await openForUser(e, join(dir, 'b1.crashlens'), dir);
    expect(e.calls).toEqual([`open ${join(dir, 'b1.crashlens')}`]);
    const e2 = engine([]);
    const o = await openForUser(e2, null, dir);
    expect(o.casePath).toMatch(/untitled-\d{8}-\d{6}\.crashlens$/);
    expect(e2.calls).toEqual([`create ${o.casePath}`]);
  });
});
