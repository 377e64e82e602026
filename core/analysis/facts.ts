// Node facts read from the bundle's fact files: memory and swap (meminfo), the sysctls that decide
// whether a trouble becomes a panic (panic_on_oom, hung_task_panic, softlockup_panic), dirty-page
// ratios and the conntrack ceiling, the biggest slab caches, and the known-bad versions the node runs.
import type { NodeFacts } from '../api/types.ts';
import type { NodeInput } from './input.ts';
import { KNOWN_BAD, type Component, type KnownBad } from './known-bad.ts';
import { versionInRange } from './version.ts';

/** Sysctls that change how a node fails, and why an SRE cares. */
export const SYSCTLS_THAT_MATTER: Record<string, string> = {
  'vm.panic_on_oom': 'non-zero: the OOM killer panics the kernel instead of killing a process',
  'kernel.hung_task_panic': '1: a task blocked longer than hung_task_timeout_secs panics the kernel',
  'kernel.hung_task_timeout_secs': 'how long a task may block before the hung-task warning',
  'kernel.softlockup_panic': '1: a soft lockup panics the kernel',
  'kernel.hardlockup_panic': '1: a hard lockup (NMI watchdog) panics the kernel',
  'kernel.panic_on_oops': '1: any Oops panics the kernel',
  'kernel.panic': 'seconds before rebooting after a panic (0 = stay down)',
  'vm.dirty_ratio': 'percent of memory dirty before writers are throttled',
  'vm.dirty_background_ratio': 'percent of memory dirty before background writeback starts',
  'vm.dirty_bytes': 'absolute dirty limit (overrides dirty_ratio)',
  'vm.dirty_background_bytes': 'absolute background writeback threshold',
  'vm.overcommit_memory': '2: strict accounting; allocations fail instead of OOM kills',
  'vm.min_free_kbytes': 'reserve kept free for atomic allocations',
  'vm.swappiness': 'how eagerly the kernel swaps',
  'net.netfilter.nf_conntrack_max': 'size of the conntrack table; full = new connections dropped',
  'net.netfilter.nf_conntrack_count': 'entries in use when the bundle was taken',
  'fs.file-max': 'system-wide open file limit',
  'kernel.pid_max': 'highest pid; pid exhaustion stops new processes',
};

/** `MemTotal:  16318480 kB` lines → { MemTotal: 16318480 } (kB; HugePages_* are counts). */
export function parseMeminfo(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = /^([\w()]+):\s+(\d+)/.exec(line);
    if (m) out[m[1]!] = Number(m[2]);
  }
  return out;
}

/** `sysctl -a` output (`key = value`, also `key: value` from some tools) → map. */
export function parseSysctl(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^\s*([a-z0-9_.\-/]+)\s*[=:]\s*(.*?)\s*$/i.exec(line);
    if (m && m[1]!.includes('.')) out[m[1]!.replace(/\//g, '.')] = m[2]!.replace(/\s+/g, ' ');
  }
  return out;
}

export interface SlabCache { name: string; bytes: number; objects: number }

/** /proc/slabinfo (version 2.1): the caches holding the most memory, largest first. */
export function parseSlabinfo(text: string, top = 10): SlabCache[] {
  const caches: SlabCache[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.startsWith('slabinfo')) continue;
    const m = /^(\S+)\s+(\d+)\s+(\d+)\s+(\d+)/.exec(line);
    if (m) caches.push({ name: m[1]!, objects: Number(m[3]), bytes: Number(m[3]) * Number(m[4]) });
  }
  return caches.sort((a, b) => b.bytes - a.bytes).slice(0, top);
}

/** Which fact file a bundle path is, by its tail (sosreport, must-gather and plain copies differ in prefix). */
function factKind(path: string): { kind: 'meminfo' | 'sysctl' | 'slabinfo' | 'procsys'; key?: string } | null {
  const p = path.replace(/\\/g, '/');
  if (/(^|\/)(proc\/)?meminfo$/.test(p)) return { kind: 'meminfo' };
  if (/(^|\/)(proc\/)?slabinfo$/.test(p)) return { kind: 'slabinfo' };
  if (/(^|\/)sysctl(_-a|\.txt|\.conf)?$/.test(p) || /sysctl_-a/.test(p)) return { kind: 'sysctl' };
  const sys = /(?:^|\/)proc\/sys\/(.+)$/.exec(p);
  if (sys) return { kind: 'procsys', key: sys[1]!.replace(/\//g, '.') };
  return null;
}

/** Is this bundle path a fact file the analysis reads (meminfo, sysctl, slabinfo, proc/sys/…)? */
export const isFactFile = (path: string): boolean => factKind(path) !== null;

export interface NodeFactsDetail extends NodeFacts {
  meminfo: Record<string, number>;
  slabTop: SlabCache[];
}

export function componentVersion(node: NodeInput, c: Component): string | null {
  const id = node.identity;
  switch (c) {
    case 'kernel': return id.kernel;
    case 'os': return id.os;
    case 'kubelet': return id.kubeletVersion;
    case 'runtime': return id.runtimeVersion;
    case 'etcd': return id.etcdVersion;
  }
}

/** Known-bad rows that match the node's versions. */
export function matchKnownBad(node: NodeInput, table: KnownBad[] = KNOWN_BAD): KnownBad[] {
  return table.filter((k) => {
    const v = componentVersion(node, k.component);
    if (!v || !k.pattern.test(v)) return false;
    return k.from || k.below ? versionInRange(v, k.from, k.below) : true;
  });
}

export function nodeFacts(node: NodeInput): NodeFactsDetail {
  let meminfo: Record<string, number> = {};
  let slabTop: SlabCache[] = [];
  const all: Record<string, string> = {};
  for (const [path, text] of Object.entries(node.factFiles)) {
    const k = factKind(path);
    if (!k) continue;
    if (k.kind === 'meminfo') meminfo = { ...meminfo, ...parseMeminfo(text) };
    else if (k.kind === 'slabinfo') slabTop = parseSlabinfo(text);
    else if (k.kind === 'sysctl') Object.assign(all, parseSysctl(text));
    else if (k.key) all[k.key] = text.trim();
  }
  for (const [k, v] of Object.entries(node.extras?.sysctls ?? {})) all[k] ??= v;
  const sysctls: Record<string, string> = {};
  for (const key of Object.keys(SYSCTLS_THAT_MATTER)) if (all[key] !== undefined) sysctls[key] = all[key]!;
  return {
    identity: node.identity,
    memTotalKb: meminfo.MemTotal ?? node.extras?.memTotalKb ?? null,
    swapTotalKb: meminfo.SwapTotal ?? node.extras?.swapTotalKb ?? null,
    sysctls,
    knownBad: matchKnownBad(node).map((k) => ({ what: k.what, why: k.why, reference: k.reference })),
    meminfo,
    slabTop,
  };
}
