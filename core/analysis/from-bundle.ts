// The analysis of bundles read in memory, without a case file: `crashlens analyze bundle.tar.xz`.
// B's readBundle walks and parses (layout, node facts, every source through its format parser);
// C's detector finds the events in each record; a MarkCollector per source notes boot marks and
// coverage. Nothing is written anywhere.
//
// The trap: readBundle learns some time facts only at the end (the dmesg boot time, a zone file
// after the logs), and then says so per source (`retime`); events and marks stamped before that
// are moved with the same retimeTs the records use.
import { readBundle } from '../../parsers/bundle/index.ts';
import { retimeTs } from '../../parsers/bundle/retime.ts';
import type { SourceSummary } from '../../parsers/bundle/types.ts';
import { createDetector, type Detector } from '../../parsers/rules/detector.ts';
import type { DetectedEvent, TimeContext, TsKind, Warning } from '../../parsers/types.ts';
import type { AnalysisEvent, AnalysisInput, BootMark, Coverage, NodeInput } from './input.ts';
import { MarkCollector } from './marks.ts';
import { dominantHost, NodeNames } from './node-names.ts';
import { dropCollapsedDuplicates, dropCrossSourceDuplicates } from './prepare.ts';
import { KernelLinePairs } from './vmcore-time.ts';

/** Sources without a node (must-gather's cluster-wide pods) are filed under this name. */
export const CLUSTER_NODE = 'cluster';
const VMCORE_DMESG = /(^|\/)vmcore-dmesg(\.txt)?$/;
/** Recent records' monotonic stamps kept per source, to move unmapped events when the boot time is learnt. */
const RECENT_MONO = 256;

interface PerSource {
  det: Detector | null; marks: MarkCollector; events: DetectedEvent[]; monoOf: Map<number, number>;
  /** For a vmcore-dmesg: every line's (message, seconds since boot), to pair with the disk logs. */
  vmcoreLines: [string, number][] | null;
}

/** Seconds since boot behind a stamp, from the record (recent) or back from a mapped stamp. */
function monoFor(line: number, ts: number | null, tsKind: TsKind, from: TimeContext, monoOf: Map<number, number>): number | null {
  const m = monoOf.get(line);
  if (m !== undefined) return m;
  return tsKind === 'monotonic-mapped' && ts !== null && from.bootTs !== null ? (ts - from.bootTs) / 1e6 : null;
}

export async function bundleInput(paths: string[], opts: { warn?: (w: Warning) => void; signal?: AbortSignal } = {}): Promise<AnalysisInput> {
  const nodes = new Map<string, NodeInput>();
  const events: AnalysisEvent[] = [];
  const bootMarks: BootMark[] = [];
  const coverage: Coverage[] = [];
  for (const input of paths) {
    const per = new Map<string, PerSource>();
    const pairs = new KernelLinePairs();
    const source = (s: SourceSummary): PerSource => {
      let p = per.get(s.path);
      if (!p) {
        p = { det: null, marks: new MarkCollector(s.node ?? '', s.path, s.role), events: [], monoOf: new Map(), vmcoreLines: VMCORE_DMESG.test(s.path) ? [] : null };
        per.set(s.path, p);
      }
      return p;
    };
    const scan = await readBundle(input, {
      signal: opts.signal,
      onWarning: opts.warn,
      onRecord: (s, rec) => {
        const p = source(s);
        p.det ??= createDetector({ path: s.path, format: s.format });
        p.marks.onRecord(rec);
        if (rec.mono !== null) {
          p.monoOf.set(rec.line, rec.mono);
          if (p.vmcoreLines) p.vmcoreLines.push([rec.message, rec.mono]);
          else if (p.monoOf.size > RECENT_MONO) p.monoOf.delete(p.monoOf.keys().next().value!);
        }
        if (!p.vmcoreLines && rec.ts !== null && (rec.ident === 'kernel' || s.role === 'kernel')) pairs.addWall(rec.message, rec.ts);
        for (const ev of p.det.onRecord(rec)) p.events.push(ev);
      },
      onSource: (s) => { const p = source(s); if (p.det) p.events.push(...p.det.end()); },
    });
    // Node names: the bundle's, except a node named only by fallback (no hostname fact) takes the
    // host its lines name; lines of shared files go to the node their host or path names.
    const rename = new Map<string, string>();
    for (const n of scan.nodes) {
      if (n.identity.hostname) continue;
      const host = dominantHost(scan.sources.filter((s) => s.node === n.name).map((s) => source(s).marks.hostCounts()));
      if (host && !scan.nodes.some((o) => o !== n && o.name === host)) rename.set(n.name, host);
    }
    for (const n of scan.nodes) {
      const name = rename.get(n.name) ?? n.name;
      if (nodes.has(name)) continue;
      nodes.set(name, { name, identity: { ...n.identity, hostname: n.identity.hostname ?? name }, factFiles: {}, extras: n.extras });
    }
    const names = new NodeNames(nodes.keys());
    for (const s of scan.sources) {
      const p = source(s);
      const fileNode = s.node ? rename.get(s.node) ?? s.node : null;
      const nodeOf = (host: string | null | undefined) => names.byHost(host) ?? fileNode ?? names.byPath(s.path) ?? CLUSTER_NODE;
      const role = VMCORE_DMESG.test(s.path) ? 'crash' : s.role;
      const move = s.retime;
      const vmcoreOffset = p.vmcoreLines ? pairs.offset(p.vmcoreLines) : null;
      let vmcoreLast: number | null = null;
      for (const ev of p.events) {
        const mono = vmcoreOffset !== null && ev.ts === null ? p.monoOf.get(ev.line) : undefined;
        if (mono !== undefined) {
          ev.ts = vmcoreOffset! + Math.round(mono * 1e6); ev.tsKind = 'monotonic-mapped';
        } else if (move) {
          const t = retimeTs(ev.ts, ev.tsKind, monoFor(ev.line, ev.ts, ev.tsKind, move.from, p.monoOf), move.from, move.to);
          ev.ts = t.ts; ev.tsKind = t.tsKind;
        }
        events.push({ ...ev, id: 0, node: nodeOf(p.marks.hostAt(ev.line)), sourcePath: s.path, sourceRole: role });
      }
      for (const m of p.marks.marks) {
        const moved = (ts: number | null | undefined, st: BootMark['stamp']) => (move && st && ts != null ? retimeTs(ts, st.tsKind, st.mono, move.from, move.to).ts : ts ?? null);
        const { host, ...mark } = m;
        bootMarks.push({ ...mark, node: nodeOf(host), ts: moved(m.ts, m.stamp), prevTs: moved(m.prevTs, m.prevStamp) });
      }
      const truncated = s.warnings.some((w) => w.code === 'truncated');
      if (vmcoreOffset !== null && p.vmcoreLines!.length) vmcoreLast = vmcoreOffset + Math.round(Math.max(...p.vmcoreLines!.map((l) => l[1])) * 1e6);
      if (role === 'crash' || s.format === 'vmcore-dmesg') bootMarks.push({ node: nodeOf(null), ts: vmcoreLast ?? s.lastTs, bootId: null, kind: 'vmcore', sourcePath: s.path, prevTs: null });
      const perHost = p.marks.coverageByHost(truncated);
      if (!move && new Set(perHost.map((c) => nodeOf(c.host))).size > 1) {
        for (const c of perHost) coverage.push({ node: nodeOf(c.host), sourcePath: s.path, role, firstTs: c.firstTs, lastTs: c.lastTs, truncated });
      } else {
        coverage.push({ node: nodeOf(perHost.length === 1 ? perHost[0]!.host : null), sourcePath: s.path, role, firstTs: s.firstTs, lastTs: s.lastTs, truncated });
      }
    }
  }
  // Sources in the order a reader trusts them: the journal first, then the kernel's own log.
  const trust = (r: string) => ['journal', 'kernel', 'crash', 'syslog'].indexOf(r) >>> 0;
  events.sort((a, b) => (a.ts ?? Infinity) - (b.ts ?? Infinity) || trust(a.sourceRole) - trust(b.sourceRole));
  events.forEach((e, i) => { e.id = i + 1; });
  const blank = (name: string): NodeInput => ({ name, identity: { hostname: name, kernel: null, os: null, kubeletVersion: null, runtimeVersion: null, etcdVersion: null, zone: null, zoneSource: null, captureTs: null, bootTs: null }, factFiles: {} });
  for (const c of coverage) if (!nodes.has(c.node) && c.node !== CLUSTER_NODE) nodes.set(c.node, blank(c.node));
  return { nodes: [...nodes.values()], events: dropCrossSourceDuplicates(dropCollapsedDuplicates(events)), bootMarks, coverage };
}
