// `crashlens sources <bundle…> [--json]`: every log source of a bundle as Crashlens reads it —
// format and how sure, role, node, zone, time range and how the times were obtained, lines,
// warnings — plus what the bundle says about each node. The first thing to run on a new bundle,
// and the way to check a layout or a parser by eye.
import { parseFlags, type CliIo, type Command } from '../command.ts';
import { readBundle } from '../../../parsers/bundle/read.ts';
import type { BundleScan, SourceSummary } from '../../../parsers/bundle/types.ts';
import type { TsKind } from '../../../parsers/types.ts';

const iso = (us: number | null) => (us === null ? '—' : new Date(Math.floor(us / 1000)).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z'));

/** Short names for how times were obtained, worst first: a column must not hide a guess. */
const KIND_SHORT: [TsKind, string][] = [
  ['none', 'none'], ['monotonic', 'mono'], ['monotonic-mapped', 'mono→wall'],
  ['year-inferred', 'year?'], ['zone-inferred', 'zone?'], ['exact', 'exact'],
];

export function timeKinds(s: Pick<SourceSummary, 'tsKinds' | 'records'>): string {
  const parts: string[] = [];
  for (const [k, short] of KIND_SHORT) {
    const n = s.tsKinds[k] ?? 0;
    if (n === 0) continue;
    parts.push(n === s.records ? short : `${short} ${Math.round((n / s.records) * 100)}%`);
  }
  return parts.join(',') || '—';
}

/** One JSON object per source (NDJSON), for scripts. */
export function sourceJson(bundle: string, s: SourceSummary): Record<string, unknown> {
  return {
    bundle, path: s.path, node: s.node, role: s.role, format: s.format, confidence: s.confidence, zone: s.zone,
    firstTs: s.firstTs, lastTs: s.lastTs, first: s.firstTs === null ? null : new Date(s.firstTs / 1000).toISOString(),
    last: s.lastTs === null ? null : new Date(s.lastTs / 1000).toISOString(),
    lines: s.lines, records: s.records, bytes: s.bytes, tsKinds: s.tsKinds, boots: s.boots ?? [],
    warnings: s.warnings.map((w) => ({ code: w.code, line: w.line ?? null, message: w.message })),
    ...(s.retime ? { retimed: true } : {}),
  };
}

function table(rows: string[][], io: CliIo): void {
  const width = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) io.out(`${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(width[i]!))).join('  ').trimEnd()}\n`);
}

/** Long paths keep their end: the file name is what the eye looks for. */
function clip(s: string, max: number): string {
  return s.length <= max ? s : `…${s.slice(s.length - max + 1)}`;
}

export function printScan(scan: BundleScan, io: CliIo): void {
  io.out(`${scan.input}: layout ${scan.layout}, ${scan.nodes.length} node(s), ${scan.sources.length} log source(s)\n`);
  for (const n of scan.nodes) {
    const id = n.identity;
    const facts = [
      id.kernel && `kernel ${id.kernel}`, id.os, id.kubeletVersion && `kubelet ${id.kubeletVersion}`, id.runtimeVersion,
      id.etcdVersion && `etcd ${id.etcdVersion}`,
      `zone ${id.zone ?? 'unknown (UTC assumed)'}${id.zoneSource ? ` from ${id.zoneSource}` : ''}`,
      `captured ${iso(id.captureTs)}`, `booted ${iso(id.bootTs)}${n.bootFrom ? ` (${n.bootFrom})` : ''}`,
    ].filter(Boolean);
    io.out(`  node ${n.name}: ${facts.join('; ')}\n`);
  }
  const pathMax = io.isTty ? 60 : 400;
  const rows = [['PATH', 'FORMAT', 'CONF', 'ROLE', 'NODE', 'ZONE', 'FIRST (UTC)', 'LAST (UTC)', 'TIMES', 'LINES', 'BOOTS', 'WARN']];
  for (const s of scan.sources) {
    rows.push([
      clip(s.path, pathMax), s.format, `${Math.round(s.confidence * 100)}%`, s.role, s.node ?? '—', s.zone ?? 'UTC',
      iso(s.firstTs), iso(s.lastTs), timeKinds(s), String(s.lines), s.boots?.length ? String(s.boots.length) : '', s.warnings.length ? String(s.warnings.length) : '',
    ]);
  }
  io.out('\n');
  table(rows, io);
  const sourceWarnings = new Set(scan.sources.map((s) => s.path));
  const bundleWarnings = scan.warnings.filter((w) => !sourceWarnings.has(w.file));
  if (bundleWarnings.length) {
    io.out(`\n${bundleWarnings.length} bundle warning(s):\n`);
    for (const w of bundleWarnings.slice(0, 30)) io.out(`  ${w.code}: ${w.message}\n`);
    if (bundleWarnings.length > 30) io.out(`  … and ${bundleWarnings.length - 30} more (use --json)\n`);
  }
  const withWarnings = scan.sources.filter((s) => s.warnings.length);
  for (const s of withWarnings.slice(0, 20)) {
    io.out(`\n${s.path}:\n`);
    for (const w of s.warnings.slice(0, 5)) io.out(`  ${w.code}${w.line ? ` line ${w.line}` : ''}: ${w.message}\n`);
    if (s.warnings.length > 5) io.out(`  … ${s.warnings.length - 5} more\n`);
  }
}

export const sources: Command = {
  name: 'sources',
  summary: 'List the log sources of bundles: format, role, node, zone, time range, lines, warnings',
  usage: 'crashlens sources <bundle…> [--json]',
  async run(args: string[], io: CliIo): Promise<number> {
    const { positional, flags } = parseFlags(args);
    if (positional.length === 0) { io.err(`usage: ${this.usage}\n`); return 2; }
    for (const input of positional) {
      const scan = await readBundle(input);
      if (flags.json) for (const s of scan.sources) io.out(`${JSON.stringify(sourceJson(input, s))}\n`);
      else printScan(scan, io);
    }
    return 0;
  },
};
