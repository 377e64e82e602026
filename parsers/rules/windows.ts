// Window rules: what only shows over time. Line rules see one record; these see the node's events
// in time order and say what the lines add up to — a link flapping, kubelet in a restart loop
// (node-problem-detector's "5 starts in 20 minutes"), a storm of the same complaint collapsed into
// one event with a count, and outage spans with a start and an end. All rows are data; the
// function is pure: events in, { collapsed, spans } out. `scan` still lists every line-level event;
// the analysis and the timeline read the collapsed list.
import type { DetectedEvent, EventType } from '../types.ts';

const MIN = 60_000_000; // µs

/** The input may carry the node it came from (events of several nodes are windowed apart). */
export type WindowEvent = DetectedEvent & { node?: string | null };

/** N link transitions of one interface within a window: a flap, one event instead of N. */
export interface FlapRule { id: string; members: EventType[]; key: string; minTransitions: number; windowUs: number; emits: EventType }
/** N failures of a unit within a window: a restart loop (kept beside its members). */
export interface LoopRule { id: string; members: EventType[]; field: string; match: RegExp; minCount: number; windowUs: number; emits: EventType }
/** Repeats of one complaint (same type, same key fields) closer than gapUs collapse into the first, with a count. */
export interface StormRule { types: EventType[] | '*'; key: string[]; gapUs: number }
/** An outage with a start and an end: opened by some events, closed by others or by silence. */
export interface SpanRule {
  kind: string;
  opens: EventType[];
  /** Only events whose field matches open it (etcd's `lost leader`, not `elected leader`). */
  openWhen?: { field: string; match: RegExp };
  closes: Array<{ type: EventType; when?: { field: string; match: RegExp } }>;
  /** Spans are per value of this field (a link is down per interface). */
  key?: string;
  /** Complaints further apart than this end the span at the last one. */
  gapUs: number;
}

export const FLAP_RULES: FlapRule[] = [
  // Four transitions (down, up, down, up) in ten minutes is a link that cannot hold, not maintenance.
  { id: 'window.nic-flap', members: ['nic_down', 'nic_up'], key: 'iface', minTransitions: 4, windowUs: 10 * MIN, emits: 'nic_flap' },
];

export const LOOP_RULES: LoopRule[] = [
  // node-problem-detector's systemd monitor: FrequentKubeletRestart = 5 starts in 20 minutes.
  { id: 'window.kubelet-restart-loop', members: ['unit_failed'], field: 'unit', match: /^(?:kubelet|k3s(?:-agent)?|rke2-(?:server|agent)|snap\.microk8s\.daemon-kubelite)(?:\.service)?$/, minCount: 5, windowUs: 20 * MIN, emits: 'kubelet_restart_loop' },
];

export const STORM_RULES: StormRule[] = [
  { types: ['nvme_error', 'io_error', 'scsi_error', 'ata_error', 'fs_error'], key: ['device'], gapUs: 10 * MIN },
  { types: ['apiserver_unreachable'], key: ['endpoint'], gapUs: 5 * MIN },
  { types: ['kubelet_node_status_error', 'node_not_ready'], key: ['node'], gapUs: 5 * MIN },
  { types: ['dns_failure'], key: ['upstream'], gapUs: 5 * MIN },
  { types: ['unit_failed', 'kubelet_restart_loop'], key: ['unit'], gapUs: 20 * MIN },
  { types: ['etcd_peer_lost'], key: ['peer'], gapUs: 10 * MIN },
  { types: ['netdev_watchdog'], key: ['iface'], gapUs: 10 * MIN },
  { types: ['hung_task'], key: ['process'], gapUs: 10 * MIN },
  // Everything else: same type within five minutes is one storm. Crash boundaries never collapse.
  { types: '*', key: [], gapUs: 5 * MIN },
];
/** Never collapsed: each is a boundary or a one-off the verdict must see on its own. */
const NEVER_COLLAPSED = new Set<EventType>(['boot', 'shutdown', 'kernel_panic', 'operator_action', 'nic_flap']);

export const SPAN_RULES: SpanRule[] = [
  { kind: 'apiserver_unreachable', opens: ['apiserver_unreachable', 'kubelet_node_status_error'], closes: [], gapUs: 5 * MIN },
  { kind: 'node_not_ready', opens: ['node_not_ready', 'kubelet_pleg', 'runtime_down'], closes: [], gapUs: 10 * MIN },
  { kind: 'nic_down', opens: ['nic_down'], closes: [{ type: 'nic_up' }], key: 'iface', gapUs: Infinity },
  {
    kind: 'etcd_no_leader', opens: ['etcd_leader_change'], openWhen: { field: 'phase', match: /lost leader|election started|candidate/ },
    closes: [{ type: 'etcd_leader_change', when: { field: 'phase', match: /elected leader|changed leader|^leader$/ } }], gapUs: 5 * MIN,
  },
];

export interface OutageSpan {
  kind: string;
  node?: string | null;
  /** Spans are per interface etc. when the rule has a key. */
  key?: string;
  start: number;
  /** null: still open when the log ends. */
  end: number | null;
  /** Indexes into the input array of the events that make the span (openers and the closer). */
  eventIndexes: number[];
}

export interface Windowed { collapsed: DetectedEvent[]; spans: OutageSpan[] }

const nodeOf = (e: WindowEvent) => e.node ?? '';
const fieldStr = (e: DetectedEvent, f: string) => (e.fields[f] === undefined ? '' : String(e.fields[f]));

interface Stamped { e: WindowEvent; i: number; ts: number }

function stampedSorted(events: readonly WindowEvent[]): Stamped[] {
  const out: Stamped[] = [];
  events.forEach((e, i) => { if (e.ts !== null) out.push({ e, i, ts: e.ts }); });
  return out.sort((a, b) => a.ts - b.ts || a.i - b.i);
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const it of items) { const k = key(it); const l = m.get(k); if (l) l.push(it); else m.set(k, [it]); }
  return m;
}

function synthetic(type: EventType, ruleId: string, members: Stamped[], fields: DetectedEvent['fields'], message: string): WindowEvent {
  const first = members[0]!.e, last = members[members.length - 1]!;
  return {
    type, category: type === 'kubelet_restart_loop' ? 'kubernetes' : 'hardware', severity: 'error', ruleId,
    line: first.line, endLine: first.endLine, ts: members[0]!.ts, tsKind: first.tsKind, fields, message,
    count: members.length, endTs: last.ts, node: first.node,
  };
}

function flaps(stamped: Stamped[], consumed: Set<number>): WindowEvent[] {
  const out: WindowEvent[] = [];
  for (const rule of FLAP_RULES) {
    const members = stamped.filter((s) => rule.members.includes(s.e.type));
    for (const [, list] of groupBy(members, (s) => `${nodeOf(s.e)}\u0000${fieldStr(s.e, rule.key)}`)) {
      let i = 0;
      while (i < list.length) {
        // Grow a run while each transition is within the window of the run's start.
        let j = i;
        while (j + 1 < list.length && list[j + 1]!.ts - list[i]!.ts <= rule.windowUs) j++;
        const run = list.slice(i, j + 1);
        if (run.length >= rule.minTransitions) {
          for (const s of run) consumed.add(s.i);
          const downs = run.filter((s) => s.e.type === 'nic_down').length;
          const iface = fieldStr(run[0]!.e, rule.key);
          out.push(synthetic(rule.emits, rule.id, run, { iface, transitions: run.length, downs, ups: run.length - downs },
            `link ${iface} flapped: ${downs} down / ${run.length - downs} up in ${Math.round((run[run.length - 1]!.ts - run[0]!.ts) / 1e6)} s`));
          i = j + 1;
        } else i++;
      }
    }
  }
  return out;
}

function loops(stamped: Stamped[]): WindowEvent[] {
  const out: WindowEvent[] = [];
  for (const rule of LOOP_RULES) {
    const members = stamped.filter((s) => rule.members.includes(s.e.type) && rule.match.test(fieldStr(s.e, rule.field)));
    const lineLevel = stamped.filter((s) => s.e.type === rule.emits);
    for (const [, list] of groupBy(members, (s) => `${nodeOf(s.e)}\u0000${fieldStr(s.e, rule.field)}`)) {
      let i = 0;
      while (i < list.length) {
        let j = i;
        while (j + 1 < list.length && list[j + 1]!.ts - list[i]!.ts <= rule.windowUs) j++;
        const run = list.slice(i, j + 1);
        const said = lineLevel.some((s) => nodeOf(s.e) === nodeOf(run[0]!.e) && s.ts >= run[0]!.ts - rule.windowUs && s.ts <= run[run.length - 1]!.ts + rule.windowUs);
        if (run.length >= rule.minCount && !said) {
          const unit = fieldStr(run[0]!.e, rule.field);
          out.push(synthetic(rule.emits, rule.id, run, { unit, failures: run.length },
            `${unit} failed ${run.length} times in ${Math.round((run[run.length - 1]!.ts - run[0]!.ts) / 60e6)} min: restart loop`));
          i = j + 1;
        } else i++;
      }
    }
  }
  return out;
}

function stormRuleFor(type: EventType): StormRule {
  return STORM_RULES.find((r) => r.types === '*' || r.types.includes(type))!;
}

function storms(items: Array<{ e: WindowEvent; ts: number }>): DetectedEvent[] {
  const out: DetectedEvent[] = [];
  const key = (x: { e: WindowEvent }) => {
    const r = stormRuleFor(x.e.type);
    return `${nodeOf(x.e)}\u0000${x.e.type}\u0000${r.key.map((k) => fieldStr(x.e, k)).join('\u0000')}`;
  };
  for (const [, list] of groupBy(items, key)) {
    const rule = stormRuleFor(list[0]!.e.type);
    let head: DetectedEvent | null = null;
    let lastTs = 0;
    for (const x of list) {
      if (NEVER_COLLAPSED.has(x.e.type)) { out.push(x.e); continue; }
      if (head && x.ts - lastTs <= rule.gapUs) {
        head.count = (head.count ?? 1) + (x.e.count ?? 1);
        head.endTs = Math.max(head.endTs ?? head.ts!, x.e.endTs ?? x.ts);
        lastTs = x.ts;
        continue;
      }
      head = { ...x.e, fields: { ...x.e.fields }, count: x.e.count ?? 1, endTs: x.e.endTs ?? x.ts };
      lastTs = x.ts;
      out.push(head);
    }
  }
  for (const e of out) if ((e.count ?? 1) > 1 && !/\(×\d+\)$/.test(e.message)) e.message = `${e.message} (×${e.count})`;
  return out;
}

function spans(stamped: Stamped[]): OutageSpan[] {
  const out: OutageSpan[] = [];
  for (const rule of SPAN_RULES) {
    const opens = (e: DetectedEvent) => rule.opens.includes(e.type) && (!rule.openWhen || rule.openWhen.match.test(fieldStr(e, rule.openWhen.field)));
    const closes = (e: DetectedEvent) => rule.closes.some((c) => c.type === e.type && (!c.when || c.when.match.test(fieldStr(e, c.when.field))));
    const relevant = stamped.filter((s) => opens(s.e) || closes(s.e));
    for (const [, list] of groupBy(relevant, (s) => `${nodeOf(s.e)}\u0000${rule.key ? fieldStr(s.e, rule.key) : ''}`)) {
      let cur: OutageSpan | null = null;
      let last = 0;
      for (const s of list) {
        if (closes(s.e) && !opens(s.e)) {
          if (cur) { cur.end = s.ts; cur.eventIndexes.push(s.i); cur = null; }
          continue;
        }
        // Silence longer than the gap ends the outage at its last complaint.
        if (cur && s.ts - last > rule.gapUs) { cur.end = last; cur = null; }
        if (!cur) {
          cur = { kind: rule.kind, node: s.e.node ?? null, start: s.ts, end: null, eventIndexes: [] };
          if (rule.key) cur.key = fieldStr(s.e, rule.key);
          out.push(cur);
        }
        cur.eventIndexes.push(s.i);
        last = s.ts;
      }
      // A span closed only by its counterpart (a link up) stays open (end null) when the log ends.
      if (cur && rule.gapUs !== Infinity) cur.end = last;
    }
  }
  return out;
}

export function applyWindows(events: readonly WindowEvent[]): Windowed {
  const stamped = stampedSorted(events);
  const consumed = new Set<number>();
  const made = [...flaps(stamped, consumed), ...loops(stamped)];
  const items = stamped.filter((s) => !consumed.has(s.i)).map((s) => ({ e: s.e, ts: s.ts }));
  for (const m of made) items.push({ e: m, ts: m.ts! });
  items.sort((a, b) => a.ts - b.ts);
  const collapsed = storms(items);
  // Events without a time cannot be windowed: they pass through as they are.
  for (const e of events) if (e.ts === null) collapsed.push(e);
  collapsed.sort((a, b) => (a.ts ?? Infinity) - (b.ts ?? Infinity));
  return { collapsed, spans: spans(stamped) };
}
