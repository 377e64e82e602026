// `crashlens export <case> --format md|html|json|png [--redact] [--range FROM..TO] [--width W --height H] -o FILE`:
// the incident report of a case, written to a file (or stdout with -o -, text formats only).
import fs from 'node:fs';
import { parseFlags, type CliIo, type Command } from '../command.ts';
import { LocalCaseApi } from '../../api/local.ts';
import type { ExportOptions } from '../../api/types.ts';

const FORMATS = ['md', 'html', 'json', 'png'] as const;

/** A time on the command line: UTC microseconds, or an ISO stamp (UTC unless it names a zone). */
export function parseInstant(s: string): number | null {
  if (/^\d{13,17}$/.test(s)) return Number(s);
  const iso = /[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}Z`;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  const frac = /\.(\d{4,6})/.exec(s)?.[1]; // Date keeps milliseconds only
  return ms * 1000 + (frac ? Number(frac.padEnd(6, '0').slice(3)) : 0);
}

export function parseRange(s: string): { from: number; to: number } | null {
  const i = s.indexOf('..');
  if (i <= 0) return null;
  const from = parseInstant(s.slice(0, i).trim()); const to = parseInstant(s.slice(i + 2).trim());
  return from !== null && to !== null && to >= from ? { from, to } : null;
}

export const exportCommand: Command = {
  name: 'export',
  summary: 'Write the incident report of a case (Markdown, HTML, JSON or a PNG of the timeline)',
  usage: 'crashlens export <case> --format md|html|json|png [--redact] [--range FROM..TO] [--width W --height H] -o FILE',
  async run(args: string[], io: CliIo): Promise<number> {
    const { positional, flags } = parseFlags(args, ['format', 'range', 'width', 'height', 'o', 'out']);
    const out = (flags.o ?? flags.out) as string | undefined;
    const format = flags.format as ExportOptions['format'] | undefined;
    if (positional.length !== 1 || typeof out !== 'string' || !format || !FORMATS.includes(format)) { io.err(`usage: ${this.usage}\n`); return 2; }
    const range = typeof flags.range === 'string' ? parseRange(flags.range) : null;
    if (flags.range !== undefined && !range) { io.err(`--range: expected FROM..TO as ISO UTC times (2024-03-01T10:00:00..2024-03-01T12:00) or microseconds, got ${String(flags.range)}\n`); return 2; }
    const size = (k: 'width' | 'height') => (typeof flags[k] === 'string' ? Number(flags[k]) : undefined);
    const width = size('width'); const height = size('height');
    if ((width !== undefined && !(width >= 100)) || (height !== undefined && !(height >= 100))) { io.err('--width and --height are pixels (100 or more)\n'); return 2; }
    if (out === '-' && format === 'png') { io.err('a PNG goes to a file: -o FILE\n'); return 2; }
    if (!fs.existsSync(positional[0]!)) { io.err(`no case file at ${positional[0]}\n`); return 1; }
    const api = new LocalCaseApi();
    const t0 = performance.now();
    try {
      await api.openCase(positional[0]!);
      const r = await api.exportReport({ format, redact: flags.redact === true, range, width, height });
      const bytes = Buffer.from(r.content, r.encoding === 'base64' ? 'base64' : 'utf8');
      if (out === '-') io.out(bytes.toString('utf8'));
      else fs.writeFileSync(out, bytes);
      io.err(`${out === '-' ? 'report' : out}: ${format}, ${bytes.length} bytes${flags.redact === true ? ', redacted' : ''} in ${((performance.now() - t0) / 1000).toFixed(2)} s\n`);
      return 0;
    } catch (e) {
      io.err(`${(e as { code?: string }).code ?? 'error'}: ${(e as Error).message}\n`);
      return 1;
    } finally { await api.closeCase(); }
  },
};
