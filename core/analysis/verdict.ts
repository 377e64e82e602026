// The verdict: for every crash (a boot that ended in a panic, a vmcore or a hard reset), every
// clean reboot with a cause in the logs (an operator), and every NotReady period without a crash,
// score the causal model (causes.ts) on the events before it, rank the causes, put the evidence in
// causal order, say what evidence is missing, and write one paragraph an on-call engineer reads.
import type { CauseCandidate, Crash, EventRow, EventType, Span, Verdict } from '../api/types.ts';
import { formatUtc, type BootInfo } from './boots.ts';
import { BOOT_NOISE, FACT_NOTES, SCENARIOS, type Scenario, type Stage } from './causes.ts';
import type { NodeFactsDetail } from './facts.ts';
import type { AnalysisEvent, AnalysisInput, NodeInput } from './input.ts';
import { KNOWN_BAD, type KnownBad } from './known-bad.ts';
import { NodeNames, subjectNode } from './node-names.ts';
import { componentVersion, matchKnownBad } from './facts.ts';

/** Events stamped this long after the crash instant still belong to it (same-second panic lines). */
const AFTER_SLACK_US = 2e6;
/** A NotReady period this close before a crash is the crash's prelude, not a separate outage. */
const NOT_READY_CRASH_GAP_US = 15 * 60e6;
/** Clean reboots are reported only when the logs give them a cause at least this strong. */
const CLEAN_REBOOT_MIN_SCORE = 0.3;
/** Evidence kept per stage: the first and last few of a storm. */
const EVIDENCE_PER_STAGE = 6;

export function toEventRow(e: AnalysisEvent): EventRow {
  return {
    id: e.id, recordId: e.recordId ?? null, sourceId: e.sourceId ?? null, node: e.node, type: e.type, category: e.category,
    severity: e.severity, ruleId: e.ruleId, ts: e.ts, endTs: e.endTs ?? null, tsKind: e.tsKind, count: e.count ?? 1,
    fields: e.fields, message: e.message, line: e.line, endLine: e.endLine,
  };
}

interface StageHit { stage: Stage; events: AnalysisEvent[]; count: number; strength: number }
interface Scored { scenario: Scenario; score: number; hits: StageHit[]; rootType: EventType; knownBad?: KnownBad }

const stageText = (e: AnalysisEvent, field: string): string =>
  field === 'message' ? [e.message, e.fields.reason, e.fields.message].filter((x) => x !== undefined).join(' ') : String(e.fields[field] ?? '');

function stageHit(stage: Stage, events: AnalysisEvent[]): StageHit {
  const hits = events.filter((e) => stage.types.includes(e.type) && (!stage.match || stage.match.re.test(stageText(e, stage.match.field))));
  const count = hits.reduce((n, e) => n + (e.count ?? 1), 0);
  const strength = count === 0 || count < (stage.minCount ?? 1) ? 0 : Math.min(1, count / (stage.saturate ?? 1));
  return { stage, events: hits, count, strength };
}

function scoreScenario(scenario: Scenario, events: AnalysisEvent[]): Scored | null {
  const hits = scenario.stages.map((s) => stageHit(s, events));
  const roots = hits.filter((h) => h.stage.role === 'root' && h.strength > 0);
  if (roots.length === 0) return null;
  let score = hits.reduce((s, h) => s + h.stage.weight * h.strength, 0);
  // Causes come first: when the symptoms began well before any root, the "root" may be their consequence.
  const stampOf = (e: AnalysisEvent) => e.ts ?? Infinity; // unstamped lines take no part in the order check
  const firstRoot = Math.min(...roots.flatMap((h) => h.events.map(stampOf)));
  const firstSymptom = Math.min(...hits.filter((h) => h.stage.role === 'symptom' && h.strength > 0).flatMap((h) => h.events.map(stampOf)));
  if (firstSymptom < firstRoot - 10 * 60e6) score *= 0.8;
  // The panic is how it ended, not what started it: name a root that came before it when there is one.
  const named = roots.filter((h) => !h.stage.types.includes('kernel_panic'));
  const top = (named.length ? named : roots).reduce((a, b) => (b.stage.weight * b.strength > a.stage.weight * a.strength ? b : a));
  return { scenario, score, hits, rootType: namedType(top) };
}

/** A stage lists its types in the order a report names them (the block-layer `io_error` before the
 *  SCSI detail, the `oops` before its `BUG:` line): the first one present names the cause. */
function namedType(h: StageHit): EventType {
  return h.stage.types.find((t) => h.events.some((e) => e.type === t)) ?? mostCommonType(h.events);
}

function mostCommonType(events: AnalysisEvent[]): EventType {
  const n = new Map<EventType, number>();
  for (const e of events) n.set(e.type, (n.get(e.type) ?? 0) + (e.count ?? 1));
  return [...n.entries()].sort((a, b) => b[1] - a[1])[0]![0];
}

/** A known-bad version becomes a scenario of its own when the events it explains are present:
 *  strong when its fingerprint is among them, weak (ranked below a plain cause) when not. */
function knownBadScenario(kb: KnownBad, version: string | null, events: AnalysisEvent[], lookbackUs: number): Scored | null {
  const stage: Stage = { role: 'root', types: kb.explains, weight: 0.45, saturate: 3, say: ['a {type} event', '{n} {type} events in {dur}'] };
  const hit = stageHit(stage, events);
  if (hit.strength === 0) return null;
  const signed = !kb.signature || hit.events.some((e) => kb.signature!.test(`${e.type} ${e.message} ${Object.values(e.fields).join(' ')}`));
  const score = signed ? hit.strength * 0.45 + 0.45 : hit.strength * 0.3 + 0.1;
  const because = `it runs ${kb.component} ${version ?? ''}, which has a known bug (${kb.what}; ${kb.reference.split(' ; ')[0]})`.replace('  ', ' ');
  const scenario: Scenario = { id: `known-bad:${kb.id}`, category: kb.category ?? 'operations', because, lookbackUs, stages: [stage] };
  return { scenario, score, hits: [hit], rootType: mostCommonType(hit.events), knownBad: kb };
}

const PLACEHOLDER_DEFAULTS: Record<string, string> = {
  process: 'a process', device: 'the disk', iface: 'the NIC', unit: 'a unit', user: 'someone', action: 'a command', cpu: '?', blocked_seconds: 'over 120',
};

function duration(us: number): string {
  if (us < 1e6) return 'a second';
  const s = Math.round(us / 1e6);
  if (s < 90) return `${s} seconds`;
  const m = Math.round(s / 60);
  if (m < 90) return `${m} minutes`;
  return `${Math.round(m / 60)} hours`;
}

/** Fill a phrase template; a parenthesised group whose field is unknown is dropped. */
function fill(template: string, vars: Record<string, string | number | undefined>): string {
  return template
    .replace(/\s*\(([^()]*)\)/g, (whole, inner: string) => (/\{(\w+)\}/.test(inner) && [...inner.matchAll(/\{(\w+)\}/g)].some((m) => vars[m[1]!] === undefined) ? '' : whole))
    .replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? PLACEHOLDER_DEFAULTS[k] ?? k));
}

function phrase(h: StageHit): string {
  const first = h.events[0]!;
  const span = h.events.length > 1 ? (h.events.at(-1)!.endTs ?? h.events.at(-1)!.ts!) - first.ts! : 0;
  // What the events were, for phrases that list them (commands an operator ran).
  const what = [...new Set(h.events.map((e) => String(e.fields.command ?? e.fields.action ?? e.message)))];
  const list = what.slice(0, 4).map((w) => w.replace(/^\/(?:usr\/)?s?bin\//, '')).join('; ') + (what.length > 4 ? '; …' : '');
  const vars: Record<string, string | number | undefined> = { ...first.fields, n: h.count, dur: duration(span), type: first.type.replace(/_/g, ' '), message: first.message, list };
  return fill(h.count > 1 ? h.stage.say[1] : h.stage.say[0], vars);
}

function evidenceInOrder(hits: StageHit[]): EventRow[] {
  const seen = new Set<number>();
  const out: EventRow[] = [];
  for (const h of hits) {
    if (h.strength === 0) continue;
    const evs = [...h.events].sort((a, b) => (a.ts ?? 0) - (b.ts ?? 0) || a.line - b.line);
    const kept = evs.length > EVIDENCE_PER_STAGE ? [...evs.slice(0, EVIDENCE_PER_STAGE / 2), ...evs.slice(-EVIDENCE_PER_STAGE / 2)] : evs;
    for (const e of kept) if (!seen.has(e.id)) { seen.add(e.id); out.push(toEventRow(e)); }
  }
  return out;
}

interface Occasion {
  node: string;
  time: number | null;
  /** The window the causes are looked for in ends here (the crash, or the end of a NotReady period). */
  until: number | null;
  outcome: Crash['outcome'];
  boot: BootInfo | null;
  span?: Span;
}

function occasions(boots: BootInfo[], spans: Span[]): Occasion[] {
  const out: Occasion[] = [];
  for (const b of boots) {
    if (b.ending === 'crash') {
      const time = b.panic?.ts ?? b.end;
      out.push({ node: b.node, time, until: time, outcome: b.panic || b.vmcore ? 'panic' : 'hard_reset', boot: b });
    } else if (b.ending === 'clean') {
      out.push({ node: b.node, time: b.shutdownFrom ?? b.end, until: b.end, outcome: 'clean_reboot', boot: b });
    }
  }
  const crashes = out.filter((o) => o.outcome !== 'clean_reboot');
  for (const s of spans) {
    if (s.kind !== 'not_ready' || s.node === null || s.start === null) continue;
    const explained = crashes.some((c) => c.node === s.node && c.time !== null && c.time >= s.start! - 2 * 60e6 && c.time <= (s.end ?? s.start!) + NOT_READY_CRASH_GAP_US);
    if (explained) continue;
    const boot = boots.find((b) => b.node === s.node && (b.start ?? -Infinity) <= s.start! && (b.end ?? Infinity) >= s.start!) ?? null;
    out.push({ node: s.node, time: s.start, until: s.end ?? s.start, outcome: 'not_ready', boot, span: s });
  }
  return out.sort((a, b) => (a.time ?? 0) - (b.time ?? 0) || a.node.localeCompare(b.node));
}

/** Events about a node: its own, and those another node logged naming it (node controller, etcd peers). */
function eventsOf(node: string, events: AnalysisEvent[], names: NodeNames): AnalysisEvent[] {
  return events.filter((e) => e.ts !== null && (e.node === node || subjectNode(e, names) === node));
}

/** Known-bad versions the node runs, as scenarios over these events. */
function knownBadScored(nodeInput: NodeInput | undefined, events: AnalysisEvent[], lookbackUs: number): Scored[] {
  if (!nodeInput) return [];
  return matchKnownBad(nodeInput, KNOWN_BAD)
    .map((kb) => knownBadScenario(kb, componentVersion(nodeInput, kb.component), events, lookbackUs))
    .filter((s): s is Scored => s !== null);
}

/** Known-bad versions are judged on the last hour before the crash. */
const KNOWN_BAD_LOOKBACK_US = 60 * 60e6;

function rank(o: Occasion, input: AnalysisInput, nodeInput: NodeInput | undefined): Scored[] {
  if (o.until === null) return rankUnstamped(o, input, nodeInput);
  const end = o.until + AFTER_SLACK_US;
  const floor = o.boot?.start ?? -Infinity;
  const noiseUntil = o.boot?.start != null ? o.boot.start + BOOT_NOISE.withinUs : -Infinity;
  const all = eventsOf(o.node, input.events, new NodeNames(input.nodes.map((n) => n.name)))
    .filter((e) => e.ts! <= end && e.ts! >= floor - 5e6 && !(BOOT_NOISE.types.includes(e.type) && e.ts! < noiseUntil));
  const inWindow = (lookback: number) => all.filter((e) => e.ts! >= Math.max(floor - 5e6, o.until! - lookback));
  const scored = SCENARIOS.map((sc) => scoreScenario(sc, inWindow(sc.lookbackUs))).filter((s): s is Scored => s !== null);
  scored.push(...knownBadScored(nodeInput, inWindow(KNOWN_BAD_LOOKBACK_US), KNOWN_BAD_LOOKBACK_US));
  return scored.sort((a, b) => b.score - a.score);
}

/** A crash with no wall-clock time (a pasted panic, dmesg without a boot time): no lookback can
 *  be measured, so every event of the node counts, in file order. */
function rankUnstamped(o: Occasion, input: AnalysisInput, nodeInput: NodeInput | undefined): Scored[] {
  const events = input.events.filter((e) => e.node === o.node && e.ts === null);
  if (events.length === 0) return [];
  const scored = SCENARIOS.map((sc) => scoreScenario(sc, events)).filter((s): s is Scored => s !== null);
  scored.push(...knownBadScored(nodeInput, events, 0));
  return scored.sort((a, b) => b.score - a.score);
}

function missingEvidence(o: Occasion, input: AnalysisInput, facts: NodeFactsDetail | undefined): string[] {
  const missing: string[] = [];
  const b = o.boot;
  if ((o.outcome === 'panic' || o.outcome === 'hard_reset') && b && !b.vmcore) missing.push('no vmcore: kdump did not save one, or it was not collected in the bundle');
  if (b && !b.hasKernelLog) missing.push('no kernel log for this boot (no dmesg, kern.log or journal kernel lines)');
  if (o.outcome === 'hard_reset' && b) missing.push(`the instant of the reset is not logged: the time given is the last record before the next boot (${formatUtc(b.lastSeen)})`);
  if (o.time !== null) {
    for (const c of input.coverage) {
      if (c.node !== o.node || c.lastTs === null) continue;
      if (!['journal', 'kernel', 'syslog', 'kubelet'].includes(c.role)) continue;
      const covers = c.firstTs !== null && c.firstTs <= o.time;
      if (covers && c.lastTs < o.time - 60e6 && (b?.start == null || c.lastTs >= b.start)) {
        missing.push(`${c.sourcePath} ends at ${formatUtc(c.lastTs)}, ${duration(o.time - c.lastTs)} before this${c.truncated ? ' (the file is truncated)' : ''}: the last minutes are not in it`);
      }
    }
  }
  const unplaced = input.events.filter((e) => e.node === o.node && e.ts === null && e.sourceRole !== 'crash').length;
  if (unplaced > 0) missing.push(`${unplaced} event(s) of ${o.node} have no wall-clock time (monotonic dmesg without a boot time, or bare kernel text) and could not be placed before or after it`);
  if (o.outcome === 'panic' && facts && Object.keys(facts.sysctls).length === 0) missing.push('no sysctl values in the bundle: whether panic_on_oom / hung_task_panic / softlockup_panic were set is unknown');
  return missing;
}

const CONFIDENCE_CAP = 0.95;

/** A cause scoring below this is not blamed at all (two late heartbeats explain nothing). */
const MIN_BLAME_SCORE = 0.15;

function candidates(scored: Scored[], facts: NodeFactsDetail | undefined, missingCount: number, boot: BootInfo | null): { cause: CauseCandidate; from: Scored }[] {
  const kept = scored.filter((s) => s.score >= MIN_BLAME_SCORE).slice(0, 4);
  const top = kept[0]?.score ?? 0;
  const out: { cause: CauseCandidate; from: Scored }[] = [];
  for (const s of kept) {
    let confidence = Math.min(CONFIDENCE_CAP, s.score);
    if (s === kept[0] && kept[1] && kept[1].score > 0.8 * top) confidence *= 0.9; // a close second: less sure
    if (boot && !boot.hasKernelLog) confidence *= 0.8;
    confidence *= Math.max(0.7, 1 - 0.04 * Math.max(0, missingCount - 1));
    confidence = Math.round(confidence * 100) / 100;
    const chain = s.hits.filter((h) => h.strength > 0 && !h.stage.types.includes('kernel_panic')).map(phrase);
    const notes = factNotes(s, facts);
    const kb = s.knownBad ? ` ${s.knownBad.why}` : '';
    out.push({
      from: s,
      cause: {
        category: s.scenario.category, type: s.rootType, confidence,
        summary: `${capital(s.scenario.because)}: ${[...new Set(chain)].join(' → ')}${notes.length ? ` (${notes.join('; ')})` : ''}.${kb}`,
        evidence: evidenceInOrder(s.hits),
      },
    });
  }
  return out;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const when = (us: number | null) => (us === null ? 'an unknown time' : `${new Date(Math.floor(us / 1e6) * 1000).toISOString().replace('T', ' ').replace('.000Z', '')} UTC`);

/** Sysctls that made it worse, in words, for the scenario. */
function factNotes(s: Scored, facts: NodeFactsDetail | undefined): string[] {
  return FACT_NOTES.filter((n) => n.scenario === s.scenario.id && facts?.sysctls[n.sysctl] !== undefined && n.when(facts.sysctls[n.sysctl]!))
    .map((n) => n.note.replace('{v}', facts!.sysctls[n.sysctl]!));
}

function plainSummary(o: Occasion, best: Scored | null, facts: NodeFactsDetail | undefined): string {
  const chain = best ? [...new Set(best.hits.filter((h) => h.strength > 0 && !h.stage.types.includes('kernel_panic')).map(phrase))] : [];
  const panicHit = best?.hits.find((h) => h.strength > 0 && h.stage.types.includes('kernel_panic'));
  const notes = best ? factNotes(best, facts) : [];
  const why = best ? ` because ${best.scenario.because}${chain.length ? `: ${chain.join(', ')}` : ''}` : '';
  return withNotes(sentence(o, best, why, panicHit), notes);
}

const withNotes = (text: string, notes: string[]) => (notes.length ? `${text} Settings that made it worse: ${notes.join('; ')}.` : text);

function sentence(o: Occasion, best: Scored | null, why: string, panicHit: StageHit | undefined): string {
  switch (o.outcome) {
    case 'panic': {
      const end = panicHit ? `, then ${phrase(panicHit)}` : ', then a kernel panic';
      return best ? `${o.node} crashed at ${when(o.time)}${why}${end}.` : `${o.node} crashed at ${when(o.time)} (kernel panic${o.boot?.panic ? `: ${o.boot.panic.message}` : ''}); no cause was found in the logs before it.`;
    }
    case 'hard_reset':
      return best ? `${o.node} went down at ${when(o.time)} without a shutdown (hard reset)${why}, then the logs stop.` : `${o.node} went down at ${when(o.time)} without a shutdown or a panic logged (hard reset: power cut, hypervisor or watchdog reset); nothing in the logs before it explains it.`;
    case 'clean_reboot':
      return `${o.node} was shut down cleanly at ${when(o.time)}${why}.`;
    case 'not_ready': {
      const len = o.span?.end != null && o.span.start !== null ? ` (${duration(o.span.end - o.span.start)})` : '';
      return best ? `${o.node} was NotReady from ${when(o.time)} to ${when(o.span?.end ?? null)}${len}${why}; it did not crash.` : `${o.node} was NotReady from ${when(o.time)} to ${when(o.span?.end ?? null)}${len}; no cause was found in its logs and it did not crash.`;
    }
  }
}

export function buildVerdict(input: AnalysisInput, boots: BootInfo[], spans: Span[], facts: Record<string, NodeFactsDetail>, generatedAt = Date.now() * 1000): Verdict {
  const crashes: Crash[] = [];
  const nodes = new Map(input.nodes.map((n) => [n.name, n]));
  for (const o of occasions(boots, spans)) {
    const scored = rank(o, input, nodes.get(o.node));
    if (o.outcome === 'clean_reboot' && (scored[0]?.score ?? 0) < CLEAN_REBOOT_MIN_SCORE) continue;
    const missing = missingEvidence(o, input, facts[o.node]);
    const ranked = candidates(scored, facts[o.node], missing.length, o.boot);
    crashes.push({
      node: o.node, time: o.time, outcome: o.outcome, bootId: o.boot?.id ?? null,
      causes: ranked.map((r) => r.cause), missing, summary: plainSummary(o, ranked[0]?.from ?? null, facts[o.node]),
    });
  }
  const factsOut: Verdict['facts'] = {};
  for (const [k, f] of Object.entries(facts)) factsOut[k] = f;
  return { crashes, facts: factsOut, generatedAt };
}
