// Notes beside the evidence (Timesketch's habit): records and events are never changed; stars,
// tags, comments and the user's accept/reject of verdict evidence live in their own table, each
// save in its own transaction so an undo or a crash never loses more than the last edit.
import type { Db } from '../store/case-db.ts';
import { nowMicros } from '../store/case-db.ts';
import type { Annotation, AnnotationInput, AnnotationTarget, SavedView } from './types.ts';
import { apiError } from './errors.ts';

interface Raw {
  id: number; target_kind: 'record' | 'event' | 'range'; record_id: number | null; event_id: number | null;
  range_from: number | null; range_to: number | null; range_node: string | null; star: number; tags: string;
  comment: string; evidence_choice: 'accepted' | 'rejected' | null; created_at: number; updated_at: number; ts: number | null;
}

function toAnnotation(r: Raw): Annotation {
  const target: AnnotationTarget = r.target_kind === 'record' ? { kind: 'record', recordId: r.record_id! }
    : r.target_kind === 'event' ? { kind: 'event', eventId: r.event_id! }
    : { kind: 'range', from: r.range_from!, to: r.range_to!, node: r.range_node };
  return {
    id: r.id, target, star: r.star === 1, tags: JSON.parse(r.tags) as string[], comment: r.comment,
    evidenceChoice: r.evidence_choice, createdAt: r.created_at, updatedAt: r.updated_at, ts: r.ts,
  };
}

/** The anchor time of a target: its record's or event's stamp, or the range start. */
function anchorOf(db: Db, t: AnnotationTarget): number | null {
  if (t.kind === 'range') return t.from;
  const row = t.kind === 'record'
    ? db.prepare('SELECT ts FROM records WHERE id = ?').get(t.recordId) as { ts: number | null } | undefined
    : db.prepare('SELECT ts FROM events WHERE id = ?').get(t.eventId) as { ts: number | null } | undefined;
  if (!row) throw apiError('not-found', `no ${t.kind} ${t.kind === 'record' ? t.recordId : t.eventId} to annotate`);
  return row.ts;
}

function checkTarget(t: AnnotationTarget | undefined): AnnotationTarget {
  if (!t || typeof t !== 'object') throw apiError('bad-request', 'annotation needs a target');
  if (t.kind === 'record' && Number.isInteger(t.recordId)) return t;
  if (t.kind === 'event' && Number.isInteger(t.eventId)) return t;
  if (t.kind === 'range' && Number.isFinite(t.from) && Number.isFinite(t.to) && t.to >= t.from) return t;
  throw apiError('bad-request', `invalid annotation target ${JSON.stringify(t)}`);
}

export function listAnnotations(db: Db, where = '', args: unknown[] = []): Annotation[] {
  return (db.prepare(`SELECT * FROM annotations ${where} ORDER BY coalesce(ts, -1), id`).all(...args) as Raw[]).map(toAnnotation);
}

export function getAnnotation(db: Db, id: number): Annotation {
  const r = db.prepare('SELECT * FROM annotations WHERE id = ?').get(id) as Raw | undefined;
  if (!r) throw apiError('not-found', `no annotation ${id}`);
  return toAnnotation(r);
}

function insert(db: Db, input: AnnotationInput, id: number | null, createdAt: number, updatedAt: number): Annotation {
  const t = checkTarget(input.target);
  const ts = anchorOf(db, t);
  const r = db.prepare(`INSERT INTO annotations(id, target_kind, record_id, event_id, range_from, range_to, range_node, star,
    tags, comment, evidence_choice, created_at, updated_at, ts) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
    id, t.kind, t.kind === 'record' ? t.recordId : null, t.kind === 'event' ? t.eventId : null,
    t.kind === 'range' ? t.from : null, t.kind === 'range' ? t.to : null, t.kind === 'range' ? (t.node ?? null) : null,
    input.star ? 1 : 0, JSON.stringify(input.tags ?? []), input.comment ?? '', input.evidenceChoice ?? null, createdAt, updatedAt, ts);
  return getAnnotation(db, Number(r.lastInsertRowid));
}

export function createAnnotation(db: Db, input: AnnotationInput): Annotation {
  const now = nowMicros();
  return db.transaction(() => insert(db, input, null, now, now))();
}

export function updateAnnotation(db: Db, id: number, patch: Partial<AnnotationInput>): Annotation {
  return db.transaction(() => {
    const cur = getAnnotation(db, id);
    const next: AnnotationInput = {
      target: patch.target ?? cur.target,
      star: patch.star ?? cur.star,
      tags: patch.tags ?? cur.tags,
      comment: patch.comment ?? cur.comment,
      evidenceChoice: patch.evidenceChoice !== undefined ? patch.evidenceChoice : cur.evidenceChoice ?? null,
    };
    db.prepare('DELETE FROM annotations WHERE id = ?').run(id);
    return insert(db, next, id, cur.createdAt, nowMicros());
  })();
}

export function deleteAnnotation(db: Db, id: number): void {
  const r = db.prepare('DELETE FROM annotations WHERE id = ?').run(id);
  if (r.changes === 0) throw apiError('not-found', `no annotation ${id}`);
}

/** Undo of a delete: the same id, creation time and content come back. */
export function restoreAnnotation(db: Db, a: Annotation): Annotation {
  return db.transaction(() => {
    const exists = db.prepare('SELECT 1 FROM annotations WHERE id = ?').get(a.id);
    if (exists) throw apiError('bad-request', `annotation ${a.id} exists already`);
    return insert(db, { target: a.target, star: a.star, tags: a.tags, comment: a.comment, evidenceChoice: a.evidenceChoice ?? null },
      a.id, a.createdAt, a.updatedAt);
  })();
}

export function listViews(db: Db): SavedView[] {
  return (db.prepare('SELECT id, name, state, created_at FROM saved_views ORDER BY id').all() as
    { id: number; name: string; state: string; created_at: number }[])
    .map((v) => ({ id: v.id, name: v.name, state: JSON.parse(v.state) as Record<string, unknown>, createdAt: v.created_at }));
}

export function saveView(db: Db, name: string, state: Record<string, unknown>): SavedView {
  if (!name || typeof name !== 'string') throw apiError('bad-request', 'a saved view needs a name');
  const now = nowMicros();
  const r = db.prepare('INSERT INTO saved_views(name, state, created_at) VALUES (?, ?, ?)').run(name, JSON.stringify(state ?? {}), now);
  return { id: Number(r.lastInsertRowid), name, state: state ?? {}, createdAt: now };
}

export function deleteView(db: Db, id: number): void {
  const r = db.prepare('DELETE FROM saved_views WHERE id = ?').run(id);
  if (r.changes === 0) throw apiError('not-found', `no saved view ${id}`);
}
