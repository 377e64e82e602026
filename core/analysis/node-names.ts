// Which node a line belongs to when the bundle does not say it per file: must-gather keeps the
// journals of all masters in one file (each line names its host) and pod logs under the pod's
// name (`etcd-master-1`); a /var/log tarball has no hostname file at all, only syslog's host field.

const short = (h: string) => h.split('.')[0]!.toLowerCase();
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export class NodeNames {
  private readonly names: string[];
  private readonly byShort = new Map<string, string>();
  private readonly inPath: { name: string; re: RegExp }[];

  constructor(names: Iterable<string>) {
    this.names = [...new Set(names)].filter(Boolean);
    for (const n of this.names) if (!this.byShort.has(short(n))) this.byShort.set(short(n), n);
    // Longest first: `master-10` before `master-1`; a name counts only as a whole token of the path.
    this.inPath = [...this.names].sort((a, b) => b.length - a.length)
      .map((name) => ({ name, re: new RegExp(`(^|[^A-Za-z0-9])${escape(name)}($|[^A-Za-z0-9])`) }));
  }

  /** The node a syslog / journal host field names: the same name, or the same short name (FQDN vs not). */
  byHost(host: string | null | undefined): string | null {
    if (!host) return null;
    return this.names.includes(host) ? host : this.byShort.get(short(host)) ?? null;
  }

  /** The node named as a whole token in a path (a pod `etcd-master-1`, a folder `node-b`). */
  byPath(path: string): string | null {
    return this.inPath.find((p) => p.re.test(path))?.name ?? null;
  }
}

/** The host that wrote nearly all host-bearing lines of a node's sources: the node's name when the
 *  bundle gave none (a plain /var/log tarball). */
export function dominantHost(counts: Iterable<Map<string, number>>, share = 0.8): string | null {
  const total = new Map<string, number>();
  for (const m of counts) for (const [h, n] of m) if (h) total.set(h, (total.get(h) ?? 0) + n);
  const all = [...total.values()].reduce((a, b) => a + b, 0);
  const top = [...total].sort((a, b) => b[1] - a[1])[0];
  return top && all > 0 && top[1] / all >= share ? top[0] : null;
}

/** The node an event is about: its own node, unless it names another known node (the node
 *  controller on a master reporting `Node worker-2 status is now: NodeNotReady`). */
export function subjectNode(e: { node: string; fields: Record<string, string | number> }, names: NodeNames): string {
  return typeof e.fields.node === 'string' ? names.byHost(e.fields.node) ?? e.node : e.node;
}
