// The measured phases of the bench, each run in a child process of its own so that its peak RSS
// (process.resourceUsage().maxRSS) is its own: parsing a bundle (walk + parser workers + rules,
// records thrown away) and indexing it into a fresh case.
import fs from 'node:fs';
import { walkBundle } from '../../parsers/archive/index.ts';
import { BundleFacts } from '../ingest/bundle-port.ts';
import { ParserPool, workerCount } from '../ingest/pool.ts';
import type { FromWorker } from '../ingest/protocol.ts';
import { SourceFeeder } from '../ingest/feed.ts';
import { LocalCaseApi } from '../api/local.ts';
import { openCaseDb } from '../store/case-db.ts';

export interface ParseFigures { ms: number; bytes: number; records: number; events: number; parseMs: number; detectMs: number; maxRssKb: number }
export interface IndexFigures {
  ms: number; bytes: number; records: number; events: number; lines: number; caseBytes: number; maxRssKb: number;
  /** Peak RSS (KiB) at the end of each import phase. */
  rssByPhase: Record<string, number>;
  timings: { records: number; indexes: number; timeline: number; analysis: number; fulltext: number; parseMs: number; detectMs: number };
}

export async function parsePhase(input: string): Promise<ParseFigures> {
  const facts = new BundleFacts('bench');
  let records = 0; let events = 0; let parseMs = 0; let detectMs = 0;
  const waiting = new Map<number, () => void>();
  const pool = new ParserPool(workerCount(), (m: FromWorker) => {
    if (m.t === 'batch') { records += m.records.n; events += m.events.length + m.loose.length; }
    if (m.t === 'done') { parseMs += m.parseMs; detectMs += m.detectMs; }
    if (m.t === 'done' || m.t === 'error') { waiting.get(m.sid)?.(); waiting.delete(m.sid); }
  });
  // Fed as the import feeds them (core/ingest/feed.ts): a directory's big files several at once.
  const feeder = new SourceFeeder(pool, pool.size, () => {});
  feeder.planBundle(input);
  const t0 = performance.now();
  let bytes = 0; let sid = 0; const done: Promise<void>[] = [];
  for await (const e of walkBundle(input)) {
    feeder.passed(e.path);
    const { c, key } = facts.classify(e.path);
    if (c.kind !== 'log') {
      const parts: Buffer[] = [];
      for await (const chunk of e.stream) { bytes += chunk.length; if (c.kind === 'facts') parts.push(chunk); }
      if (c.kind === 'facts') facts.readFact(e.path, c, key, Buffer.concat(parts), () => {});
      continue;
    }
    const id = ++sid;
    done.push(new Promise<void>((r) => waiting.set(id, r)));
    const spec = { sid: id, path: e.path, role: c.role, node: key, time: facts.timeFor(key, c, e.mtime, undefined), format: c.formatHint ?? null, pairing: null };
    await feeder.feed(spec, e, (chunk) => { bytes += chunk.length; });
  }
  await feeder.drain();
  await Promise.all(done);
  const ms = performance.now() - t0;
  await pool.close();
  return { ms, bytes, records, events, parseMs, detectMs, maxRssKb: process.resourceUsage().maxRSS };
}

export async function indexPhase(input: string, casePath: string): Promise<IndexFigures> {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(casePath + suffix, { force: true });
  const api = new LocalCaseApi();
  await api.createCase(casePath);
  // Peak RSS reached by the end of each phase (maxRSS only grows): says which phase sets the peak.
  const rssByPhase: Record<string, number> = {};
  let phase = '';
  const off = api.subscribe((e) => {
    if (e.kind !== 'progress' || e.progress.phase === phase) return;
    if (phase) rssByPhase[phase] = process.resourceUsage().maxRSS;
    phase = e.progress.phase;
  });
  const t0 = performance.now();
  const { importId } = await api.importBundles([input]);
  const r = await api.waitForImport(importId);
  off();
  const ms = performance.now() - t0;
  await api.closeCase();
  if (!r) throw new Error('the bench import failed');
  // Size of the case as it would be attached to a ticket: checkpointed, no WAL beside it.
  const db = openCaseDb(casePath); db.pragma('wal_checkpoint(TRUNCATE)'); db.close();
  const caseBytes = fs.statSync(casePath).size;
  return { ms, bytes: r.bytes, records: r.records, events: r.events, lines: r.lines, caseBytes, maxRssKb: process.resourceUsage().maxRSS, rssByPhase, timings: r.timings };
}
