// readBundle: one walk over a bundle → its layout, each node's identity, each log source parsed.
//
// Single pass, and facts may come after the logs they time (a tar is in whatever order its maker
// chose; sos happens to sort, so etc/ and proc/ come before sos_commands/ and var/, but a
// hand-made tar need not). So: every log is parsed as it arrives, with the time facts known at
// that moment; facts files are tiny and read whole; at the end, each source's TimeContext is
// computed again from the final facts, and where it differs the summary is corrected (firstTs,
// lastTs, tsKinds, exactly, through retime.ts) and `retime` tells the consumer which records to
// move. The dmesg boot time is also settled only at the end: pairing dmesg's monotonic stamps
// with the same lines in `dmesg -T` or the journal needs both files.
import { walkBundle } from '../archive/walk.ts';
import { createSourceParser } from '../source.ts';
import type { FormatId, LogRecord, NodeIdentity, SourceRole, TimeContext, TsKind, Warning } from '../types.ts';
import { classifyEntry, nodeFromPath, nodeKey, type Classification } from './classify.ts';
import { FACT_READERS, NodeFacts, ROLE_OF_COMMAND, versionFromMessage, zoneFromLinkTarget } from './facts.ts';
import { LayoutVotes } from './layout.ts';
import { retimeTs, timeContextsDiffer } from './retime.ts';
import type { BundleNode, BundleScan, ReadBundleOptions, SourceSummary } from './types.ts';
import { stat } from 'node:fs/promises';
import { ZONE_ABBREVIATIONS, formatOffset, wallToUtcMicros } from '../time/index.ts';

/** Fact files above this are cut (a sysctl -a is ~100 KiB; nothing legitimate is near). */
const MAX_FACT_BYTES = 8 << 20;
/** Kernel lines remembered per node for pairing dmesg with dmesg -T / the journal. */
const MAX_PAIRS = 50_000;
/** Journal kernel lines kept while no dmesg has been read yet (a tar in unsorted order). */
const EARLY_PAIRS = 5_000;

/** What the pass remembers per node beyond its facts: kernel lines to pair. */
interface NodeState {
  facts: NodeFacts;
  /** message → seconds since boot, from the current boot's monotonic dmesg (unique lines only). */
  mono: Map<string, number | null>;
  /** message → wall time from dmesg -T. */
  human: Map<string, Wall>;
  /** message → wall time of its last occurrence in a journal / syslog kernel line. */
  journal: Map<string, Wall>;
  /** A stamp carrying both wall time and seconds since boot (syslog `kernel: [12.3]`), the latest. */
  dual: { ts: number; mono: number } | null;
}

/** A wall-clock stamp as parsed, with what it was parsed with: a dmesg -T read before the zone
 *  was known must be corrected before it is paired. */
interface Wall { ts: number; tsKind: TsKind; src: Tracked }

interface Tracked {
  s: SourceSummary;
  c: Classification;
  first: { ts: number | null; tsKind: TsKind; mono: number | null } | null;
  last: { ts: number | null; tsKind: TsKind; mono: number | null } | null;
  monoMin: number | null;
  monoMax: number | null;
  zoneOverride: string | undefined;
}

export async function readBundle(inputPath: string, opts: ReadBundleOptions = {}): Promise<BundleScan> {
  const warnings: Warning[] = [];
  const warn = (w: Warning) => { warnings.push(w); opts.onWarning?.(w); };
  const nodes = new Map<string, NodeState>();
  const state = (key: string): NodeState => {
    let n = nodes.get(key);
    if (!n) { n = { facts: new NodeFacts(), mono: new Map(), human: new Map(), journal: new Map(), dual: null }; nodes.set(key, n); }
    return n;
  };
  // Must-gather node objects describe nodes the logs do not belong to: keyed by name.
  const forNode = (name: string) => state(`k8s-node:${name}`).facts;
  const votes = new LayoutVotes();
  const tracked: Tracked[] = [];
  let single = false;
  try { single = (await stat(inputPath)).isFile(); } catch { /* walkBundle reports it */ }

  const onLink = (path: string, target: string) => {
    const c = classifyEntry(path);
    votes.add(path, nodeKey(path));
    if (c.fact === 'localtime') state(nodeKey(path)).facts.set('zone', zoneFromLinkTarget(target), 5, `${path} → ${target}`);
  };

  for await (const entry of walkBundle(inputPath, { limits: opts.limits, signal: opts.signal, warn, onLink, preferCli: opts.preferCli })) {
    const c = classifyEntry(entry.path);
    const key = nodeKey(entry.path);
    votes.add(entry.path, key);
    if (c.kind === 'ignore') continue;
    const node = state(key);
    if (c.kind === 'facts' && c.fact) {
      const bytes = await readBounded(entry.stream, MAX_FACT_BYTES);
      try {
        FACT_READERS[c.fact](bytes.toString('utf8'), bytes, node.facts, entry.path, forNode);
      } catch (e) {
        warn({ file: entry.path, code: 'bad-facts', message: `${entry.path}: not understood (${(e as Error).message})` });
      }
      continue;
    }
    if (opts.selectSource && !opts.selectSource(entry.path)) continue;
    const time = timeFor(node, c, entry.mtime, opts.zoneOverrides?.[entry.path]);
    const t: Tracked = {
      c, first: null, last: null, monoMin: null, monoMax: null, zoneOverride: opts.zoneOverrides?.[entry.path],
      s: {
        node: null, nodeKey: key, path: entry.path, role: c.role, format: 'plain', confidence: 0, zone: time.zone,
        firstTs: null, lastTs: null, lines: 0, records: 0, bytes: 0, tsKinds: {}, warnings: [], mtime: entry.mtime, time,
      },
    };
    try {
      await parseSource(t, node, entry.stream, warn, opts);
    } catch (e) {
      // A parser bug must cost one source, not the bundle: the walk goes on with the next member.
      const w: Warning = { file: entry.path, code: 'parser-error', message: `${entry.path}: parsing stopped: ${(e as Error).message}` };
      t.s.warnings.push(w);
      warn(w);
    }
    tracked.push(t);
  }

  // Settle each node's facts, then correct the sources parsed before the facts were known.
  const named = new Map<string, BundleNode>();
  // Node objects of a must-gather have no capture time of their own: the bundle's is theirs.
  const bundleCapture = [...nodes].find(([k, n]) => !k.startsWith('k8s-node:') && n.facts.identity.captureTs !== null)?.[1].facts.identity.captureTs ?? null;
  for (const [key, n] of nodes) {
    if (key.startsWith('k8s-node:')) n.facts.set('captureTs', bundleCapture, 0);
    const boot = settleBoot(n);
    n.facts.identity.bootTs = boot?.ts ?? null;
    const name = n.facts.identity.hostname ?? nodeFromPath(key) ?? null;
    named.set(key, { name: name ?? '', key, identity: n.facts.identity, extras: n.facts.extras, bootFrom: boot?.how ?? null });
  }
  const layout = votes.decide(single);
  for (const t of tracked) {
    // sos's manifest (read last: sos_reports/ sorts after sos_commands/) names each output's command.
    const cmds = state(t.s.nodeKey).facts.extras.commands;
    const exec = cmds[t.s.path.slice(t.s.nodeKey.length)];
    if (exec !== undefined && (t.s.role === 'other' || t.s.role === 'journal')) {
      t.s.role = ROLE_OF_COMMAND.find((r) => r.exec.test(exec))?.role ?? t.s.role;
    }
    const node = state(t.s.nodeKey);
    const to = timeFor(node, t.c, t.s.mtime, opts.zoneOverrides?.[t.s.path]);
    if (retimeMatters(t.s, to)) correct(t, to);
  }
  // Node names: the hostname, else the sosreport folder's host part, else one name for a
  // single-node bundle. Cluster-wide must-gather sources have no node.
  const result: BundleNode[] = [];
  const used = new Set<string>();
  for (const [key, bn] of named) {
    const hasSources = tracked.some((t) => t.s.nodeKey === key);
    const hasFacts = bn.identity.hostname !== null || bn.identity.kernel !== null || bn.identity.captureTs !== null;
    if (!hasSources && !hasFacts) continue;
    if (!bn.name) bn.name = layout === 'must-gather' ? '' : key.replace(/!\/$|\/$/, '').split(/!?\//).pop() || 'node';
    if (!bn.name) continue;
    let name = bn.name;
    for (let i = 2; used.has(name); i++) name = `${bn.name}#${i}`;
    bn.name = name;
    used.add(name);
    result.push(bn);
  }
  for (const t of tracked) {
    const bn = named.get(t.s.nodeKey);
    t.s.node = bn && bn.name ? bn.name : null;
  }
  return { input: inputPath, layout, nodes: result, sources: tracked.map((t) => t.s), warnings };
}

function timeFor(n: NodeState, c: Classification, mtime: number | null, zoneOverride: string | undefined, withBoot = true): TimeContext {
  // Wall-clock copies of dmesg (dmesg -T) are 'current' too but need no boot time, and asking
  // for it would recurse through the pairing that uses them.
  const boot = c.boot === 'current' && withBoot ? settleBoot(n) : null;
  return sourceTime(n.facts.identity, boot?.ts ?? null, c, mtime, zoneOverride);
}

/** Time facts for one source from its node's identity: year and upper bound from the capture
 *  time or the file's mtime, the node's zone, the boot start for the current boot's dmesg only. */
export function sourceTime(id: Pick<NodeIdentity, 'zone' | 'captureTs'>, bootTs: number | null, c: Pick<Classification, 'boot'>,
  mtime: number | null, zoneOverride?: string): TimeContext {
  // A rotated log's mtime bounds it better than the capture time, unless the clock was off.
  const mtimeUs = mtime !== null ? Math.round(mtime * 1000) : null;
  let refTs = id.captureTs;
  if (mtimeUs !== null && (refTs === null || mtimeUs <= refTs + 86_400_000_000)) refTs = refTs === null ? mtimeUs : Math.min(refTs, mtimeUs);
  const year = new Date(refTs !== null ? refTs / 1000 : Date.now()).getUTCFullYear();
  return { year, refTs, zone: zoneOverride ?? id.zone, bootTs: c.boot === 'current' ? bootTs : null };
}

async function parseSource(t: Tracked, node: NodeState, stream: AsyncIterable<Buffer>, warn: (w: Warning) => void, opts: ReadBundleOptions): Promise<void> {
  const s = t.s;
  const isDmesgCurrent = t.c.boot === 'current';
  const isHuman = /dmesg_-T$|dmesg\.human$/.test(s.path);
  // The first chunk is looked at before the parser starts: a journalctl header names the zone.
  const it = stream[Symbol.asyncIterator]();
  const head = await it.next();
  if (!head.done) s.time = withJournalHeader(s.time, head.value);
  const parser = createSourceParser({ path: s.path, time: s.time, maxLineBytes: opts.limits?.maxLineBytes }, {
    record(rec: LogRecord) {
      s.records++;
      s.tsKinds[rec.tsKind] = (s.tsKinds[rec.tsKind] ?? 0) + 1;
      if (rec.bootId && !rec.fields?.marker) {
        const boots = (s.boots ??= []);
        if (boots[boots.length - 1] !== rec.bootId && boots.length < 256 && !boots.includes(rec.bootId)) boots.push(rec.bootId);
      }
      if (rec.ts !== null) {
        if (s.firstTs === null || rec.ts < s.firstTs) { s.firstTs = rec.ts; t.first = { ts: rec.ts, tsKind: rec.tsKind, mono: rec.mono }; }
        if (s.lastTs === null || rec.ts > s.lastTs) { s.lastTs = rec.ts; t.last = { ts: rec.ts, tsKind: rec.tsKind, mono: rec.mono }; }
      }
      if (rec.mono !== null) {
        if (t.monoMin === null || rec.mono < t.monoMin) t.monoMin = rec.mono;
        if (t.monoMax === null || rec.mono > t.monoMax) t.monoMax = rec.mono;
      }
      remember(node, rec, isDmesgCurrent && !isHuman, isHuman, t);
      if (s.role !== 'pod' && s.role !== 'audit') versionFromMessage(node.facts, rec.message, s.path, rec.fields);
      opts.onRecord?.(s, rec);
    },
    warn(w) {
      const full = { ...w, file: s.path };
      if (s.warnings.length < 100) s.warnings.push(full);
      warn(full);
    },
    detected(format: FormatId, confidence: number) {
      s.format = format;
      s.confidence = confidence;
    },
  });
  if (!head.done) parser.write(head.value);
  for (let r = await it.next(); !r.done; r = await it.next()) parser.write(r.value);
  parser.end();
  s.format = parser.format ?? 'plain';
  // A file the layout could not place (a loose excerpt) gets the role its format implies.
  if (s.role === 'other') s.role = ROLE_OF_FORMAT[s.format] ?? 'other';
  s.confidence = parser.confidence;
  s.lines = parser.lines;
  s.bytes = parser.bytes;
  opts.onSource?.(s);
}

/** The role a format implies, for files no path pattern placed. */
const ROLE_OF_FORMAT: Partial<Record<FormatId, SourceRole>> = {
  'journal-short': 'journal', 'journal-export': 'journal', 'journal-json': 'journal', 'journal-binary': 'journal',
  dmesg: 'kernel', 'kernel-text': 'kernel', 'vmcore-dmesg': 'crash', syslog: 'syslog', 'etcd-json': 'etcd', capnslog: 'etcd',
  cri: 'pod', audit: 'audit', 'k8s-events': 'events',
};

/** Kernel lines kept for pairing monotonic dmesg with wall-clock copies of the same lines. */
function remember(n: NodeState, rec: LogRecord, monoDmesg: boolean, human: boolean, src: Tracked): void {
  const msg = rec.message;
  if (monoDmesg) {
    if (rec.mono === null) return;
    if (n.mono.has(msg)) n.mono.set(msg, null); // seen twice: useless for pairing
    else if (n.mono.size < MAX_PAIRS) n.mono.set(msg, rec.mono);
    return;
  }
  if (rec.ts === null) return;
  if (human) { if (n.human.size < MAX_PAIRS) n.human.set(msg, { ts: rec.ts, tsKind: rec.tsKind, src }); return; }
  if (rec.ident !== 'kernel') return;
  if (rec.mono !== null && rec.tsKind !== 'monotonic-mapped' && (!n.dual || rec.ts > n.dual.ts)) n.dual = { ts: rec.ts, mono: rec.mono };
  // A journal holds every boot's kernel lines (hundreds of thousands): once dmesg has been read
  // (sos sorts it first) only its lines are kept; before that, a bounded few. The last occurrence
  // wins: the current boot is the latest one in a journal.
  if (n.mono.size > 0 ? n.mono.get(msg) != null : (n.journal.has(msg) || n.journal.size < EARLY_PAIRS)) {
    n.journal.set(msg, { ts: rec.ts, tsKind: rec.tsKind, src });
  }
}

/** The boot start of the node's current boot, surest first: dmesg paired with dmesg -T,
 *  /proc/stat btime, dmesg paired with the journal's kernel lines, capture time − uptime,
 *  a syslog line with both stamps. */
function settleBoot(n: NodeState): { ts: number; how: string } | null {
  const cands: { ts: number; how: string; priority: number }[] = [];
  const byHuman = pairMedian(n, n.mono, n.human);
  if (byHuman) cands.push({ ts: byHuman.ts, how: `dmesg paired with dmesg -T (${byHuman.n} lines)`, priority: 5 });
  const byJournal = pairMedian(n, n.mono, n.journal);
  if (byJournal) cands.push({ ts: byJournal.ts, how: `dmesg paired with the journal's kernel lines (${byJournal.n} lines)`, priority: 3.5 });
  if (n.dual) cands.push({ ts: n.dual.ts - Math.round(n.dual.mono * 1e6), how: 'a kernel line with both a wall-clock and a monotonic stamp', priority: 0.5 });
  const fromFacts = n.facts.bestBoot();
  if (fromFacts) cands.push(fromFacts);
  for (const b of n.facts.boots) cands.push(b);
  let best: { ts: number; how: string; priority: number } | null = null;
  for (const c of cands) if (!best || c.priority > best.priority) best = c;
  return best;
}

function pairMedian(n: NodeState, mono: Map<string, number | null>, wall: Map<string, Wall>): { ts: number; n: number } | null {
  const diffs: number[] = [];
  const now = new Map<Tracked, TimeContext>();
  for (const [msg, m] of mono) {
    if (m === null) continue;
    const w = wall.get(msg);
    if (w === undefined) continue;
    // The wall stamp under the facts known now (the zone may have arrived after its file).
    let to = now.get(w.src);
    if (!to) { to = timeFor(n, w.src.c, w.src.s.mtime, w.src.zoneOverride, false); now.set(w.src, to); }
    const ts = timeContextsDiffer(w.src.s.time, to) ? retimeTs(w.ts, w.tsKind, null, w.src.s.time, to).ts : w.ts;
    if (ts !== null) diffs.push(ts - Math.round(m * 1e6));
  }
  if (diffs.length < 3) return null;
  diffs.sort((a, b) => a - b);
  return { ts: diffs[diffs.length >> 1]!, n: diffs.length };
}

/** Only a change that moves some of the source's stamps is reported (a new refTs means nothing to
 *  a source with exact stamps only). */
function retimeMatters(s: SourceSummary, to: TimeContext): boolean {
  const k = s.tsKinds;
  const wall = (k['zone-inferred'] ?? 0) + (k['year-inferred'] ?? 0) > 0;
  const mono = (k.monotonic ?? 0) + (k['monotonic-mapped'] ?? 0) > 0;
  const from = s.time;
  if (wall && (from.zone !== to.zone || from.year !== to.year || from.refTs !== to.refTs)) return true;
  return mono && from.bootTs !== to.bootTs;
}

function correct(t: Tracked, to: TimeContext): void {
  const s = t.s;
  const from = s.time;
  s.retime = { from, to };
  s.zone = to.zone;
  const moved: Partial<Record<TsKind, number>> = {};
  for (const [k, n] of Object.entries(s.tsKinds) as [TsKind, number][]) {
    const kind = (k === 'monotonic' && to.bootTs !== null) ? 'monotonic-mapped' : (k === 'monotonic-mapped' && to.bootTs === null) ? 'monotonic' : k;
    moved[kind] = (moved[kind] ?? 0) + n;
  }
  s.tsKinds = moved;
  // The extremes move with their records (each change is monotonic in ts); records that had no
  // time before (unmapped monotonic) may now bound the range.
  const ends: number[] = [];
  for (const e of [t.first, t.last]) if (e) { const r = retimeTs(e.ts, e.tsKind, e.mono, from, to); if (r.ts !== null) ends.push(r.ts); }
  if (to.bootTs !== null) for (const m of [t.monoMin, t.monoMax]) if (m !== null) ends.push(to.bootTs + Math.round(m * 1e6));
  s.firstTs = ends.length ? Math.min(...ends) : null;
  s.lastTs = ends.length ? Math.max(...ends) : null;
}

/** journalctl's `-- Logs begin at … EST, end at … EST. --` header: with no zone from the bundle,
 *  the journal-short parser reads the stamps in the header's zone and takes its year from the
 *  header's end (parsers/formats/syslog-line.ts). The context recorded for the source must say
 *  the same, or a later correction would shift those stamps a second time. */
const JOURNAL_HEADER = /^-- (?:Logs begin at|Journal begins at) \w{3} \d{4}-\d\d-\d\d \d\d:\d\d:\d\d (?:[A-Za-z]+|[+-]\d{2,4}), (?:end at|ends at) \w{3} (\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d) ([A-Za-z]+|[+-]\d{2,4})\. --/;

export function withJournalHeader(time: TimeContext, first: Buffer): TimeContext {
  if (time.zone !== null || first[0] !== 0x2d) return time;
  const m = JOURNAL_HEADER.exec(first.toString('latin1', 0, 200));
  if (!m || /^[+-]/.test(m[7]!)) return time;
  const off = ZONE_ABBREVIATIONS[m[7]!.toUpperCase()];
  if (off === undefined) return time;
  const zone = off === 0 ? null : formatOffset(off);
  const refTs = wallToUtcMicros(zone, +m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  return { ...time, zone, year: +m[1]!, refTs };
}

async function readBounded(stream: AsyncIterable<Buffer>, max: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const c of stream) {
    if (n >= max) continue; // drain
    parts.push(c.subarray(0, max - n));
    n += Math.min(c.length, max - n);
  }
  return Buffer.concat(parts);
}
