// Notes survive a crash (issue 6, item 5): a child saving notes is SIGKILLed again and again; every
// save that returned before the kill is in the case when it is reopened, and the file is sound.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalCaseApi } from '../api/local.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CHILD = path.join(HERE, 'notes-writer.child.ts');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crashlens-kill-'));
const casePath = path.join(dir, 'notes.case');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Run the child until it has reported `saves` saves, then SIGKILL it; the saves it reported. */
function saveThenKill(round: number, saves: number): Promise<Map<number, string>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, casePath, String(round)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const done = new Map<number, string>();
    let buf = ''; let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n'); buf = lines.pop()!; // a line cut by the kill is not a report
      for (const l of lines) {
        const [id, comment] = l.split('\t');
        if (comment !== undefined) done.set(Number(id), comment);
      }
      // Kill at a point the child does not choose: while it is inside its next save.
      if (done.size >= saves && child.exitCode === null && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve(done);
      else reject(new Error(`child ended by itself (code ${code}): ${err}`));
    });
  });
}

describe('notes after SIGKILL', () => {
  it('keep every save that returned, and the case passes integrity_check', async () => {
    const api = new LocalCaseApi();
    await api.createCase(casePath);
    await api.closeCase();
    const expected = new Map<number, string>();
    for (let round = 0; round < 5; round++) {
      const saved = await saveThenKill(round, 40 + round * 37);
      expect(saved.size).toBeGreaterThanOrEqual(40);
      for (const [id, c] of saved) expected.set(id, c);
      // Reopen after each kill, as the user would: everything reported so far is there.
      const check = new LocalCaseApi();
      await check.openCase(casePath);
      const notes = new Map((await check.annotations()).map((a) => [a.id, a.comment]));
      for (const [id, c] of expected) expect(notes.get(id), `note ${id} after round ${round}`).toBe(c);
      await check.closeCase();
    }
    const db = new Database(casePath, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally { db.close(); }
  });
});
