// `crashlens records <file> [--format id] [--json] [--zone Z] [--year Y]`: the parsed records of
// one log file, one line each (time, how the time was obtained, severity, ident, lines, message),
// to check a parser by eye. The body is printRecords(), which takes any byte stream: the bundle
// reader calls it for a member of an archive.
import { createReadStream } from 'node:fs';
import { parseFlags, type CliIo, type Command } from '../command.ts';
import { createSourceParser, fileTimeContext, type SourceParseOptions } from '../../../parsers/source.ts';
import { hasFormat } from '../../../parsers/formats/index.ts';
import { isBundleInput, openLogInput } from '../../../parsers/bundle/member.ts';
import { isKnownZone, isoMicros } from '../../../parsers/time/zone.ts';
import { SEVERITY_NAMES, type FormatId, type LogRecord } from '../../../parsers/types.ts';

// Log text is attacker-controlled: no terminal control sequences reach the user's terminal.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

export function recordLine(r: LogRecord): string {
  const time = r.ts !== null ? isoMicros(r.ts) : r.mono !== null ? `[${r.mono.toFixed(6)}]`.padStart(27) : '-'.padEnd(27);
  const nl = r.message.indexOf('\n');
  const first = nl < 0 ? r.message : r.message.slice(0, nl);
  const more = r.endLine > r.line ? ` [+${r.endLine - r.line} lines]` : '';
  const lines = r.endLine > r.line ? `${r.line}-${r.endLine}` : `${r.line}`;
  return `${time} ${r.tsKind.padEnd(16)} ${(r.severity === null ? '-' : SEVERITY_NAMES[r.severity]).padEnd(7)} ${(r.ident ?? '-').padEnd(12)} ${lines.padStart(6)} ${first.replace(CONTROL, '?')}${more}\n`;
}

/** Parses a stream and prints its records as they come (bounded memory); warnings go to stderr. */
export async function printRecords(stream: AsyncIterable<Buffer>, opts: SourceParseOptions, io: CliIo, json = false): Promise<{ records: number; warnings: number; format: FormatId | null }> {
  let buf = '';
  let records = 0, warnings = 0;
  const flush = () => { if (buf.length > 0) { io.out(buf); buf = ''; } };
  const sp = createSourceParser(opts, {
    record(r) {
      records++;
      buf += json ? `${JSON.stringify({ ...r, messageAt: undefined, time: r.ts === null ? null : isoMicros(r.ts) })}\n` : recordLine(r); // messageAt: a hint for storing, not data
      if (buf.length > 65536) flush();
    },
    warn(w) {
      warnings++;
      if (warnings <= 100) io.err(`warning: ${opts.path}${w.line ? `:${w.line}` : ''}: ${w.code}: ${w.message.replace(CONTROL, '?')}\n`);
    },
  });
  for await (const chunk of stream) sp.write(chunk);
  sp.end();
  flush();
  io.err(`${opts.path}: ${sp.format ?? '?'} (confidence ${sp.confidence}), ${sp.lines} lines, ${sp.bytes} bytes, ${records} records, ${warnings} warnings\n`);
  return { records, warnings, format: sp.format };
}

export const records: Command = {
  name: 'records',
  summary: 'Print the parsed records of one log file',
  usage: 'crashlens records <file | bundle [path-in-bundle]> [--format id] [--json] [--zone Z] [--year Y] [--boot-ts ISO]',
  async run(args: string[], io: CliIo): Promise<number> {
    const { positional, flags } = parseFlags(args, ['format', 'zone', 'year', 'boot-ts']);
    if (positional.length < 1 || positional.length > 2) { io.err(`usage: ${this.usage}\n`); return 2; }
    const file = positional[0]!;
    // A bundle (folder, archive, compressed file): the member, with the bundle's time facts.
    const member = positional.length === 2 || await isBundleInput(file) ? await openLogInput(file, positional[1]) : null;
    const time = member ? member.time : await fileTimeContext(file);
    const format = typeof flags.format === 'string' ? flags.format as FormatId : undefined;
    if (format !== undefined && !hasFormat(format) && format !== 'journal-binary') { io.err(`unknown format '${format}'\n`); return 2; }
    if (typeof flags.zone === 'string') {
      if (!isKnownZone(flags.zone)) { io.err(`unknown zone '${flags.zone}' (an IANA name like Europe/Berlin, or +HH:MM)\n`); return 2; }
      time.zone = flags.zone;
    }
    if (typeof flags.year === 'string') {
      const y = Number(flags.year);
      if (!Number.isInteger(y) || y < 1970 || y > 2200) { io.err(`bad year '${flags.year}'\n`); return 2; }
      time.year = y; time.refTs = null;
    }
    if (typeof flags['boot-ts'] === 'string') {
      const ms = Date.parse(flags['boot-ts']);
      if (Number.isNaN(ms)) { io.err(`bad --boot-ts '${flags['boot-ts']}'\n`); return 2; }
      time.bootTs = ms * 1000;
    }
    try {
      await printRecords(member ? member.stream : createReadStream(file, { highWaterMark: 256 * 1024 }), { path: member ? member.path : file, format, time }, io, flags.json === true);
    } finally {
      await member?.close();
    }
    return 0;
  },
};
