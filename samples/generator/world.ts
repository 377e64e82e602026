// The world a scenario writes into: nodes, their boots, and every log entry they emit, in UTC
// microseconds. Renderers (render.ts) turn entries into files in the node's own formats;
// layouts (layouts.ts) put the files where sosreport / must-gather / a /var/log tarball would.
import type { EventType, Severity } from '../../parsers/types.ts';
import { auditStamp, capnslogStamp, klogPrefix, rfc3339Local, zapStamp } from './clock.ts';
import { OS_PROFILES, type OsProfile } from './os.ts';
import { Rng } from './prng.ts';

export type Dest = 'journal' | 'syslog' | 'secure' | 'audit' | 'pod';

export interface PodRef { ns: string; pod: string; uid: string; container: string }

export interface Entry {
  seq: number; // insertion order: ties in time keep the order the story wrote them
  t: number;
  node: string;
  ident: string;
  pid: number | null;
  pri: Severity;
  msg: string;
  dest: readonly Dest[];
  pod?: PodRef;
  stream?: 'stdout' | 'stderr';
}

export interface NodeSpec {
  host: string;
  role: 'worker' | 'control-plane';
  os: keyof typeof OS_PROFILES;
  kernel: string; // uname -r
  zone: string; // IANA
  /** How etc/localtime is shipped: a symlink into zoneinfo (most distributions) or a TZif copy. */
  zoneFile?: 'symlink' | 'copy';
  memKb: number;
  cpus: number;
  ip: string;
  kubelet: string; // v1.29.4
  runtime: 'containerd' | 'cri-o';
  runtimeVersion: string;
  etcd?: string; // control-plane nodes running a stacked etcd
  nic: { name: string; driver: string; pci: string; speed: string };
  disk: string; // sda, nvme0n1, vda
  sysctl?: Record<string, string>;
  cmdline?: string;
  /** Slab caches that grew (name → active objects), for proc/slabinfo. */
  slab?: Record<string, number>;
  vendor?: string; // DMI "Hardware name"
}

export interface Boot {
  id: string; // 32 hex, as journald's _BOOT_ID
  start: number;
  end: number; // last instant of this boot (the crash, or the capture for the running boot)
  crashed: boolean;
  kernel: string;
  pids: Record<string, number>;
}

export interface NodeState {
  spec: NodeSpec;
  os: OsProfile;
  boots: Boot[];
  auditSerial: number;
  kdump: boolean;
  /** The journal (and syslog files) of the crashed boot stop here: lost, rotated away or never flushed. */
  truncateLogsAt: number | null;
}

export interface Evidence {
  type: EventType;
  node: string;
  ts: number;
  /** A substring of the line an expert would point at. */
  substring: string;
  note?: string;
}

/** Daemons and the pid range they usually get in a boot (early daemons have small pids). */
const PID_RANGES: Record<string, [number, number]> = {
  'systemd-journald': [560, 720], 'systemd-udevd': [600, 760], auditd: [880, 960], rsyslogd: [1100, 1300],
  'systemd-logind': [1000, 1100], chronyd: [1000, 1100], NetworkManager: [1040, 1160], sshd: [1300, 1500],
  crond: [1400, 1600], containerd: [1200, 1400], crio: [1200, 1400], kubelet: [1700, 2600], etcd: [2800, 3600],
  'kube-apiserver': [2900, 3800], coredns: [4000, 6000], 'dbus-broker': [960, 1000], irqbalance: [950, 1000],
};

export class World {
  readonly rng: Rng;
  readonly nodes = new Map<string, NodeState>();
  readonly entries: Entry[] = [];
  readonly evidence: Evidence[] = [];
  private seq = 0;
  captureT = 0;

  constructor(seed: number | string) {
    this.rng = new Rng(seed);
  }

  addNode(spec: NodeSpec): NodeState {
    const st: NodeState = { spec, os: OS_PROFILES[spec.os]!, boots: [], auditSerial: this.rng.int(200, 900), kdump: false, truncateLogsAt: null };
    this.nodes.set(spec.host, st);
    return st;
  }

  node(host: string): NodeState {
    const n = this.nodes.get(host);
    if (!n) throw new Error(`scenario names an unknown node: ${host}`);
    return n;
  }

  addBoot(host: string, start: number, end: number, crashed: boolean, kernel?: string): Boot {
    const n = this.node(host);
    const pids: Record<string, number> = { systemd: 1 };
    for (const [k, [lo, hi]] of Object.entries(PID_RANGES)) pids[k] = this.rng.int(lo, hi);
    const b: Boot = { id: this.rng.hex(32), start, end, crashed, kernel: kernel ?? n.spec.kernel, pids };
    n.boots.push(b);
    n.boots.sort((a, c) => a.start - c.start);
    return b;
  }

  bootAt(host: string, t: number): Boot | null {
    for (const b of this.node(host).boots) if (t >= b.start && t <= b.end) return b;
    return null;
  }

  pid(host: string, name: string, t: number): number {
    const b = this.bootAt(host, t);
    if (!b) return 1;
    let p = b.pids[name];
    if (p === undefined) p = b.pids[name] = this.rng.int(3000, 60000);
    return p;
  }

  private readonly silences: { host: string; ident: string; from: number; to: number }[] = [];

  /** A program that the story stopped (a unit stopped, a static pod removed) writes nothing from
   *  `from` to `to`: the background noise generated afterwards respects it. */
  silence(host: string, ident: string, from: number, to: number): void {
    this.silences.push({ host, ident, from, to });
  }

  /** The low-level append. Entries outside any boot of their node are dropped: a dead node logs nothing. */
  push(e: Omit<Entry, 'seq'>): Entry | null {
    if (!this.bootAt(e.node, e.t)) return null;
    if (this.silences.some((x) => x.host === e.node && x.ident === e.ident && e.t > x.from && e.t <= x.to)) return null;
    const full = { ...e, seq: this.seq++ };
    this.entries.push(full);
    this.sortedCache.delete(e.node);
    return full;
  }

  log(host: string, t: number, ident: string, msg: string, pri: Severity = 6, dest: readonly Dest[] = ['journal', 'syslog'], pid?: number | null): Entry | null {
    return this.push({ t, node: host, ident, pid: pid === undefined ? this.pid(host, ident, t) : pid, pri, msg, dest });
  }

  /** Kernel lines of one report, a few microseconds apart as printk stamps them. */
  kernel(host: string, t: number, lines: string | readonly string[], pri: Severity = 6): Entry[] {
    const ls = typeof lines === 'string' ? [lines] : lines;
    const out: Entry[] = [];
    ls.forEach((l, i) => {
      const e = this.push({ t: t + i * 11, node: host, ident: 'kernel', pid: null, pri, msg: l, dest: ['journal', 'syslog'] });
      if (e) out.push(e);
    });
    return out;
  }

  systemd(host: string, t: number, msg: string, pri: Severity = 6): Entry | null {
    return this.log(host, t, 'systemd', msg, pri, ['journal', 'syslog'], 1);
  }

  kubelet(host: string, t: number, level: 'I' | 'W' | 'E', src: string, msg: string): Entry | null {
    const n = this.node(host);
    const pid = this.pid(host, 'kubelet', t);
    const pri: Severity = level === 'E' ? 3 : level === 'W' ? 4 : 6;
    // Structured klog ("Msg" key="value") arrived with Kubernetes 1.19; older kubelets printed prose.
    const minor = Number(/^v?1\.(\d+)/.exec(n.spec.kubelet)?.[1] ?? 30);
    const text = minor < 19 ? msg.replace(/^"((?:[^"\\]|\\.)*)"\s*/, (_, m: string) => `${m.replace(/\\"/g, '"')}: `).replace(/: $/, '') : msg;
    return this.log(host, t, n.os.kubeletIdent, `${klogPrefix(level, t, n.spec.zone, pid)} ${src}] ${text}`, pri, ['journal', 'syslog'], pid);
  }

  /** containerd / CRI-O through logrus: logfmt with the node's local time and offset. */
  runtime(host: string, t: number, level: 'info' | 'warning' | 'error', msg: string, extra = ''): Entry | null {
    const n = this.node(host);
    const ident = n.spec.runtime === 'cri-o' ? 'crio' : 'containerd';
    const pri: Severity = level === 'error' ? 3 : level === 'warning' ? 4 : 6;
    const text = `time="${rfc3339Local(t, n.spec.zone, this.rng.int(0, 999))}" level=${level} msg="${msg.replace(/"/g, '\\"')}"${extra ? ' ' + extra : ''}`;
    return this.log(host, t, ident, text, pri);
  }

  /** etcd ≥ 3.4 zap JSON, written by the etcd static pod: lands in the pod's CRI log. */
  etcd(host: string, t: number, level: 'info' | 'warn' | 'error', caller: string, msg: string, fields: Record<string, string | number> = {}): Entry | null {
    const v = this.node(host).spec.etcd ?? '3.5';
    // etcd ≤ 3.3 logs through capnslog ("2019-06-03 21:17:44.123456 W | etcdserver: …"), 3.4+ through zap JSON
    const text = /^3\.[0-3]\./.test(v) ? `${capnslogStamp(t)} ${capnslogLine(level, caller, msg, fields)}` : JSON.stringify({ level, ts: zapStamp(t), caller, msg, ...fields });
    return this.pod(host, t, this.etcdPod(host), text, 'stderr');
  }

  etcdPod(host: string): PodRef {
    return { ns: this.node(host).os.id === 'rhcos' ? 'openshift-etcd' : 'kube-system', pod: `etcd-${host}`, uid: this.stableHex(`etcd-${host}`, 32), container: 'etcd' };
  }

  pod(host: string, t: number, ref: PodRef, text: string, stream: 'stdout' | 'stderr' = 'stdout'): Entry | null {
    return this.push({ t, node: host, ident: ref.container, pid: null, pri: 6, msg: text, dest: ['pod'], pod: ref, stream });
  }

  /** authpriv lines: journal and /var/log/secure (auth.log on Debian). */
  secure(host: string, t: number, ident: string, msg: string, pid?: number): Entry | null {
    return this.log(host, t, ident, msg, 6, ['journal', 'secure'], pid);
  }

  audit(host: string, t: number, type: string, body: string): Entry | null {
    const n = this.node(host);
    const stamp = auditStamp(t, n.auditSerial++);
    return this.push({ t, node: host, ident: 'audit', pid: null, pri: 5, msg: `type=${type} msg=${stamp}: ${body}`, dest: ['audit'] });
  }

  /** A person running a command with sudo: the secure log line, and auditd's USER_CMD (command in hex). */
  sudo(host: string, t: number, user: string, uid: number, cmd: string, tty = 'pts/0', ses = 7): Entry | null {
    const pid = this.rng.int(100000, 400000);
    const e = this.secure(host, t, 'sudo', `${user.padStart(8, ' ')} : TTY=${tty} ; PWD=/home/${user} ; USER=root ; COMMAND=${cmd}`, pid);
    const hex = Buffer.from(cmd, 'utf8').toString('hex').toUpperCase();
    this.audit(host, t + 900, 'USER_CMD', `pid=${pid} uid=${uid} auid=${uid} ses=${ses} subj=unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023 msg='cwd="/home/${user}" cmd=${hex} exe="/usr/bin/sudo" terminal=${tty} res=success'`);
    return e;
  }

  /** Record what an expert would cite (the answer key's evidence) from an entry the story wrote. */
  cite(type: EventType, e: Entry | Entry[] | null, substring?: string, note?: string): void {
    const entry = Array.isArray(e) ? e[0] : e;
    if (!entry) throw new Error(`cite(${type}): the entry was not written (outside every boot?)`);
    const sub = substring ?? entry.msg.slice(0, 120);
    if (!entry.msg.includes(sub)) throw new Error(`cite(${type}): "${sub}" is not in "${entry.msg}"`);
    this.evidence.push({ type, node: entry.node, ts: entry.t, substring: sub, ...(note ? { note } : {}) });
  }

  /** A value derived from a label only, so that it does not depend on how much noise came before. */
  stableHex(label: string, n: number): string {
    return new Rng(`${label}|stable`).hex(n);
  }

  private readonly sortedCache = new Map<string, Entry[]>();

  /** A node's entries in time order (cached: renderers ask for them once per file). */
  sorted(host: string): Entry[] {
    let s = this.sortedCache.get(host);
    if (!s) {
      s = this.entries.filter((e) => e.node === host).sort((a, b) => a.t - b.t || a.seq - b.seq);
      this.sortedCache.set(host, s);
    }
    return s;
  }
}

/** The capnslog wording of the etcd messages the generator writes in zap form (etcd 3.3 said the
 *  same things in other words: "read-only range request … took too long", "store.index: compact"). */
function capnslogLine(level: 'info' | 'warn' | 'error', caller: string, msg: string, f: Record<string, string | number>): string {
  const pkg = caller.split('/')[0] ?? 'etcdserver';
  const L = level === 'warn' ? 'W' : level === 'error' ? 'E' : 'I';
  switch (msg) {
    case 'compact tree index': return `N | mvcc: store.index: compact ${f.revision}`;
    case 'finished scheduled compaction': return `I | mvcc: finished scheduled compaction at ${f['compact-revision']} (took ${f.took})`;
    case 'triggering snapshot': return `I | etcdserver: start to snapshot (applied: ${f['local-member-applied-index']}, lastsnap: ${f['local-member-snapshot-index']})`;
    case 'starting an etcd server': return `I | etcdmain: etcd Version: ${f['etcd-version']}`;
    case 'Running: ': return `I | etcdmain: Git SHA: ${String(f.args ?? '').length.toString(16).padStart(7, '0')}`;
    case 'apply request took too long':
      return f.prefix === 'read-only range '
        ? `W | etcdserver: read-only range request ${JSON.stringify(String(f.request))} with result ${JSON.stringify(String(f.response))} took too long (${f.took}) to execute`
        : `W | etcdserver: request ${JSON.stringify(String(f.request))} with result ${JSON.stringify(String(f.response))} took too long (${f.took}) to execute`;
    case 'slow fdatasync': return `W | wal: sync duration of ${f.took}, expected less than ${f['expected-duration']}`;
    case 'lost TCP streaming connection with remote peer': return `W | rafthttp: lost the TCP streaming connection with peer ${f['remote-peer-id']} (${f['stream-reader-type']} reader)`;
    case 'prober detected unhealthy status': return `W | rafthttp: health check for peer ${f['remote-peer-id']} could not connect: ${f.error}`;
    default: return `${L} | ${pkg}: ${msg}`;
  }
}
