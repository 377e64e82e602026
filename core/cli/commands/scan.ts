// `crashlens scan <file|dir|bundle…> [--json]`: every line-level event the rules find, one per
// line, without building a case. A plain file is parsed with parseFile; a directory or an archive
// goes through the bundle reader, so the paths printed are paths inside the input and stamps use
// the bundle's zone, year and boot time.
import { open, stat } from 'node:fs/promises';
import type { Command } from '../command.ts';
import { parseFlags } from '../command.ts';
import { parseFile } from '../../../parsers/source.ts';
import { readBundle, retimeTs } from '../../../parsers/bundle/index.ts';
import { createDetector } from '../../../parsers/rules/detector.ts';
import type { DetectedEvent, FormatId, LogRecord, TsKind, Warning } from '../../../parsers/types.ts';

export interface ScanEvent {
  type: DetectedEvent['type'];
  category: DetectedEvent['category'];
  severity: DetectedEvent['severity'];
  ruleId: string;
  file: string;
  line: number;
  endLine: number;
  ts: string | null;
  tsKind: TsKind;
  node: string | null;
  fields: DetectedEvent['fields'];
  message: string;
}

export interface ScanResult { events: ScanEvent[]; warnings: Warning[]; formats: Record<string, FormatId> }

const iso = (ts: number | null) => (ts === null ? null : new Date(Math.floor(ts / 1000)).toISOString());

function toScan(ev: DetectedEvent, file: string, node: string | null): ScanEvent {
  return {
    type: ev.type, category: ev.category, severity: ev.severity, ruleId: ev.ruleId, file,
    line: ev.line, endLine: ev.endLine, ts: iso(ev.ts), tsKind: ev.tsKind, node, fields: ev.fields, message: ev.message,
  };
}

const byLine = (a: ScanEvent, b: ScanEvent) => a.line - b.line;

/** Archives are recognised by their magic bytes, whatever their name. */
async function isArchive(path: string): Promise<boolean> {
  const fh = await open(path, 'r');
  try {
    const b = Buffer.alloc(512);
    const { bytesRead } = await fh.read(b, 0, 512, 0);
    const head = b.subarray(0, bytesRead);
    const hex = head.subarray(0, 6).toString('hex');
    return hex.startsWith('1f8b') || hex.startsWith('fd377a585a00') || hex.startsWith('28b52ffd') || hex.startsWith('425a68')
      || hex.startsWith('504b0304') || head.subarray(257, 262).toString('latin1') === 'ustar';
  } finally { await fh.close(); }
}

/** One plain log file: parse, detect, events in line order. */
export async function scanFile(path: string, display = path): Promise<ScanResult> {
  const parsed = await parseFile(path);
  const det = createDetector({ path: display, format: parsed.format });
  const evs: DetectedEvent[] = [];
  for (const rec of parsed.records) evs.push(...det.onRecord(rec));
  evs.push(...det.end());
  return { events: evs.map((e) => toScan(e, display, null)).sort(byLine), warnings: parsed.warnings, formats: { [display]: parsed.format } };
}

/** A directory or an archive, through the bundle reader. */
export async function scanBundle(input: string): Promise<ScanResult> {
  interface Open { det: ReturnType<typeof createDetector>; events: DetectedEvent[]; mono: Map<number, number> }
  const open = new Map<string, Open>();
  const done: Array<{ path: string; node: string | null; events: DetectedEvent[]; mono: Map<number, number> }> = [];
  const formats: Record<string, FormatId> = {};
  const take = (o: Open, evs: DetectedEvent[]) => { for (const e of evs) o.events.push(e); };
  const scan = await readBundle(input, {
    onRecord(s, rec: LogRecord) {
      let o = open.get(s.path);
      if (!o) { o = { det: createDetector({ path: s.path, format: s.format }), events: [], mono: new Map() }; open.set(s.path, o); }
      // Kept to move monotonic stamps if the bundle's boot time turns up later (see retime).
      if (rec.mono !== null) o.mono.set(rec.line, rec.mono);
      take(o, o.det.onRecord(rec));
    },
    onSource(s) {
      formats[s.path] = s.format;
      const o = open.get(s.path);
      if (!o) return;
      take(o, o.det.end());
      open.delete(s.path);
      done.push({ path: s.path, node: s.node, events: o.events, mono: o.mono });
    },
  });
  const summaries = new Map(scan.sources.map((s) => [s.path, s]));
  const events: ScanEvent[] = [];
  for (const d of done) {
    const re = summaries.get(d.path)?.retime;
    const list = d.events.map((e) => {
      if (re) { const t = retimeTs(e.ts, e.tsKind, d.mono.get(e.line) ?? null, re.from, re.to); e.ts = t.ts; e.tsKind = t.tsKind; }
      return toScan(e, d.path, d.node);
    });
    events.push(...list.sort(byLine));
  }
  // The bundle's own list and each source's may name the same warning: print it once.
  const seen = new Set<string>();
  const warnings = scan.warnings.concat(scan.sources.flatMap((s) => s.warnings)).filter((w) => {
    const k = `${w.file}\u0000${w.line ?? ''}\u0000${w.code}\u0000${w.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  return { events, warnings, formats };
}

export async function scanPath(input: string): Promise<ScanResult> {
  const st = await stat(input);
  if (st.isFile() && !(await isArchive(input))) return scanFile(input);
  return scanBundle(input);
}

export const scan: Command = {
  name: 'scan',
  summary: 'List every event the detection rules find in log files, directories or bundles',
  usage: 'crashlens scan <file|dir|bundle…> [--json] [--quiet]',
  async run(args, io) {
    const { positional, flags } = parseFlags(args);
    if (positional.length === 0) { io.err(`usage: ${this.usage}\n`); return 2; }
    let failed = 0;
    for (const input of positional) {
      let res: ScanResult;
      try { res = await scanPath(input); } catch (e) {
        io.err(`crashlens scan: ${input}: ${e instanceof Error ? e.message : String(e)}\n`);
        failed++;
        continue;
      }
      if (!flags.quiet) for (const w of res.warnings) io.err(`warning: ${w.file}${w.line ? `:${w.line}` : ''}: ${w.message}\n`);
      for (const ev of res.events) {
        if (flags.json) io.out(`${JSON.stringify(ev)}\n`);
        else io.out(`${ev.file}:${ev.line}${ev.endLine !== ev.line ? `-${ev.endLine}` : ''}\t${ev.ts ?? '-'}\t${ev.type}\t${ev.message}\n`);
      }
    }
    return failed ? 1 : 0;
  },
};
