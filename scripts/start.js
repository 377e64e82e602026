#!/usr/bin/env node
// `npm start [bundle|case]`: the desktop app on a sample bundle (or the path given); where Electron
// cannot start (no binary downloaded, no display) it says so in one line and opens browser mode
// (`crashlens serve`) instead, printing the URL.
// Also the build steps the app needs, exported for the e2e fixture: the renderer (Vite) when it is
// missing or older than its sources, and the Electron main/preload bundles (esbuild, which tsx
// already brings: a sandboxed preload must be one CommonJS file, and Electron cannot run .ts).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(ROOT, 'package.json'));

/** Newest modification time of the files under `path` (node_modules and dist skipped). */
function newest(path) {
  let st;
  try { st = statSync(path); } catch { return 0; }
  if (!st.isDirectory()) return st.mtimeMs;
  let t = 0;
  for (const name of readdirSync(path)) {
    if (name === 'node_modules' || name === 'dist') continue;
    t = Math.max(t, newest(join(path, name)));
  }
  return t;
}

/** Builds renderer/dist when it is missing or older than renderer/src, index.html or the config. */
export function buildRenderer({ log = (s) => process.stderr.write(s) } = {}) {
  const index = join(ROOT, 'renderer/dist/index.html');
  const sources = Math.max(newest(join(ROOT, 'renderer/src')), newest(join(ROOT, 'renderer/index.html')), newest(join(ROOT, 'renderer/vite.config.ts')));
  if (existsSync(index) && statSync(index).mtimeMs >= sources) return false;
  log(existsSync(index) ? 'renderer sources changed: rebuilding…\n' : 'building the renderer (first run)…\n');
  const vite = join(dirname(require.resolve('vite/package.json')), 'bin/vite.js');
  const r = spawnSync(process.execPath, [vite, 'build', '--config', 'renderer/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('the renderer build failed (npm run build:renderer shows why)');
  return true;
}

/** Bundles electron/main.ts and electron/preload.ts to electron/dist/*.cjs; returns main's path. */
export async function buildElectron() {
  const esbuild = await import('esbuild');
  await esbuild.build({
    entryPoints: { main: join(ROOT, 'electron/main.ts'), preload: join(ROOT, 'electron/preload.ts') },
    outdir: join(ROOT, 'electron/dist'),
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron'],
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  return join(ROOT, 'electron/dist/main.cjs');
}

/** The Electron binary, or why it cannot start here. */
export function electronStatus() {
  let bin;
  try { bin = require('electron'); } catch (e) { return { ok: false, why: `no Electron binary (${String(e.message).split('\n')[0]})` }; }
  if (typeof bin !== 'string' || !existsSync(bin)) return { ok: false, why: 'no Electron binary' };
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return { ok: false, why: 'no display (DISPLAY and WAYLAND_DISPLAY unset)' };
  return { ok: true, bin };
}

/** S's committed sample (a global OOM first), for a first look without a bundle of one's own. */
export function defaultSample() {
  const dir = join(ROOT, 'samples/bundles');
  let names = [];
  try { names = readdirSync(dir).filter((n) => !n.startsWith('.') && !/\.(md|json)$/.test(n)).sort(); } catch { return null; }
  const pick = names.find((n) => /oom/i.test(n)) ?? names[0];
  return pick ? join(dir, pick) : null;
}

function run(cmd, args) {
  const child = spawn(cmd, args, { cwd: ROOT, stdio: 'inherit' });
  const forward = (sig) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((done) => child.on('exit', (code, signal) => done({ code: code ?? (signal ? 1 : 0), signal })));
}

async function main() {
  const given = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const target = given[0] ? resolve(given[0]) : defaultSample();
  if (given[0] && !existsSync(target)) { process.stderr.write(`npm start: no such file or directory: ${target}\n`); return 2; }
  buildRenderer();

  const electron = electronStatus();
  if (electron.ok) {
    const mainJs = await buildElectron();
    const started = Date.now();
    const r = await run(electron.bin, [mainJs, ...(target ? [target] : [])]);
    // A crash within seconds of launch is Electron failing to start (missing libraries, no GPU…),
    // not the user quitting: fall through to browser mode.
    if (r.code === 0 || Date.now() - started > 10_000) return r.code;
    process.stderr.write(`Electron could not start (exit ${r.code}); opening browser mode instead.\n`);
  } else {
    process.stderr.write(`Electron cannot start here: ${electron.why}; opening browser mode instead.\n`);
  }
  if (!target) process.stderr.write('no sample bundle is committed yet: open one from the page, or run `npm start -- <bundle>`\n');
  // Only ask the OS to open a browser where there is a screen: on a headless box xdg-open may start a
  // text browser in this very terminal.
  const canOpen = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
  const r = await run(process.execPath, [join(ROOT, 'bin/crashlens.js'), 'serve', ...(target ? [target] : []), ...(canOpen ? ['--open'] : [])]);
  return r.code;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().then((code) => { process.exitCode = code; }, (e) => { process.stderr.write(`npm start: ${e instanceof Error ? e.message : String(e)}\n`); process.exitCode = 1; });
}
