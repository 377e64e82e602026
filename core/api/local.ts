// CaseApi in-process: the engine the CLI and the tests call directly, and that the HTTP and IPC
// transports wrap. It owns one case at a time: a read-write connection (the import's writer and
// the notes) and a separate read-only connection for user SQL.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { isKnownZone } from '../../parsers/time/index.ts';
import type { TimeContext } from '../../parsers/types.ts';
import { retimeSource } from '../store/retime.ts';
import type { Db } from '../store/case-db.ts';
import { getMeta, openCaseDb, openReadOnly, setMeta } from '../store/case-db.ts';
import { readiness } from '../store/post-load.ts';
import { SCHEMA_VERSION } from '../store/schema.ts';
import { finishLoad, ownerIsDead, runImport, type ImportResult } from '../ingest/import.ts';
import * as notes from './annotations.ts';
import { apiError } from './errors.ts';
import { eventById, queryEvents, queryRecords, recordDetail, type NodeOf } from './record-queries.ts';
import { sampleCatalog, samplePath } from '../../samples/catalog.ts';
import { submitTraining, trainingHistory, UnknownSampleError } from '../training/index.ts';
import { readAttempts, removeCase, restoreAttempts, sampleCasePath } from '../training/sample-case.ts';
import { runReadOnlySql } from './sql.ts';
import { timeline } from './timeline.ts';
import { SlotCounts } from './slot-cache.ts';
import type {
  Annotation, AnnotationInput, Boot, BundleInfo, CaseApi, CaseSummary, EngineEvent, EventQuery, EventRow, ExportOptions,
  ExportResult, ImportOptions, Page, ProgressStream, RecordDetail, RecordQuery, RecordRow, SampleInfo, SavedView, SourceInfo,
  Span, SqlResult, TimelineData, TimelineQuery, TrainingAnswer, TrainingScore, Verdict,
} from './types.ts';

interface OpenCase { path: string; db: Db; ro: Db | null }

interface RawSource {
  id: number; bundle_id: number; node: string | null; path: string; format: string; confidence: number; role: string;
  zone: string | null; zone_override: string | null; first_ts: number | null; last_ts: number | null; lines: number;
  records: number; bytes: number; ts_kinds: string; warnings: string; boots: string;
}

function toSourceInfo(s: RawSource): SourceInfo {
  return {
    id: s.id, bundleId: s.bundle_id, node: s.node, path: s.path, format: s.format as SourceInfo['format'],
    confidence: s.confidence, role: s.role as SourceInfo['role'], zone: s.zone, zoneOverride: s.zone_override,
    firstTs: s.first_ts, lastTs: s.last_ts, lines: s.lines, records: s.records, bytes: s.bytes,
    tsKinds: JSON.parse(s.ts_kinds) as SourceInfo['tsKinds'], warnings: JSON.parse(s.warnings) as SourceInfo['warnings'],
    boots: JSON.parse(s.boots) as string[],
  };
}

/** The analysis, loaded at the first import (it pulls in the rule and cause tables, which opening
 *  or querying a case never needs). */
async function loadAnalysis(): Promise<(db: Db) => unknown> {
  return (await import('../analysis/from-case.ts')).analyzeCase;
}

export class LocalCaseApi implements CaseApi, ProgressStream {
  private current: OpenCase | null = null;
  private readonly listeners = new Set<(e: EngineEvent) => void>();
  private readonly imports = new Map<string, { abort: AbortController; done: Promise<ImportResult | null> }>();
  private nodes = new Map<number, string | null>();
  /** Per-grain record counts in memory for the timeline; cleared whenever counts may change. */
  private readonly slotCounts = new Map<number, SlotCounts | null>();
  /** The last finished import's result (the CLI and the bench read it). */
  lastImport: ImportResult | null = null;

  constructor(private readonly options: { workers?: number } = {}) {}

  // ---- lifecycle -------------------------------------------------------------------------------

  subscribe(listener: (e: EngineEvent) => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  private emit(e: EngineEvent): void {
    for (const l of this.listeners) { try { l(e); } catch { /* a listener's bug is not the engine's */ } }
  }

  private get db(): Db {
    if (!this.current) throw apiError('no-case', 'no case is open: create or open one first');
    return this.current.db;
  }

  async createCase(p: string): Promise<CaseSummary> {
    if (typeof p !== 'string' || !p) throw apiError('bad-request', 'createCase needs a file path');
    if (fs.existsSync(p) && fs.statSync(p).size > 0) throw apiError('bad-request', `${p} exists already: open it instead`);
    await this.closeCase();
    fs.mkdirSync(path.dirname(path.resolve(p)), { recursive: true });
    this.current = { path: path.resolve(p), db: openCaseDb(p, { create: true }), ro: null };
    return this.summaryOf();
  }

  async openCase(p: string): Promise<CaseSummary> {
    if (typeof p !== 'string' || !fs.existsSync(p)) throw apiError('not-found', `no case file at ${p}`);
    await this.closeCase();
    let db: Db;
    try { db = openCaseDb(p); } catch (e) { throw apiError('bad-request', `${p}: ${(e as Error).message}`); }
    this.current = { path: path.resolve(p), db, ro: null };
    // An import killed before its post-load steps: finish them now (indexes, counts, links, full text),
    // unless a live process still owns an import in this file.
    const importing = db.prepare("SELECT owner FROM bundles WHERE status = 'importing'").all() as { owner: string | null }[];
    const r = readiness(db);
    const hasRecords = db.prepare('SELECT 1 FROM records LIMIT 1').get() !== undefined;
    if (importing.every((b) => ownerIsDead(b.owner)) && hasRecords && !(r.records && r.events && r.timeline && r.fulltext)) {
      await finishLoad(db, null);
    }
    return this.summaryOf();
  }

  async closeCase(): Promise<void> {
    for (const [, imp] of this.imports) { imp.abort.abort(); await imp.done.catch(() => null); }
    this.imports.clear();
    if (this.current) {
      this.current.ro?.close();
      this.current.db.close();
      this.current = null;
      this.nodes.clear();
      this.slotCounts.clear();
    }
  }

  async summary(): Promise<CaseSummary | null> {
    return this.current ? this.summaryOf() : null;
  }

  private summaryOf(): CaseSummary {
    const db = this.db;
    const bundles = (db.prepare('SELECT * FROM bundles ORDER BY id').all() as {
      id: number; path: string; sha256: string | null; layout: string; node: string | null; identity: string; status: BundleInfo['status'];
      imported_at: number; warnings: string; owner: string | null;
    }[]).map((b): BundleInfo => ({
      id: b.id, path: b.path, sha256: b.sha256 ?? '', layout: b.layout, node: b.node,
      identity: JSON.parse(b.identity) as BundleInfo['identity'], importedAt: b.imported_at,
      // An import whose process is gone never finished: say so, whatever the row still claims.
      status: b.status === 'importing' && ownerIsDead(b.owner) ? 'interrupted' : b.status,
      warnings: (JSON.parse(b.warnings) as unknown[]).length,
    }));
    const nodes = (db.prepare('SELECT DISTINCT node FROM sources WHERE node IS NOT NULL ORDER BY node').all() as { node: string }[]).map((n) => n.node);
    const count = (sql: string) => (db.prepare(sql).get() as { n: number | null }).n ?? 0;
    const range = db.prepare('SELECT min(first_ts) AS a, max(last_ts) AS b FROM sources').get() as { a: number | null; b: number | null };
    return {
      path: this.current!.path,
      schemaVersion: SCHEMA_VERSION,
      createdAt: Number(getMeta(db, 'created_at') ?? 0),
      bundles, nodes,
      records: count('SELECT sum(records) AS n FROM sources'), // per-source totals: no scan of records
      events: count('SELECT count(*) AS n FROM events WHERE dup_of IS NULL'),
      annotations: count('SELECT count(*) AS n FROM annotations'),
      firstTs: range.a, lastTs: range.b,
      readiness: readiness(db),
    };
  }

  // ---- import ----------------------------------------------------------------------------------

  async importBundles(paths: string[], options: ImportOptions = {}): Promise<{ importId: string }> {
    const db = this.db;
    if (!Array.isArray(paths) || !paths.length) throw apiError('bad-request', 'importBundles needs at least one bundle path');
    for (const p of paths) if (typeof p !== 'string' || !fs.existsSync(p)) throw apiError('not-found', `no bundle at ${p}`);
    if (this.imports.size) throw apiError('busy', 'an import is running in this case; wait for it or cancel it');
    const importId = randomUUID();
    const abort = new AbortController();
    const analyzeCase = await loadAnalysis();
    const done = runImport(db, paths, {
      importId, signal: abort.signal, options, workers: this.options.workers,
      onProgress: (progress) => this.emit({ kind: 'progress', progress }),
      analyse: async (d) => { await analyzeCase(d); },
    }).then((r) => {
      this.lastImport = r; this.nodes.clear(); this.slotCounts.clear();
      if (this.current?.db === db) this.emit({ kind: 'case-changed', summary: this.summaryOf() });
      return r;
    }, (e: unknown) => {
      const message = e instanceof Error ? e.message : String(e);
      this.emit({ kind: 'progress', progress: {
        importId, bundle: paths[0]!, phase: 'failed', bytesDone: 0, bytesTotal: null, share: 0, linesPerSec: 0,
        bytesPerSec: 0, etaSeconds: null, sources: [], warnings: [], error: message,
      } });
      return null;
    }).finally(() => { this.imports.delete(importId); });
    this.imports.set(importId, { abort, done });
    return { importId };
  }

  /** Resolves when the import ends (the CLI and tests wait on it; not part of CaseApi). */
  async waitForImport(importId: string): Promise<ImportResult | null> {
    const imp = this.imports.get(importId);
    return imp ? imp.done : this.lastImport;
  }

  async cancelImport(importId: string): Promise<void> {
    const imp = this.imports.get(importId);
    if (!imp) throw apiError('not-found', `no running import ${importId}`);
    imp.abort.abort();
    await imp.done;
  }

  // ---- reading ---------------------------------------------------------------------------------

  private readonly nodeOf: NodeOf = (sourceId) => {
    if (!this.nodes.has(sourceId)) {
      for (const s of this.db.prepare('SELECT id, node FROM sources').all() as { id: number; node: string | null }[]) this.nodes.set(s.id, s.node);
    }
    return this.nodes.get(sourceId) ?? null;
  };

  async sources(): Promise<SourceInfo[]> {
    return (this.db.prepare('SELECT * FROM sources ORDER BY id').all() as RawSource[]).map(toSourceInfo);
  }

  /** A user override of a source's zone: its zone-inferred records move from the zone they were
   *  stamped with to the new one at each instant (DST kept right), events and counts follow. */
  async setSourceZone(sourceId: number, zone: string | null): Promise<SourceInfo> {
    const db = this.db;
    const s = db.prepare('SELECT * FROM sources WHERE id = ?').get(sourceId) as (RawSource & { time: string | null }) | undefined;
    if (!s) throw apiError('not-found', `no source ${sourceId}`);
    if (zone !== null && (typeof zone !== 'string' || !isKnownZone(zone))) throw apiError('bad-request', `unknown time zone '${zone}'`);
    const from: TimeContext = s.time ? JSON.parse(s.time) as TimeContext
      : { year: new Date().getUTCFullYear(), refTs: null, zone: s.zone_override ?? s.zone, bootTs: null };
    db.transaction(() => {
      retimeSource(db, sourceId, from, { ...from, zone: zone ?? s.zone });
      db.prepare('UPDATE sources SET zone_override = ? WHERE id = ?').run(zone, sourceId);
    })();
    this.slotCounts.clear();
    return toSourceInfo(db.prepare('SELECT * FROM sources WHERE id = ?').get(sourceId) as RawSource);
  }

  async records(query: RecordQuery): Promise<Page<RecordRow>> {
    return queryRecords(this.db, query ?? {}, this.nodeOf, readiness(this.db).fulltext);
  }

  async record(id: number, contextLines = 10): Promise<RecordDetail> {
    const db = this.db;
    return recordDetail(db, id, contextLines, this.nodeOf, (rid) => notes.listAnnotations(db, 'WHERE record_id = ?', [rid]));
  }

  async events(query: EventQuery): Promise<Page<EventRow>> {
    return queryEvents(this.db, query ?? {});
  }

  async timeline(query: TimelineQuery): Promise<TimelineData> {
    if (!query || typeof query.from !== 'number' || typeof query.to !== 'number') throw apiError('bad-request', 'timeline needs from and to');
    const db = this.db;
    return timeline(db, query, readiness(db).fulltext, (grain) => {
      if (!this.slotCounts.has(grain)) this.slotCounts.set(grain, SlotCounts.load(db, grain));
      return this.slotCounts.get(grain) ?? null;
    });
  }

  async boots(): Promise<Boot[]> {
    return (this.db.prepare('SELECT * FROM boots ORDER BY node, coalesce(start_ts, -1), id').all() as {
      id: number; node: string; boot_id: string | null; start_ts: number | null; end_ts: number | null; ending: Boot['ending']; evidence: string; kernel: string | null;
    }[]).map((b) => ({ id: b.id, node: b.node, bootId: b.boot_id, start: b.start_ts, end: b.end_ts, ending: b.ending, evidence: b.evidence, kernel: b.kernel }));
  }

  async spans(): Promise<Span[]> {
    return (this.db.prepare('SELECT * FROM spans ORDER BY coalesce(start_ts, -1), id').all() as {
      id: number; node: string | null; kind: string; label: string; start_ts: number | null; end_ts: number | null; event_ids: string;
    }[]).map((s) => ({ id: s.id, node: s.node, kind: s.kind, label: s.label, start: s.start_ts, end: s.end_ts, eventIds: JSON.parse(s.event_ids) as number[] }));
  }

  async verdict(): Promise<Verdict> {
    const row = this.db.prepare('SELECT verdict FROM findings ORDER BY id DESC LIMIT 1').get() as { verdict: string } | undefined;
    return row ? JSON.parse(row.verdict) as Verdict : { crashes: [], facts: {}, generatedAt: 0 };
  }

  async sql(query: string, limit?: number): Promise<SqlResult> {
    if (typeof query !== 'string' || !query.trim()) throw apiError('bad-request', 'sql needs a statement');
    this.db; // no case → 'no-case'
    const c = this.current!;
    c.ro ??= openReadOnly(c.path);
    return runReadOnlySql(c.ro, query, limit);
  }

  // ---- notes -----------------------------------------------------------------------------------

  async annotations(): Promise<Annotation[]> { return notes.listAnnotations(this.db); }
  async annotate(input: AnnotationInput): Promise<Annotation> { return notes.createAnnotation(this.db, input); }
  async updateAnnotation(id: number, patch: Partial<AnnotationInput>): Promise<Annotation> { return notes.updateAnnotation(this.db, id, patch ?? {}); }
  async deleteAnnotation(id: number): Promise<void> { notes.deleteAnnotation(this.db, id); }
  async restoreAnnotation(a: Annotation): Promise<Annotation> { return notes.restoreAnnotation(this.db, a); }
  async savedViews(): Promise<SavedView[]> { return notes.listViews(this.db); }
  async saveView(name: string, state: Record<string, unknown>): Promise<SavedView> { return notes.saveView(this.db, name, state); }
  async deleteView(id: number): Promise<void> { notes.deleteView(this.db, id); }

  // ---- owned by other issues: wired by their owners ---------------------------------------------

  async exportReport(options: ExportOptions): Promise<ExportResult> {
    this.db; // no case → 'no-case'
    const { exportReport, PngUnavailableError } = await import('../export/index.ts');
    try { return await exportReport(this, options); } catch (e) {
      if (e instanceof PngUnavailableError) throw apiError('not-found', e.message);
      if (e instanceof Error && /^(unknown export format|export range)/.test(e.message)) throw apiError('bad-request', e.message);
      throw e;
    }
  }
  // ---- samples and training (samples/, core/training/) -----------------------------------------

  async samples(): Promise<SampleInfo[]> { return sampleCatalog(); }

  /** A fresh case per open (so the import runs and the UI follows it), at $CRASHLENS_HOME/samples/<id>.case,
   *  keeping the training attempts of the previous case of the same sample. */
  async openSample(id: string, options: { training?: boolean } = {}): Promise<{ importId: string; casePath: string }> {
    const bundle = typeof id === 'string' ? samplePath(id) : null;
    if (!bundle || !fs.existsSync(bundle)) throw apiError('not-found', `no sample "${String(id)}" (crashlens samples list)`);
    const casePath = sampleCasePath(id);
    const kept = readAttempts(casePath);
    await this.closeCase();
    removeCase(casePath);
    await this.createCase(casePath);
    restoreAttempts(this.db, kept);
    if (options?.training) setMeta(this.db, 'training_sample', id);
    const { importId } = await this.importBundles([bundle]);
    return { importId, casePath };
  }

  async submitTraining(sampleId: string, answer: TrainingAnswer): Promise<TrainingScore> {
    const ok = answer && typeof answer === 'object' && Array.isArray(answer.evidenceEventIds) && answer.evidenceEventIds.every((x) => Number.isInteger(x))
      && (answer.crashTime === null || typeof answer.crashTime === 'number') && (answer.category === null || typeof answer.category === 'string')
      && (answer.type === null || typeof answer.type === 'string');
    if (typeof sampleId !== 'string' || !ok) throw apiError('bad-request', 'submitTraining needs a sample id and { crashTime, category, type, evidenceEventIds }');
    try {
      return submitTraining(this.db, sampleId, answer, eventById, Date.now() * 1000);
    } catch (e) {
      if (e instanceof UnknownSampleError) throw apiError('not-found', e.message);
      throw e;
    }
  }

  async trainingHistory(): Promise<TrainingScore[]> { return trainingHistory(this.db); }
}
