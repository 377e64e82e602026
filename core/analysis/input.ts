// What the analysis reads: plain data, so that a verdict can be computed from a bundle read in
// memory (`crashlens analyze bundle.tar.xz`), from a case file (from-case.ts), or from a hand-built
// list in a test, by the same code. Nothing here knows about SQLite or archives.
import type { DetectedEvent, NodeIdentity, SourceRole, TsKind } from '../../parsers/types.ts';
import type { Boot, Span, Verdict } from '../api/types.ts';

/** One node of the case: who it is, and the text of the fact files the verdict reads. */
export interface NodeInput {
  name: string;
  identity: NodeIdentity;
  /** Fact files by their path in the bundle (`proc/meminfo`, `sos_commands/kernel/sysctl_-a`,
   *  `proc/slabinfo`, `proc/sys/vm/panic_on_oom`…). facts.ts recognises them by path. */
  factFiles: Record<string, string>;
  /** Facts already read by the bundle room (parsers/bundle/facts.ts NodeExtras), used where no
   *  fact file text is at hand (a case stores them with the bundle's identity). */
  extras?: { memTotalKb?: number | null; swapTotalKb?: number | null; sysctls?: Record<string, string> };
}

/** A detected event placed in the case: which node and which source said it. */
export interface AnalysisEvent extends DetectedEvent {
  id: number;
  node: string;
  sourcePath: string;
  sourceRole: SourceRole;
  /** The case's record / source ids when the event comes from a case file. */
  recordId?: number | null;
  sourceId?: number | null;
}

export type BootMarkKind =
  | 'journal-boot-id' // the journal's _BOOT_ID changed (or was first seen)
  | 'boot-marker' // journalctl's `-- Boot <id> --` / `-- Reboot --` line
  | 'linux-version' // the kernel's `Linux version …` banner
  | 'dmesg-restart' // dmesg's monotonic clock went back to ~0
  | 'shutdown' // a shutdown sequence line (systemd `Reached target Shutdown`, `Journal stopped`…)
  | 'panic' // the kernel panicked (`Kernel panic - not syncing`)
  | 'vmcore'; // kdump saved a vmcore for a boot (vmcore-dmesg.txt)

/** A boot boundary seen in one source. */
export interface BootMark {
  node: string;
  /** UTC µs; null when the source's clock is unmapped (monotonic dmesg without a boot time). */
  ts: number | null;
  bootId: string | null;
  kind: BootMarkKind;
  sourcePath: string;
  line?: number;
  /** The last record stamped before this mark in the same source: the previous boot's last word.
   *  It is the best estimate of a hard reset's instant. */
  prevTs?: number | null;
  /** Kernel release named by a `Linux version` banner. */
  kernel?: string | null;
  /** How `ts` / `prevTs` were stamped, so they can be moved when a bundle's time facts settle late. */
  stamp?: { tsKind: TsKind; mono: number | null };
  prevStamp?: { tsKind: TsKind; mono: number | null };
}

/** How much time one source covers: where a log stops says what we cannot know. */
export interface Coverage {
  node: string;
  sourcePath: string;
  role: SourceRole;
  firstTs: number | null;
  lastTs: number | null;
  /** The reader saw the file cut short (truncated archive member, rotated away). */
  truncated?: boolean;
}

export interface AnalysisInput {
  nodes: NodeInput[];
  events: AnalysisEvent[];
  bootMarks: BootMark[];
  coverage: Coverage[];
}

export interface AnalysisResult {
  boots: Boot[];
  spans: Span[];
  verdict: Verdict;
}
