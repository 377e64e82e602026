// The analysis of a bundle read in memory, without a case file: `crashlens analyze bundle.tar.xz`.
// The same rooms as an import, in one thread: the archive walk (parsers/archive), the layout's
// classification and node facts (through core/ingest/bundle-port.ts), each source through its
// format parser and the detection rules (core/ingest/parse-source.ts), and a MarkCollector per
// source for boot marks and coverage. Nothing is written anywhere.
import path from 'node:path';
import { walkBundle } from '../../parsers/archive/index.ts';
import type { NodeIdentity, SourceRole, TimeContext, Warning } from '../../parsers/types.ts';
import { describeEntry, identityOf, loadBundleRoom } from '../ingest/bundle-port.ts';
import { loadParsing, openSourceParse } from '../ingest/parse-source.ts';
import { isFactFile } from './facts.ts';
import type { AnalysisEvent, AnalysisInput, BootMark, Coverage, NodeInput } from './input.ts';
import { MarkCollector } from './marks.ts';
import { dropCollapsedDuplicates } from './prepare.ts';

/** Fact files are a few KiB; anything bigger is not read as one. */
const MAX_FACT_BYTES = 1 << 20;
const VMCORE_DMESG = /(^|\/)vmcore-dmesg(\.txt)?$/;

/** A bundle's folder or file name without collector suffixes, as the node's name when no fact names it. */
function nodeGuess(p: string): string {
  const base = path.basename(p).replace(/\.(tar|tgz|tbz2|txz|zip|gz|xz|zst|bz2)$/g, '').replace(/\.(tar)$/, '');
  const sos = /^sosreport-([^-]+(?:-[^-]+)*?)-\d{4}-\d{2}-\d{2}/.exec(base) ?? /^sosreport-(.+?)(?:-\d+)?$/.exec(base);
  return sos ? sos[1]! : base;
}

export async function bundleInput(paths: string[], opts: { warn?: (w: Warning) => void; signal?: AbortSignal } = {}): Promise<AnalysisInput> {
  await loadBundleRoom();
  await loadParsing();
  const nodes = new Map<string, NodeInput>();
  const events: AnalysisEvent[] = [];
  const bootMarks: BootMark[] = [];
  const coverage: Coverage[] = [];
  for (const input of paths) {
    const abs = path.resolve(input);
    const guess = nodeGuess(abs);
    const facts = new Map<string, string>();
    let identity: NodeIdentity = identityOf(facts);
    const factFiles: Record<string, string> = {};
    const bundleEvents: AnalysisEvent[] = [];
    const collectors: { c: MarkCollector; vmcore: boolean }[] = [];
    const truncated = new Set<string>();
    const warn = (w: Warning) => { if (w.code === 'truncated') truncated.add(w.file); opts.warn?.(w); };
    for await (const entry of walkBundle(abs, { signal: opts.signal, warn })) {
      const kind = describeEntry(entry.path);
      const fact = isFactFile(entry.path);
      if (kind.kind === 'skip' && !fact) { for await (const _ of entry.stream) { /* drain: archives are read in one pass */ } continue; }
      if (kind.kind === 'facts' || fact) {
        const parts: Buffer[] = []; let n = 0;
        for await (const c of entry.stream) if (n < MAX_FACT_BYTES) { parts.push(c); n += c.length; }
        const text = Buffer.concat(parts).toString('utf8');
        facts.set(entry.path, text);
        if (fact) factFiles[entry.path] = text;
        identity = identityOf(facts);
        continue;
      }
      const node = kind.node ?? identity.hostname ?? guess;
      const role: SourceRole = VMCORE_DMESG.test(entry.path) ? 'crash' : kind.role;
      const refTs = entry.mtime != null ? entry.mtime * 1000 : identity.captureTs ?? null;
      const time: TimeContext = {
        year: new Date(refTs != null ? refTs / 1000 : Date.now()).getUTCFullYear(),
        refTs, zone: identity.zone ?? null, bootTs: identity.bootTs ?? null,
      };
      const marks = new MarkCollector(node, entry.path, role);
      const parse = openSourceParse({ sid: 0, path: entry.path, role, node, time, format: kind.format }, {
        record: (rec) => marks.onRecord(rec),
        events: (evs) => {
          for (const ev of evs) bundleEvents.push({ ...ev, id: 0, node, sourcePath: entry.path, sourceRole: role });
        },
        warn,
      });
      for await (const chunk of entry.stream) parse.write(chunk);
      parse.end();
      collectors.push({ c: marks, vmcore: role === 'crash' || parse.format === 'vmcore-dmesg' });
    }
    // The identity is complete only now (fact files may come after the logs in the archive).
    const name = identity.hostname ?? guess;
    for (const e of bundleEvents) if (e.node === guess) e.node = name;
    for (const { c, vmcore } of collectors) {
      const cov = c.coverage(truncated.has(c.sourcePath));
      if (vmcore) c.vmcore(cov.lastTs);
      for (const m of c.marks) bootMarks.push({ ...m, node: m.node === guess ? name : m.node });
      coverage.push({ ...cov, node: cov.node === guess ? name : cov.node });
    }
    events.push(...bundleEvents);
    const prev = nodes.get(name);
    if (prev) Object.assign(prev.factFiles, factFiles);
    else nodes.set(name, { name, identity: { ...identity, hostname: identity.hostname ?? name }, factFiles });
  }
  events.forEach((e, i) => { e.id = i + 1; });
  for (const c of coverage) if (!nodes.has(c.node)) nodes.set(c.node, { name: c.node, identity: { ...identityOf(new Map()), hostname: c.node }, factFiles: {} });
  return { nodes: [...nodes.values()], events: dropCollapsedDuplicates(events), bootMarks, coverage };
}
