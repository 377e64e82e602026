// Starts `crashlens serve` three times in a throw-away CRASHLENS_HOME, each on a port the OS picks:
//   - an empty case: the flow spec opens a sample bundle through the import screen;
//   - a case made from a small hostile log (HTML and terminal escapes in log text), for the spec
//     that checks every view shows them as inert text;
//   - an empty case with a 1 MiB upload cap, for the drop-a-file spec.
// The URLs reach the specs through process.env (Playwright passes it to its workers).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HOSTILE_LINES } from './hostile.ts';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The sample bundle the flow spec opens: S's committed global-OOM sample when present, else the
 *  first committed sample, else CRASHLENS_E2E_BUNDLE. */
export function sampleBundle(): string | null {
  if (process.env.CRASHLENS_E2E_BUNDLE) return resolve(process.env.CRASHLENS_E2E_BUNDLE);
  const dir = join(REPO_ROOT, 'samples/bundles');
  let names: string[] = [];
  try { names = readdirSync(dir).filter((n) => !n.startsWith('.') && !n.endsWith('.md')).sort(); } catch { return null; }
  const pick = names.find((n) => /oom/i.test(n)) ?? names[0];
  return pick ? join(dir, pick) : null;
}

export function startServe(args: string[], env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/crashlens.js'), 'serve', ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const timer = setTimeout(() => { child.kill(); reject(new Error(`crashlens serve did not print a URL within 60 s\n${err}`)); }, 60_000);
    child.stdout!.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(out);
      if (m) { clearTimeout(timer); resolvePromise({ child, url: m[0] }); }
    });
    child.stderr!.on('data', (c: Buffer) => { err += c.toString(); if (process.env.CRASHLENS_E2E_VERBOSE) process.stderr.write(c); });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`crashlens serve exited (${code}) before printing a URL\n${err}`)); });
  });
}

export default async function globalSetup(): Promise<() => Promise<void>> {
  // The specs test the built renderer: build it when missing or older than its sources (npm test
  // builds it first anyway; this covers `npx playwright test` alone).
  const startScript = '../scripts/start.js'; // plain JS: imported through a variable (no types)
  const start = (await import(startScript)) as { buildRenderer: () => boolean; electronStatus: () => { ok: boolean; why?: string } };
  start.buildRenderer();
  const electron = start.electronStatus();
  if (!electron.ok) process.stderr.write(`e2e: the electron project will skip: ${electron.why}\n`);
  const home = mkdtempSync(join(tmpdir(), 'crashlens-e2e-'));
  const hostileDir = join(home, 'hostile-node/var/log');
  mkdirSync(hostileDir, { recursive: true });
  const hostileLog = join(hostileDir, 'messages');
  writeFileSync(hostileLog, HOSTILE_LINES.map((l) => l.text).join('\n') + '\n');
  // RFC 3164 stamps have no year: the file's mtime gives it.
  const when = new Date(Date.UTC(2026, 2, 14, 12, 0, 0));
  utimesSync(hostileLog, when, when);

  const env = { ...process.env, CRASHLENS_HOME: home };
  const caseDir = join(home, 'cases');
  const main = await startServe(['--case-dir', caseDir], env);
  const hostile = await startServe([join(home, 'hostile-node'), '--case-dir', caseDir], env);
  // A third, empty case for the drop-to-upload spec, with a small upload cap it can test.
  const upload = await startServe(['--case-dir', join(home, 'upload-cases'), '--max-upload-mb', '1'], env);
  process.env.CRASHLENS_E2E_HOME = home;
  process.env.CRASHLENS_E2E_URL = main.url;
  process.env.CRASHLENS_E2E_HOSTILE_URL = hostile.url;
  process.env.CRASHLENS_E2E_UPLOAD_URL = upload.url;
  process.env.CRASHLENS_E2E_HOSTILE_BUNDLE = join(home, 'hostile-node');
  const bundle = sampleBundle();
  if (bundle) process.env.CRASHLENS_E2E_BUNDLE = bundle;

  return async () => {
    for (const c of [main.child, hostile.child, upload.child]) {
      if (c.exitCode === null) {
        c.kill('SIGTERM');
        await new Promise((r) => { const t = setTimeout(() => { c.kill('SIGKILL'); r(null); }, 5000); c.once('exit', () => { clearTimeout(t); r(null); }); });
      }
    }
    rmSync(home, { recursive: true, force: true });
  };
}
