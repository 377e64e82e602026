// Scoring against a real committed key (global-oom-cascade): an expert's answer, a trainee who
// fell for the distractor, and the edge cases of the evidence pairing.
import { describe, expect, it } from 'vitest';
import { sampleKey } from '../../samples/catalog.ts';
import type { EventRow, EventType, TrainingAnswer } from '../api/types.ts';
import { EVIDENCE_WINDOW_S, scoreAttempt, timeScore } from './score.ts';

const key = sampleKey('global-oom-cascade')!;
const crashUs = Date.parse(key.crash.time) * 1000;

let nextId = 100;
function event(type: EventType, iso: string | number, extra: Partial<EventRow> = {}): EventRow {
  const ts = typeof iso === 'number' ? iso : Date.parse(iso) * 1000;
  return {
    id: nextId++, recordId: null, sourceId: 1, node: key.crash.node, type, category: 'memory', severity: 'error', ruleId: 'test',
    ts, endTs: null, tsKind: 'year-inferred', count: 1, fields: {}, message: type, line: 1, endLine: 1, ...extra,
  };
}

// What the case would hold: one event per cited line (stamped to the second, as journal lines
// are), a second OOM kill of the cascade that the key does not cite, and the distractor: the
// cart container's memcg OOM seven hours before the crash.
const cited = key.evidence.map((e) => event(e.type, Math.floor(Date.parse(e.time) / 1000) * 1e6));
const extraOom = event('oom_kill', crashUs - 272e6);
const distractor = event('memcg_oom', crashUs - 7 * 3600e6 - 13 * 60e6);
const all = [...cited, extraOom, distractor];

describe('scoreAttempt', () => {
  it('gives an expert answer full marks and shows the expert chain', () => {
    const answer: TrainingAnswer = { crashTime: crashUs + 4e6, category: 'memory', type: 'oom_kill', evidenceEventIds: [...cited.map((e) => e.id), extraOom.id] };
    const s = scoreAttempt(key, answer, all);
    expect(s.sampleId).toBe('global-oom-cascade');
    expect(s.categoryRight).toBe(true);
    expect(s.typeRight).toBe(true);
    expect(s.timeErrorSeconds).toBe(4);
    expect(s.evidenceMissed).toEqual([]);
    expect(s.evidenceFound).toHaveLength(key.evidence.length);
    expect(s.evidenceWrong).toEqual([]); // the uncited OOM kill belongs to the same cascade
    expect(s.score).toBe(100);
    expect(s.expertChain.map((c) => c.type)).toEqual(key.evidence.map((e) => e.type));
    expect(s.explanation).toBe(key.explanation);
  });

  it('marks down a trainee who blamed the distractor and guessed the time', () => {
    const answer: TrainingAnswer = { crashTime: crashUs - 2 * 3600e6, category: 'hardware', type: 'io_error', evidenceEventIds: [distractor.id, cited[0]!.id, 999999] };
    const s = scoreAttempt(key, answer, all);
    expect(s.categoryRight).toBe(false);
    expect(s.typeRight).toBe(false);
    expect(s.timeErrorSeconds).toBe(7200);
    expect(s.evidenceFound).toHaveLength(1);
    expect(s.evidenceMissed).toHaveLength(key.evidence.length - 1);
    expect(s.evidenceWrong).toEqual([distractor.id, 999999]);
    // category 0, type 0, time 0, evidence 30 × 1/4 − 2 × 5 → 0
    expect(s.score).toBe(0);
  });

  it('gives partial credit: right category, wrong type, time ten minutes off, half the evidence', () => {
    const half = cited.slice(0, Math.ceil(cited.length / 2));
    const answer: TrainingAnswer = { crashTime: crashUs + 600e6, category: 'memory', type: 'memcg_oom', evidenceEventIds: half.map((e) => e.id) };
    const s = scoreAttempt(key, answer, all);
    const expected = 30 + 0 + 20 * timeScore(600) + 30 * (half.length / key.evidence.length);
    expect(s.score).toBe(Math.round(expected));
    expect(s.score).toBeGreaterThan(30);
    expect(s.score).toBeLessThan(100);
  });

  it('pairs evidence by type within the window, each at most once, and counts a storm spanning the instant', () => {
    const e0 = key.evidence[0]!;
    const t0 = Date.parse(e0.time) * 1000;
    const late = event(e0.type, t0 + (EVIDENCE_WINDOW_S + 5) * 1e6);
    const otherType = event('hung_task', t0);
    const storm = event(e0.type, t0 - 3600e6, { endTs: t0 + 60e6, count: 40 });
    const base: Omit<TrainingAnswer, 'evidenceEventIds'> = { crashTime: null, category: null, type: null };
    expect(scoreAttempt(key, { ...base, evidenceEventIds: [late.id] }, [late]).evidenceFound).toEqual([]);
    expect(scoreAttempt(key, { ...base, evidenceEventIds: [otherType.id] }, [otherType]).evidenceFound).toEqual([]);
    expect(scoreAttempt(key, { ...base, evidenceEventIds: [storm.id] }, [storm]).evidenceFound).toHaveLength(1);
    const s = scoreAttempt(key, { ...base, evidenceEventIds: [cited[0]!.id, cited[0]!.id] }, all);
    expect(s.evidenceFound).toHaveLength(1);
    expect(s.timeErrorSeconds).toBeNull();
  });

  it('scales the time score between a minute and half an hour', () => {
    expect(timeScore(null)).toBe(0);
    expect(timeScore(0.5)).toBe(1);
    expect(timeScore(60)).toBe(1);
    expect(timeScore(930)).toBeCloseTo(0.5, 5);
    expect(timeScore(1800)).toBe(0);
  });
});
