// Facts about a node, from the small files collectors save: who it is (hostname, kernel, OS,
// versions), where its clock was (zone), when the bundle was taken and when the node booted.
// Several files may tell the same thing with different certainty (timedatectl names the zone,
// `date` only prints an abbreviation): each reading carries a priority and the surest one wins,
// whatever order the files arrive in.
import { parseDateOutput, zoneFromTzif, wallToUtcMicros, isKnownZone } from '../time/index.ts';
import type { NodeIdentity, SourceRole } from '../types.ts';
import type { FactId } from './classify.ts';

type Field = keyof NodeIdentity;

export interface BootReading { ts: number; how: string; priority: number }

export interface NodeExtras {
  memTotalKb: number | null;
  swapTotalKb: number | null;
  sysctls: Record<string, string>;
  /** Seconds since boot at capture (proc/uptime, or `uptime` to the minute). */
  uptimeSeconds: number | null;
  uptimeFrom: string | null;
  /** sos manifest: the command behind each saved output (filepath relative to the sos root). */
  commands: Record<string, string>;
}

export class NodeFacts {
  readonly identity: NodeIdentity = {
    hostname: null, kernel: null, os: null, kubeletVersion: null, runtimeVersion: null, etcdVersion: null,
    zone: null, zoneSource: null, captureTs: null, bootTs: null,
  };
  readonly extras: NodeExtras = { memTotalKb: null, swapTotalKb: null, sysctls: {}, uptimeSeconds: null, uptimeFrom: null, commands: {} };
  private readonly priority = new Map<Field | 'uptime', number>();
  /** Candidate boot starts; the surest one becomes identity.bootTs (see bestBoot). */
  readonly boots: BootReading[] = [];

  /** Sets a field unless a surer reading is already there (equal priority: the later one wins,
   *  e.g. the last "starting containerd" line of a log is the running version). */
  set<F extends Field>(field: F, value: NodeIdentity[F] | undefined, priority: number, source?: string): void {
    if (value === null || value === undefined || value === '') return;
    if ((this.priority.get(field) ?? -1) > priority) return;
    this.priority.set(field, priority);
    this.identity[field] = value;
    if (field === 'zone' && source) this.identity.zoneSource = source;
  }

  setUptime(seconds: number, priority: number, from: string): void {
    if (!Number.isFinite(seconds) || (this.priority.get('uptime') ?? -1) > priority) return;
    this.priority.set('uptime', priority);
    this.extras.uptimeSeconds = seconds;
    this.extras.uptimeFrom = from;
  }

  /** The boot start as known now: the surest candidate, or capture time minus uptime. */
  bestBoot(): BootReading | null {
    const all = [...this.boots];
    const cap = this.identity.captureTs;
    if (cap !== null && this.extras.uptimeSeconds !== null) {
      const exact = this.extras.uptimeFrom === 'proc/uptime';
      all.push({ ts: cap - Math.round(this.extras.uptimeSeconds * 1e6), how: `capture time − ${this.extras.uptimeFrom}`, priority: exact ? 3 : 1 });
    }
    let best: BootReading | null = null;
    for (const b of all) if (!best || b.priority > best.priority) best = b;
    return best;
  }
}

/** Bytes of one fact file → readings on the node's facts. `forNode` gives the facts of another
 *  node when the file describes one (a must-gather node object). */
export type FactReader = (text: string, bytes: Buffer, f: NodeFacts, path: string, forNode: (name: string) => NodeFacts) => void;

const firstLine = (t: string) => (t.split('\n').find((l) => l.trim() !== '') ?? '').trim();

export const FACT_READERS: Record<FactId, FactReader> = {
  hostname: (t, _b, f, p) => f.set('hostname', firstLine(t) || null, 3, p),
  'hostname-fqdn': (t, _b, f, p) => f.set('hostname', firstLine(t) || null, 2, p),
  'instance-id': (t, _b, f, p) => f.set('hostname', firstLine(t) || null, 0, p),
  // "Linux node-a 5.14.0-284.30.1.el9_2.x86_64 #1 SMP PREEMPT_DYNAMIC Fri Aug 25 … x86_64 GNU/Linux"
  uname: (t, _b, f, p) => {
    const parts = firstLine(t).split(/\s+/);
    if (parts[0] === 'Linux' && parts.length >= 3) {
      f.set('hostname', parts[1]!, 1, p);
      f.set('kernel', parts[2]!, 3, p);
    } else if (/^\d+\.\d+/.test(parts[0] ?? '')) f.set('kernel', parts[0]!, 2, p); // uname -r only
  },
  'os-release': (t, _b, f, p) => {
    const m = /^PRETTY_NAME=["']?([^"'\n]+)/m.exec(t);
    f.set('os', m ? m[1]! : null, 3, p);
  },
  'redhat-release': (t, _b, f, p) => f.set('os', firstLine(t) || null, 2, p),
  localtime: (_t, b, f, p) => f.set('zone', zoneFromTzif(b), 3, `${p} (TZif)`),
  // Debian's /etc/timezone: "Europe/Berlin"; RHEL 6's /etc/sysconfig/clock: ZONE="Europe/Berlin".
  'timezone-name': (t, _b, f, p) => {
    const m = /ZONE="?([A-Za-z_]+\/[A-Za-z0-9_+/-]+|UTC)"?/.exec(t);
    const z = m ? m[1]! : firstLine(t);
    if (z && isKnownZone(z)) f.set('zone', z, 3, p);
  },
  timedatectl: (t, _b, f, p) => {
    const d = parseDateOutput(t);
    if (d.zone && d.zone.includes('/')) f.set('zone', d.zone, 4, p);
    else f.set('zone', d.zone, 2, p);
    f.set('captureTs', d.ts, 3, p);
  },
  date: (t, _b, f, p) => {
    const d = parseDateOutput(t);
    f.set('zone', d.zone, 1, p); // an abbreviation or an offset: true at that instant only
    f.set('captureTs', d.ts, 2, p);
  },
  'date-utc': (t, _b, f, p) => f.set('captureTs', parseDateOutput(t).ts, 3, p),
  'proc-stat': (t, _b, f, p) => {
    const m = /^btime\s+(\d+)\s*$/m.exec(t);
    if (m) f.boots.push({ ts: Number(m[1]) * 1_000_000, how: `${p} btime`, priority: 4 });
  },
  'proc-uptime': (t, _b, f) => {
    const m = /^(\d+(?:\.\d+)?)\s/.exec(t.trim() + ' ');
    if (m) f.setUptime(Number(m[1]), 3, 'proc/uptime');
  },
  // " 10:15:01 up 3 days,  2:03,  1 user,  load average: …" / "up 45 min," / "up 1 day, 17 min,"
  uptime: (t, _b, f) => {
    const m = /\bup\s+(?:(\d+)\s+days?,\s*)?(?:(\d+):(\d+)|(\d+)\s+min)/.exec(t);
    if (!m) return;
    const secs = Number(m[1] ?? 0) * 86400 + Number(m[2] ?? 0) * 3600 + Number(m[3] ?? m[4] ?? 0) * 60;
    f.setUptime(secs, 1, 'uptime (to the minute)');
  },
  meminfo: (t, _b, f) => {
    const mem = /^MemTotal:\s+(\d+)\s*kB/m.exec(t);
    const swap = /^SwapTotal:\s+(\d+)\s*kB/m.exec(t);
    if (mem) f.extras.memTotalKb = Number(mem[1]);
    if (swap) f.extras.swapTotalKb = Number(swap[1]);
  },
  slabinfo: () => { /* kept for the rules room: a leak shows in the log's slab dump, not here */ },
  sysctl: (t, _b, f) => {
    for (const line of t.split('\n')) {
      const eq = line.indexOf(' = ');
      if (eq > 0) f.extras.sysctls[line.slice(0, eq).trim()] = line.slice(eq + 3).trim();
    }
  },
  // sos ≥ 4.0: every command with its epoch start time; `date`'s is the capture instant.
  'sos-manifest': (t, _b, f, p) => {
    let m: unknown;
    try { m = JSON.parse(t); } catch { return; }
    let earliest: number | null = null;
    let dateAt: number | null = null;
    const plugins = (m as { components?: { report?: { plugins?: Record<string, { commands?: { exec?: string; filepath?: string; start_time?: number }[] }> } } })
      .components?.report?.plugins ?? {};
    for (const pl of Object.values(plugins)) {
      for (const c of pl.commands ?? []) {
        if (typeof c.exec === 'string' && typeof c.filepath === 'string') f.extras.commands[c.filepath] = c.exec;
        if (typeof c.start_time !== 'number') continue;
        if (earliest === null || c.start_time < earliest) earliest = c.start_time;
        if (c.exec === 'date' || c.exec === 'date --utc') dateAt = c.start_time;
      }
    }
    const at = dateAt ?? earliest;
    if (at !== null) f.set('captureTs', Math.round(at * 1e6), dateAt !== null ? 3 : 1, p);
  },
  // rpm -qa: "kubelet-1.28.3-150500.1.1.x86_64", "cri-o-1.27.1-5.rhaos4.14.git.el9.x86_64   Mon …"
  'packages-rpm': (t, _b, f, p) => {
    for (const line of t.split('\n')) {
      const m = /^([A-Za-z][\w.+-]*?)-(\d[\w.:~+]*-[\w.~+]+?)(?:\.(?:x86_64|aarch64|noarch|ppc64le|s390x))?(?:\s|$)/.exec(line);
      if (m) packageVersion(f, m[1]!, m[2]!, p);
    }
  },
  // dpkg -l: "ii  kubelet   1.28.3-1.1   amd64   Kubernetes Node Agent"
  'packages-dpkg': (t, _b, f, p) => {
    for (const line of t.split('\n')) {
      const m = /^ii\s+(\S+?)(?::\w+)?\s+(\S+)\s/.exec(line);
      if (m) packageVersion(f, m[1]!, m[2]!, p);
    }
  },
  'runtime-version': (t, _b, f, p) => {
    const m = /\b(containerd)\s+\S+\s+(v?\d[\w.+-]*)|\b(Docker) version (\d[\w.+-]*)|\b(crio) version (\d[\w.+-]*)/i.exec(t);
    if (m) f.set('runtimeVersion', `${(m[1] ?? m[3] ?? m[5])!.toLowerCase()} ${m[2] ?? m[4] ?? m[6]}`, 3, p);
  },
  // A must-gather node object: the cluster's own record of each node.
  'k8s-node': (t, _b, _f, p, forNode) => {
    const name = /^metadata:\s*\n(?:[ \t]+.*\n)*?[ \t]+name:\s*(\S+)/m.exec(t)?.[1] ?? /^\s+name:\s*(\S+)/m.exec(t)?.[1];
    if (!name) return;
    const n = forNode(name);
    n.set('hostname', name, 2, p);
    const info = (k: string) => new RegExp(`^\\s+${k}:\\s*["']?([^"'\\n]+)`, 'm').exec(t)?.[1]?.trim() ?? null;
    n.set('kernel', info('kernelVersion'), 2, p);
    n.set('os', info('osImage'), 2, p);
    n.set('kubeletVersion', info('kubeletVersion'), 2, p);
    n.set('runtimeVersion', info('containerRuntimeVersion')?.replace('://', ' ') ?? null, 2, p);
  },
  // must-gather's `timestamp`: "2026-11-27 10:00:00.123456789 +0000 UTC m=+0.051"
  'must-gather-timestamp': (t, _b, f, p) => {
    const m = /(\d{4})-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.(\d+))? ([+-])(\d\d)(\d\d)/.exec(t);
    if (!m) return;
    const off = (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 60 + Number(m[10]));
    const us = Number((m[7] ?? '0').padEnd(6, '0').slice(0, 6));
    f.set('captureTs', wallToUtcMicros(null, +m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!, us) - off * 60_000_000, 2, p);
  },
};

/** Package names → the identity field they version. */
const PACKAGES: { name: RegExp; field: 'kubeletVersion' | 'runtimeVersion' | 'etcdVersion'; label?: string }[] = [
  { name: /^(?:kubelet|openshift-kubelet|atomic-openshift-node|kubernetes-node|kubernetes1\.\d+-kubelet)$/, field: 'kubeletVersion' },
  { name: /^(?:cri-o)$/, field: 'runtimeVersion', label: 'cri-o' },
  { name: /^(?:containerd|containerd\.io)$/, field: 'runtimeVersion', label: 'containerd' },
  { name: /^(?:docker-ce|docker|docker\.io|moby-engine)$/, field: 'runtimeVersion', label: 'docker' },
  { name: /^etcd$/, field: 'etcdVersion' },
];

function packageVersion(f: NodeFacts, name: string, version: string, path: string): void {
  for (const p of PACKAGES) {
    if (!p.name.test(name)) continue;
    f.set(p.field, p.label ? `${p.label} ${version}` : version, 1, path);
  }
}

/** Versions printed by the daemons themselves at start-up, read from their logs' records.
 *  The running version is what matters for known-bad checks, so these outrank packages. */
export const VERSION_LINES: { re: RegExp; field: 'kubeletVersion' | 'runtimeVersion' | 'etcdVersion'; label?: string }[] = [
  { re: /"Kubelet version" kubeletVersion="(v[^"]+)"/, field: 'kubeletVersion' }, // kubelet ≥ 1.21 structured logs
  { re: /\bKubelet version:? (v\d+\.\d+\.\d+[^\s"]*)/, field: 'kubeletVersion' },
  { re: /server\.go:\d+\] Version: (v\d+\.\d+\.\d+[^\s"]*)/, field: 'kubeletVersion' }, // kubelet < 1.21
  { re: /starting containerd"? .*?version="?(v?\d+\.\d+\.\d+[^\s"]*)/, field: 'runtimeVersion', label: 'containerd' },
  { re: /Starting CRI-O, version: (\d+\.\d+\.\d+[^\s,]*)/, field: 'runtimeVersion', label: 'cri-o' },
  { re: /Docker daemon"? .*?version=(\d+\.\d+\.\d+[^\s"]*)/, field: 'runtimeVersion', label: 'docker' },
  { re: /"etcd-version":"(\d+\.\d+\.\d+[^"]*)"/, field: 'etcdVersion' }, // etcd ≥ 3.4 zap JSON
  { re: /etcdmain: etcd Version: (\d+\.\d+\.\d+\S*)/, field: 'etcdVersion' }, // capnslog
];

export function versionFromMessage(f: NodeFacts, message: string, path: string, fields?: Record<string, string>): void {
  // etcd's zap JSON, once parsed, keeps the version as a field.
  const etcd = fields?.['etcd-version'];
  if (etcd) f.set('etcdVersion', etcd, 2, path);
  // Cheap pre-filter: nearly every line has none of these words.
  if (!/[Vv]ersion/.test(message)) return;
  for (const v of VERSION_LINES) {
    const m = v.re.exec(message);
    if (m) f.set(v.field, v.label ? `${v.label} ${m[1]}` : m[1]!, 2, path);
  }
}

/** The zone named by a link target: "../usr/share/zoneinfo/Europe/Berlin" → "Europe/Berlin". */
export function zoneFromLinkTarget(target: string): string | null {
  const m = /zoneinfo\/(?:posix\/|right\/)?(.+)$/.exec(target);
  if (!m) return null;
  return isKnownZone(m[1]!) ? m[1]! : null;
}

/** The role a sos command implies, for outputs whose file name a sos version spelled otherwise
 *  (the manifest keeps the command line itself). */
export const ROLE_OF_COMMAND: { exec: RegExp; role: SourceRole }[] = [
  { exec: /^journalctl\b.*(?:-u|--unit)[ =]?(?:kubelet|atomic-openshift-node)\b/, role: 'kubelet' },
  { exec: /^journalctl\b.*(?:-u|--unit)[ =]?(?:crio|containerd|docker)\b/, role: 'container-runtime' },
  { exec: /^journalctl\b.*(?:-u|--unit)[ =]?etcd\b/, role: 'etcd' },
  { exec: /^journalctl\b.*(?:-k|--dmesg)\b/, role: 'kernel' },
  { exec: /^journalctl\b/, role: 'journal' },
  { exec: /^dmesg\b/, role: 'kernel' },
];
