// Outage spans: intervals with a start and an end (node NotReady, apiserver unreachable, etcd
// without a leader, a NIC down), plus one span per boot and per source's coverage, so the timeline
// can draw them and the verdict can say "NotReady for 4 min".
// A span is a row of SPAN_RULES (data): which events open it, which close it, and how long a
// repeated complaint may pause before the outage counts as over.
import type { EventType, Span } from '../api/types.ts';
import type { BootInfo } from './boots.ts';
import type { AnalysisEvent, AnalysisInput } from './input.ts';
import { NodeNames, subjectNode } from './node-names.ts';

export interface SpanRule {
  kind: string;
  label: string;
  opens: EventType[];
  /** Only events whose message matches open it (e.g. etcd's "lost leader", not "elected leader"). */
  openMatch?: RegExp;
  closes: { type: EventType; match?: RegExp }[];
  /** Events of one span share this field (a link down is per interface). */
  key?: string;
  /** Repeats further apart than this start a new span; the span ends at its last repeat. */
  gapUs: number;
}

export const SPAN_RULES: SpanRule[] = [
  { kind: 'not_ready', label: 'node NotReady', opens: ['node_not_ready'], closes: [], gapUs: 10 * 60e6 },
  { kind: 'apiserver_unreachable', label: 'API server unreachable', opens: ['apiserver_unreachable', 'kubelet_node_status_error'], closes: [], gapUs: 5 * 60e6 },
  {
    kind: 'etcd_no_leader', label: 'etcd without a leader', opens: ['etcd_leader_change'], openMatch: /lost leader|no leader|leader (?:is )?lost|candidate|election/i,
    // etcd's phases as the rules word them: `lost leader`, `candidate`, `election started` open it;
    // `elected leader`, `changed leader`, `leader at term N` (became leader) close it.
    closes: [{ type: 'etcd_leader_change', match: /elected leader|became leader|changed leader|: leader at term/i }], gapUs: 5 * 60e6,
  },
  { kind: 'nic_down', label: 'link down', opens: ['nic_down'], closes: [{ type: 'nic_up' }], key: 'iface', gapUs: Infinity },
];

interface Open { start: number; last: number; eventIds: number[]; node: string; key: string }

export function findSpans(input: AnalysisInput, boots: BootInfo[]): Span[] {
  const spans: Omit<Span, 'id'>[] = [];
  // A NotReady reported by the node controller on a master is the named node's outage.
  const names = new NodeNames(input.nodes.map((n) => n.name));
  const stamped = input.events.filter((e) => e.ts !== null).sort((a, b) => a.ts! - b.ts!)
    .map((e) => (e.type === 'node_not_ready' ? { ...e, node: subjectNode(e, names) } : e));
  for (const rule of SPAN_RULES) spans.push(...ruleSpans(rule, stamped));
  for (const b of boots) {
    spans.push({ node: b.node, kind: 'boot', label: `boot ${b.bootId ?? b.id} (${b.ending})`, start: b.start, end: b.end, eventIds: [b.panic?.id, b.shutdown?.id].filter((x): x is number => x !== undefined) });
  }
  for (const c of input.coverage) {
    spans.push({ node: c.node, kind: 'source_coverage', label: `${c.sourcePath}${c.truncated ? ' (truncated)' : ''}`, start: c.firstTs, end: c.lastTs, eventIds: [] });
  }
  return spans.map((s, i) => ({ ...s, id: i + 1 }));
}

function ruleSpans(rule: SpanRule, stamped: AnalysisEvent[]): Omit<Span, 'id'>[] {
  const out: Omit<Span, 'id'>[] = [];
  const open = new Map<string, Open>();
  const close = (k: string, end: number, closer?: AnalysisEvent) => {
    const o = open.get(k)!;
    out.push({ node: o.node, kind: rule.kind, label: `${rule.label}${o.key ? ` (${o.key})` : ''}`, start: o.start, end, eventIds: closer ? [...o.eventIds, closer.id] : o.eventIds });
    open.delete(k);
  };
  for (const e of stamped) {
    const keyVal = rule.key ? String(e.fields[rule.key] ?? '') : '';
    const k = `${e.node}\u0000${keyVal}`;
    const o = open.get(k);
    if (o && rule.closes.some((c) => c.type === e.type && (!c.match || c.match.test(e.message)))) { close(k, e.ts!, e); continue; }
    if (!rule.opens.includes(e.type) || (rule.openMatch && !rule.openMatch.test(e.message))) continue;
    if (o && e.ts! - o.last > rule.gapUs) close(k, o.last);
    const cur = open.get(k);
    const end = e.endTs ?? e.ts!;
    if (cur) { cur.last = Math.max(cur.last, end); cur.eventIds.push(e.id); } else open.set(k, { start: e.ts!, last: end, eventIds: [e.id], node: e.node, key: keyVal });
  }
  // Still open at the end of the logs: a link never seen up again has no known end.
  for (const k of [...open.keys()]) {
    const o = open.get(k)!;
    if (rule.closes.length > 0 && rule.gapUs === Infinity) { out.push({ node: o.node, kind: rule.kind, label: `${rule.label}${o.key ? ` (${o.key})` : ''}`, start: o.start, end: null, eventIds: o.eventIds }); open.delete(k); } else close(k, o.last);
  }
  return out;
}
