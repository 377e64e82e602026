// Every note in the case in time order: click to jump there (timeline centres, detail opens).
// Range notes are made here from the visible range.
import { useState } from 'react';
import type { Annotation } from '../../../core/api/types.ts';
import { TID } from '../testids.ts';
import { api } from '../state/api.ts';
import { annotateRange, deleteAnnotation, focusOn, selectRecord, undoDelete } from '../state/actions.ts';
import { get, set, useCrashTime, useStore, useZone } from '../state/store.ts';
import { formatDuration, formatRelative, formatTs } from '../time/format.ts';
import { Markdown } from '../markdown/Markdown.tsx';

export async function jumpTo(a: Annotation): Promise<void> {
  if (a.target.kind === 'range') {
    set({ range: { from: a.target.from - (a.target.to - a.target.from) * 0.2, to: a.target.to + (a.target.to - a.target.from) * 0.2 } });
    return;
  }
  if (a.target.kind === 'record') {
    try { const d = await api().record(a.target.recordId, 0); selectRecord(d.record, true, true); } catch { focusOn(a.ts); }
    return;
  }
  const eventId = a.target.eventId;
  set({ selection: { kind: 'event', id: eventId }, selectedEvent: null, detailOpen: true });
  focusOn(a.ts);
  // fetch the event itself near its time so the detail pane can show it
  if (a.ts !== null) {
    try {
      const page = await api().events({ from: a.ts, to: a.ts + 1, limit: 50, collapsed: false });
      const ev = page.rows.find((e) => e.id === eventId) ?? (await api().events({ from: a.ts, to: a.ts + 1, limit: 50 })).rows.find((e) => e.id === eventId);
      if (ev && get().selection?.id === eventId) set({ selectedEvent: ev, recordsAt: ev.ts });
    } catch { /* the note still shows */ }
  }
}

export function AnnotationsList() {
  const annotations = useStore((s) => s.annotations);
  const range = useStore((s) => s.range);
  const zone = useZone();
  const crash = useCrashTime();
  const [comment, setComment] = useState('');
  const sorted = annotations.slice().sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0));
  return (
    <div className="annotations" data-testid={TID.annotationsList}>
      <form className="range-note" onSubmit={(e) => { e.preventDefault(); if (range) { void annotateRange(range, comment); setComment(''); } }}>
        <span className="dim">Note on the visible range {range ? <span className="mono">{formatTs(range.from, zone, 's')} → {formatTs(range.to, zone, 's')}</span> : ''}:</span>
        <input className="input" value={comment} onChange={(e) => setComment(e.target.value)} placeholder="e.g. apiserver unreachable while etcd lost its leader" data-testid={TID.rangeComment} />
        <button className="btn small primary" type="submit" disabled={!range || !comment.trim()}>Add range note</button>
        <button className="btn small" type="button" onClick={() => void undoDelete()} title="Restore the last deleted note (u)">Undo delete</button>
      </form>
      {sorted.length === 0 && <div className="empty">No notes yet. Select a line or an event and star, tag or comment it; brush a range on the timeline and note it here.</div>}
      <ul className="annot-list">
        {sorted.map((a) => (
          <li key={a.id} className="annot-item" data-annotation-id={a.id} onClick={() => void jumpTo(a)}>
            <div className="annot-item-head">
              <span className="star-mark">{a.star ? '★' : a.target.kind === 'range' ? '⟷' : '◆'}</span>
              <span className="mono">{formatTs(a.ts, zone, 's')}</span>
              {formatRelative(a.ts, crash) && <span className="mono faint">{formatRelative(a.ts, crash)}</span>}
              <span className="badge">{a.target.kind === 'event' ? `event #${a.target.eventId}` : a.target.kind === 'record' ? `record #${a.target.recordId}` : `range ${formatDuration(a.target.to - a.target.from)}`}</span>
              {a.evidenceChoice && <span className={`badge ${a.evidenceChoice === 'accepted' ? 'ok' : 'crit'}`}>evidence {a.evidenceChoice}</span>}
              {a.tags.map((t) => <span key={t} className="chip on small-chip">{t}</span>)}
              <span className="spacer" />
              <button className="btn ghost small" onClick={(e) => { e.stopPropagation(); void deleteAnnotation(a); }} title="Delete (undo with u)">✕</button>
            </div>
            {a.comment && <Markdown source={a.comment} />}
          </li>
        ))}
      </ul>
    </div>
  );
}
