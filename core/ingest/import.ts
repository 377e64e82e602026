// One import: bundles walked in one pass each (parsers/archive walkBundle), log members streamed to
// the parser workers, their batches written by the one writer, then the post-load steps in the
// order the UI can use them (core/store/post-load.ts). The bundle's sha256 is computed over what
// is read anyway (each member's path and the sha256 of its bytes), so no second pass over the input
// is needed; a bundle whose hash is already in the case is removed again and reported as a duplicate.
import { createHash, type Hash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { walkBundle } from '../../parsers/archive/index.ts';
import { decompressedSizeHint } from '../../parsers/archive/size-hint.ts';
import type { TimeContext, Warning } from '../../parsers/types.ts';
import type { ImportOptions, ImportProgress, SourceProgress } from '../api/types.ts';
import type { Db } from '../store/case-db.ts';
import { getMeta, relaxSyncForFirstLoad, setMeta } from '../store/case-db.ts';
import {
  buildIndexesYielding, buildTimeIndex, countSlots, linkDuplicates, linkLooseEvents, setReady,
} from '../store/post-load.ts';
import { CaseWriter, type SourceTotals } from '../store/writer.ts';
import { BundleFacts } from './bundle-port.ts';
import { retimeSource } from '../store/retime.ts';
import { isVmcoreSource, mapVmcoreSources } from '../store/vmcore-time.ts';
import { startFullText, type FullTextBuild, type FullTextOptions } from './fulltext.ts';
import { timeContextsDiffer } from '../../parsers/bundle/retime.ts';
import { withJournalHeader } from '../../parsers/bundle/read.ts';
import type { Classification } from '../../parsers/bundle/classify.ts';
import { ParserPool, workerCount } from './pool.ts';
import type { FromWorker, SourceSpec } from './protocol.ts';
import { SourceFeeder } from './feed.ts';
import { addSample, newPairing, pairedBoots, type BootPairing } from './boot-pairing.ts';

/** Fact files (date, uname, os-release…) are small; anything bigger is not a fact file. */
const MAX_FACT_BYTES = 1 << 20;
const PROGRESS_EVERY_MS = 250;
/** The bar's part for reading and parsing; the post-load steps (indexes, timeline, analysis, full
 *  text) fill the rest. Measured on the bench bundles: records committed at 22.6 s of a 47.6 s
 *  import (1 GiB), 4.5 s of 7.2 s (64 MiB). The full-text worker runs through all the post-load
 *  steps and ends them, so its done/total is the measure of that part, and its rate gives the ETA. */
const PARSE_SHARE = 0.55;
/** Post-load time per second of parsing, for the ETA before post-load has started (same figures). */
const POST_PER_PARSE = (1 - PARSE_SHARE) / PARSE_SHARE;
const MAX_WARNINGS = 2000;

export interface ImportHooks {
  importId: string;
  signal?: AbortSignal;
  options?: ImportOptions;
  onProgress?: (p: ImportProgress) => void;
  /** Run after events are stored, before the full-text index (E's analysis). */
  analyse?: (db: Db) => Promise<void> | void;
  workers?: number;
}

export interface BundleOutcome {
  path: string;
  bundleId: number | null;
  status: 'complete' | 'cancelled' | 'failed' | 'duplicate';
  duplicateOf?: number;
  sha256?: string;
}

export interface ImportResult {
  bundles: BundleOutcome[];
  records: number;
  events: number;
  bytes: number;
  lines: number;
  warnings: Warning[];
  /** Milliseconds from the start: all records committed, indexes built, timeline, analysis, full text. */
  timings: { records: number; indexes: number; timeline: number; analysis: number; fulltext: number; parseMs: number; detectMs: number };
}

export const processOwner = (): string => `${os.hostname()}:${process.pid}`;

/** Is the process that owns an 'importing' bundle gone? (Then the import was interrupted.) */
export function ownerIsDead(owner: string | null): boolean {
  if (!owner) return true;
  const i = owner.lastIndexOf(':');
  const host = owner.slice(0, i); const pid = Number(owner.slice(i + 1));
  if (host !== os.hostname()) return false; // cannot tell for another machine: trust it
  if (pid === process.pid) return false;
  try { process.kill(pid, 0); return false; } catch (e) { return (e as NodeJS.ErrnoException).code === 'ESRCH'; }
}

function dirBytes(p: string): number | null {
  try {
    const st = fs.statSync(p);
    // An archive: its own bookkeeping (xz index, gzip ISIZE, zstd frame header) says, or null.
    if (!st.isDirectory()) return decompressedSizeHint(p);
    let total = 0;
    for (const e of fs.readdirSync(p, { withFileTypes: true, recursive: true })) {
      if (e.isFile()) { try { total += fs.statSync(path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)).size; } catch { /* vanished */ } }
    }
    return total;
  } catch { return null; }
}

/** The first bytes of a file (a journalctl header), read without disturbing the walk. */
function fileHead(file: string): Buffer | null {
  try {
    const fd = fs.openSync(file, 'r');
    try { const b = Buffer.alloc(512); const n = fs.readSync(fd, b, 0, 512, 0); return n ? b.subarray(0, n) : null; } finally { fs.closeSync(fd); }
  } catch { return null; }
}

/** A stream whose first chunk was already taken, whole again. */
async function* prepend(first: IteratorResult<Buffer>, rest: AsyncIterator<Buffer>): AsyncGenerator<Buffer> {
  for (let next = first; !next.done; next = await rest.next()) yield next.value;
}

function nodeGuess(bundlePath: string): string {
  return path.basename(bundlePath).replace(/\.(tar|tgz|txz|zip|gz|xz|zst|bz2)(\.(gz|xz|zst|bz2))?$/i, '') || bundlePath;
}

export async function runImport(db: Db, paths: string[], hooks: ImportHooks): Promise<ImportResult> {
  const durable = relaxSyncForFirstLoad(db);
  try { return await importBundles(db, paths, hooks); } finally { durable(); }
}

async function importBundles(db: Db, paths: string[], hooks: ImportHooks): Promise<ImportResult> {
  const t0 = performance.now();
  const writer = new CaseWriter(db);
  const firstId = writer.firstFreeRecordId;
  const warnings: Warning[] = [];
  const warn = (w: Warning) => { if (warnings.length < MAX_WARNINGS) warnings.push(w); };
  const signal = hooks.signal;
  const owner = processOwner();
  const outcomes: BundleOutcome[] = [];
  const timings = { records: 0, indexes: 0, timeline: 0, analysis: 0, fulltext: 0, parseMs: 0, detectMs: 0 };
  setReady(db, 'timeline', false); setReady(db, 'fulltext', false); setReady(db, 'analysis', false);

  // Progress state
  const sourcesProgress = new Map<number, SourceProgress>();
  let bytesDone = 0; let linesDone = 0;
  let phase: ImportProgress['phase'] = 'reading';
  let currentBundle = paths[0] ?? '';
  const totals = paths.map(dirBytes);
  const bytesTotal = totals.every((t) => t !== null) ? totals.reduce<number>((a, b) => a + (b ?? 0), 0) : null;
  let lastEmit = 0;
  /** Full-text records indexed / to index; when (ms) and at which count the worker first reported. */
  const fulltext = { done: 0, total: 0, firstAt: 0, firstDone: 0 };
  /** When the records were all committed (ms), and how long the parse took (s). */
  let postStart = 0; let parseSecs = 0;
  const etaOf = (now: number, secs: number, bytesPerSec: number): number | null => {
    if (phase === 'parsing') {
      // No ETA from the first second: workers starting up make the early rate meaningless (5 min for a 4 MiB bundle).
      if (!bytesTotal || bytesPerSec <= 0 || secs < 1) return null;
      const parseLeft = Math.max(0, bytesTotal - bytesDone) / bytesPerSec * 1.25;
      return Math.round(parseLeft + (secs + parseLeft) * POST_PER_PARSE);
    }
    if (!postStart || phase === 'done' || phase === 'cancelled' || phase === 'failed') return null;
    // The worker's rate since its first report: it starts seconds into post-load (after the time
    // index and the ranking), and a rate counted from post-load's start read 2 min for 20 s left.
    const ftsSecs = fulltext.firstAt ? (now - fulltext.firstAt) / 1000 : 0;
    const indexed = fulltext.done - fulltext.firstDone;
    // The index written while main still analyses: the copy waits for main, so not 0 yet.
    const floor = phase === 'fulltext' ? 0 : 1;
    if (indexed > 0 && ftsSecs >= 1) return Math.max(floor, Math.round((fulltext.total - fulltext.done) / (indexed / ftsSecs)));
    return Math.round(Math.max(1, parseSecs * POST_PER_PARSE - (now - postStart) / 1000));
  };
  const emit = (force = false, error?: string) => {
    const now = performance.now();
    if (!force && now - lastEmit < PROGRESS_EVERY_MS) return;
    lastEmit = now;
    const secs = Math.max(0.001, (now - t0) / 1000);
    // The reading rates: over the parse once it is over (the post-load reads nothing more).
    const readSecs = postStart ? Math.max(0.001, parseSecs) : secs;
    const bytesPerSec = bytesDone / readSecs;
    const parsed = bytesTotal ? Math.min(1, bytesDone / bytesTotal) : 0;
    // The worker's counts reach this thread only between main's own (synchronous) steps: in between,
    // time against the expected post-load time moves the bar, up to 80 % of its part.
    const expected = (now - postStart) / 1000 / Math.max(0.001, parseSecs * POST_PER_PARSE);
    const postLoad = Math.min(phase === 'fulltext' ? 1 : 0.9, Math.max(fulltext.total ? fulltext.done / fulltext.total : 0, Math.min(0.8, expected)));
    const share = phase === 'done' ? 1 : Math.min(0.99, postStart ? PARSE_SHARE + (1 - PARSE_SHARE) * postLoad : parsed * PARSE_SHARE);
    hooks.onProgress?.({
      importId: hooks.importId, bundle: currentBundle, phase, bytesDone, bytesTotal, share,
      linesPerSec: Math.round(linesDone / readSecs), bytesPerSec: Math.round(bytesPerSec),
      etaSeconds: etaOf(now, secs, bytesPerSec),
      sources: [...sourcesProgress.values()].slice(-200), warnings: warnings.slice(-50), ...(error ? { error } : {}),
    });
  };

  // Sources in flight: sid → what the writer needs when its messages arrive
  interface Live {
    bundleId: number; node: string | null; records: number; resolve: () => void; totals: SourceTotals | null;
    pairing: BootPairing; pairKind: SourceSpec['pairing'];
  }
  const live = new Map<number, Live>();
  let writeError: Error | null = null;
  const onMessage = (m: FromWorker) => {
    const s = live.get(m.sid);
    if (!s) return;
    try {
      if (m.t === 'batch') {
        writer.writeBatch(m.records, m.events, s.node);
        if (m.loose.length) writer.writeLooseEvents(m.sid, m.loose, s.node);
        s.records += m.records.n;
        const sp = sourcesProgress.get(m.sid);
        if (sp) { linesDone += m.lines - sp.lines; sp.lines = m.lines; }
        emit();
      } else if (m.t === 'format') {
        db.prepare('UPDATE sources SET format = ?, confidence = ? WHERE id = ?').run(m.format, m.confidence, m.sid);
      } else if (m.t === 'done') {
        writer.finishSource(m.sid, m.totals);
        timings.parseMs += m.parseMs; timings.detectMs += m.detectMs;
        for (const w of m.totals.warnings.slice(0, 20)) warn(w);
        const sp = sourcesProgress.get(m.sid);
        if (sp) { sp.done = true; sp.warnings = m.totals.warnings.length; }
        if (s.pairKind) addSample(s.pairing, s.pairKind, m.kernelLines);
        s.totals = m.totals; live.delete(m.sid); s.resolve();
      } else if (m.t === 'error') {
        const file = (db.prepare('SELECT path FROM sources WHERE id = ?').get(m.sid) as { path: string } | undefined)?.path ?? `source ${m.sid}`;
        const w: Warning = { file, code: 'parser-error', message: `${file}: parsing stopped: ${m.message.split('\n')[0]}` };
        warn(w);
        db.prepare('UPDATE sources SET records = ?, warnings = ? WHERE id = ?').run(s.records, JSON.stringify([w]), m.sid);
        live.delete(m.sid); s.resolve();
      }
    } catch (e) { writeError ??= e as Error; live.delete(m.sid); s.resolve(); }
  };

  const pool = new ParserPool(hooks.workers ?? workerCount(), onMessage);
  try {
    for (const input of paths) {
      if (signal?.aborted) break;
      currentBundle = input;
      const abs = path.resolve(input);
      const guess = nodeGuess(abs);
      const bundleId = writer.addBundle({ path: abs, layout: 'loose', node: null, identity: {}, owner });
      // The bundle's hash: over each file's path and sha256, in walk order (files of a directory
      // are read concurrently, so one running hash over all bytes would depend on timing).
      const entryHashes: [string, Hash][] = [];
      const facts = new BundleFacts(guess);
      const bundleWarnings: Warning[] = [];
      const feeder = new SourceFeeder(pool, pool.size, (w) => { bundleWarnings.push(w); warn(w); }, signal);
      const bundlePending: Promise<void>[] = [];
      /** Each source of this bundle: its node key and the time facts it was parsed with. */
      const parsed: { sid: number; key: string; c: Classification; mtime: number | null; time: TimeContext; name: string; head: Buffer | null }[] = [];
      const pairings = new Map<string, BootPairing>();
      let single = false;
      try { single = fs.statSync(abs).isFile(); } catch { /* walkBundle reports it */ }
      feeder.planBundle(abs);
      // Said at once: the bar names the new bundle before its first batch (a bundle can be parsed
      // within one progress tick, and a watcher waiting for it would never see it in flight).
      // Its first bytes read are said at once too, as for the first bundle.
      phase = 'parsing'; emit(true); lastEmit = 0;
      try {
        const walk = walkBundle(abs, {
          signal, limits: hooks.options?.limits,
          warn: (w) => { bundleWarnings.push(w); warn(w); },
          onLink: (p, target) => facts.onLink(p, target),
        });
        try {
          for await (const walked of walk) {
            feeder.passed(walked.path);
            let entry = walked;
            const entryHash = createHash('sha256');
            entryHashes.push([entry.path, entryHash]);
            const { c, key } = facts.classify(entry.path);
            if (c.kind !== 'log') {
              const parts: Buffer[] = []; let n = 0;
              for await (const chunk of entry.stream) {
                entryHash.update(chunk); bytesDone += chunk.length;
                if (c.kind === 'facts' && n < MAX_FACT_BYTES) { parts.push(chunk); n += chunk.length; }
              }
              if (c.kind === 'facts') facts.readFact(entry.path, c, key, Buffer.concat(parts), (w) => { bundleWarnings.push(w); warn(w); });
              continue;
            }
            const name = facts.nodeName(key);
            // The first chunk is looked at before the parser starts: a journalctl header names the zone
            // the journal-short parser will read the stamps in, and the source's context must say so,
            // or a zone learnt later in the bundle would shift those stamps a second time.
            let head: Buffer | null;
            if (entry.file !== undefined) head = fileHead(entry.file);
            else {
              const chunks = entry.stream[Symbol.asyncIterator]();
              const first = await chunks.next();
              head = first.done ? null : first.value;
              entry = { ...entry, stream: prepend(first, chunks) };
            }
            const known = facts.timeFor(key, c, entry.mtime, hooks.options?.zoneOverrides?.[entry.path]);
            const time = head ? withJournalHeader(known, head) : known;
            const sid = writer.addSource({
              bundleId, node: name, path: entry.path, format: 'plain', confidence: 0, role: c.role, zone: time.zone, bytes: entry.size,
            });
            db.prepare('UPDATE sources SET time = ? WHERE id = ?').run(JSON.stringify(time), sid);
            writer.flush();
            parsed.push({ sid, key, c, mtime: entry.mtime, time, name, head: head ? Buffer.from(head.subarray(0, 200)) : null });
            const sp: SourceProgress = { path: entry.path, bytes: 0, totalBytes: entry.size, lines: 0, done: false, warnings: 0 };
            sourcesProgress.set(sid, sp);
            const pairKind: SourceSpec['pairing'] = /dmesg_-T$|dmesg\.human$/.test(entry.path) ? 'human' : c.boot === 'current' ? 'mono' : 'wall';
            if (!pairings.has(key)) pairings.set(key, newPairing());
            const done = new Promise<void>((resolve) => live.set(sid, {
              bundleId, node: name, records: 0, resolve, totals: null, pairing: pairings.get(key)!, pairKind,
            }));
            bundlePending.push(done);
            // The dup key's node is the bundle + node folder: stable before the hostname is known.
            const spec: SourceSpec = { sid, path: entry.path, role: c.role, node: `${bundleId}:${key}`, time, format: c.formatHint ?? null, pairing: pairKind, maxLineBytes: hooks.options?.limits?.maxLineBytes };
            await feeder.feed(spec, entry, (chunk) => {
              entryHash.update(chunk);
              bytesDone += chunk.length; sp.bytes += chunk.length;
              emit();
            });
            if (writeError) throw writeError;
            if (signal?.aborted) break;
          }
        } finally {
          // Files still being fed by their own tasks (they stop early on a cancel).
          await feeder.drain();
        }
      } catch (e) {
        if (!signal?.aborted) {
          warn({ file: abs, code: 'import-failed', message: (e as Error).message });
          writer.flush();
          writer.finishBundle(bundleId, 'failed');
          outcomes.push({ path: abs, bundleId, status: 'failed' });
          continue;
        }
      }
      if (signal?.aborted) {
        writer.flush();
        writer.updateBundle(bundleId, { warnings: bundleWarnings, node: guess });
        writer.finishBundle(bundleId, 'cancelled');
        outcomes.push({ path: abs, bundleId, status: 'cancelled' });
        break;
      }
      await Promise.all(bundlePending);
      if (writeError) throw writeError;
      writer.flush();
      const hash = createHash('sha256');
      for (const [p, h] of entryHashes) hash.update(`${p}\u0000${h.digest('hex')}\n`);
      const sha256 = hash.digest('hex');
      const dup = db.prepare("SELECT id FROM bundles WHERE sha256 = ? AND id <> ? AND status = 'complete'").get(sha256, bundleId) as { id: number } | undefined;
      if (dup) {
        writer.dropBundle(bundleId);
        warn({ file: abs, code: 'duplicate-bundle', message: `${abs} is already in this case (bundle #${dup.id}, same sha256): not imported again` });
        outcomes.push({ path: abs, bundleId: null, status: 'duplicate', duplicateOf: dup.id, sha256 });
        continue;
      }
      // Boot times found by pairing dmesg with wall-clock copies of its lines join the facts; then
      // logs parsed before the facts that time them move, and the nodes get their names.
      for (const [key, p] of pairings) facts.facts(key).boots.push(...pairedBoots(p));
      db.transaction(() => {
        for (const p of parsed) {
          const known = facts.timeFor(p.key, p.c, p.mtime, hooks.options?.zoneOverrides?.[db.prepare('SELECT path FROM sources WHERE id = ?').pluck().get(p.sid) as string]);
          const to = p.head ? withJournalHeader(known, p.head) : known;
          if (timeContextsDiffer(p.time, to)) { retimeSource(db, p.sid, p.time, to); db.prepare('UPDATE sources SET zone = ? WHERE id = ?').run(to.zone, p.sid); }
          const name = facts.nodeName(p.key);
          if (name !== p.name) {
            db.prepare('UPDATE sources SET node = ? WHERE id = ?').run(name, p.sid);
            db.prepare('UPDATE events SET node = ? WHERE source_id = ?').run(name, p.sid);
          }
        }
      })();
      const keys = [...new Set(parsed.map((p) => p.key))];
      const mainKey = keys[0] ?? '';
      const names = [...new Set(parsed.map((p) => facts.nodeName(p.key)))];
      writer.updateBundle(bundleId, {
        identity: facts.identity(mainKey), sha256, warnings: bundleWarnings,
        node: names.length === 1 ? names[0]! : null, layout: facts.layout(single),
      });
      writer.finishBundle(bundleId, 'complete');
      outcomes.push({ path: abs, bundleId, status: 'complete', sha256 });
    }
  } finally {
    await pool.close();
    writer.flush();
  }
  // Sources cut short by a cancel: keep their counts as written.
  for (const [sid, s] of live) {
    db.prepare('UPDATE sources SET records = ? WHERE id = ?').run(s.records, sid);
    s.resolve();
  }
  timings.records = performance.now() - t0;

  // Post-load, in the order the UI can use it. A cancel still runs it: the case stays consistent.
  // A cancel during it (closing the case) stops the full-text build, which the next open finishes.
  const late = new AbortController();
  if (!signal?.aborted) signal?.addEventListener('abort', () => late.abort(), { once: true });
  postStart = performance.now(); parseSecs = (postStart - t0) / 1000;
  phase = 'indexing'; emit(true);
  await finishLoad(db, firstId, {
    onPhase: (p) => { phase = p; emit(true); },
    onStep: () => emit(),
    analyse: hooks.analyse,
    timings, t0,
    fulltext: {
      signal: late.signal,
      onProgress: (done, total) => {
        if (!fulltext.firstAt) { fulltext.firstAt = performance.now(); fulltext.firstDone = done; }
        fulltext.done = done; fulltext.total = total;
        emit();
      },
    },
  });
  phase = signal?.aborted ? 'cancelled' : 'done';
  emit(true);
  const counted = db.prepare('SELECT count(*) AS n FROM records WHERE id >= ?').get(firstId) as { n: number };
  const evs = db.prepare('SELECT count(*) AS n FROM events e JOIN records r ON r.id = e.record_id WHERE r.id >= ?').get(firstId) as { n: number };
  return { bundles: outcomes, records: counted.n, events: evs.n, bytes: bytesDone, lines: linesDone, warnings, timings };
}

/** Post-load steps from the markers in meta, so that they also complete a case whose import was
 *  killed (openCase calls this when no live import owns it). */
export async function finishLoad(db: Db, firstId: number | null, opts: {
  onPhase?: (p: ImportProgress['phase']) => void;
  /** After each step of seconds (an index, the counts…): progress may be told again. */
  onStep?: () => void;
  analyse?: (db: Db) => Promise<void> | void;
  timings?: ImportResult['timings'];
  t0?: number;
  fulltext?: FullTextOptions;
} = {}): Promise<void> {
  const t0 = opts.t0 ?? performance.now();
  const mark = (k: keyof ImportResult['timings']) => { if (opts.timings) opts.timings[k] = performance.now() - t0; };
  const from = (key: string) => Math.min(firstId ?? Infinity, Number(getMeta(db, key) ?? 0) + 1);
  // The full-text worker reads records in time order: that index first, then the worker starts
  // as soon as the records' times are final (a vmcore-dmesg source gets its times below).
  // Between steps of seconds each, the event loop gets a turn: the local server answering the UI
  // (browser mode) runs on this thread, and the progress is emitted.
  const tick = () => new Promise<void>((resolve) => { opts.onStep?.(); setImmediate(resolve); });
  await tick(); // the phase just emitted reaches the UI before seconds of index building
  buildTimeIndex(db);
  await tick();
  const vmcore = (db.prepare('SELECT format, path FROM sources').all() as { format: string; path: string }[]).some(isVmcoreSource);
  let fulltext: FullTextBuild | null = vmcore ? null : startFullText(db, opts.fulltext);
  try {
    await tick();
    await buildIndexesYielding(db, tick);
    setReady(db, 'records', true);
    linkLooseEvents(db);
    // Before the per-minute counts: the crashed boot's kernel log joins the timeline.
    mapVmcoreSources(db);
    setReady(db, 'events', true);
    mark('indexes');
    if (fulltext) fulltext.checkpoint(); else fulltext = startFullText(db, opts.fulltext);
    await tick();
    const max = (db.prepare('SELECT coalesce(max(id), 0) AS m FROM records').get() as { m: number }).m;
    const countFrom = Number(getMeta(db, 'counted_upto') ?? 0) + 1;
    if (countFrom <= max) db.transaction(() => { countSlots(db, countFrom); setMeta(db, 'counted_upto', String(max)); })();
    setReady(db, 'timeline', true);
    mark('timeline');
    await tick();
    const linkFrom = from('linked_upto');
    if (linkFrom <= max) db.transaction(() => { linkDuplicates(db, linkFrom); setMeta(db, 'linked_upto', String(max)); })();
    fulltext.checkpoint();
    if (opts.analyse) {
      opts.onPhase?.('analysing');
      try { await opts.analyse(db); setReady(db, 'analysis', true); } catch (e) { setMeta(db, 'analysis_error', (e as Error).message); }
    }
    mark('analysis');
    // Only now may the worker write the case: the main connection is done with it.
    opts.onPhase?.('fulltext');
    if (await fulltext.finish()) setReady(db, 'fulltext', true);
  } finally {
    await fulltext?.stop();
  }
  mark('fulltext');
}
