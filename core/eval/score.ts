// Scoring scan's events against the real-log corpus, exactly as ../shared/corpus/README.md says:
// a reported event matches an expected one when the type is the same and the expected line lies
// within the reported event's record (line..endLine); each expected event matches at most one
// reported event (a maximum matching, so overlapping records cannot steal each other's lines).
// Only types of the corpus vocabulary (README "Event types") are scored: the corpus author did not
// list the issue's additions (operator_action, xfs_shutdown…), so those are shown apart, unscored.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ScanEvent } from '../cli/commands/scan.ts';

export interface ExpectedEvent { type: string; line: number; fields?: Record<string, unknown> }
export interface ExpectedFile { file: string; format: string; events: ExpectedEvent[]; not_events?: string[]; notes?: string }

export interface Counts { tp: number; fp: number; fn: number }
export interface Miss { file: string; type: string; line: number; endLine?: number; why: string }

export interface Score {
  overall: Counts & { precision: number; recall: number };
  byType: Record<string, Counts & { precision: number; recall: number }>;
  /** Reported events that matched nothing (with the not_events entry they hit, if any). */
  falsePositives: Miss[];
  falseNegatives: Miss[];
  /** Events of types outside the corpus vocabulary: listed, not scored. */
  unscored: Array<{ file: string; type: string; line: number }>;
  /** Of the fields the corpus lists on matched events, how many scan extracted with the same value. */
  fields: { expected: number; agreed: number; misses: Array<{ file: string; line: number; type: string; field: string; want: string; got: string | null }> };
  formats: { agreed: number; total: number; misses: Array<{ file: string; want: string; got: string }> };
}

export async function loadExpected(corpus: string): Promise<ExpectedFile[]> {
  return JSON.parse(await readFile(join(corpus, 'expected.json'), 'utf8')) as ExpectedFile[];
}

/** The vocabulary is the backticked words of README's "Event types" section. */
export async function loadVocabulary(corpus: string): Promise<Set<string>> {
  const text = await readFile(join(corpus, 'README.md'), 'utf8');
  const section = text.split(/^## /m).find((s) => s.startsWith('Event types')) ?? '';
  const words = [...section.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]!);
  return new Set(words.filter((w) => !['type'].includes(w)));
}

const rate = (num: number, den: number) => (den === 0 ? 1 : num / den);

/** The corpus writes fields as JSON values (numbers, booleans, arrays, null); scan as strings or numbers. */
function sameValue(want: unknown, got: string | number | undefined): boolean {
  if (want === null) return got === undefined;
  if (got === undefined) return false;
  const w = Array.isArray(want) ? want.join(' ') : String(want);
  return w === String(got);
}

/** Maximum bipartite matching (Kuhn): reported events × expected events of one type in one file. */
function match(reported: ScanEvent[], expected: ExpectedEvent[]): Map<number, number> {
  const ofExpected = new Map<number, number>(); // expected index → reported index
  const fits = (r: ScanEvent, e: ExpectedEvent) => e.line >= r.line && e.line <= r.endLine;
  const tryAssign = (ri: number, seen: Set<number>): boolean => {
    for (let ei = 0; ei < expected.length; ei++) {
      if (seen.has(ei) || !fits(reported[ri]!, expected[ei]!)) continue;
      seen.add(ei);
      const prev = ofExpected.get(ei);
      if (prev === undefined || tryAssign(prev, seen)) { ofExpected.set(ei, ri); return true; }
    }
    return false;
  };
  for (let ri = 0; ri < reported.length; ri++) tryAssign(ri, new Set());
  return ofExpected;
}

export function scoreCorpus(
  expected: ExpectedFile[],
  scanned: Map<string, { events: ScanEvent[]; format: string }>,
  vocabulary: Set<string>,
  formatName: (f: string) => string = (f) => f,
): Score {
  const byType: Score['byType'] = {};
  const counts = (t: string) => (byType[t] ??= { tp: 0, fp: 0, fn: 0, precision: 1, recall: 1 });
  const score: Score = {
    overall: { tp: 0, fp: 0, fn: 0, precision: 1, recall: 1 }, byType,
    falsePositives: [], falseNegatives: [], unscored: [],
    fields: { expected: 0, agreed: 0, misses: [] },
    formats: { agreed: 0, total: 0, misses: [] },
  };
  for (const entry of expected) {
    const got = scanned.get(entry.file) ?? { events: [], format: 'missing' };
    score.formats.total++;
    if (formatName(got.format) === entry.format) score.formats.agreed++;
    else score.formats.misses.push({ file: entry.file, want: entry.format, got: got.format });
    const types = new Set([...entry.events.map((e) => e.type), ...got.events.map((e) => e.type)]);
    for (const type of types) {
      if (!vocabulary.has(type)) {
        for (const r of got.events.filter((e) => e.type === type)) score.unscored.push({ file: entry.file, type, line: r.line });
        continue;
      }
      const reported = got.events.filter((e) => e.type === type);
      const wanted = entry.events.filter((e) => e.type === type);
      const m = match(reported, wanted);
      const c = counts(type);
      const usedReported = new Set(m.values());
      c.tp += m.size;
      c.fn += wanted.length - m.size;
      c.fp += reported.length - usedReported.size;
      wanted.forEach((e, i) => {
        const ri = m.get(i);
        if (ri === undefined) { score.falseNegatives.push({ file: entry.file, type, line: e.line, why: 'not reported' }); return; }
        for (const [k, v] of Object.entries(e.fields ?? {})) {
          score.fields.expected++;
          const have = reported[ri]!.fields[k];
          if (sameValue(v, have)) score.fields.agreed++;
          else score.fields.misses.push({ file: entry.file, line: e.line, type, field: k, want: JSON.stringify(v), got: have === undefined ? null : String(have) });
        }
      });
      reported.forEach((r, i) => {
        if (usedReported.has(i)) return;
        const lookAlike = (entry.not_events ?? []).find((n) => n.startsWith(type) || n.startsWith('any'));
        score.falsePositives.push({ file: entry.file, type, line: r.line, endLine: r.endLine, why: lookAlike ? `not_event: ${lookAlike}` : 'not expected' });
      });
    }
  }
  for (const c of Object.values(byType)) {
    c.precision = rate(c.tp, c.tp + c.fp);
    c.recall = rate(c.tp, c.tp + c.fn);
    score.overall.tp += c.tp; score.overall.fp += c.fp; score.overall.fn += c.fn;
  }
  score.overall.precision = rate(score.overall.tp, score.overall.tp + score.overall.fp);
  score.overall.recall = rate(score.overall.tp, score.overall.tp + score.overall.fn);
  return score;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`.padStart(7);

export function formatScore(s: Score): string {
  const lines: string[] = [];
  lines.push(`${'type'.padEnd(28)} ${'tp'.padStart(4)} ${'fp'.padStart(4)} ${'fn'.padStart(4)} ${'precision'.padStart(9)} ${'recall'.padStart(7)}`);
  for (const [t, c] of Object.entries(s.byType).sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(`${t.padEnd(28)} ${String(c.tp).padStart(4)} ${String(c.fp).padStart(4)} ${String(c.fn).padStart(4)} ${pct(c.precision).padStart(9)} ${pct(c.recall)}`);
  }
  const o = s.overall;
  lines.push(`${'OVERALL'.padEnd(28)} ${String(o.tp).padStart(4)} ${String(o.fp).padStart(4)} ${String(o.fn).padStart(4)} ${pct(o.precision).padStart(9)} ${pct(o.recall)}`);
  lines.push('');
  lines.push(`fields agreeing on matched events: ${s.fields.agreed}/${s.fields.expected} (${pct(rate(s.fields.agreed, s.fields.expected)).trim()})`);
  lines.push(`formats detected as expected: ${s.formats.agreed}/${s.formats.total}`);
  for (const m of s.falsePositives) lines.push(`FP  ${m.file}:${m.line}${m.endLine && m.endLine !== m.line ? `-${m.endLine}` : ''} ${m.type} (${m.why})`);
  for (const m of s.falseNegatives) lines.push(`FN  ${m.file}:${m.line} ${m.type} (${m.why})`);
  for (const m of s.formats.misses) lines.push(`FMT ${m.file}: expected ${m.want}, detected ${m.got}`);
  if (s.unscored.length) lines.push(`unscored (types outside the corpus vocabulary): ${s.unscored.map((u) => `${u.type}@${u.file}:${u.line}`).join(', ')}`);
  return `${lines.join('\n')}\n`;
}
