// CaseApi: the one interface between the engine and every client (CLI, tests, the renderer).
// Three transports carry it — in-process (core/api/local.ts), HTTP + server-sent events
// (core/server/), Electron IPC (electron/preload.ts) — and none has logic of its own: each method
// takes JSON-serialisable arguments and returns a JSON-serialisable result, so a transport is a
// generic `call(method, args)`. The renderer imports only this file's types (and parsers/types.ts).
import type {
  Category, EventSeverity, EventType, FormatId, NodeIdentity, Severity, SourceRole, TsKind, Warning,
} from '../../parsers/types.ts';

export type { Category, EventSeverity, EventType, FormatId, NodeIdentity, Severity, SourceRole, TsKind, Warning };

/** Times cross the API as UTC microseconds (numbers: safe up to year 2255). */
export type Micros = number;

/** Keyset page: `next` is an opaque cursor for the following page (null at the end). Never OFFSET. */
export interface Page<T> {
  rows: T[];
  next: string | null;
  prev?: string | null;
  /** Total when cheap to know, else null. */
  total?: number | null;
}

/** Which parts of the case are ready, so the UI can say what it can show yet. */
export interface Readiness {
  records: boolean;
  events: boolean;
  timeline: boolean;
  fulltext: boolean;
  analysis: boolean;
}

export interface BundleInfo {
  id: number;
  path: string;
  sha256: string;
  layout: string; // 'sosreport' | 'must-gather' | 'eks-logs' | 'aks-logs' | 'var-log' | 'loose' | 'sos-collect' | 'file'
  node: string | null;
  identity: NodeIdentity;
  importedAt: Micros;
  status: 'complete' | 'interrupted' | 'cancelled' | 'importing' | 'failed';
  warnings: number;
}

export interface SourceInfo {
  id: number;
  bundleId: number;
  node: string | null;
  path: string; // inside the bundle
  format: FormatId;
  confidence: number; // 0..1
  role: SourceRole;
  zone: string | null;
  zoneOverride: string | null;
  firstTs: Micros | null;
  lastTs: Micros | null;
  lines: number;
  records: number;
  bytes: number;
  tsKinds: Partial<Record<TsKind, number>>;
  warnings: Warning[];
  boots?: string[]; // boot ids seen in it (journals)
}

export interface CaseSummary {
  path: string;
  schemaVersion: number;
  createdAt: Micros;
  bundles: BundleInfo[];
  nodes: string[];
  records: number;
  events: number;
  annotations: number;
  firstTs: Micros | null;
  lastTs: Micros | null;
  readiness: Readiness;
}

export interface RecordRow {
  id: number;
  sourceId: number;
  node: string | null;
  line: number;
  endLine: number;
  ts: Micros | null;
  tsKind: TsKind;
  severity: Severity | null;
  ident: string | null;
  pid: number | null;
  message: string;
  /** Other sources that hold the same line (journal + messages + dmesg), as record ids. */
  dupOf?: number | null;
}

export interface RecordDetail {
  record: RecordRow & { raw: string; fields: Record<string, string>; sourcePath: string; format: FormatId };
  /** ±N lines of the record's source around it, in file order. */
  context: RecordRow[];
  /** The same line seen in other sources. */
  seenIn: { recordId: number; sourceId: number; sourcePath: string }[];
  events: EventRow[];
  annotations: Annotation[];
}

export interface RecordQuery {
  from?: Micros | null;
  to?: Micros | null;
  nodes?: string[];
  sourceIds?: number[];
  severities?: Severity[]; // keep these levels (0 = emerg … 7 = debug)
  idents?: string[];
  /** FTS5 query syntax. Results in time order without sorting every hit. */
  text?: string;
  /** Opaque cursor from a previous page; `direction` says which way from it. */
  cursor?: string | null;
  direction?: 'forward' | 'backward';
  /** Start the page at this instant (jump to a time). */
  at?: Micros | null;
  limit?: number; // default 200, max 2000
}

export interface EventRow {
  id: number;
  recordId: number | null;
  sourceId: number | null;
  node: string | null;
  type: EventType;
  category: Category;
  severity: EventSeverity;
  ruleId: string;
  ts: Micros | null;
  endTs: Micros | null;
  tsKind: TsKind;
  count: number; // > 1 for a collapsed storm / window
  fields: Record<string, string | number>;
  message: string;
  line: number;
  endLine: number;
}

export interface EventQuery {
  from?: Micros | null;
  to?: Micros | null;
  nodes?: string[];
  categories?: Category[];
  types?: EventType[];
  severities?: EventSeverity[];
  /** Collapsed storms (analysis view) or every line-level event. Default true. */
  collapsed?: boolean;
  cursor?: string | null;
  limit?: number;
}

export interface TimelineQuery {
  from: Micros;
  to: Micros;
  buckets: number; // e.g. 2000
  /** Lanes: one per node, then split by category (events) or by source (records). */
  laneBy: 'node' | 'node-category' | 'node-source';
  /** Count records, events, or both. */
  measure?: 'records' | 'events' | 'both';
  filter?: Pick<RecordQuery, 'nodes' | 'sourceIds' | 'severities' | 'text'>;
}

export interface TimelineLane {
  key: string; // e.g. "node-a", "node-a/memory", "node-a/src:12"
  node: string | null;
  label: string;
  /** counts[i] = records (or events) in bucket i. */
  counts: number[];
  /** Worst event severity per bucket, 0 = none … 4 = critical (event glyph colour). */
  worst?: number[];
}

export interface TimelineData {
  from: Micros;
  to: Micros;
  bucketMicros: number;
  lanes: TimelineLane[];
}

export interface Boot {
  id: number;
  node: string;
  bootId: string | null;
  start: Micros | null;
  end: Micros | null;
  /** clean: a shutdown sequence; crash: none, a panic or a vmcore; unknown: the log stops there. */
  ending: 'clean' | 'crash' | 'unknown' | 'running';
  evidence: string;
  kernel: string | null;
}

/** An interval: an outage (apiserver unreachable, NotReady, etcd without leader), a link down, a boot. */
export interface Span {
  id: number;
  node: string | null;
  kind: 'not_ready' | 'apiserver_unreachable' | 'etcd_no_leader' | 'nic_down' | 'boot' | 'source_coverage' | string;
  label: string;
  start: Micros | null;
  end: Micros | null;
  eventIds: number[];
}

export interface CauseCandidate {
  category: Exclude<Category, 'boot'>;
  type: EventType;
  confidence: number; // 0..1
  summary: string; // plain words for an on-call engineer
  /** Evidence in causal order. */
  evidence: EventRow[];
  /** The user's choice per evidence event (accepted / rejected), from annotations. */
  userChoice?: Record<number, 'accepted' | 'rejected'>;
}

export interface Crash {
  node: string;
  time: Micros | null;
  outcome: 'panic' | 'hard_reset' | 'clean_reboot' | 'not_ready';
  bootId: number | null;
  causes: CauseCandidate[];
  missing: string[];
  summary: string;
}

export interface Verdict {
  crashes: Crash[];
  facts: Record<string, NodeFacts>;
  generatedAt: Micros;
}

export interface NodeFacts {
  identity: NodeIdentity;
  memTotalKb: number | null;
  swapTotalKb: number | null;
  sysctls: Record<string, string>;
  knownBad: { what: string; why: string; reference: string }[];
}

export type AnnotationTarget =
  | { kind: 'record'; recordId: number }
  | { kind: 'event'; eventId: number }
  | { kind: 'range'; from: Micros; to: Micros; node?: string | null };

export const DEFAULT_TAGS = ['root-cause', 'trigger', 'symptom', 'noise'] as const;

export interface Annotation {
  id: number;
  target: AnnotationTarget;
  star: boolean;
  tags: string[];
  comment: string; // Markdown
  /** For verdict evidence: the user accepted or rejected it. */
  evidenceChoice?: 'accepted' | 'rejected' | null;
  createdAt: Micros;
  updatedAt: Micros;
  /** Anchor time for sorting and drawing (the record's / event's ts, or the range start). */
  ts: Micros | null;
}

export interface AnnotationInput {
  target: AnnotationTarget;
  star?: boolean;
  tags?: string[];
  comment?: string;
  evidenceChoice?: 'accepted' | 'rejected' | null;
}

export interface SavedView {
  id: number;
  name: string;
  state: Record<string, unknown>; // filter + time range + selection, as the UI stores it
  createdAt: Micros;
}

export interface ImportOptions {
  /** Per-source zone overrides by path. */
  zoneOverrides?: Record<string, string>;
  limits?: Partial<{ maxDecompressedBytes: number; maxNesting: number; maxFiles: number; maxLineBytes: number }>;
}

export interface SourceProgress {
  path: string;
  bytes: number;
  totalBytes: number | null;
  lines: number;
  done: boolean;
  warnings: number;
}

export interface ImportProgress {
  importId: string;
  bundle: string;
  phase: 'reading' | 'parsing' | 'indexing' | 'fulltext' | 'analysing' | 'done' | 'cancelled' | 'failed';
  bytesDone: number;
  bytesTotal: number | null;
  share: number; // 0..1 overall
  /** Reading rates: since the start while parsing, over the whole parse once it is over. */
  linesPerSec: number;
  bytesPerSec: number;
  etaSeconds: number | null;
  sources: SourceProgress[];
  warnings: Warning[];
  error?: string;
}

export interface ExportOptions {
  format: 'md' | 'html' | 'json' | 'png';
  redact?: boolean;
  range?: { from: Micros; to: Micros } | null;
  /** PNG size. */
  width?: number;
  height?: number;
}

export interface ExportResult {
  format: ExportOptions['format'];
  fileName: string;
  mime: string;
  /** Text for md/html/json, base64 for png. */
  content: string;
  encoding: 'utf8' | 'base64';
}

export interface SqlResult {
  columns: string[];
  rows: unknown[][];
  truncated: boolean;
  elapsedMs: number;
}

export interface SampleInfo {
  id: string;
  title: string;
  category: Exclude<Category, 'boot'>;
  layout: string;
  path: string; // committed bundle path
  description: string;
}

export interface TrainingAnswer {
  crashTime: Micros | null;
  category: Exclude<Category, 'boot'> | null;
  type: EventType | null;
  evidenceEventIds: number[];
}

export interface TrainingScore {
  attemptId: number;
  sampleId: string;
  categoryRight: boolean;
  typeRight: boolean;
  timeErrorSeconds: number | null;
  evidenceFound: string[];
  evidenceMissed: string[];
  evidenceWrong: number[];
  score: number; // 0..100
  expertChain: { type: EventType; ts: Micros | null; message: string }[];
  explanation: string;
  at: Micros;
}

/** The engine as every client sees it. All methods are async and JSON in, JSON out. */
export interface CaseApi {
  // case lifecycle
  createCase(path: string): Promise<CaseSummary>;
  openCase(path: string): Promise<CaseSummary>;
  closeCase(): Promise<void>;
  summary(): Promise<CaseSummary | null>;

  // import (progress arrives through the transport's stream: see ProgressStream)
  importBundles(paths: string[], options?: ImportOptions): Promise<{ importId: string }>;
  cancelImport(importId: string): Promise<void>;

  // reading
  sources(): Promise<SourceInfo[]>;
  setSourceZone(sourceId: number, zone: string | null): Promise<SourceInfo>;
  records(query: RecordQuery): Promise<Page<RecordRow>>;
  record(id: number, contextLines?: number): Promise<RecordDetail>;
  events(query: EventQuery): Promise<Page<EventRow>>;
  timeline(query: TimelineQuery): Promise<TimelineData>;
  boots(): Promise<Boot[]>;
  spans(): Promise<Span[]>;
  verdict(): Promise<Verdict>;
  sql(query: string, limit?: number): Promise<SqlResult>;

  // annotations and views
  annotations(): Promise<Annotation[]>;
  annotate(input: AnnotationInput): Promise<Annotation>;
  updateAnnotation(id: number, patch: Partial<AnnotationInput>): Promise<Annotation>;
  deleteAnnotation(id: number): Promise<void>;
  restoreAnnotation(annotation: Annotation): Promise<Annotation>; // undo of a delete
  savedViews(): Promise<SavedView[]>;
  saveView(name: string, state: Record<string, unknown>): Promise<SavedView>;
  deleteView(id: number): Promise<void>;

  // report
  exportReport(options: ExportOptions): Promise<ExportResult>;

  // samples and training
  samples(): Promise<SampleInfo[]>;
  openSample(id: string, options?: { training?: boolean }): Promise<{ importId: string; casePath: string }>;
  submitTraining(sampleId: string, answer: TrainingAnswer): Promise<TrainingScore>;
  trainingHistory(): Promise<TrainingScore[]>;
}

export type CaseApiMethod = keyof CaseApi;

/** Progress and readiness pushed from the engine to a client. */
export type EngineEvent =
  | { kind: 'progress'; progress: ImportProgress }
  | { kind: 'case-changed'; summary: CaseSummary };

export interface ProgressStream {
  subscribe(listener: (e: EngineEvent) => void): () => void;
}

/** Errors cross transports as { error: { code, message } }. */
export interface ApiError {
  code: 'bad-request' | 'not-found' | 'no-case' | 'read-only' | 'sql-error' | 'busy' | 'internal';
  message: string;
}
