// `crashlens sql <case> "<select>"`: read-only SQL on a case (tab-separated, a header line).
import { parseFlags, type CliIo, type Command } from '../command.ts';
import { LocalCaseApi } from '../../api/local.ts';

const cell = (v: unknown) => (v === null ? 'NULL' : String(v).replace(/[\t\n]/g, ' '));

export const sql: Command = {
  name: 'sql',
  summary: 'Read-only SQL on a case file',
  usage: 'crashlens sql <case> "<select>" [--limit N] [--json]',
  async run(args: string[], io: CliIo): Promise<number> {
    const { positional, flags } = parseFlags(args, ['limit']);
    if (positional.length !== 2) { io.err(`usage: ${this.usage}\n`); return 2; }
    const api = new LocalCaseApi();
    await api.openCase(positional[0]!);
    try {
      const r = await api.sql(positional[1]!, flags.limit ? Number(flags.limit) : 1000);
      if (flags.json) { io.out(`${JSON.stringify(r)}\n`); return 0; }
      io.out(`${r.columns.join('\t')}\n`);
      for (const row of r.rows) io.out(`${row.map(cell).join('\t')}\n`);
      io.err(`${r.rows.length} rows${r.truncated ? ' (truncated: --limit N)' : ''} in ${r.elapsedMs} ms\n`);
      return 0;
    } catch (e) {
      io.err(`${(e as { code?: string }).code ?? 'error'}: ${(e as Error).message}\n`);
      return 1;
    } finally { await api.closeCase(); }
  },
};
