// `crashlens serve [bundle|case]`: browser mode. Opens (or creates) the case, starts the import of a
// bundle, and serves the renderer plus the CaseApi on 127.0.0.1 behind a random token.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaseApi, EngineEvent, ProgressStream } from '../../api/types.ts';
import { parseFlags, type CliIo, type Command } from '../command.ts';
import { startServer, DEFAULT_MAX_UPLOAD_BYTES } from '../../server/server.ts';
import { defaultCaseDir, openForUser } from '../../server/cases.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
export const RENDERER_DIST = join(REPO_ROOT, 'renderer/dist');

async function loadEngine(): Promise<CaseApi & ProgressStream> {
  // Loaded lazily: `crashlens serve --help` must not need the engine (nor its native SQLite module).
  const { LocalCaseApi } = await import('../../api/local.ts');
  return new LocalCaseApi();
}

function openInBrowser(url: string, io: CliIo): void {
  // Our own URL only; never anything read from a log.
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(cmd, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => io.err(`could not start ${cmd}; open the URL above yourself\n`));
  child.unref();
}

function describeProgress(e: EngineEvent): string | null {
  if (e.kind !== 'progress') return null;
  const p = e.progress;
  const pct = Math.round(p.share * 100);
  if (p.phase === 'failed') return `import ${p.bundle}: failed: ${p.error ?? 'unknown error'}\n`;
  if (p.phase === 'done' || p.phase === 'cancelled') return `import ${p.bundle}: ${p.phase} (${p.warnings.length} warning(s))\n`;
  return `import ${p.bundle}: ${p.phase} ${pct}%\n`;
}

export const serve: Command = {
  name: 'serve',
  summary: 'Browser mode: serve the app and the case on 127.0.0.1 with a random token',
  usage: 'crashlens serve [bundle|case] [--port N] [--case-dir DIR] [--max-upload-mb N] [--open]',
  async run(args, io) {
    const { positional, flags } = parseFlags(args, ['port', 'case-dir', 'max-upload-mb']);
    if (positional.length > 1) { io.err(`usage: ${this.usage}\n`); return 2; }
    const port = flags.port === undefined ? 0 : Number(flags.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) { io.err(`--port: not a port number: ${String(flags.port)}\n`); return 2; }
    const maxUpload = flags['max-upload-mb'] === undefined ? DEFAULT_MAX_UPLOAD_BYTES : Number(flags['max-upload-mb']) * 1024 * 1024;
    if (!(maxUpload > 0)) { io.err('--max-upload-mb: expected a positive number\n'); return 2; }
    const caseDir = typeof flags['case-dir'] === 'string' ? resolve(flags['case-dir']) : defaultCaseDir();
    mkdirSync(caseDir, { recursive: true });

    const target = positional[0] ? resolve(positional[0]) : null;
    if (target && !existsSync(target)) { io.err(`no such file or directory: ${target}\n`); return 2; }

    const api = await loadEngine();
    // Progress goes to stderr so that stdout carries only the URL (scripts and the e2e setup read it).
    // One line per phase and per tenth of the way, not one per progress tick.
    let last = '';
    const unsubscribe = api.subscribe((e) => {
      const line = describeProgress(e);
      const key = e.kind === 'progress' ? `${e.progress.importId}:${e.progress.phase}:${Math.floor(e.progress.share * 10)}` : '';
      if (line && key !== last) { last = key; io.err(line); }
    });

    const opened = await openForUser(api, target, caseDir);
    const casePath = opened.casePath;
    if (target && opened.casePath !== target && !opened.importId) io.err(`reopened ${casePath} (delete it to index ${basename(target)} again)\n`);

    const server = await startServer({
      api,
      port,
      staticDir: existsSync(join(RENDERER_DIST, 'index.html')) ? RENDERER_DIST : null,
      uploadDir: join(dirname(casePath), 'uploads'),
      maxUploadBytes: maxUpload,
    });
    io.out(`${server.url}\n`);
    io.err(`case: ${casePath}\nCrashlens is serving on 127.0.0.1 only; the token in the URL is the key — do not share it. Ctrl-C stops.\n`);
    if (!existsSync(join(RENDERER_DIST, 'index.html'))) io.err('the renderer is not built: run `npm run build:renderer` (the page says so too)\n');
    if (flags.open) openInBrowser(server.url, io);

    await new Promise<void>((done) => {
      const stop = () => { process.off('SIGINT', stop); process.off('SIGTERM', stop); done(); };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    unsubscribe();
    await server.close();
    await api.closeCase().catch(() => {});
    return 0;
  },
};

export default serve;
