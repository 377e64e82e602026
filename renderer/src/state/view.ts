// What the SRE is looking at, as plain data: time range, filters, selection, tab, zone. It is
// written to the URL hash (so a reload or a pasted link restores it) and stored as saved views.
import type { Category, EventSeverity, EventType, Micros, Severity } from '../../../core/api/types.ts';
import { EVENT_TYPES } from '../../../parsers/types.ts';

export interface Filters {
  text: string; // FTS5 syntax
  nodes: string[];
  sourceIds: number[];
  severities: Severity[]; // records: keep these levels
  categories: Category[]; // events
  types: EventType[]; // events
  eventSeverities: EventSeverity[];
}

export type Tab = 'events' | 'records' | 'sql' | 'annotations' | 'sources';
export type ZoneMode = 'utc' | 'node';
export type LaneBy = 'node-category' | 'node-source';

export interface Selected { kind: 'record' | 'event'; id: number }

export interface ViewState {
  range: { from: Micros; to: Micros } | null;
  filters: Filters;
  selection: Selected | null;
  tab: Tab;
  zone: ZoneMode;
  laneBy: LaneBy;
}

export const EMPTY_FILTERS: Filters = { text: '', nodes: [], sourceIds: [], severities: [], categories: [], types: [], eventSeverities: [] };

export const DEFAULT_VIEW: ViewState = { range: null, filters: EMPTY_FILTERS, selection: null, tab: 'events', zone: 'utc', laneBy: 'node-category' };

const TABS: Tab[] = ['events', 'records', 'sql', 'annotations', 'sources'];
const CATEGORIES = Object.keys(EVENT_TYPES) as Category[];
const TYPES = new Set<string>(Object.values(EVENT_TYPES).flat());
const EVENT_SEVERITIES: EventSeverity[] = ['critical', 'error', 'warning', 'info'];

const list = (v: string | null) => (v ? v.split(',').map(decodeURIComponent).filter(Boolean) : []);
const ints = (v: string | null) => list(v).map(Number).filter((n) => Number.isSafeInteger(n));

export function encodeView(v: ViewState): string {
  const p: string[] = [];
  const put = (k: string, val: string) => p.push(`${k}=${val}`);
  const enc = (xs: readonly (string | number)[]) => xs.map((x) => encodeURIComponent(String(x))).join(',');
  if (v.range) { put('from', String(Math.round(v.range.from))); put('to', String(Math.round(v.range.to))); }
  const f = v.filters;
  if (f.text) put('q', encodeURIComponent(f.text));
  if (f.nodes.length) put('node', enc(f.nodes));
  if (f.sourceIds.length) put('src', enc(f.sourceIds));
  if (f.severities.length) put('sev', enc(f.severities));
  if (f.categories.length) put('cat', enc(f.categories));
  if (f.types.length) put('type', enc(f.types));
  if (f.eventSeverities.length) put('esev', enc(f.eventSeverities));
  if (v.selection) put('sel', `${v.selection.kind === 'record' ? 'r' : 'e'}${v.selection.id}`);
  if (v.tab !== DEFAULT_VIEW.tab) put('tab', v.tab);
  if (v.zone !== 'utc') put('zone', v.zone);
  if (v.laneBy !== DEFAULT_VIEW.laneBy) put('lanes', 'source');
  return p.join('&');
}

/** Reads a hash written by encodeView; anything malformed is dropped, never trusted. */
export function decodeView(hash: string): ViewState {
  const q = new Map<string, string>();
  for (const part of hash.replace(/^#/, '').split('&')) {
    const eq = part.indexOf('=');
    if (eq > 0) q.set(part.slice(0, eq), part.slice(eq + 1));
  }
  const get = (k: string) => q.get(k) ?? null;
  const from = Number(get('from'));
  const to = Number(get('to'));
  const range = get('from') !== null && get('to') !== null && Number.isFinite(from) && Number.isFinite(to) && to > from ? { from, to } : null;
  let text = '';
  try { text = decodeURIComponent(get('q') ?? ''); } catch { text = ''; }
  const sel = /^([re])(\d+)$/.exec(get('sel') ?? '');
  const tab = get('tab') as Tab | null;
  let nodes: string[] = [];
  try { nodes = list(get('node')); } catch { nodes = []; }
  return {
    range,
    filters: {
      text,
      nodes,
      sourceIds: ints(get('src')),
      severities: ints(get('sev')).filter((n) => n >= 0 && n <= 7) as Severity[],
      categories: list(get('cat')).filter((c): c is Category => (CATEGORIES as string[]).includes(c)),
      types: list(get('type')).filter((t): t is EventType => TYPES.has(t)),
      eventSeverities: list(get('esev')).filter((s): s is EventSeverity => (EVENT_SEVERITIES as string[]).includes(s)),
    },
    selection: sel ? { kind: sel[1] === 'r' ? 'record' : 'event', id: Number(sel[2]) } : null,
    tab: tab && TABS.includes(tab) ? tab : DEFAULT_VIEW.tab,
    zone: get('zone') === 'node' ? 'node' : 'utc',
    laneBy: get('lanes') === 'source' ? 'node-source' : 'node-category',
  };
}

/** A saved view's state (CaseApi.saveView) is the same object; reading one back validates it. */
export function viewFromSaved(state: Record<string, unknown>): ViewState {
  const hash = typeof state.hash === 'string' ? state.hash : '';
  return decodeView(hash);
}
export function viewToSaved(v: ViewState): Record<string, unknown> {
  return { hash: encodeView(v), version: 1 };
}
