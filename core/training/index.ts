// Training mode's engine side: score an answer against a sample's key with the events the
// trainee picked (read from the case), store the attempt in the case, list the history.
// LocalCaseApi.submitTraining / trainingHistory call these.
import { sampleKey } from '../../samples/catalog.ts';
import type { EventRow, TrainingAnswer, TrainingScore } from '../api/types.ts';
import type { Db } from '../store/case-db.ts';
import { listAttempts, saveAttempt } from './attempts.ts';
import { scoreAttempt } from './score.ts';

export { scoreAttempt } from './score.ts';
export { listAttempts, saveAttempt } from './attempts.ts';

export class UnknownSampleError extends Error {}

/** Score and store one attempt. `eventById` reads an event of the open case (D's record-queries). */
export function submitTraining(db: Db, sampleId: string, answer: TrainingAnswer, eventById: (db: Db, id: number) => EventRow | null, at: number): TrainingScore {
  const key = sampleKey(sampleId);
  if (!key) throw new UnknownSampleError(`no answer key for sample "${sampleId}"`);
  const events = [...new Set(answer.evidenceEventIds)].map((id) => eventById(db, id)).filter((e): e is EventRow => e !== null);
  return saveAttempt(db, answer, scoreAttempt(key, answer, events), at);
}

export function trainingHistory(db: Db): TrainingScore[] {
  return listAttempts(db);
}
