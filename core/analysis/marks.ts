// Boot marks and coverage from a stream of records of one source: where the journal's _BOOT_ID
// changes, where journalctl prints `-- Boot <id> --`, where the kernel prints its `Linux version`
// banner, where dmesg's monotonic clock starts again near zero, and what time span the source
// covers. Used when analysing a bundle in memory (from-bundle.ts); a case file gets the same marks
// from SQL (from-case.ts).
//
// One source may hold several hosts (must-gather's host_service_logs are `journalctl` of every
// master, one after the other; a central syslog): marks and coverage are kept per host, and a
// line without a host (the `-- Boot --` marker) belongs to the host around it.
import type { LogRecord, SourceRole, TsKind } from '../../parsers/types.ts';
import type { BootMark, Coverage } from './input.ts';

/** A dmesg clock this small right after a larger one is a new boot (not a wrap: it never wraps). */
const DMESG_RESTART_MAX_S = 60;
const LINUX_VERSION = /^Linux version (\S+)/;
const JOURNAL_BOOT_MARKER = /^-- (?:Boot (?<id>[0-9a-f]{32})|Reboot) --$/;

interface HostState {
  firstTs: number | null;
  lastTs: number | null;
  lastStamp: { tsKind: TsKind; mono: number | null } | null;
  bootId: string | null;
  records: number;
}

export class MarkCollector {
  readonly marks: (BootMark & { host: string | null })[] = [];
  private readonly hosts = new Map<string, HostState>();
  private host: string | null = null;
  private lastMono: number | null = null;
  private lastBootId: string | null = null;
  /** A `-- Boot --` line waits for the next stamped record for its time and host. */
  private pendingMarker: { line: number; bootId: string | null } | null = null;
  /** Where the host changes: (first line, host) runs, to attribute events the detector emits late. */
  private readonly hostRuns: { line: number; host: string | null }[] = [];

  constructor(private node: string, readonly sourcePath: string, private role: SourceRole) {}

  private state(host: string | null): HostState {
    const k = host ?? '';
    let s = this.hosts.get(k);
    if (!s) { s = { firstTs: null, lastTs: null, lastStamp: null, bootId: null, records: 0 }; this.hosts.set(k, s); }
    return s;
  }

  onRecord(rec: LogRecord): void {
    if (rec.host && rec.host !== this.host) { this.host = rec.host; this.hostRuns.push({ line: rec.line, host: rec.host }); }
    const host = this.host;
    const st = this.state(host);
    const marker = rec.message.length < 60 ? JOURNAL_BOOT_MARKER.exec(rec.message.trim()) : null;
    if (marker) { this.pendingMarker = { line: rec.line, bootId: marker.groups?.id ?? null }; return; }

    const base = {
      node: this.node, host, sourcePath: this.sourcePath, line: rec.line, prevTs: st.lastTs,
      stamp: { tsKind: rec.tsKind, mono: rec.mono }, ...(st.lastStamp ? { prevStamp: st.lastStamp } : {}),
    };
    if (this.pendingMarker && rec.ts !== null) {
      // The marker's boot is the host of the record after it; its previous boot ended with that host's last record.
      this.marks.push({ ...base, line: this.pendingMarker.line, ts: rec.ts, bootId: this.pendingMarker.bootId ?? rec.bootId, kind: 'boot-marker' });
      this.pendingMarker = null;
    }
    // A text journal carries a `-- Boot --` marker's id on to every following line, even to the
    // next host's section of a must-gather file: a host's boot id changes only where the file's does.
    if (rec.bootId && rec.bootId !== st.bootId) {
      if (rec.bootId !== this.lastBootId) this.marks.push({ ...base, ts: rec.ts, bootId: rec.bootId, kind: 'journal-boot-id' });
      st.bootId = rec.bootId;
    }
    this.lastBootId = rec.bootId;
    if (rec.mono !== null) {
      if (this.lastMono !== null && rec.mono < this.lastMono && rec.mono <= DMESG_RESTART_MAX_S) {
        this.marks.push({ ...base, ts: rec.ts, bootId: null, kind: 'dmesg-restart' });
      }
      this.lastMono = rec.mono;
    }
    const m = rec.message.length < 400 ? LINUX_VERSION.exec(rec.message) : null;
    if (m) this.marks.push({ ...base, ts: rec.ts, bootId: rec.bootId, kind: 'linux-version', kernel: m[1]! });
    st.records++;
    if (rec.ts !== null) {
      if (st.firstTs === null || rec.ts < st.firstTs) st.firstTs = rec.ts;
      if (st.lastTs === null || rec.ts > st.lastTs) { st.lastTs = rec.ts; st.lastStamp = { tsKind: rec.tsKind, mono: rec.mono }; }
    }
  }

  /** The host of a line (lines without a host belong to the one before them). */
  hostAt(line: number): string | null {
    let lo = 0, hi = this.hostRuns.length - 1, found: string | null = null;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.hostRuns[mid]!.line <= line) { found = this.hostRuns[mid]!.host; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }

  /** Hosts seen, with how many records each wrote ('' = lines without a host). */
  hostCounts(): Map<string, number> {
    return new Map([...this.hosts].map(([h, s]) => [h, s.records]));
  }

  /** A vmcore-dmesg.txt is the crashed boot's kernel log: its existence is the mark. */
  vmcore(ts: number | null): void {
    this.marks.push({ node: this.node, host: this.host, sourcePath: this.sourcePath, ts, bootId: null, kind: 'vmcore', prevTs: null });
  }

  /** Coverage of the whole source (all hosts together). */
  coverage(truncated = false): Coverage {
    let firstTs: number | null = null, lastTs: number | null = null;
    for (const s of this.hosts.values()) {
      if (s.firstTs !== null && (firstTs === null || s.firstTs < firstTs)) firstTs = s.firstTs;
      if (s.lastTs !== null && (lastTs === null || s.lastTs > lastTs)) lastTs = s.lastTs;
    }
    return { node: this.node, sourcePath: this.sourcePath, role: this.role, firstTs, lastTs, truncated };
  }

  /** Coverage per host, for sources that hold several. */
  coverageByHost(truncated = false): (Coverage & { host: string | null })[] {
    return [...this.hosts].filter(([, s]) => s.firstTs !== null).map(([h, s]) => ({
      node: this.node, host: h || null, sourcePath: this.sourcePath, role: this.role, firstTs: s.firstTs, lastTs: s.lastTs, truncated,
    }));
  }
}
