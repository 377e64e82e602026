// The corpus bar of issue 4, held by a test: scan every real-log excerpt in ../shared/corpus and
// score it as its README says. Skips (with a message) where the corpus is not checked out.
import { describe, expect, it } from 'vitest';
import { BAR, corpusPresent, defaultCorpusDir, evaluateCorpus, meetsBar } from './corpus.ts';
import { formatScore, scoreCorpus } from './score.ts';
import type { ScanEvent } from '../cli/commands/scan.ts';

const dir = defaultCorpusDir();
const present = corpusPresent(dir);
if (!present) console.warn(`corpus-eval: ${dir} not found — skipping the corpus bar`);

describe.skipIf(!present)('detection on the real-log corpus', () => {
  it(`meets precision ≥ ${BAR.precision}, recall ≥ ${BAR.recall}, every type ≥ ${BAR.perType}`, async () => {
    const { score } = await evaluateCorpus(dir);
    console.log(formatScore(score));
    expect(meetsBar(score)).toEqual([]);
    expect(score.overall.tp).toBeGreaterThan(50);
  });
});

describe('scoring', () => {
  const ev = (type: string, line: number, endLine = line): ScanEvent => ({
    type: type as ScanEvent['type'], category: 'kernel', severity: 'error', ruleId: 'x', file: 'f', line, endLine,
    ts: null, tsKind: 'none', node: null, fields: {}, message: '',
  });
  const vocab = new Set(['oops', 'bug', 'oom_kill']);
  it('matches an expected line inside the record, each expected at most once, and counts the rest', () => {
    const s = scoreCorpus(
      [{ file: 'f', format: 'other', events: [{ type: 'bug', line: 1 }, { type: 'oops', line: 4 }, { type: 'oops', line: 40 }] }],
      new Map([['f', { format: 'other', events: [ev('bug', 1, 36), ev('oops', 1, 36), ev('oops', 2, 30), ev('oom_kill', 5)] }]]),
      vocab,
    );
    expect(s.byType.bug).toMatchObject({ tp: 1, fp: 0, fn: 0 });
    expect(s.byType.oops).toMatchObject({ tp: 1, fp: 1, fn: 1 });
    expect(s.byType.oom_kill).toMatchObject({ tp: 0, fp: 1, fn: 0 });
    expect(s.overall).toMatchObject({ tp: 2, fp: 2, fn: 1 });
  });
  it('finds the matching that pairs overlapping records with the expected lines they can take', () => {
    // Greedy in report order would pair [1,10] with line 9 and leave line 2 unmatched;
    // the wide record must take line 2 so that the narrow one can take line 9.
    const s = scoreCorpus(
      [{ file: 'f', format: 'other', events: [{ type: 'oops', line: 9 }, { type: 'oops', line: 2 }] }],
      new Map([['f', { format: 'other', events: [ev('oops', 1, 10), ev('oops', 8, 9)] }]]),
      vocab,
    );
    expect(s.byType.oops).toMatchObject({ tp: 2, fp: 0, fn: 0 });
  });
  it('leaves types outside the vocabulary unscored', () => {
    const s = scoreCorpus([{ file: 'f', format: 'other', events: [] }], new Map([['f', { format: 'other', events: [ev('operator_action', 3)] }]]), vocab);
    expect(s.overall).toMatchObject({ tp: 0, fp: 0, fn: 0 });
    expect(s.unscored).toEqual([{ file: 'f', type: 'operator_action', line: 3 }]);
  });
});
