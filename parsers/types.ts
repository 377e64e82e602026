// The vocabulary every room shares: what a record, a source, an event and a warning are.
// This file is the contract between parsers/, core/ and (through core/api/types.ts) the UI.
// Change a name here only with every user of it.

/** How a record's timestamp was obtained. The UI shows it: a guessed time must never pass as exact. */
export type TsKind =
  | 'exact' // the stamp names the instant: full date, and UTC or an explicit offset
  | 'year-inferred' // year-less stamp (RFC 3164, klog MMDD): year taken from the bundle / file mtime
  | 'zone-inferred' // local wall time without offset: the node's zone came from the bundle (or a user override)
  | 'monotonic-mapped' // seconds since boot (dmesg), mapped to wall time through that boot's start
  | 'monotonic' // seconds since boot, not (yet) mapped: ts is null, mono holds the seconds
  | 'none'; // no stamp at all (bare kernel text, pasted output)

/** Syslog severities (RFC 5424): 0 emerg … 7 debug. */
export type Severity = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7;
export const SEVERITY_NAMES = ['emerg', 'alert', 'crit', 'err', 'warning', 'notice', 'info', 'debug'] as const;

/** One logical log entry: one line, or several when the format continues a record over lines
 *  (an Oops with its Call Trace, an OOM report, a Go panic after a klog line, pretty JSON). */
export interface LogRecord {
  /** 1-based first and last line of the record in its source (for binary journals: entry ordinal). */
  line: number;
  endLine: number;
  /** UTC microseconds since the epoch; null when unknown (tsKind 'none' or unmapped 'monotonic'). */
  ts: number | null;
  tsKind: TsKind;
  /** Seconds since boot when the stamp was monotonic (dmesg `[123.456789]`), else null. */
  mono: number | null;
  severity: Severity | null;
  host: string | null;
  /** Syslog identifier / systemd unit / component: `kernel`, `kubelet`, `etcd`, `containerd`… */
  ident: string | null;
  pid: number | null;
  /** systemd `_BOOT_ID` or a boot marker's id, when the format carries one. */
  bootId: string | null;
  /** The message without the format's prefix (stamp, host, ident). Multi-line records joined with \n. */
  message: string;
  /** The record's lines exactly as in the file (invalid UTF-8 replaced by U+FFFD), joined with \n. */
  raw: string;
  /** Where the message starts in raw when it is raw's end (raw.slice(messageAt) === message), else
   *  -1 or absent. Parsers that cut the message off its line say so, and storing the record skips
   *  comparing the two (core/store/raw-text.ts); whatever changes either afterwards resets it. */
  messageAt?: number;
  /** Further structured fields (klog key="value", JSON keys, journal fields), as strings. */
  fields?: Record<string, string>;
  /** A JSON object inside the line whose keys are fields of the record too, not parsed yet
   *  (parsers/formats/inner.ts innerJson): recordFields() parses them into `fields`. Only records
   *  of a parser opened with lazyFields have one; every other gets its fields parsed. */
  fieldsJson?: string;
}

/** Formats Crashlens can parse. The corpus vocabulary (`../shared/corpus/README.md`) maps onto these
 *  in parsers/formats/corpus-names.ts (e.g. kernel-text and capnslog are its `other`). */
export type FormatId =
  | 'journal-short' // journalctl text output, every -o short* variant, with -- Boot -- markers
  | 'journal-export' // journalctl -o export
  | 'journal-json' // journalctl -o json
  | 'journal-binary' // /var/log/journal/*.journal (parsers/journal/)
  | 'dmesg' // dmesg, dmesg -T, --time-format iso, <N> prefixes, caller ids, /dev/kmsg records
  | 'vmcore-dmesg' // kdump's vmcore-dmesg.txt
  | 'syslog' // RFC 3164 / RFC 5424 / year-first variants (/var/log/messages, syslog, kern.log, secure)
  | 'klog' // Kubernetes klog / glog: I0313 16:02:43.934473 1450 file.go:123] msg
  | 'etcd-json' // etcd zap JSON lines
  | 'capnslog' // etcd < 3.4 text: 2017-01-01 00:00:00.000000 W | etcdserver: …
  | 'logfmt' // containerd, CRI-O: time="…" level=info msg="…"
  | 'cri' // CRI pod logs: <RFC3339Nano> stdout|stderr F|P <inner line>
  | 'audit' // auditd audit.log
  | 'k8s-events' // Kubernetes events: yaml/json lists and `kubectl get events` text
  | 'kernel-text' // bare kernel messages without any stamp (pasted oopses)
  | 'plain'; // no format claimed: kept as text, searchable, no timestamps

/** What a source is for, as the bundle layout says (or a guess from its path). */
export type SourceRole =
  | 'journal' | 'kernel' | 'syslog' | 'kubelet' | 'container-runtime' | 'etcd' | 'apiserver'
  | 'controller-manager' | 'scheduler' | 'pod' | 'events' | 'audit' | 'auth' | 'crash' | 'facts' | 'other';

export interface Warning {
  /** Path of the file inside the bundle ("!/"-joined for archives inside archives). */
  file: string;
  /** 1-based line, when the problem is at a line. */
  line?: number;
  /** Stable machine code: 'truncated', 'corrupt-compression', 'invalid-utf8', 'line-too-long',
   *  'skipped-link', 'skipped-device', 'limit-bytes', 'limit-nesting', 'limit-files', 'unparsed-line',
   *  'bad-timestamp', 'unsafe-path', 'binary', … */
  code: string;
  message: string;
}

/** Cause taxonomy (DESIGN.md "What a crash looks like"), plus boot boundaries. */
export type Category = 'memory' | 'kernel' | 'hardware' | 'kubernetes' | 'network' | 'operations' | 'boot';

/** Event types: the corpus vocabulary plus the additions. */
export const EVENT_TYPES = {
  memory: ['oom_kill', 'memcg_oom', 'kubelet_eviction'],
  kernel: ['kernel_panic', 'oops', 'bug', 'soft_lockup', 'hard_lockup', 'hung_task', 'rcu_stall', 'coredump'],
  hardware: ['mce', 'edac', 'io_error', 'scsi_error', 'nvme_error', 'ata_error', 'fs_error', 'fs_readonly',
    'xfs_shutdown', 'nic_down', 'nic_up', 'nic_flap', 'netdev_watchdog', 'bond_failover', 'unregister_netdevice'],
  kubernetes: ['etcd_leader_change', 'etcd_slow_apply', 'etcd_heartbeat_late', 'etcd_db_space', 'etcd_peer_lost',
    'etcd_request_timeout', 'kubelet_pleg', 'kubelet_node_status_error', 'node_not_ready', 'apiserver_unreachable',
    'leader_election_lost', 'kubelet_restart_loop', 'runtime_down'],
  network: ['conntrack_full', 'dns_failure'],
  operations: ['unit_failed', 'operator_action'],
  boot: ['boot', 'shutdown'],
} as const satisfies Record<Category, readonly string[]>;
export type EventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES][number];

export type EventSeverity = 'critical' | 'error' | 'warning' | 'info';

/** A detected happening, found by a rule in one record (line-level), or made by a window rule
 *  from several (a flap, a restart loop, a storm with a count). */
export interface DetectedEvent {
  type: EventType;
  category: Category;
  severity: EventSeverity;
  ruleId: string;
  /** The record's first and last line (1-based), as LogRecord.line / endLine. */
  line: number;
  endLine: number;
  ts: number | null;
  tsKind: TsKind;
  /** Extracted fields: pid, process, cgroup, pod, device, sector, iface, speed, member, term, took_ms… */
  fields: Record<string, string | number>;
  /** One line saying what happened, for tables and the report. */
  message: string;
  /** For collapsed storms / windows: how many line-level events it stands for. */
  count?: number;
  /** For spans (outage, link down): end instant in UTC µs. */
  endTs?: number | null;
}

/** What the bundle says about the node it came from. Every field may be unknown. */
export interface NodeIdentity {
  hostname: string | null;
  kernel: string | null; // uname -r
  os: string | null; // PRETTY_NAME from os-release / redhat-release
  kubeletVersion: string | null;
  runtimeVersion: string | null; // containerd / cri-o / docker
  etcdVersion: string | null;
  /** IANA zone name ("Europe/Berlin") or fixed offset ("+02:00"); null = unknown (UTC assumed, and said). */
  zone: string | null;
  zoneSource: string | null; // which file told us
  /** When the bundle was captured (UTC µs), e.g. from sos's `date` output; null if unknown. */
  captureTs: number | null;
  /** Wall-clock start of the boot current at capture (UTC µs): /proc/stat btime, uptime + date. */
  bootTs: number | null;
}

/** Time facts a parser needs to turn a stamp into UTC µs. Built per source from the bundle. */
export interface TimeContext {
  /** Year for year-less stamps of the *last* record; earlier records roll back over Dec→Jan. */
  year: number;
  /** Upper bound for year inference (UTC µs): the file's mtime or the capture time; null if unknown. */
  refTs: number | null;
  /** Zone for local wall-clock stamps; null = UTC. IANA name or "+HH:MM". */
  zone: string | null;
  /** Boot start (UTC µs) for mapping monotonic stamps; null = leave them 'monotonic'. */
  bootTs: number | null;
}
