// Which format a file is in: every format sniffs the first lines (the fraction it recognises),
// a path hint adds a bonus, the best score wins and a tie goes to the more specific format (the
// earlier one in FORMATS). Nothing above 0.3 → plain text. Binary journals are told by name or
// by their magic and are read elsewhere (parsers/journal/).
import type { FormatId } from './types.ts';
import { FORMATS } from './formats/index.ts';

export const JOURNAL_MAGIC = 'LPKSHHRH';
const JOURNAL_PATH = /\.journal~?$/;
const HINT_BONUS = 0.35;
const MIN_SCORE = 0.3;
const SNIFF_LINES = 400;

export interface Detection { format: FormatId; confidence: number }

export function detectFormat(path: string, head: readonly string[]): Detection {
  if (JOURNAL_PATH.test(path) || (head.length > 0 && head[0]!.startsWith(JOURNAL_MAGIC))) return { format: 'journal-binary', confidence: 1 };
  const lines = head.length > SNIFF_LINES ? head.slice(0, SNIFF_LINES) : head;
  let best: FormatId = 'plain';
  let bestScore = 0;
  let bestRank = 0;
  for (const f of FORMATS) {
    if (f.id === 'plain') continue;
    const score = f.sniff(lines);
    if (score < MIN_SCORE) continue;
    const hinted = f.pathHints.some((r) => r.test(path));
    const rank = score + (hinted ? HINT_BONUS : 0);
    if (rank > bestRank + 1e-9) { best = f.id; bestScore = Math.min(1, score + (hinted ? 0.1 : 0)); bestRank = rank; }
  }
  if (best === 'plain') return { format: 'plain', confidence: head.some((l) => l.length > 0) ? 0.5 : 0.1 };
  return { format: best, confidence: Math.round(bestScore * 100) / 100 };
}
