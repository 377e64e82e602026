// One CLI command: a name, a one-line summary, a usage line, and a run function.
// Commands live one per file in core/cli/commands/ and are listed in core/cli/commands/index.ts.
export interface CliIo {
  out: (text: string) => void; // stdout, no newline added
  err: (text: string) => void; // stderr, no newline added
  isTty: boolean;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(args: string[], io: CliIo): Promise<number>; // exit code
}

/** Minimal flag parser: --flag, --key value, --key=value; everything else positional. */
export function parseFlags(args: string[], valued: readonly string[] = []): { positional: string[]; flags: Record<string, string | true> } {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') { positional.push(...args.slice(i + 1)); break; }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) { flags[a.slice(2, eq)] = a.slice(eq + 1); continue; }
      const key = a.slice(2);
      if (valued.includes(key) && i + 1 < args.length) flags[key] = args[++i]!;
      else flags[key] = true;
    } else if (a.startsWith('-') && a.length === 2 && valued.includes(a.slice(1)) && i + 1 < args.length) {
      flags[a.slice(1)] = args[++i]!;
    } else positional.push(a);
  }
  return { positional, flags };
}
