// What readBundle hands back: the layout, each node with its identity, each log source with
// what was found in it.
import type { ArchiveLimits } from '../archive/types.ts';
import type { FormatId, LogRecord, NodeIdentity, SourceRole, TimeContext, TsKind, Warning } from '../types.ts';
import type { NodeExtras } from './facts.ts';
import type { Layout } from './layout.ts';

export interface SourceSummary {
  /** Node name (hostname when the bundle says it); null for cluster-wide sources (must-gather pods). */
  node: string | null;
  path: string;
  role: SourceRole;
  format: FormatId;
  confidence: number;
  zone: string | null;
  firstTs: number | null;
  lastTs: number | null;
  lines: number;
  records: number;
  bytes: number;
  tsKinds: Partial<Record<TsKind, number>>;
  warnings: Warning[];
  /** Boot ids the records carry (binary and text journals), in order of first appearance. */
  boots?: string[];
  /** Member mtime (UTC ms) when the container recorded one. */
  mtime: number | null;
  /** The time facts the records were parsed with. */
  time: TimeContext;
  /** Set when facts that arrived later in the bundle change the time facts: records delivered
   *  through onRecord were stamped with `time` and must be moved to `retime.to` with retimeRecord
   *  (firstTs / lastTs / zone / tsKinds here are already corrected). */
  retime?: { from: TimeContext; to: TimeContext };
  /** The node key (folder of the node in the bundle), internal to grouping. */
  nodeKey: string;
}

export interface BundleNode {
  name: string;
  key: string;
  identity: NodeIdentity;
  extras: NodeExtras;
  /** How the boot start was found (for the UI's "why this time"). */
  bootFrom: string | null;
}

export interface BundleScan {
  input: string;
  layout: Layout;
  nodes: BundleNode[];
  sources: SourceSummary[];
  warnings: Warning[];
}

export interface ReadBundleOptions {
  signal?: AbortSignal;
  limits?: Partial<ArchiveLimits>;
  onWarning?: (w: Warning) => void;
  /** A source is fully read (its summary may still be corrected at the end: see retime). */
  onSource?: (s: SourceSummary) => void;
  onRecord?: (source: SourceSummary, rec: LogRecord) => void;
  /** Read only sources whose path passes (facts are always read). */
  selectSource?: (path: string) => boolean;
  /** Use the decompressor CLIs (default true). */
  preferCli?: boolean;
  /** Per-source zone overrides by path. */
  zoneOverrides?: Record<string, string>;
}
