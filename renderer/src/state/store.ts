// The renderer's state: what the case holds (loaded through CaseApi) and what the SRE is looking at.
// One zustand store; actions that talk to the engine live in actions.ts so this file stays data.
import { create } from 'zustand';
import type {
  Annotation, Boot, CaseSummary, EventRow, ImportProgress, Micros, RecordRow, SampleInfo, SavedView, SourceInfo, Span,
  TrainingAnswer, TrainingScore, Verdict,
} from '../../../core/api/types.ts';
import type { TimeRange } from '../time/axis.ts';
import { DEFAULT_VIEW, type Filters, type LaneBy, type Selected, type Tab, type ZoneMode } from './view.ts';

export type Theme = 'dark' | 'light';

export interface Training {
  sampleId: string;
  answer: TrainingAnswer;
  /** What a click on the timeline marks now. */
  marking: 'crash' | null;
  score: TrainingScore | null;
  submitting: boolean;
}

export interface Notice { id: number; kind: 'error' | 'info'; text: string }

export interface State {
  screen: 'loading' | 'import' | 'case';
  theme: Theme;
  // the case
  summary: CaseSummary | null;
  sources: SourceInfo[];
  boots: Boot[];
  spans: Span[];
  verdict: Verdict | null;
  verdictError: string | null;
  annotations: Annotation[];
  views: SavedView[];
  samples: SampleInfo[];
  history: TrainingScore[];
  // importing
  imports: Record<string, ImportProgress>;
  importError: string | null;
  // the view
  extent: TimeRange | null;
  range: TimeRange | null;
  /** The range the tables show: follows `range` once a zoom or pan settles, so a wheel spin
   *  redraws only the timeline (the tables re-read once, at the end). */
  tableRange: TimeRange | null;
  filters: Filters;
  selection: Selected | null;
  /** The selected row itself, when a table or the timeline had it at hand (for its time). */
  selectedEvent: EventRow | null;
  selectedRecord: RecordRow | null;
  /** Where the records table starts its page (set by a jump: an event, a timeline click). */
  recordsAt: Micros | null;
  tab: Tab;
  zoneMode: ZoneMode;
  laneBy: LaneBy;
  helpOpen: boolean;
  detailOpen: boolean;
  /** Bumped to ask the timeline to centre on an instant (evidence click, table selection). */
  focus: { at: Micros; seq: number } | null;
  training: Training | null;
  notices: Notice[];
  /** Bumped whenever the case's data was (re)loaded: tables and the timeline read again. */
  dataVersion: number;
}

const initialTheme = (): Theme => {
  try {
    const t = localStorage.getItem('crashlens-theme');
    if (t === 'light' || t === 'dark') return t;
    return window.matchMedia?.('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
  } catch { return 'dark'; }
};

export const useStore = create<State>()(() => ({
  screen: 'loading',
  theme: initialTheme(),
  summary: null,
  sources: [],
  boots: [],
  spans: [],
  verdict: null,
  verdictError: null,
  annotations: [],
  views: [],
  samples: [],
  history: [],
  imports: {},
  importError: null,
  extent: null,
  range: null,
  tableRange: null,
  filters: DEFAULT_VIEW.filters,
  selection: null,
  selectedEvent: null,
  selectedRecord: null,
  recordsAt: null,
  tab: DEFAULT_VIEW.tab,
  zoneMode: DEFAULT_VIEW.zone,
  laneBy: DEFAULT_VIEW.laneBy,
  helpOpen: false,
  detailOpen: false,
  focus: null,
  training: null,
  notices: [],
  dataVersion: 0,
}));

export const set = useStore.setState;
export const get = useStore.getState;

let noticeSeq = 0;
export function notify(kind: Notice['kind'], text: string): void {
  const n = { id: ++noticeSeq, kind, text };
  set((s) => ({ notices: [...s.notices.slice(-3), n] }));
  setTimeout(() => set((s) => ({ notices: s.notices.filter((x) => x.id !== n.id) })), kind === 'error' ? 9000 : 4000);
}

/** The zone times are written in: null (UTC) or the node's zone from the bundle identity. */
export function useZone(): string | null {
  const mode = useStore((s) => s.zoneMode);
  const zone = useStore((s) => nodeZone(s.summary));
  return mode === 'node' ? zone : null;
}

export function nodeZone(summary: CaseSummary | null): string | null {
  for (const b of summary?.bundles ?? []) if (b.identity?.zone) return b.identity.zone;
  return null;
}

/** The crash instant the UI measures T−x from: the first crash of the verdict (hidden in training). */
export function useCrashTime(): Micros | null {
  return useStore((s) => (s.training ? s.training.answer.crashTime : s.verdict?.crashes.find((c) => c.time !== null)?.time ?? null));
}
