// Hand-built analysis inputs for the tests: events with the shapes the detectors emit, placed on
// one node's timeline by wall-clock time ("2026-03-13 02:49:31").
import { EVENT_TYPES, type Category, type EventType, type NodeIdentity, type SourceRole } from '../../parsers/types.ts';
import type { AnalysisEvent, AnalysisInput, BootMark, Coverage, NodeInput } from './input.ts';

const CATEGORY_OF = new Map<EventType, Category>();
for (const [cat, types] of Object.entries(EVENT_TYPES)) for (const t of types) CATEGORY_OF.set(t, cat as Category);

export const at = (s: string): number => Date.parse(`${s.replace(' ', 'T')}Z`) * 1000;

export function identity(p: Partial<NodeIdentity> = {}): NodeIdentity {
  return { hostname: null, kernel: null, os: null, kubeletVersion: null, runtimeVersion: null, etcdVersion: null, zone: null, zoneSource: null, captureTs: null, bootTs: null, ...p };
}

/** Builds one case's input event by event. */
export class Timeline {
  private events: AnalysisEvent[] = [];
  private marks: BootMark[] = [];
  private cover: Coverage[] = [];
  private nodes: NodeInput[] = [];
  private line = 1;
  constructor(private node = 'node-2') {}

  nodeInfo(id: Partial<NodeIdentity>, factFiles: Record<string, string> = {}, name = this.node): this {
    this.nodes.push({ name, identity: identity({ hostname: name, ...id }), factFiles });
    return this;
  }

  ev(type: EventType, when: string, message: string, fields: Record<string, string | number> = {}, opts: { role?: SourceRole; count?: number; node?: string; source?: string } = {}): this {
    const role = opts.role ?? 'journal';
    this.events.push({
      id: this.events.length + 1, node: opts.node ?? this.node, sourcePath: opts.source ?? 'var/log/journal', sourceRole: role,
      type, category: CATEGORY_OF.get(type)!, severity: 'error', ruleId: `test.${type}`, line: this.line, endLine: this.line,
      ts: at(when), tsKind: 'exact', fields, message, ...(opts.count ? { count: opts.count } : {}),
    });
    this.line++;
    return this;
  }

  /** n events of one type, evenly spread from `from` to `to`. */
  storm(type: EventType, n: number, from: string, to: string, message: string, fields: Record<string, string | number> = {}): this {
    const a = at(from), b = at(to);
    for (let i = 0; i < n; i++) {
      const ts = n === 1 ? a : a + ((b - a) * i) / (n - 1);
      this.ev(type, new Date(ts / 1000).toISOString().replace('T', ' ').replace('Z', ''), message, fields);
    }
    return this;
  }

  boot(when: string, bootId: string, prev?: string, kind: BootMark['kind'] = 'journal-boot-id'): this {
    this.marks.push({ node: this.node, ts: at(when), bootId, kind, sourcePath: 'var/log/journal', prevTs: prev ? at(prev) : null });
    return this;
  }

  mark(m: Omit<BootMark, 'node'> & { node?: string }): this {
    this.marks.push({ node: this.node, ...m });
    return this;
  }

  covers(from: string, to: string, role: SourceRole = 'journal', sourcePath = 'var/log/journal', truncated = false): this {
    this.cover.push({ node: this.node, sourcePath, role, firstTs: at(from), lastTs: at(to), truncated });
    return this;
  }

  input(): AnalysisInput {
    const nodes = this.nodes.length ? this.nodes : [{ name: this.node, identity: identity({ hostname: this.node }), factFiles: {} }];
    return { nodes, events: this.events, bootMarks: this.marks, coverage: this.cover };
  }
}
