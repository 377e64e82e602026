// The import's view of the bundle layouts room (parsers/bundle/): what each member is (a log with
// its role and format hint, a fact file, noise), the facts per node, the layout, and the time facts
// a log is parsed with. parsers/bundle/read.ts does the same walk single-threaded for
// `crashlens sources`; the import needs the parsing spread over workers, so it uses the room's
// pieces (classifyEntry, FACT_READERS, NodeFacts, LayoutVotes, retimeTs) around its own pool.
// Like readBundle, a log that arrives before the facts that time it is parsed with what is known
// then and moved afterwards (core/ingest/retime.ts) when the final time facts differ.
import { classifyEntry, nodeFromPath, nodeKey, type Classification } from '../../parsers/bundle/classify.ts';
import { FACT_READERS, NodeFacts, zoneFromLinkTarget } from '../../parsers/bundle/facts.ts';
import { LayoutVotes, type Layout } from '../../parsers/bundle/layout.ts';
import type { NodeIdentity, TimeContext, Warning } from '../../parsers/types.ts';

export class BundleFacts {
  private readonly nodes = new Map<string, NodeFacts>();
  private readonly votes = new LayoutVotes();

  constructor(private readonly fallbackName: string) {}

  facts(key: string): NodeFacts {
    let f = this.nodes.get(key);
    if (!f) { f = new NodeFacts(); this.nodes.set(key, f); }
    return f;
  }

  classify(path: string): { c: Classification; key: string } {
    const key = nodeKey(path);
    this.votes.add(path, key);
    return { c: classifyEntry(path), key };
  }

  /** A symlink in the bundle: etc/localtime → …/zoneinfo/Europe/Berlin names the zone. */
  onLink(path: string, target: string): void {
    const c = classifyEntry(path);
    this.votes.add(path, nodeKey(path));
    if (c.fact === 'localtime') this.facts(nodeKey(path)).set('zone', zoneFromLinkTarget(target), 5, `${path} → ${target}`);
  }

  readFact(path: string, c: Classification, key: string, bytes: Buffer, warn: (w: Warning) => void): void {
    if (!c.fact) return;
    try {
      FACT_READERS[c.fact](bytes.toString('utf8'), bytes, this.facts(key), path, (name) => this.facts(`k8s-node:${name}`));
    } catch (e) {
      warn({ file: path, code: 'bad-facts', message: `${path}: not understood (${(e as Error).message})` });
    }
  }

  /** Time facts for a log of node `key`, as known now (same rules as parsers/bundle/read.ts). */
  timeFor(key: string, c: Classification, mtime: number | null, zoneOverride: string | undefined): TimeContext {
    const f = this.facts(key);
    const id = f.identity;
    const mtimeUs = mtime !== null ? Math.round(mtime * 1000) : null;
    let refTs = id.captureTs;
    if (mtimeUs !== null && (refTs === null || mtimeUs <= refTs + 86_400_000_000)) refTs = refTs === null ? mtimeUs : Math.min(refTs, mtimeUs);
    const year = new Date(refTs !== null ? refTs / 1000 : Date.now()).getUTCFullYear();
    const boot = c.boot === 'current' ? f.bestBoot() : null;
    return { year, refTs, zone: zoneOverride ?? id.zone, bootTs: boot?.ts ?? null };
  }

  identity(key: string): NodeIdentity {
    const f = this.facts(key);
    return { ...f.identity, bootTs: f.bestBoot()?.ts ?? f.identity.bootTs };
  }

  /** The node's name: its hostname, else the collector folder's host part, else the bundle's name. */
  nodeName(key: string): string {
    return this.facts(key).identity.hostname ?? nodeFromPath(key) ?? this.fallbackName;
  }

  layout(singleFile: boolean): Layout { return this.votes.decide(singleFile); }
}

