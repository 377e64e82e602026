// The import's view of the bundle layouts room (parsers/bundle/): what a member of a bundle is
// (a log source with its role and maybe its format, a fact file such as `date` or `uname`, or
// nothing of interest) and what the facts say about the node. Module specifiers are variables so
// this file type-checks while parsers/bundle/ is being written; when it is absent every member is
// a log source of unknown role (a loose set of files), which is still a correct import.
import path from 'node:path';
import type { FormatId, NodeIdentity, SourceRole } from '../../parsers/types.ts';

export interface EntryKind {
  kind: 'source' | 'facts' | 'skip';
  role: SourceRole;
  format: FormatId | null;
  /** The node this member belongs to when the bundle holds several (sos collect, must-gather). */
  node: string | null;
}

export const EMPTY_IDENTITY: NodeIdentity = {
  hostname: null, kernel: null, os: null, kubeletVersion: null, runtimeVersion: null, etcdVersion: null,
  zone: null, zoneSource: null, captureTs: null, bootTs: null,
};

type Classify = (p: string) => unknown;
type IdentityFrom = (facts: Map<string, string> | Record<string, string>) => unknown;

let classify: Classify | null = null;
let identityFrom: IdentityFrom | null = null;
let loaded = false;

export async function loadBundleRoom(): Promise<void> {
  if (loaded) return;
  loaded = true;
  for (const mod of ['../../parsers/bundle/index.ts', '../../parsers/bundle/classify.ts', '../../parsers/bundle/facts.ts']) {
    try {
      const m = (await import(mod)) as Record<string, unknown>;
      if (!classify && typeof m.classifyEntry === 'function') classify = m.classifyEntry as Classify;
      const idf = m.identityFromFacts ?? m.nodeIdentity ?? m.readIdentity;
      if (!identityFrom && typeof idf === 'function') identityFrom = idf as IdentityFrom;
    } catch { /* not there yet: loose files */ }
  }
}

const FACT_NAMES = new Set(['date', 'uname', 'hostname', 'uptime', 'localtime', 'os-release', 'redhat-release', 'timedatectl', 'stat']);

export function describeEntry(p: string): EntryKind {
  if (classify) {
    // parsers/bundle/classify.ts: { kind: 'log' | 'facts' | 'ignore', role, formatHint?, node?, fact? }
    const c = classify(p) as { kind?: string; role?: SourceRole; formatHint?: FormatId; node?: string } | null;
    if (!c) return { kind: 'skip', role: 'other', format: null, node: null };
    const kind = c.kind === 'facts' ? 'facts' : c.kind === 'ignore' ? 'skip' : 'source';
    return { kind, role: c.role ?? 'other', format: c.formatHint ?? null, node: c.node ?? null };
  }
  const base = path.posix.basename(p);
  return { kind: FACT_NAMES.has(base) ? 'facts' : 'source', role: 'other', format: null, node: null };
}

export function identityOf(facts: Map<string, string>): NodeIdentity {
  if (!identityFrom) return { ...EMPTY_IDENTITY };
  try {
    const r = identityFrom(facts) as Partial<NodeIdentity> | { identity?: Partial<NodeIdentity> } | null;
    const id = (r && 'identity' in r ? r.identity : r) as Partial<NodeIdentity> | null;
    return { ...EMPTY_IDENTITY, ...(id ?? {}) };
  } catch {
    return { ...EMPTY_IDENTITY };
  }
}
