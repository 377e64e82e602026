// Training attempts kept in the case (table training_attempts, core/store/schema.ts), so that a
// trainee's history travels with the case file.
import type { TrainingAnswer, TrainingScore } from '../api/types.ts';
import type { Db } from '../store/case-db.ts';

interface Row { id: number; sample_id: string; answer: string; score: string; at: number }

export function saveAttempt(db: Db, answer: TrainingAnswer, score: Omit<TrainingScore, 'attemptId' | 'at'>, at: number): TrainingScore {
  const info = db.prepare('INSERT INTO training_attempts (sample_id, answer, score, at) VALUES (?, ?, ?, ?)')
    .run(score.sampleId, JSON.stringify(answer), JSON.stringify(score), at);
  return { ...score, attemptId: Number(info.lastInsertRowid), at };
}

/** Every attempt, newest first. */
export function listAttempts(db: Db): TrainingScore[] {
  const rows = db.prepare('SELECT id, sample_id, answer, score, at FROM training_attempts ORDER BY at DESC, id DESC').all() as Row[];
  return rows.map((r) => ({ ...(JSON.parse(r.score) as Omit<TrainingScore, 'attemptId' | 'at'>), sampleId: r.sample_id, attemptId: r.id, at: r.at }));
}

export function attemptAnswer(db: Db, attemptId: number): TrainingAnswer | null {
  const r = db.prepare('SELECT answer FROM training_attempts WHERE id = ?').get(attemptId) as { answer: string } | undefined;
  return r ? (JSON.parse(r.answer) as TrainingAnswer) : null;
}
