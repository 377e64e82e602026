// Training mode: the verdict is hidden; the trainee marks the crash time on the timeline, names
// the cause, ticks the evidence events in the events table, then submits and is scored against
// the sample's answer key, with the expert's chain beside their own.
import type { Category, EventType } from '../../../core/api/types.ts';
import { EVENT_TYPES } from '../../../parsers/types.ts';
import { TID } from '../testids.ts';
import { leaveTraining, loadCaseData, submitTraining, toggleTrainingEvidence, updateAnswer } from '../state/actions.ts';
import { set, useStore, useZone } from '../state/store.ts';
import { formatDuration, formatTs } from '../time/format.ts';

const CAUSE_CATEGORIES = (Object.keys(EVENT_TYPES) as Category[]).filter((c) => c !== 'boot') as Exclude<Category, 'boot'>[];

export function TrainingPanel() {
  const t = useStore((s) => s.training)!;
  const samples = useStore((s) => s.samples);
  const history = useStore((s) => s.history);
  const selectedEvent = useStore((s) => s.selectedEvent);
  const zone = useZone();
  const sample = samples.find((s) => s.id === t.sampleId);
  const a = t.answer;
  const types = a.category ? (EVENT_TYPES[a.category] as readonly EventType[]) : [];
  const score = t.score;

  return (
    <div className="training">
      <div className="section">
        <h3>Training <span className="count">{sample?.title ?? t.sampleId}</span></h3>
        <p className="dim">The verdict is hidden. Read the timeline and the logs, then answer the three questions and submit.</p>
      </div>
      <div className="section">
        <h3>1 · When did the node crash?</h3>
        <div className="train-row">
          <button className={`btn small ${t.marking === 'crash' ? 'on' : ''}`} data-testid={TID.trainingMarkCrash}
            onClick={() => set({ training: { ...t, marking: t.marking === 'crash' ? null : 'crash' } })}>
            {t.marking === 'crash' ? 'Click the timeline…' : 'Mark on the timeline'}
          </button>
          <span className="mono">{a.crashTime !== null ? formatTs(a.crashTime, zone, 's') : <span className="faint">not marked</span>}</span>
          {selectedEvent?.ts != null && <button className="btn small" onClick={() => updateAnswer({ crashTime: selectedEvent.ts })}>use selected event’s time</button>}
        </div>
      </div>
      <div className="section">
        <h3>2 · What brought it down?</h3>
        <div className="train-row">
          <select className="input" data-testid={TID.trainingCategory} value={a.category ?? ''} onChange={(e) => updateAnswer({ category: (e.target.value || null) as Exclude<Category, 'boot'> | null, type: null })}>
            <option value="">category…</option>
            {CAUSE_CATEGORIES.map((c) => <option key={c} value={c}>{c}</option>)}
          </select>
          <select className="input" data-testid={TID.trainingType} value={a.type ?? ''} disabled={!a.category} onChange={(e) => updateAnswer({ type: (e.target.value || null) as EventType | null })}>
            <option value="">type…</option>
            {types.map((ty) => <option key={ty} value={ty}>{ty}</option>)}
          </select>
        </div>
      </div>
      <div className="section">
        <h3>3 · Which events prove it? <span className="count">{a.evidenceEventIds.length}</span></h3>
        <p className="dim small">Tick events in the Events table (✓ column), or select one and add it here. Annotate them to explain your reading.</p>
        {selectedEvent && (
          <button className="btn small" data-testid={TID.trainingAddEvidence} onClick={() => toggleTrainingEvidence(selectedEvent.id)}>
            {a.evidenceEventIds.includes(selectedEvent.id) ? 'Remove' : 'Add'} selected: <span className="mono">{selectedEvent.type}</span>
          </button>
        )}
        <div className="marked-ids">{a.evidenceEventIds.map((id) => <span key={id} className="chip on" onClick={() => toggleTrainingEvidence(id)} title="Remove">#{id} ✕</span>)}</div>
      </div>
      <div className="section">
        <button className="btn primary" data-testid={TID.trainingSubmit} disabled={t.submitting || (!a.category && a.crashTime === null && !a.evidenceEventIds.length)} onClick={() => void submitTraining()}>
          {t.submitting ? 'Scoring…' : 'Submit diagnosis'}
        </button>
        <button className="btn" onClick={() => { leaveTraining(); void loadCaseData(); }} title="Leave training and show the verdict">Reveal verdict</button>
      </div>

      {score && (
        <div className="section score" data-testid={TID.trainingScore} data-score={score.score}>
          <h3>Your score</h3>
          <div className="score-big num">{score.score}<span className="dim">/100</span></div>
          <ul className="score-list">
            <li className={score.categoryRight ? 'right' : 'wrong'}>{score.categoryRight ? '✓' : '✗'} cause category</li>
            <li className={score.typeRight ? 'right' : 'wrong'}>{score.typeRight ? '✓' : '✗'} cause type</li>
            <li>{score.timeErrorSeconds === null ? <span className="faint">crash time not scored</span> : <>crash time off by <b className="num">{formatDuration(score.timeErrorSeconds * 1e6)}</b></>}</li>
            <li>evidence found: {score.evidenceFound.length ? score.evidenceFound.map((e) => <span key={e} className="badge ok">{e}</span>) : <span className="faint">none</span>}</li>
            <li>evidence missed: {score.evidenceMissed.length ? score.evidenceMissed.map((e) => <span key={e} className="badge crit">{e}</span>) : <span className="faint">none</span>}</li>
            {score.evidenceWrong.length > 0 && <li>not evidence: {score.evidenceWrong.map((id) => <span key={id} className="badge warn">#{id}</span>)}</li>}
          </ul>
          <p className="explanation">{score.explanation}</p>
          <h3>The expert’s chain</h3>
          <ol className="chain expert">
            {score.expertChain.map((c, i) => <li key={i} className="chain-item"><span className="chain-body"><span className="mono chain-type">{c.type}</span> <span className="faint mono">{formatTs(c.ts, zone, 's')}</span><div className="chain-msg">{c.message}</div></span></li>)}
          </ol>
        </div>
      )}

      {history.length > 0 && (
        <div className="section">
          <h3>Attempts <span className="count">{history.length}</span></h3>
          <table className="boots"><tbody>
            {/* trainingHistory() lists newest first (core/training/attempts.ts): shown as it comes */}
            {history.map((h) => (
              <tr key={h.attemptId}><td className="mono">{formatTs(h.at, zone, 's').slice(5)}</td><td className="mono">{h.sampleId}</td><td className="num"><b>{h.score}</b></td><td>{h.categoryRight ? '✓' : '✗'}</td></tr>
            ))}
          </tbody></table>
        </div>
      )}
    </div>
  );
}
