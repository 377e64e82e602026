// analyze(input): boots, outage spans and the verdict from plain data. The one entry point used by
// the CLI on a bundle, by from-case.ts after an import, and by the tests.
import { findBoots, toBootRow } from './boots.ts';
import { nodeFacts, type NodeFactsDetail } from './facts.ts';
import type { AnalysisInput, AnalysisResult } from './input.ts';
import { findSpans } from './spans.ts';
import { buildVerdict } from './verdict.ts';

export function analyze(input: AnalysisInput, options: { generatedAt?: number } = {}): AnalysisResult {
  const boots = findBoots(input);
  const spans = findSpans(input, boots);
  const facts: Record<string, NodeFactsDetail> = {};
  for (const n of input.nodes) facts[n.name] = nodeFacts(n);
  const verdict = buildVerdict(input, boots, spans, facts, options.generatedAt);
  return { boots: boots.map(toBootRow), spans, verdict };
}
