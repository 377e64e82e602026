// Star, tag and comment the selected record or event. Each change is saved at once, as its own
// transaction in the case (a crash loses at most the comment being typed).
import { useEffect, useState } from 'react';
import { DEFAULT_TAGS } from '../../../core/api/types.ts';
import { TID } from '../testids.ts';
import { deleteAnnotation, editAnnotationOn } from '../state/actions.ts';
import { useStore } from '../state/store.ts';
import { Markdown } from '../markdown/Markdown.tsx';

export function AnnotationEditor({ kind, id }: { kind: 'record' | 'event'; id: number }) {
  const a = useStore((s) => s.annotations.find((x) => (kind === 'record' ? x.target.kind === 'record' && x.target.recordId === id : x.target.kind === 'event' && x.target.eventId === id)));
  const [comment, setComment] = useState(a?.comment ?? '');
  const [editing, setEditing] = useState(false);
  const [freeTag, setFreeTag] = useState('');
  useEffect(() => { setComment(a?.comment ?? ''); setEditing(false); }, [a?.id, kind, id]); // eslint-disable-line react-hooks/exhaustive-deps

  const tags = a?.tags ?? [];
  const toggleTag = (t: string) => void editAnnotationOn(kind, id, { tags: tags.includes(t) ? tags.filter((x) => x !== t) : [...tags, t] });
  const allTags = [...DEFAULT_TAGS, ...tags.filter((t) => !(DEFAULT_TAGS as readonly string[]).includes(t))];

  return (
    <div className="section annot">
      <h3>Notes</h3>
      <div className="annot-row">
        <button className={`btn small star ${a?.star ? 'on' : ''}`} data-testid={TID.annotateStar} aria-pressed={!!a?.star}
          onClick={() => void editAnnotationOn(kind, id, { star: !a?.star })} title="Star (s)">{a?.star ? '★' : '☆'} star</button>
        {allTags.map((t) => (
          <button key={t} className={`chip ${tags.includes(t) ? 'on' : ''}`} data-testid={TID.annotateTag} data-tag={t} onClick={() => toggleTag(t)}>{t}</button>
        ))}
        <form onSubmit={(e) => { e.preventDefault(); const t = freeTag.trim(); if (t && !tags.includes(t)) void editAnnotationOn(kind, id, { tags: [...tags, t] }); setFreeTag(''); }}>
          <input className="input tag-input" value={freeTag} onChange={(e) => setFreeTag(e.target.value)} placeholder="+ tag" aria-label="Add a tag" />
        </form>
      </div>
      {editing || !a?.comment ? (
        <div className="annot-edit">
          <textarea className="input comment" data-testid={TID.annotateComment} value={comment} rows={3} placeholder="Comment (Markdown) — what this line means for the incident"
            onChange={(e) => setComment(e.target.value)}
            onKeyDown={(e) => { if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { void editAnnotationOn(kind, id, { comment }); setEditing(false); } }} />
          <div className="annot-actions">
            <button className="btn small primary" disabled={comment === (a?.comment ?? '')} onClick={() => { void editAnnotationOn(kind, id, { comment }); setEditing(false); }}>Save comment</button>
            <span className="faint">Ctrl+Enter</span>
            {editing && <button className="btn small" onClick={() => { setComment(a?.comment ?? ''); setEditing(false); }}>Cancel</button>}
          </div>
        </div>
      ) : (
        <div className="comment-view" onDoubleClick={() => setEditing(true)}>
          <Markdown source={a.comment} />
          <button className="btn small" onClick={() => setEditing(true)}>Edit</button>
        </div>
      )}
      {a && <button className="btn small ghost danger" onClick={() => void deleteAnnotation(a)}>Delete note</button>}
    </div>
  );
}
