// `crashlens info <case>`: what a case holds — bundles and their state, nodes, sources, counts, readiness.
import { parseFlags, type CliIo, type Command } from '../command.ts';
import { LocalCaseApi } from '../../api/local.ts';

const iso = (us: number | null) => (us == null ? '—' : new Date(us / 1000).toISOString());

export const info: Command = {
  name: 'info',
  summary: 'What a case file holds',
  usage: 'crashlens info <case> [--json]',
  async run(args: string[], io: CliIo): Promise<number> {
    const { positional, flags } = parseFlags(args);
    if (positional.length !== 1) { io.err(`usage: ${this.usage}\n`); return 2; }
    const api = new LocalCaseApi();
    const s = await api.openCase(positional[0]!);
    const sources = await api.sources();
    await api.closeCase();
    if (flags.json) { io.out(`${JSON.stringify({ summary: s, sources }, null, 2)}\n`); return 0; }
    const ready = Object.entries(s.readiness).map(([k, v]) => `${k} ${v ? 'ready' : 'not ready'}`).join(', ');
    io.out(`case ${s.path} (schema v${s.schemaVersion})\n${s.records} records, ${s.events} events, ${s.annotations} notes; ${iso(s.firstTs)} … ${iso(s.lastTs)}\n${ready}\n`);
    for (const b of s.bundles) {
      io.out(`\nbundle #${b.id} ${b.path}\n  ${b.status}${b.status === 'interrupted' ? ' (the import stopped before it finished: re-import the bundle)' : ''}, layout ${b.layout}, node ${b.node ?? '?'}, sha256 ${b.sha256.slice(0, 16) || '—'}, ${b.warnings} warnings\n`);
      for (const src of sources.filter((x) => x.bundleId === b.id)) {
        io.out(`  ${src.path}  ${src.format} (${Math.round(src.confidence * 100)}%)  ${src.records} records  ${iso(src.firstTs)} … ${iso(src.lastTs)}${src.warnings.length ? `  ${src.warnings.length} warnings` : ''}\n`);
      }
    }
    return 0;
  },
};
