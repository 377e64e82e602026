// `crashlens eval` (`npm run eval`): precision and recall of the detection rules on the real-log
// corpus, per event type and overall, scored as ../shared/corpus/README.md says. Exit code 1 when
// the bar is not met.
import type { Command } from '../command.ts';
import { parseFlags } from '../command.ts';
import { corpusPresent, defaultCorpusDir, evaluateCorpus, meetsBar } from '../../eval/corpus.ts';
import { formatScore } from '../../eval/score.ts';

export const evalCommand: Command = {
  name: 'eval',
  summary: 'Score the detection rules on the real-log corpus (precision and recall per event type)',
  usage: 'crashlens eval [--corpus <dir>] [--json]',
  async run(args, io) {
    const { flags } = parseFlags(args, ['corpus']);
    const dir = typeof flags.corpus === 'string' ? flags.corpus : defaultCorpusDir();
    if (!corpusPresent(dir)) { io.err(`crashlens eval: no corpus at ${dir} (expected.json missing)\n`); return 2; }
    const { score } = await evaluateCorpus(dir);
    if (flags.json) io.out(`${JSON.stringify(score, null, 1)}\n`);
    else io.out(formatScore(score));
    const fails = meetsBar(score);
    if (fails.length) { io.err(`below the bar: ${fails.join('; ')}\n`); return 1; }
    if (!flags.json) io.out('bar met: precision ≥ 95 %, recall ≥ 95 %, every type ≥ 80 %\n');
    return 0;
  },
};
