// `crashlens index <bundle…> -o <case>`: build (or add to) a case file. On a terminal a one-line
// progress bar with throughput and ETA; otherwise (or with --progress json) one JSON line per update.
import fs from 'node:fs';
import { parseFlags, type CliIo, type Command } from '../command.ts';
import { LocalCaseApi } from '../../api/local.ts';
import type { ImportOptions, ImportProgress } from '../../api/types.ts';

const mib = (n: number) => (n / 1048576).toFixed(1);

/** Size with an optional unit: 64G, 512M, 1K, or bytes. */
function size(v: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?$/i.exec(v.trim());
  if (!m) return null;
  return Math.round(Number(m[1]) * 1024 ** ' kmgt'.indexOf((m[2] || ' ').toLowerCase()));
}

/** The archive limits as flags (defaults in parsers/archive/types.ts DEFAULT_LIMITS); null when one is malformed. */
const LIMIT_FLAGS = { 'max-bytes': 'maxDecompressedBytes', 'max-nesting': 'maxNesting', 'max-files': 'maxFiles', 'max-line-bytes': 'maxLineBytes' } as const;
function limitsFrom(flags: Record<string, string | true>): ImportOptions['limits'] | string {
  const limits: NonNullable<ImportOptions['limits']> = {};
  for (const [flag, key] of Object.entries(LIMIT_FLAGS)) {
    const v = flags[flag];
    if (v === undefined) continue;
    const n = typeof v === 'string' ? size(v) : null;
    if (n === null || n < (key === 'maxNesting' ? 0 : 1)) return `--${flag} needs a number (sizes may end in K, M, G), got ${String(v)}`;
    limits[key] = n;
  }
  return limits;
}

function bar(p: ImportProgress): string {
  const width = 24;
  const filled = Math.round(p.share * width);
  const eta = p.etaSeconds != null ? ` ETA ${Math.floor(p.etaSeconds / 60)}:${String(p.etaSeconds % 60).padStart(2, '0')}` : '';
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(p.share * 100).toFixed(0).padStart(3)}% ${p.phase.padEnd(9)} `
    + `${mib(p.bytesDone)} MiB  ${mib(p.bytesPerSec)} MiB/s  ${Math.round(p.linesPerSec / 1000)}k lines/s${eta}   `;
}

export const indexCase: Command = {
  name: 'index',
  summary: 'Index bundles into a case file (created when absent)',
  usage: 'crashlens index <bundle…> -o <case> [--progress json|bar] [--workers N] [--max-bytes 64G] [--max-nesting 4] [--max-files 1000000] [--max-line-bytes 1M]',
  async run(args: string[], io: CliIo): Promise<number> {
    const { positional, flags } = parseFlags(args, ['o', 'out', 'progress', 'workers', ...Object.keys(LIMIT_FLAGS)]);
    const out = (flags.o ?? flags.out) as string | undefined;
    if (!positional.length || typeof out !== 'string') { io.err(`usage: ${this.usage}\n`); return 2; }
    const limits = limitsFrom(flags);
    if (typeof limits === 'string') { io.err(`${limits}\nusage: ${this.usage}\n`); return 2; }
    const mode = flags.progress === 'json' || flags.progress === 'bar' ? flags.progress : io.isTty ? 'bar' : 'json';
    const api = new LocalCaseApi({ workers: flags.workers ? Number(flags.workers) : undefined });
    if (fs.existsSync(out) && fs.statSync(out).size > 0) await api.openCase(out); else await api.createCase(out);
    api.subscribe((e) => {
      if (e.kind !== 'progress') return;
      if (mode === 'json') io.out(`${JSON.stringify({ ...e.progress, sources: e.progress.sources.filter((s) => !s.done).slice(0, 8) })}\n`);
      else io.err(bar(e.progress));
    });
    const { importId } = await api.importBundles(positional, { limits });
    const stop = () => { void api.cancelImport(importId).catch(() => {}); };
    process.once('SIGINT', stop);
    const r = await api.waitForImport(importId);
    process.off('SIGINT', stop);
    if (mode === 'bar') io.err('\n');
    if (!r) { await api.closeCase(); io.err('import failed\n'); return 1; }
    for (const w of r.warnings.slice(0, 20)) io.err(`warning: ${w.file}${w.line ? `:${w.line}` : ''}: ${w.message}\n`);
    if (r.warnings.length > 20) io.err(`… and ${r.warnings.length - 20} more warnings (crashlens info ${out})\n`);
    const secs = r.timings.fulltext / 1000;
    io.err(`${out}: ${r.records} records, ${r.events} events from ${mib(r.bytes)} MiB in ${secs.toFixed(1)} s `
      + `(${r.bundles.map((b) => `${b.path}: ${b.status}`).join(', ')})\n`);
    await api.closeCase();
    return r.bundles.some((b) => b.status === 'failed') ? 1 : 0;
  },
};
