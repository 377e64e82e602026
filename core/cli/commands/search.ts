// `crashlens search <case> <query>`: full-text search (FTS5 syntax), hits in time order.
import { parseFlags, type CliIo, type Command } from '../command.ts';
import { LocalCaseApi } from '../../api/local.ts';

export const search: Command = {
  name: 'search',
  summary: 'Full-text search in a case (FTS5 syntax)',
  usage: 'crashlens search <case> <query> [--limit N] [--json]',
  async run(args: string[], io: CliIo): Promise<number> {
    const { positional, flags } = parseFlags(args, ['limit']);
    if (positional.length < 2) { io.err(`usage: ${this.usage}\n`); return 2; }
    const [casePath, ...words] = positional;
    const limit = flags.limit ? Number(flags.limit) : 50;
    const api = new LocalCaseApi();
    await api.openCase(casePath!);
    try {
      const sources = new Map((await api.sources()).map((s) => [s.id, s.path]));
      const page = await api.records({ text: words.join(' '), limit });
      for (const r of page.rows) {
        if (flags.json) io.out(`${JSON.stringify(r)}\n`);
        else io.out(`${r.ts == null ? '(no time)'.padEnd(27) : new Date(r.ts / 1000).toISOString().padEnd(27)}${r.node ?? '?'} ${sources.get(r.sourceId)}:${r.line}  ${r.message.split('\n')[0]}\n`);
      }
      if (page.next && !flags.json) io.err(`(more hits: --limit ${limit * 2})\n`);
      return 0;
    } finally { await api.closeCase(); }
  },
};
