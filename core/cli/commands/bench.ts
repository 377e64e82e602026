// `crashlens bench [--size 1G] [--dir .bench]` (npm run bench): throughput, memory and query
// latency of Crashlens, each next to a baseline measured in the same run (core/bench/run.ts).
// `--phase parse|index` is the bench's own child-process entry: one JSON line of figures.
import { parseFlags, type CliIo, type Command } from '../command.ts';

export const bench: Command = {
  name: 'bench',
  summary: 'Measure parsing, indexing and queries next to wc, xz, zstd, sqlite3 and lnav',
  usage: 'crashlens bench [--size 1G] [--dir .bench] [--rounds 2] [--no-lnav] [--no-archives] [--no-journal] [--journal-mb 200]',
  async run(args: string[], io: CliIo): Promise<number> {
    const { flags } = parseFlags(args, ['size', 'dir', 'phase', 'input', 'case', 'journal-mb', 'rounds']);
    if (flags.phase) {
      const phases = await import('../../bench/phases.ts');
      const input = String(flags.input);
      const r = flags.phase === 'parse' ? await phases.parsePhase(input) : await phases.indexPhase(input, String(flags.case));
      io.out(`${JSON.stringify(r)}\n`);
      return 0;
    }
    const { parseSize } = await import('../../bench/generate.ts');
    const { runBench } = await import('../../bench/run.ts');
    const table = await runBench({
      size: parseSize(typeof flags.size === 'string' ? flags.size : '1G'),
      dir: typeof flags.dir === 'string' ? flags.dir : '.bench',
      lnav: !flags['no-lnav'], archives: !flags['no-archives'],
      rounds: Math.max(1, Math.floor(Number(flags.rounds ?? 2)) || 1),
      log: (s) => io.err(s),
    });
    io.out(table);
    if (!flags['no-journal']) {
      const { runJournalBench } = await import('../../bench/journal.ts');
      io.out(await runJournalBench({
        sizeMiB: Number(flags['journal-mb'] ?? 200),
        dir: typeof flags.dir === 'string' ? flags.dir : '.bench',
        log: (s) => io.err(s),
      }));
    }
    return 0;
  },
};
