// Line-level detection: records in, events out, one detector per source. Runs inside the parse
// workers, so the common case — a record no rule cares about — must cost one cheap scan: every
// rule lists literal keys, a shared trigram filter (prefilter.ts) finds which keys a record holds,
// and only the rules of those keys that apply to the record's format and ident run their regex.
//
// State is small: happenings still open for their lead / tail lines (rule groups, see rule.ts) and
// events waiting a few lines for context fields (the `CPU: N PID: P Comm: X` line after a panic).
// Events therefore come out when their happening closes, which may be a few records later;
// end() flushes the rest.
import type { DetectedEvent, EventType, FormatId, LogRecord } from '../types.ts';
import type { Rule, RuleGroup } from './rule.ts';
import { RULES } from './table/index.ts';
import { KeywordFilter } from './prefilter.ts';
import { DETAIL_KEYS, recordFields } from '../formats/inner.ts';

export interface Source { path: string; format: FormatId }

/** The UTF-8 bytes of a record's message, bytes[start, end), where the caller has them already
 *  (a parser worker has written them into its record batch): the keyword scan reads them. */
export interface MessageBytes { bytes: Uint8Array; start: number; end: number }

export interface Detector {
  onRecord(rec: LogRecord, utf8?: MessageBytes | null): DetectedEvent[];
  end(): DetectedEvent[];
}

/** What onRecord returns when nothing happened: shared, frozen (callers only read it). */
const NO_EVENTS = Object.freeze([]) as unknown as DetectedEvent[];

/** How many records after an event its rule's context patterns still look for missing fields. */
const CONTEXT_LINES = 4;

type Fields = Record<string, string | number>;

interface Compiled { rule: Rule; re: RegExp }
/** The rules that apply to one (format, ident), a keyword filter of their keys only (a kubelet
 *  line need not be scanned for the kernel's ~110 keys), and for each key which rules use it. */
interface Plan { rules: Compiled[]; filter: KeywordFilter; rulesOfKey: number[][]; any: boolean }

interface Happening {
  ev: DetectedEvent;
  rule: Rule;
  group: RuleGroup | null;
  by: string | number | undefined;
  /** Only leads / tails so far: stands as the event only if no key comes. */
  provisional: boolean;
  standalone: boolean;
  ruleIds: Set<string>;
  lastLine: number;
  /** Time of its last record in µs (wall clock, or seconds since boot × 1e6), null if unknown. */
  lastTime: number | null;
  /** Last line whose record may still fill context fields. */
  contextUntil: number;
  closeAfter: number;
}

/** Rules read at most this much of each line. Every key phrase sits near the start of its line,
 *  and patterns with a lazy `[^\n]*?` between two parts are quadratic on a hostile megabyte line. */
const MAX_LINE_CHARS = 4096;
/** A record matching one rule more often than this is garbage, not that many happenings. */
const MAX_MATCHES_PER_RULE = 64;

function clipLines(message: string): string {
  return message.split('\n').map((l) => (l.length > MAX_LINE_CHARS ? l.slice(0, MAX_LINE_CHARS) : l)).join('\n');
}

/** The text rules read: the message, plus the detail fields a structured format split off
 *  (DETAIL_KEYS). Fields left unparsed (LogRecord.fieldsJson) hold none: innerJson parses the
 *  fields of a line that has one at once. */
export function detectionText(rec: Pick<LogRecord, 'message'> & Partial<LogRecord>): string {
  const f = rec.fields;
  let text = rec.message.length > MAX_LINE_CHARS ? clipLines(rec.message) : rec.message;
  if (!f) return text;
  // Which detail keys the record has, by walking its own keys: fields objects come in dozens of
  // shapes (one per zap / klog call site), and a named lookup on them misses V8's inline caches —
  // three lookups cost 270 ns a record on etcd's log, the key walk 65 ns.
  let has = 0;
  for (const k in f) {
    if (k === 'error') has |= 1; else if (k === 'err') has |= 2; else if (k === 'reason') has |= 4;
  }
  if (has === 0) return text;
  for (let i = 0; i < DETAIL_KEYS.length; i++) {
    if ((has & (1 << i)) === 0) continue;
    const k = DETAIL_KEYS[i]!;
    const v = f[k];
    if (v && !text.includes(v)) text += `\n${k}: ${v.length > MAX_LINE_CHARS ? v.slice(0, MAX_LINE_CHARS) : v}`;
  }
  return text;
}

function compile(rule: Rule): Compiled {
  const flags = rule.pattern.flags.replace(/[gy]/g, '');
  return { rule, re: new RegExp(rule.pattern.source, flags + 'g') };
}

function applies(rule: Rule, format: FormatId, ident: string | null): boolean {
  if (rule.formats && !rule.formats.includes(format)) return false;
  if (rule.idents) {
    if (ident === null || ident === '') return !rule.identRequired;
    return rule.idents.test(ident);
  }
  return true;
}

/** Per rule table: its plans per (format, ident), and the keyword filters of those plans per key
 *  set (most idents share one: every daemon but the kernel, systemd and kubelet sees the same
 *  rules), shared by every detector: a bundle has thousands of small sources, and compiling ~90
 *  regexes per source per ident cost more than detecting in them. (Compiled regexes keep
 *  lastIndex state, which is safe to share: matchRule resets it and runs synchronously.) */
interface Table { plans: Map<string, Plan>; filters: Map<string, KeywordFilter> }
const tables = new WeakMap<readonly Rule[], Table>();
function tableFor(rules: readonly Rule[]): Table {
  let t = tables.get(rules);
  if (!t) { t = { plans: new Map(), filters: new Map() }; tables.set(rules, t); }
  return t;
}

function makePlan(rules: readonly Rule[], table: Table, format: FormatId, ident: string | null): Plan {
  const chosen = rules.filter((r) => applies(r, format, ident)).map(compile);
  const keys = [...new Set(chosen.flatMap((c) => c.rule.keys))];
  const id = keys.join('\u0000');
  let filter = table.filters.get(id);
  if (!filter) { filter = new KeywordFilter(keys); table.filters.set(id, filter); }
  const rulesOfKey = keys.map((k) => chosen.flatMap((c, i) => (c.rule.keys.includes(k) ? [i] : [])));
  return { rules: chosen, filter, rulesOfKey, any: chosen.length > 0 };
}

function cast(rule: Rule, name: string, value: string): string | number {
  const how = rule.fields?.[name];
  if (how === 'number') { const n = Number(value); return Number.isFinite(n) ? n : value; }
  if (how === 'true') return 'true';
  return value;
}

/** Fill `{name}` placeholders; unknown ones vanish, and so do the brackets they leave empty. */
export function fillMessage(template: string, fields: Fields): string {
  return template
    .replace(/\{(\w+)\}/g, (_, k: string) => (fields[k] === undefined ? '' : String(fields[k])))
    .replace(/\(\s*[,]?\s*\)/g, '')
    .replace(/\s{2,}/g, ' ')
    .replace(/\s+([,:)])/g, '$1')
    .trim();
}

/** Structured values of a record: its parsed fields, else the JSON object inside its message. */
function structured(rec: LogRecord): Record<string, unknown> | null {
  const at = rec.message.indexOf('{"');
  if (at >= 0) {
    try {
      const obj = JSON.parse(rec.message.slice(at).split('\n', 1)[0]!) as unknown;
      if (obj && typeof obj === 'object') return { ...(recordFields(rec) ?? {}), ...(obj as Record<string, unknown>) };
    } catch { /* not JSON after all: a Go struct dump or a log line quoting braces */ }
  }
  return recordFields(rec) ?? null;
}

function fillFromContext(rule: Rule, fields: Fields, text: string): boolean {
  let missing = false;
  for (const re of rule.context ?? []) {
    const m = re.exec(text);
    if (!m?.groups) { missing = true; continue; }
    for (const [k, v] of Object.entries(m.groups)) {
      if (v !== undefined && fields[k] === undefined) fields[k] = cast(rule, k, v);
    }
  }
  return missing;
}

/** A rule applied to one record: every match, in the order of the message's lines. */
export interface RuleMatch { rule: Rule; index: number; fields: Fields; type: EventType; contextMissing: boolean }

export function matchRule(c: Compiled | Rule, rec: Pick<LogRecord, 'message'> & Partial<LogRecord>, json?: () => Record<string, unknown> | null, text = detectionText(rec)): RuleMatch[] {
  const { rule, re } = 're' in c ? c : compile(c);
  const out: RuleMatch[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0] === '') { re.lastIndex++; continue; }
    const fields: Fields = {};
    for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) fields[k] = cast(rule, k, v);
    for (const [k, v] of Object.entries(rule.set ?? {})) if (fields[k] === undefined) fields[k] = v;
    if (rule.from) {
      const obj = json ? json() : structured(rec as LogRecord);
      if (obj) for (const [k, key] of Object.entries(rule.from)) {
        const v = obj[key];
        if (fields[k] === undefined && (typeof v === 'string' || typeof v === 'number')) fields[k] = cast(rule, k, String(v));
      }
    }
    const contextMissing = fillFromContext(rule, fields, text);
    if (rule.identFields) {
      if (fields.process === undefined && rec.ident) fields.process = rec.ident;
      if (fields.pid === undefined && rec.pid != null) fields.pid = rec.pid;
    }
    if (rule.hostField && fields[rule.hostField] === undefined && rec.host) fields[rule.hostField] = rec.host;
    if (rule.accept && !rule.accept(fields)) continue;
    let type: EventType = rule.type;
    for (const r of rule.retype ?? []) if (r.when.test(text)) { type = r.type; break; }
    out.push({ rule, index: m.index, fields, type, contextMissing });
    if (out.length >= MAX_MATCHES_PER_RULE) break;
  }
  return out;
}

/** A record's time for grouping: wall clock when known, else seconds since boot (both in µs). */
function timeOf(rec: LogRecord): number | null {
  if (rec.ts !== null) return rec.ts;
  return rec.mono !== null ? rec.mono * 1e6 : null;
}

export function createDetector(source: Source, rules: readonly Rule[] = RULES): Detector {
  const table = tableFor(rules);
  /** This source's plans by ident: its format is fixed, so the ident alone keys them, without
   *  building a (format, ident) string per record (journals interleave daemons line by line). */
  const mine = new Map<string | null, Plan>();
  const open: Happening[] = [];
  /** Per group: the type and last line of its latest event, for `inheritType`. */
  const lastOfGroup = new Map<string, { type: EventType; line: number }>();
  /** Earliest line after which some open happening closes, and last line any still wants context. */
  let soonest = Infinity;
  let contextHorizon = 0;
  let lastIdent: string | null = null;
  let lastPlan: Plan | null = null;

  const planFor = (ident: string | null): Plan => {
    let p = mine.get(ident);
    if (p) return p;
    const key = `${source.format}\u0000${ident ?? ''}`;
    p = table.plans.get(key);
    if (!p) { p = makePlan(rules, table, source.format, ident); table.plans.set(key, p); }
    mine.set(ident, p);
    return p;
  };

  const close = (h: Happening, out: DetectedEvent[]) => {
    const i = open.indexOf(h);
    if (i >= 0) open.splice(i, 1);
    if (h.provisional && !h.standalone) return;
    h.ev.message = fillMessage(h.rule.message, h.ev.fields);
    out.push(h.ev);
  };

  const event = (rec: LogRecord, m: RuleMatch): DetectedEvent => ({
    type: m.type,
    category: m.rule.category,
    severity: m.rule.severity,
    ruleId: m.rule.id,
    line: rec.line,
    endLine: rec.endLine,
    ts: rec.ts,
    tsKind: rec.tsKind,
    fields: m.fields,
    message: '',
  });

  const merge = (into: Fields, from: Fields) => {
    for (const [k, v] of Object.entries(from)) if (into[k] === undefined) into[k] = v;
  };

  const openHappening = (rec: LogRecord, m: RuleMatch, provisional: boolean): Happening => {
    const group = m.rule.group ?? null;
    const h: Happening = {
      ev: event(rec, m), rule: m.rule, group,
      by: group?.by ? m.fields[group.by] : undefined,
      provisional,
      standalone: group?.standalone !== false,
      ruleIds: new Set([m.rule.id]),
      lastLine: rec.endLine,
      lastTime: timeOf(rec),
      contextUntil: m.contextMissing ? rec.endLine + CONTEXT_LINES : rec.endLine,
      closeAfter: 0,
    };
    h.closeAfter = Math.max(h.lastLine + (group?.span ?? 0), h.contextUntil);
    open.push(h);
    soonest = Math.min(soonest, h.closeAfter);
    contextHorizon = Math.max(contextHorizon, h.contextUntil);
    if (group) lastOfGroup.set(group.name, { type: m.type, line: rec.endLine });
    return h;
  };

  const touch = (h: Happening, rec: LogRecord) => {
    h.lastLine = rec.endLine;
    h.lastTime = timeOf(rec) ?? h.lastTime;
    h.closeAfter = Math.max(h.lastLine + (h.group?.span ?? 0), h.contextUntil);
    contextHorizon = Math.max(contextHorizon, h.contextUntil);
  };

  const findOpen = (group: RuleGroup, by: string | number | undefined, rec: LogRecord): Happening | undefined => {
    const t = timeOf(rec);
    const gap = (group.maxGapSeconds ?? 10) * 1e6;
    for (let i = open.length - 1; i >= 0; i--) {
      const h = open[i]!;
      if (h.group?.name !== group.name || rec.line > h.lastLine + group.span) continue;
      if (t !== null && h.lastTime !== null && Math.abs(t - h.lastTime) > gap) continue;
      if (by !== undefined && h.by !== undefined && h.by !== by) continue;
      return h;
    }
    return undefined;
  };

  const handle = (rec: LogRecord, m: RuleMatch, out: DetectedEvent[]) => {
    const group = m.rule.group;
    if (m.rule.inheritType && group) {
      const last = lastOfGroup.get(group.name);
      if (last && rec.line <= last.line + group.span && !m.rule.retype?.some((r) => r.when.test(rec.message))) m.type = last.type;
    }
    if (!group) {
      const h = openHappening(rec, m, false);
      if (h.closeAfter <= rec.endLine) close(h, out);
      return;
    }
    const by = group.by ? m.fields[group.by] : undefined;
    const h = findOpen(group, by, rec);
    if (group.role === 'lead') {
      if (h && h.provisional && !h.ruleIds.has(m.rule.id)) {
        merge(m.fields, h.ev.fields);
        h.ev = { ...event(rec, m), line: h.ev.line, endLine: Math.max(h.ev.endLine, rec.endLine) };
        h.ruleIds.add(m.rule.id);
        if (group.standalone !== false) h.standalone = true;
        lastOfGroup.set(group.name, { type: m.type, line: rec.endLine });
        touch(h, rec);
        return;
      }
      if (h) close(h, out);
      openHappening(rec, m, true);
      return;
    }
    if (group.role === 'key') {
      if (h && h.provisional) {
        merge(m.fields, h.ev.fields);
        h.ev = event(rec, m);
        h.rule = m.rule;
        h.provisional = false;
        h.standalone = true;
        h.ruleIds.add(m.rule.id);
        if (m.contextMissing) h.contextUntil = rec.endLine + CONTEXT_LINES;
        lastOfGroup.set(group.name, { type: m.type, line: rec.endLine });
        touch(h, rec);
        return;
      }
      if (h) close(h, out);
      openHappening(rec, m, false);
      return;
    }
    // tail
    if (h) {
      merge(h.ev.fields, m.fields);
      h.ruleIds.add(m.rule.id);
      touch(h, rec);
      return;
    }
    openHappening(rec, m, true);
  };

  return {
    onRecord(rec: LogRecord, utf8?: MessageBytes | null): DetectedEvent[] {
      // Most records meet no open happening and no key: no allocation at all (garbage collection
      // of one empty array per record cost more than the rules).
      let out = NO_EVENTS;
      if (open.length) {
        if (rec.line > soonest) {
          out = [];
          soonest = Infinity;
          for (let i = open.length - 1; i >= 0; i--) {
            const h = open[i]!;
            if (rec.line > h.closeAfter) close(h, out);
            else if (h.closeAfter < soonest) soonest = h.closeAfter;
          }
          out.reverse();
        }
        if (rec.line <= contextHorizon) {
          for (const h of open) {
            if (rec.line <= h.contextUntil && h.rule.context) {
              const text = rec.message.length > MAX_LINE_CHARS ? clipLines(rec.message) : rec.message;
              if (!fillFromContext(h.rule, h.ev.fields, text)) h.contextUntil = 0;
            }
          }
        }
      }
      if (rec.ident !== lastIdent || lastPlan === null) { lastIdent = rec.ident; lastPlan = planFor(rec.ident); }
      const plan = lastPlan;
      if (!plan.any) return out;
      const text = detectionText(rec);
      // The bytes are the message's: usable when the text is the message itself.
      const found = utf8 && text === rec.message ? plan.filter.findBytes(text, utf8.bytes, utf8.start, utf8.end) : plan.filter.find(text);
      if (found.length === 0) return out;
      if (out === NO_EVENTS) out = [];
      let json: Record<string, unknown> | null | undefined;
      const lazyJson = () => (json === undefined ? (json = structured(rec)) : json);
      const candidates = found.length === 1 ? plan.rulesOfKey[found[0]!]! : [...new Set(found.flatMap((k) => plan.rulesOfKey[k]!))].sort((a, b) => a - b);
      const matches: RuleMatch[] = [];
      for (const i of candidates) for (const m of matchRule(plan.rules[i]!, rec, lazyJson, text)) matches.push(m);
      // Line order inside a multi-line record; rule order breaks ties (sort is stable).
      matches.sort((a, b) => a.index - b.index);
      for (const m of matches) handle(rec, m, out);
      return out;
    },
    end(): DetectedEvent[] {
      const out: DetectedEvent[] = [];
      lastPlan = null;
      for (const h of [...open]) close(h, out);
      return out;
    },
  };
}
