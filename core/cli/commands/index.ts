// The CLI's command table. Each entry loads its module lazily so that `crashlens info` does not
// pay for the renderer server or the benchmark. One line per command; keep them sorted.
import type { Command } from '../command.ts';

export const COMMANDS: Record<string, () => Promise<Command>> = {
  analyze: async () => (await import('./analyze.ts')).analyzeCommand,
  bench: async () => (await import('./bench.ts')).bench,
  eval: async () => (await import('./eval.ts')).evalCommand,
  export: async () => (await import('./export.ts')).exportCommand,
  index: async () => (await import('./index-case.ts')).indexCase,
  info: async () => (await import('./info.ts')).info,
  records: async () => (await import('./records.ts')).records,
  samples: async () => (await import('./samples.ts')).samples,
  scan: async () => (await import('./scan.ts')).scan,
  search: async () => (await import('./search.ts')).search,
  serve: async () => (await import('./serve.ts')).serve,
  sources: async () => (await import('./sources.ts')).sources,
  sql: async () => (await import('./sql.ts')).sql,
};
