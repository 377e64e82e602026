// `crashlens analyze <bundle|case…> [--json|--md]`: the verdict. Bundles are read in memory
// (all given bundles form one multi-node analysis); a .case file is read as the store holds it
// (read-only: nothing is written to it).
import fs from 'node:fs';
import { analyze } from '../../analysis/analyze.ts';
import { bundleInput } from '../../analysis/from-bundle.ts';
import { caseInput } from '../../analysis/from-case.ts';
import type { AnalysisResult } from '../../analysis/input.ts';
import { verdictMarkdown, verdictText } from '../../analysis/render.ts';
import { openReadOnly } from '../../store/case-db.ts';
import { parseFlags, type CliIo, type Command } from '../command.ts';

/** A case file is SQLite: its first 16 bytes say so whatever it is called. */
function isCaseFile(p: string): boolean {
  try {
    if (!fs.statSync(p).isFile()) return false;
    const fd = fs.openSync(p, 'r');
    const head = Buffer.alloc(16);
    fs.readSync(fd, head, 0, 16, 0);
    fs.closeSync(fd);
    return head.toString('latin1') === 'SQLite format 3\u0000';
  } catch { return false; }
}

function print(r: AnalysisResult, flags: Record<string, string | true>, io: CliIo): void {
  if (flags.json) io.out(`${JSON.stringify({ ...r.verdict, boots: r.boots, spans: r.spans.filter((s) => s.kind !== 'source_coverage') })}\n`);
  else if (flags.md) io.out(verdictMarkdown(r));
  else io.out(verdictText(r));
}

export const analyzeCommand: Command = {
  name: 'analyze',
  summary: 'Name the most probable cause of each crash, hard reset and NotReady period, with its evidence',
  usage: 'crashlens analyze <bundle|case…> [--json|--md] [--warnings]',
  async run(args, io) {
    const { positional, flags } = parseFlags(args);
    if (positional.length === 0) { io.err(`usage: ${this.usage}\n`); return 2; }
    const missing = positional.filter((p) => !fs.existsSync(p));
    if (missing.length) { io.err(`crashlens analyze: no such file or directory: ${missing.join(', ')}\n`); return 2; }
    const cases = positional.filter(isCaseFile);
    const bundles = positional.filter((p) => !cases.includes(p));
    for (const c of cases) {
      const db = openReadOnly(c);
      try { print(analyze(caseInput(db)), flags, io); } finally { db.close(); }
    }
    if (bundles.length) {
      let warnings = 0;
      const input = await bundleInput(bundles, { warn: (w) => { warnings++; if (flags.warnings) io.err(`warning: ${w.file}${w.line ? `:${w.line}` : ''}: ${w.message}\n`); } });
      if (warnings && !flags.warnings) io.err(`${warnings} warning(s) while reading (symlinks not followed, unparsed lines…): --warnings lists them\n`);
      print(analyze(input), flags, io);
    }
    return 0;
  },
};
