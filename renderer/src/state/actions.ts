// Everything the UI asks of the engine, in one place: each action calls CaseApi, then writes the
// store. Failures become a notice naming what failed; nothing here throws into React.
import type {
  Annotation, AnnotationInput, EngineEvent, EventRow, ExportOptions, Micros, RecordRow, TrainingAnswer,
} from '../../../core/api/types.ts';
import { fitExtent, centreOn } from '../time/zoom.ts';
import type { TimeRange } from '../time/axis.ts';
import { api, errorText } from './api.ts';
import { get, notify, set } from './store.ts';
import { decodeView, encodeView, viewFromSaved, viewToSaved, type Filters, type ViewState } from './view.ts';
import { followRangeForTables } from './table-range.ts';

// A training case stays a training case across reloads: remembered per case file.
const trainingKey = (casePath: string) => `crashlens-training:${casePath}`;
function remember(key: string, value: string | null): void {
  try { if (value === null) localStorage.removeItem(key); else localStorage.setItem(key, value); } catch { /* private mode */ }
}

/** First load: restore the view from the URL hash, listen to the engine, open what is open. */
export async function boot(): Promise<void> {
  const v = decodeView(window.location.hash);
  applyViewState(v, false);
  api().subscribe(onEngineEvent);
  followRangeForTables();
  window.addEventListener('hashchange', () => {
    const h = window.location.hash.replace(/^#/, '');
    if (h !== lastHash) applyViewState(decodeView(h), true);
  });
  void loadSamples();
  try {
    const summary = await api().summary();
    if (summary && summary.records > 0) await loadCase(v.range === null);
    else set({ screen: 'import', summary });
  } catch (e) {
    set({ screen: 'import' });
    notify('error', `Could not ask the engine for the open case: ${errorText(e)}`);
  }
}

function onEngineEvent(e: EngineEvent): void {
  if (e.kind === 'progress') {
    const p = e.progress;
    set((s) => ({ imports: { ...s.imports, [p.importId]: p } }));
    if (p.phase === 'done') void loadCase(true);
    if (p.phase === 'failed') set({ importError: p.error ?? 'The import failed' });
  } else if (e.kind === 'case-changed') {
    const before = get().summary;
    set({ summary: e.summary });
    const r = e.summary.readiness;
    const was = before?.readiness;
    if (get().screen === 'case' && (!was || was.analysis !== r.analysis || was.events !== r.events || was.timeline !== r.timeline)) {
      void loadCaseData();
    }
  }
}

export async function loadSamples(): Promise<void> {
  try { set({ samples: await api().samples() }); } catch { /* samples are optional: the list stays empty */ }
}

/** Loads what the case holds and shows it. `fit` resets the view to the whole case. */
export async function loadCase(fit: boolean): Promise<void> {
  try {
    const summary = await api().summary();
    if (!summary) { set({ screen: 'import' }); return; }
    const extent = summary.firstTs !== null && summary.lastTs !== null ? { from: summary.firstTs, to: summary.lastTs } : null;
    set({ summary, extent, screen: 'case', training: restoreTraining(summary.path) });
    if (extent && (fit || !get().range)) set({ range: fitExtent(extent) });
    await loadCaseData();
  } catch (e) {
    notify('error', `Could not open the case: ${errorText(e)}`);
  }
}

/** Sources, boots, spans, verdict, annotations, views, training history: each on its own, so one
 *  part not ready yet (e.g. the verdict during analysis) does not hide the others. */
export async function loadCaseData(): Promise<void> {
  const a = api();
  set((s) => ({ dataVersion: s.dataVersion + 1 }));
  const results = await Promise.allSettled([
    a.sources().then((sources) => set({ sources })),
    a.boots().then((boots) => set({ boots })),
    a.spans().then((spans) => set({ spans })),
    a.verdict().then((verdict) => set({ verdict, verdictError: null }), (e) => set({ verdictError: errorText(e) })),
    a.annotations().then((annotations) => set({ annotations })),
    a.savedViews().then((views) => set({ views })),
    a.trainingHistory().then((history) => set({ history })),
  ]);
  for (const r of results) if (r.status === 'rejected') console.warn('crashlens: part of the case did not load:', r.reason);
}

// ── importing ────────────────────────────────────────────────────────────────────────────────

export async function importPaths(paths: string[]): Promise<void> {
  const clean = paths.map((p) => p.trim()).filter(Boolean);
  if (!clean.length) return;
  set({ importError: null, imports: {}, screen: 'import', training: null, verdict: null });
  try {
    await api().importBundles(clean);
  } catch (e) {
    // No case open yet: make one beside the first bundle, then import into it.
    if ((e as { code?: string }).code === 'no-case') {
      try {
        await api().createCase(`${clean[0]!.replace(/[\\/]+$/, '')}.crashlens`);
        await api().importBundles(clean);
        return;
      } catch (e2) { set({ importError: errorText(e2) }); return; }
    }
    set({ importError: errorText(e) });
  }
}

export async function importFiles(files: File[]): Promise<void> {
  const toPath = api().pathForDroppedFile;
  if (!toPath) { set({ importError: 'This window cannot read dropped files: type the bundle path instead.' }); return; }
  try {
    const paths = await Promise.all(files.map((f) => toPath(f)));
    await importPaths(paths);
  } catch (e) { set({ importError: `Could not take the dropped file: ${errorText(e)}` }); }
}

export async function cancelImport(importId: string): Promise<void> {
  try { await api().cancelImport(importId); } catch (e) { notify('error', `Cancel failed: ${errorText(e)}`); }
}

export async function openSample(id: string, training: boolean): Promise<void> {
  set({ importError: null, imports: {}, screen: 'import', verdict: null });
  try {
    const { casePath } = await api().openSample(id, { training });
    remember(trainingKey(casePath), training ? id : null);
    set({ training: training ? newTraining(id) : null });
  } catch (e) { set({ importError: `Could not open sample ${id}: ${errorText(e)}` }); }
}

function newTraining(sampleId: string) {
  return { sampleId, answer: { crashTime: null, category: null, type: null, evidenceEventIds: [] } as TrainingAnswer, marking: null, score: null, submitting: false };
}

function restoreTraining(casePath: string) {
  const cur = get().training;
  if (cur) return cur;
  let id: string | null = null;
  try { id = localStorage.getItem(trainingKey(casePath)); } catch { id = null; }
  return id ? newTraining(id) : null;
}

export function leaveTraining(): void {
  const path = get().summary?.path;
  if (path) remember(trainingKey(path), null);
  set({ training: null });
}

export function updateAnswer(patch: Partial<TrainingAnswer>): void {
  set((s) => (s.training ? { training: { ...s.training, answer: { ...s.training.answer, ...patch } } } : {}));
}

export function toggleTrainingEvidence(eventId: number): void {
  const t = get().training;
  if (!t) return;
  const ids = t.answer.evidenceEventIds;
  updateAnswer({ evidenceEventIds: ids.includes(eventId) ? ids.filter((x) => x !== eventId) : [...ids, eventId] });
}

export async function submitTraining(): Promise<void> {
  const t = get().training;
  if (!t) return;
  set({ training: { ...t, submitting: true } });
  try {
    const score = await api().submitTraining(t.sampleId, t.answer);
    set((s) => ({ training: s.training ? { ...s.training, score, submitting: false } : null }));
    try { set({ history: await api().trainingHistory() }); } catch { /* the score is shown anyway */ }
  } catch (e) {
    set((s) => ({ training: s.training ? { ...s.training, submitting: false } : null }));
    notify('error', `Submit failed: ${errorText(e)}`);
  }
}

// ── view ─────────────────────────────────────────────────────────────────────────────────────

export function setRange(range: TimeRange): void { set({ range }); }

export function setFilters(patch: Partial<Filters>): void { set((s) => ({ filters: { ...s.filters, ...patch } })); }

export function focusOn(at: Micros | null): void {
  if (at === null) return;
  const { range, extent } = get();
  if (range && (at < range.from || at > range.to)) set({ range: centreOn(range, at, extent) });
  set((s) => ({ focus: { at, seq: (s.focus?.seq ?? 0) + 1 } }));
}

export function selectEvent(e: EventRow, centre = false): void {
  set({ selection: { kind: 'event', id: e.id }, selectedEvent: e, selectedRecord: null, detailOpen: true, recordsAt: e.ts });
  if (centre) focusOn(e.ts);
}

export function selectRecord(r: RecordRow, centre = false, jump = false): void {
  if (jump) set({ recordsAt: r.ts });
  set({ selection: { kind: 'record', id: r.id }, selectedRecord: r, selectedEvent: null, detailOpen: true });
  if (centre) focusOn(r.ts);
}

export function closeDetail(): void { set({ detailOpen: false }); }

export function currentView(): ViewState {
  const s = get();
  return { range: s.range, filters: s.filters, selection: s.selection, tab: s.tab, zone: s.zoneMode, laneBy: s.laneBy };
}

export function applyViewState(v: ViewState, keepRangeIfNull: boolean): void {
  set((s) => ({
    range: v.range ?? (keepRangeIfNull ? s.range : null),
    filters: v.filters,
    selection: v.selection,
    detailOpen: v.selection !== null,
    tab: v.tab,
    zoneMode: v.zone,
    laneBy: v.laneBy,
  }));
}

let lastHash = '';
let hashTimer: ReturnType<typeof setTimeout> | null = null;
/** Keeps the URL hash in step with the view (debounced: a wheel zoom must not flood history). */
export function syncHashFromStore(): void {
  if (hashTimer) clearTimeout(hashTimer);
  hashTimer = setTimeout(() => {
    const h = encodeView(currentView());
    if (h === lastHash) return;
    lastHash = h;
    const url = window.location.pathname + window.location.search + (h ? `#${h}` : '');
    window.history.replaceState(window.history.state, '', url);
  }, 250);
}

export async function saveView(name: string): Promise<void> {
  try {
    const v = await api().saveView(name, viewToSaved(currentView()));
    set((s) => ({ views: [...s.views, v] }));
    notify('info', `View “${name}” saved`);
  } catch (e) { notify('error', `Could not save the view: ${errorText(e)}`); }
}

export function openView(state: Record<string, unknown>): void { applyViewState(viewFromSaved(state), true); }

export async function deleteView(id: number): Promise<void> {
  try { await api().deleteView(id); set((s) => ({ views: s.views.filter((v) => v.id !== id) })); } catch (e) { notify('error', errorText(e)); }
}

// ── annotations ─────────────────────────────────────────────────────────────────────────────

function putAnnotation(a: Annotation): void {
  set((s) => {
    const rest = s.annotations.filter((x) => x.id !== a.id);
    const annotations = [...rest, a].sort((x, y) => (x.ts ?? 0) - (y.ts ?? 0));
    return { annotations, summary: s.summary ? { ...s.summary, annotations: annotations.length } : s.summary };
  });
}

export async function annotate(input: AnnotationInput): Promise<Annotation | null> {
  try { const a = await api().annotate(input); putAnnotation(a); return a; } catch (e) { notify('error', `Could not save the annotation: ${errorText(e)}`); return null; }
}

export async function updateAnnotation(id: number, patch: Partial<AnnotationInput>): Promise<void> {
  try { putAnnotation(await api().updateAnnotation(id, patch)); } catch (e) { notify('error', `Could not update the annotation: ${errorText(e)}`); }
}

let lastDeleted: Annotation | null = null;
export async function deleteAnnotation(a: Annotation): Promise<void> {
  try {
    await api().deleteAnnotation(a.id);
    lastDeleted = a;
    set((s) => {
      const annotations = s.annotations.filter((x) => x.id !== a.id);
      return { annotations, summary: s.summary ? { ...s.summary, annotations: annotations.length } : s.summary };
    });
    notify('info', 'Annotation deleted — press u (or Undo) to restore it');
  } catch (e) { notify('error', `Could not delete: ${errorText(e)}`); }
}

export async function undoDelete(): Promise<void> {
  if (!lastDeleted) return;
  const a = lastDeleted;
  lastDeleted = null;
  try { putAnnotation(await api().restoreAnnotation(a)); notify('info', 'Annotation restored'); } catch (e) { notify('error', errorText(e)); }
}

/** The annotation on a record or an event, if any (one per target: the UI edits it in place). */
export function annotationFor(kind: 'record' | 'event', id: number): Annotation | undefined {
  return get().annotations.find((a) => (kind === 'record' ? a.target.kind === 'record' && a.target.recordId === id : a.target.kind === 'event' && a.target.eventId === id));
}

/** Star, tag or comment a record or event: updates its annotation or creates one. */
export async function editAnnotationOn(kind: 'record' | 'event', id: number, patch: Partial<AnnotationInput>): Promise<void> {
  const existing = annotationFor(kind, id);
  if (existing) return updateAnnotation(existing.id, patch);
  await annotate({ target: kind === 'record' ? { kind: 'record', recordId: id } : { kind: 'event', eventId: id }, ...patch });
}

/** Accept or reject a verdict evidence event (issue 6): stored as an annotation, verdict reloaded. */
export async function chooseEvidence(eventId: number, choice: 'accepted' | 'rejected' | null): Promise<void> {
  await editAnnotationOn('event', eventId, { evidenceChoice: choice });
  try { set({ verdict: await api().verdict() }); } catch { /* the choice is stored; the verdict shows it on the next load */ }
}

export async function annotateRange(range: TimeRange, comment: string, tags: string[] = []): Promise<void> {
  await annotate({ target: { kind: 'range', from: range.from, to: range.to }, comment, tags });
}

// ── export ──────────────────────────────────────────────────────────────────────────────────

export async function exportReport(options: ExportOptions): Promise<void> {
  try {
    const r = await api().exportReport(options);
    const bytes = r.encoding === 'base64' ? Uint8Array.from(atob(r.content), (c) => c.charCodeAt(0)) : new TextEncoder().encode(r.content);
    const url = URL.createObjectURL(new Blob([bytes], { type: r.mime }));
    const a = document.createElement('a');
    a.href = url;
    a.download = r.fileName;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    notify('info', `Exported ${r.fileName}`);
  } catch (e) { notify('error', `Export failed: ${errorText(e)}`); }
}

export type { RecordRow };
