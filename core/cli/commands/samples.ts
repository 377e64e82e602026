// `crashlens samples list | make`: the training bundles (samples/). `make --all` rewrites the
// committed small bundles and keys; `make <id> [--mb N] [-o FILE]` writes one at a chosen size.
import { statSync } from 'node:fs';
import { parseFlags, type Command } from '../command.ts';
import { sampleCatalog, samplePath } from '../../../samples/catalog.ts';
import { bundleFileName } from '../../../samples/generator/generate.ts';
import { makeAll, makeSized } from '../../../samples/make.ts';
import { findScenario, SCENARIOS } from '../../../samples/scenarios/index.ts';

function human(n: number): string {
  return n >= 1048576 ? `${(n / 1048576).toFixed(1)} MiB` : `${Math.round(n / 1024)} KiB`;
}

export const samples: Command = {
  name: 'samples',
  summary: 'list the training samples, or generate them (make --all, make <scenario> --mb N)',
  usage: 'crashlens samples list [--json] | samples make --all | samples make <scenario> [--mb N] [--seed N] [-o FILE] [--key FILE]',
  async run(args, io) {
    const { positional, flags } = parseFlags(args, ['mb', 'o', 'out', 'key', 'seed']);
    const sub = positional[0] ?? 'list';
    if (sub === 'list') {
      const rows = sampleCatalog().map((s) => {
        let size: number | null = null;
        try { size = statSync(s.path).size; } catch { size = null; }
        return { ...s, size };
      });
      if (flags.json) { io.out(JSON.stringify(rows, null, 2) + '\n'); return 0; }
      const w = Math.max(...rows.map((r) => r.id.length));
      for (const r of rows) {
        io.out(`${r.id.padEnd(w)}  ${r.category.padEnd(10)}  ${r.layout.padEnd(11)}  ${(r.size === null ? 'missing' : human(r.size)).padStart(9)}  ${r.title}\n`);
      }
      return 0;
    }
    if (sub === 'make') {
      if (flags.all) {
        for (const m of makeAll()) io.out(`${m.bundlePath}  ${human(m.bytes)}\n`);
        return 0;
      }
      const id = positional[1];
      const s = id ? findScenario(id) : undefined;
      if (!s) {
        io.err(`samples make: name a scenario (${SCENARIOS.map((x) => x.id).join(', ')}) or --all\n`);
        return 2;
      }
      const mb = flags.mb === undefined ? 1 : Number(flags.mb);
      if (!Number.isFinite(mb) || mb <= 0) { io.err('samples make: --mb wants a positive number\n'); return 2; }
      const out = typeof flags.o === 'string' ? flags.o : typeof flags.out === 'string' ? flags.out : bundleFileName(s);
      const key = typeof flags.key === 'string' ? flags.key : undefined;
      // another seed: the same story and key times, different background noise, pids and ids
      const seed = flags.seed === undefined ? s.seed : Number(flags.seed);
      if (!Number.isInteger(seed)) { io.err('samples make: --seed wants an integer\n'); return 2; }
      const m = makeSized({ ...s, seed }, mb, out, key);
      io.out(`${m.bundlePath}  ${human(m.bytes)}${key ? `  key: ${key}` : ''}\n`);
      void samplePath;
      return 0;
    }
    io.err(`samples: unknown subcommand "${sub}"\n${this.usage}\n`);
    return 2;
  },
};
