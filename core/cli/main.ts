// Entry of the `crashlens` CLI: dispatches to the command table.
import { COMMANDS } from './commands/index.ts';
import type { CliIo } from './command.ts';

const io: CliIo = {
  out: (t) => { process.stdout.write(t); },
  err: (t) => { process.stderr.write(t); },
  isTty: Boolean(process.stdout.isTTY),
};

function help(): string {
  const names = Object.keys(COMMANDS).sort();
  return `crashlens — offline forensic analyzer for Kubernetes node crashes\n\nUsage: crashlens <command> [options]\n\nCommands:\n${names.map((n) => `  ${n}`).join('\n')}\n\nRun 'crashlens <command> --help' for a command's options.\n`;
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') { io.out(help()); return 0; }
  const load = COMMANDS[name];
  if (!load) { io.err(`crashlens: unknown command '${name}'\n\n${help()}`); return 2; }
  const cmd = await load();
  if (rest.includes('--help') || rest.includes('-h')) { io.out(`${cmd.summary}\n\nUsage: ${cmd.usage}\n`); return 0; }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    io.err(`crashlens ${name}: ${e instanceof Error ? e.message : String(e)}\n`);
    if (process.env.CRASHLENS_DEBUG) io.err(`${(e as Error).stack}\n`);
    return 1;
  }
}
