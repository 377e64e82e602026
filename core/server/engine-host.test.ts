// The engine process the Electron shell relays to, started the way a parent starts it (here with
// child_process.fork, which speaks the same messages as Electron's utilityProcess), on a real
// LocalCaseApi: calls come back by id, refused calls never reach the engine.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostMessage } from './engine-host.ts';

const here = dirname(fileURLToPath(import.meta.url));
let child: ChildProcess;
let dir: string;
const replies = new Map<number, (m: HostMessage) => void>();

function ask(id: number, method: unknown, args: unknown): Promise<HostMessage> {
  return new Promise((resolve) => { replies.set(id, resolve); child.send({ id, method, args }); });
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'crashlens-host-'));
  child = fork(join(here, 'engine-host.ts'), [], { execArgv: ['--import', 'tsx'], env: { ...process.env, CRASHLENS_ENGINE_HOST: '1' }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  child.on('message', (m: HostMessage) => { if ('id' in m) { replies.get(m.id)?.(m); replies.delete(m.id); } });
});
afterAll(() => { child.kill(); rmSync(dir, { recursive: true, force: true }); });

describe('engine host process', () => {
  it('runs CaseApi calls on the engine and answers by id', async () => {
    const path = join(dir, 'x.crashlens');
    const created = await ask(1, 'createCase', [path]);
    expect(created).toMatchObject({ id: 1, reply: { value: { path, records: 0 } } });
    const sql = await ask(2, 'sql', ['SELECT 6 * 7 AS answer']);
    expect(sql).toMatchObject({ id: 2, reply: { value: { columns: ['answer'], rows: [[42]] } } });
  });

  it('refuses what is not a CaseApi call, whoever sent it', async () => {
    expect(await ask(3, 'constructor', [])).toMatchObject({ id: 3, reply: { error: { code: 'not-found' } } });
    expect(await ask(4, 'openCase', 'not-an-array')).toMatchObject({ id: 4, reply: { error: { code: 'bad-request' } } });
    expect(await ask(5, 'sql', ['DELETE FROM records'])).toMatchObject({ id: 5, reply: { error: {} } });
  });
});
