// The CLI's command table. Each entry loads its module lazily so that `crashlens info` does not
// pay for the renderer server or the benchmark. One line per command; keep them sorted.
import type { Command } from '../command.ts';

export const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./serve.ts')).serve,
};
