// Scoring a trainee's diagnosis against a sample's answer key. Pure: the key, the answer and the
// events the answer points at go in, the score comes out — so it is tested without a case file.
//
// How an expert would mark it: the cause category matters most (memory vs hardware is the
// decision that sends the incident to the right team), then the exact type; the crash instant
// within a minute is right, half an hour off is wrong; evidence counts when it is the same kind
// of event at the same moment as one the expert cites (a storm's other lines count as the same).
import type { EventRow, TrainingAnswer, TrainingScore } from '../api/types.ts';
import type { AnswerKey, KeyEvidence } from '../../samples/catalog.ts';

export const WEIGHTS = { category: 30, type: 20, time: 20, evidence: 30 } as const;
/** An answered event matches a cited one of the same type within this many seconds. */
export const EVIDENCE_WINDOW_S = 90;
/** Crash time: full marks up to a minute off, none from half an hour. */
export const TIME_FULL_S = 60;
export const TIME_ZERO_S = 1800;
/** Points taken per answered event that is not evidence (a distractor picked as a cause). */
export const WRONG_PENALTY = 5;

export function evidenceLabel(e: KeyEvidence): string {
  return `${e.type} at ${e.time.replace(/\.\d{3}Z$/, 'Z')} on ${e.node}: ${e.message}`;
}

function keyMicros(iso: string): number {
  return Date.parse(iso) * 1000;
}

/** Seconds between an event (possibly a collapsed storm spanning ts..endTs) and an instant. */
function distanceS(ev: EventRow, us: number): number {
  if (ev.ts === null) return Infinity;
  const end = ev.endTs ?? ev.ts;
  if (us >= ev.ts && us <= end) return 0;
  return Math.min(Math.abs(ev.ts - us), Math.abs(end - us)) / 1e6;
}

export function timeScore(errorS: number | null): number {
  if (errorS === null) return 0;
  if (errorS <= TIME_FULL_S) return 1;
  if (errorS >= TIME_ZERO_S) return 0;
  return 1 - (errorS - TIME_FULL_S) / (TIME_ZERO_S - TIME_FULL_S);
}

export function scoreAttempt(key: AnswerKey, answer: TrainingAnswer, events: EventRow[]): Omit<TrainingScore, 'attemptId' | 'at'> {
  const categoryRight = answer.category === key.cause.category;
  const typeRight = answer.type === key.cause.type;
  const crashUs = keyMicros(key.crash.time);
  const timeErrorSeconds = answer.crashTime === null ? null : Math.round(Math.abs(answer.crashTime - crashUs) / 1e5) / 10;

  // Each cited item is found by at most one answered event and each event finds at most one
  // item: pair them greedily, closest in time first.
  const byId = new Map(events.map((e) => [e.id, e]));
  const picked = [...new Set(answer.evidenceEventIds)].map((id) => byId.get(id)).filter((e): e is EventRow => !!e);
  const pairs: { k: number; e: EventRow; d: number }[] = [];
  key.evidence.forEach((k, i) => {
    for (const e of picked) {
      if (e.type !== k.type) continue;
      const d = distanceS(e, keyMicros(k.time));
      if (d <= EVIDENCE_WINDOW_S) pairs.push({ k: i, e, d });
    }
  });
  pairs.sort((a, b) => a.d - b.d || a.k - b.k || a.e.id - b.e.id);
  const foundK = new Set<number>();
  const usedE = new Set<number>();
  for (const p of pairs) {
    if (foundK.has(p.k) || usedE.has(p.e.id)) continue;
    foundK.add(p.k);
    usedE.add(p.e.id);
  }
  // An unpaired event is wrong unless it is one more line of a kind the expert cites, near it
  // (the third OOM kill of the same cascade is not a mistake, a cgroup OOM hours earlier is).
  const citedNear = (e: EventRow) => key.evidence.some((k) => k.type === e.type && distanceS(e, keyMicros(k.time)) <= 6 * 3600);
  const evidenceWrong = picked.filter((e) => !usedE.has(e.id) && !citedNear(e)).map((e) => e.id).sort((a, b) => a - b);
  const unknownIds = [...new Set(answer.evidenceEventIds)].filter((id) => !byId.has(id));

  const evidenceFound = key.evidence.filter((_, i) => foundK.has(i)).map(evidenceLabel);
  const evidenceMissed = key.evidence.filter((_, i) => !foundK.has(i)).map(evidenceLabel);
  const evidenceShare = key.evidence.length ? foundK.size / key.evidence.length : 1;
  const raw = WEIGHTS.category * (categoryRight ? 1 : 0)
    + WEIGHTS.type * (typeRight ? 1 : 0)
    + WEIGHTS.time * timeScore(timeErrorSeconds)
    + Math.max(0, WEIGHTS.evidence * evidenceShare - WRONG_PENALTY * (evidenceWrong.length + unknownIds.length));
  return {
    sampleId: key.id,
    categoryRight,
    typeRight,
    timeErrorSeconds,
    evidenceFound,
    evidenceMissed,
    evidenceWrong: [...evidenceWrong, ...unknownIds],
    score: Math.max(0, Math.min(100, Math.round(raw))),
    expertChain: key.evidence.map((k) => ({ type: k.type, ts: keyMicros(k.time), message: k.note ? `${k.message} — ${k.note}` : k.message })),
    explanation: key.explanation,
  };
}
