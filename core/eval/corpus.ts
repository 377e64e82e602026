// `npm run eval` in code: scan every file of the real-log corpus and score it. Kept apart from the
// CLI command so that the corpus test calls the same function.
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scanFile, type ScanEvent } from '../cli/commands/scan.ts';
import { corpusFormatName } from '../../parsers/formats/corpus-names.ts';
import { loadExpected, loadVocabulary, scoreCorpus, type Score } from './score.ts';

/** ../shared/corpus next to the repository, wherever the process runs from. */
export function defaultCorpusDir(): string {
  const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
  return resolve(repoRoot, '../shared/corpus');
}

export function corpusPresent(dir = defaultCorpusDir()): boolean {
  return existsSync(join(dir, 'expected.json'));
}

/** The bar of issue 4: overall precision and recall, and the floor for every type. */
export const BAR = { precision: 0.95, recall: 0.95, perType: 0.8 } as const;

export function meetsBar(s: Score): string[] {
  const fails: string[] = [];
  if (s.overall.precision < BAR.precision) fails.push(`overall precision ${s.overall.precision.toFixed(3)} < ${BAR.precision}`);
  if (s.overall.recall < BAR.recall) fails.push(`overall recall ${s.overall.recall.toFixed(3)} < ${BAR.recall}`);
  for (const [t, c] of Object.entries(s.byType)) {
    if (c.precision < BAR.perType) fails.push(`${t}: precision ${c.precision.toFixed(3)} < ${BAR.perType}`);
    if (c.recall < BAR.perType) fails.push(`${t}: recall ${c.recall.toFixed(3)} < ${BAR.perType}`);
  }
  return fails;
}

export async function evaluateCorpus(dir = defaultCorpusDir()): Promise<{ score: Score; events: Map<string, ScanEvent[]> }> {
  const expected = await loadExpected(dir);
  const vocabulary = await loadVocabulary(dir);
  const scanned = new Map<string, { events: ScanEvent[]; format: string }>();
  const events = new Map<string, ScanEvent[]>();
  for (const entry of expected) {
    const res = await scanFile(join(dir, entry.file), entry.file);
    scanned.set(entry.file, { events: res.events, format: res.formats[entry.file] ?? 'plain' });
    events.set(entry.file, res.events);
  }
  return { score: scoreCorpus(expected, scanned, vocabulary, (f) => corpusFormatName(f as never)), events };
}
