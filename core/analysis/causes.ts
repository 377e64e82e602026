// The causal model, as data (hotsos-like scenarios): each scenario is a chain of stages in causal
// order — roots (what starts it), triggers (what it turns into), symptoms (what the node shows) —
// with weights. The verdict scores every scenario on the events before a crash and ranks them;
// nothing here is an if-chain. A scenario is only a candidate when one of its roots is present:
// shared symptoms (hung tasks, NotReady, a panic) never blame a cause on their own.
import type { Category, EventType } from '../api/types.ts';

export type Role = 'root' | 'trigger' | 'symptom';

export interface Stage {
  role: Role;
  types: EventType[];
  /** Only events whose field (or message, for `message`) matches count for this stage. */
  match?: { field: string; re: RegExp };
  weight: number;
  /** Fewer events than this do not count (one slow etcd apply is not a slow disk). */
  minCount?: number;
  /** Events needed for the full weight (a storm is stronger evidence than one line). */
  saturate?: number;
  /** Plain-words phrase: [one event, several]. Placeholders: {n} {dur} and any event field ({process}, {device}…). */
  say: [string, string];
}

export interface Scenario {
  id: string;
  category: Exclude<Category, 'boot'>;
  /** "because …" in the summary. */
  because: string;
  /** Events older than this before the crash are not blamed. */
  lookbackUs: number;
  stages: Stage[];
}

const MIN = 60e6;
const PANIC = (re: RegExp, say: string, weight: number, role: Role = 'symptom'): Stage =>
  ({ role, types: ['kernel_panic'], match: { field: 'message', re }, weight, say: [say, say] });
const NOT_READY: Stage = { role: 'symptom', types: ['node_not_ready'], weight: 0.05, say: ['the node went NotReady', 'the node went NotReady'] };
const HUNG: Stage = { role: 'symptom', types: ['hung_task'], weight: 0.08, say: ['a hung task ({process})', 'hung tasks'] };
const STATUS: Stage = { role: 'symptom', types: ['kubelet_node_status_error', 'apiserver_unreachable'], weight: 0.05, say: ['kubelet could not reach the API server', 'kubelet could not reach the API server ({n} times)'] };
/** Processes whose death takes the node out of the cluster. */
const NODE_CRITICAL = /^(kubelet|containerd|dockerd|crio|etcd|kube-apiserver|systemd-journal|systemd)$/;

export const SCENARIOS: Scenario[] = [
  {
    id: 'memory-exhaustion', category: 'memory', because: 'memory ran out', lookbackUs: 60 * MIN,
    stages: [
      // Pressure first (evictions, containers at their limits), then the kernel's global OOM killer.
      { role: 'trigger', types: ['kubelet_eviction'], weight: 0.08, say: ['a kubelet eviction under memory pressure', '{n} kubelet evictions'] },
      { role: 'trigger', types: ['memcg_oom'], weight: 0.05, minCount: 2, saturate: 5, say: ['a container OOM', '{n} container OOMs'] },
      { role: 'root', types: ['oom_kill'], weight: 0.45, saturate: 3, say: ['an OOM kill ({process})', '{n} OOM kills in {dur}'] },
      PANIC(/out of memory|panic_on_oom|oom/i, 'the OOM killer panicked the kernel (vm.panic_on_oom)', 0.4, 'root'),
      { role: 'symptom', types: ['oom_kill'], match: { field: 'process', re: NODE_CRITICAL }, weight: 0.12, say: ['{process} killed', '{process} killed ({n} times)'] },
      { role: 'symptom', types: ['kubelet_pleg'], weight: 0.04, say: ['kubelet PLEG unhealthy', 'kubelet PLEG unhealthy'] },
      HUNG, NOT_READY,
    ],
  },
  {
    id: 'cgroup-oom-storm', category: 'memory', because: 'containers kept hitting their memory limits', lookbackUs: 30 * MIN,
    stages: [
      { role: 'root', types: ['memcg_oom'], weight: 0.35, minCount: 5, saturate: 20, say: ['a container OOM', '{n} container OOM kills in {dur}'] },
      { role: 'trigger', types: ['kubelet_eviction'], weight: 0.1, say: ['a kubelet eviction', '{n} kubelet evictions'] },
      { role: 'symptom', types: ['kubelet_pleg', 'runtime_down'], weight: 0.08, say: ['the runtime fell behind (PLEG)', 'the runtime fell behind (PLEG)'] },
      HUNG, NOT_READY,
    ],
  },
  {
    id: 'kernel-lockup', category: 'kernel', because: 'the kernel locked up', lookbackUs: 30 * MIN,
    stages: [
      { role: 'root', types: ['hard_lockup'], weight: 0.5, say: ['a hard lockup on CPU {cpu}', '{n} hard lockups'] },
      { role: 'root', types: ['soft_lockup'], weight: 0.45, saturate: 2, say: ['a soft lockup on CPU {cpu} ({process})', '{n} soft lockups in {dur}'] },
      { role: 'root', types: ['rcu_stall'], weight: 0.35, say: ['an RCU stall', '{n} RCU stalls'] },
      PANIC(/lockup|LOCKUP|watchdog|rcu/i, 'the lockup detector panicked the kernel', 0.3),
      HUNG, NOT_READY,
    ],
  },
  {
    id: 'kernel-bug', category: 'kernel', because: 'the kernel hit a bug', lookbackUs: 30 * MIN,
    stages: [
      { role: 'root', types: ['oops', 'bug'], weight: 0.55, say: ['a kernel {type} ({process})', '{n} kernel BUG/Oops reports'] },
      PANIC(/fatal exception|oops|BUG/i, 'the kernel panicked on the fatal exception', 0.3),
      { role: 'symptom', types: ['soft_lockup', 'hung_task'], weight: 0.05, say: ['stuck tasks', 'stuck tasks'] },
      NOT_READY,
    ],
  },
  {
    id: 'hung-tasks', category: 'kernel', because: 'tasks hung in the kernel', lookbackUs: 30 * MIN,
    stages: [
      { role: 'root', types: ['hung_task'], weight: 0.25, saturate: 3, say: ['a task blocked for {blocked_seconds} s ({process})', '{n} tasks blocked for minutes'] },
      PANIC(/hung_task|blocked tasks|hung task/i, 'kernel.hung_task_panic turned it into a panic', 0.4, 'root'),
      { role: 'symptom', types: ['kubelet_pleg', 'runtime_down'], weight: 0.08, say: ['the runtime stopped answering', 'the runtime stopped answering'] },
      NOT_READY,
    ],
  },
  {
    id: 'disk-failure', category: 'hardware', because: 'the disk failed', lookbackUs: 120 * MIN,
    stages: [
      { role: 'root', types: ['io_error', 'scsi_error', 'nvme_error', 'ata_error'], weight: 0.4, saturate: 3, say: ['a disk I/O error on {device}', '{n} disk errors on {device} in {dur}'] },
      { role: 'root', types: ['fs_error', 'xfs_shutdown'], weight: 0.22, say: ['a filesystem error on {device}', '{n} filesystem errors'] },
      { role: 'root', types: ['fs_readonly'], weight: 0.15, say: ['{device} remounted read-only', '{device} remounted read-only'] },
      { role: 'symptom', types: ['runtime_down'], weight: 0.05, say: ['the container runtime failed', 'the container runtime failed'] },
      { role: 'symptom', types: ['kubelet_pleg'], weight: 0.05, say: ['kubelet PLEG unhealthy', 'kubelet PLEG unhealthy'] },
      NOT_READY, HUNG,
      PANIC(/.*/, 'a kernel panic', 0.03),
    ],
  },
  {
    id: 'memory-hardware', category: 'hardware', because: 'the hardware reported machine-check / memory errors', lookbackUs: 60 * MIN,
    stages: [
      { role: 'root', types: ['mce'], weight: 0.45, say: ['a machine-check error', '{n} machine-check errors in {dur}'] },
      { role: 'root', types: ['edac'], weight: 0.35, say: ['an EDAC memory error', '{n} EDAC memory errors in {dur}'] },
      PANIC(/machine check|mce|hardware error/i, 'a fatal machine check panicked the kernel', 0.35),
    ],
  },
  {
    id: 'nic-failure', category: 'hardware', because: 'the network card kept losing its link', lookbackUs: 30 * MIN,
    stages: [
      { role: 'root', types: ['nic_flap'], weight: 0.4, say: ['{iface} flapping', '{iface} flapping ({n} times)'] },
      { role: 'root', types: ['nic_down'], weight: 0.3, minCount: 2, saturate: 4, say: ['{iface} link down', '{iface} link down {n} times in {dur}'] },
      { role: 'root', types: ['netdev_watchdog'], weight: 0.35, say: ['a transmit timeout on {iface}', '{n} transmit timeouts on {iface}'] },
      { role: 'trigger', types: ['bond_failover'], weight: 0.1, say: ['a bond failover', '{n} bond failovers'] },
      STATUS,
      { role: 'symptom', types: ['etcd_peer_lost'], weight: 0.05, say: ['etcd lost its peers', 'etcd lost its peers'] },
      NOT_READY,
    ],
  },
  {
    id: 'netdev-refcount', category: 'kernel', because: 'the kernel leaked a network device (unregister_netdevice)', lookbackUs: 60 * MIN,
    stages: [
      { role: 'root', types: ['unregister_netdevice'], weight: 0.45, minCount: 2, saturate: 5, say: ['unregister_netdevice waiting', '{n} unregister_netdevice waits in {dur}'] },
      HUNG,
      { role: 'symptom', types: ['runtime_down', 'kubelet_pleg'], weight: 0.08, say: ['the runtime stopped answering', 'the runtime stopped answering'] },
      NOT_READY,
    ],
  },
  {
    id: 'etcd-slow-disk', category: 'kubernetes', because: "etcd's disk was too slow", lookbackUs: 30 * MIN,
    stages: [
      { role: 'root', types: ['etcd_slow_apply'], weight: 0.3, minCount: 3, saturate: 10, say: ['a slow etcd apply', '{n} slow etcd applies in {dur}'] },
      { role: 'root', types: ['etcd_heartbeat_late'], weight: 0.15, minCount: 2, saturate: 5, say: ['a late etcd heartbeat', '{n} late etcd heartbeats'] },
      { role: 'root', types: ['etcd_db_space'], weight: 0.3, say: ['etcd ran out of database space', 'etcd ran out of database space'] },
      { role: 'trigger', types: ['etcd_leader_change'], weight: 0.15, say: ['an etcd leader change', '{n} etcd leader changes'] },
      { role: 'trigger', types: ['etcd_request_timeout'], weight: 0.08, say: ['etcd requests timed out', '{n} etcd request timeouts'] },
      { role: 'symptom', types: ['apiserver_unreachable', 'leader_election_lost'], weight: 0.08, say: ['the API server went unavailable', 'the API server went unavailable'] },
      { role: 'symptom', types: ['kubelet_node_status_error'], weight: 0.03, say: ['kubelet could not update node status', 'kubelet could not update node status'] },
      NOT_READY,
    ],
  },
  {
    id: 'runtime-failure', category: 'kubernetes', because: 'the container runtime stopped answering kubelet', lookbackUs: 30 * MIN,
    stages: [
      { role: 'root', types: ['runtime_down'], weight: 0.35, say: ['the container runtime went down', 'the container runtime went down ({n} times)'] },
      { role: 'root', types: ['kubelet_pleg'], weight: 0.3, say: ['kubelet PLEG unhealthy', 'kubelet PLEG unhealthy ({n} times in {dur})'] },
      { role: 'root', types: ['kubelet_restart_loop'], weight: 0.25, say: ['kubelet in a restart loop', 'kubelet in a restart loop'] },
      { role: 'symptom', types: ['kubelet_node_status_error'], weight: 0.05, say: ['kubelet could not update node status', 'kubelet could not update node status'] },
      NOT_READY,
    ],
  },
  {
    id: 'network-partition', category: 'network', because: 'the node lost the network to the control plane', lookbackUs: 30 * MIN,
    stages: [
      { role: 'root', types: ['etcd_peer_lost'], weight: 0.3, minCount: 2, saturate: 5, say: ['etcd lost a peer', 'etcd lost its peers ({n} times)'] },
      { role: 'root', types: ['apiserver_unreachable'], weight: 0.25, minCount: 3, saturate: 10, say: ['the API server was unreachable', 'the API server was unreachable ({n} times in {dur})'] },
      { role: 'trigger', types: ['leader_election_lost', 'etcd_leader_change'], weight: 0.1, say: ['leadership was lost', 'leadership was lost'] },
      { role: 'symptom', types: ['kubelet_node_status_error'], weight: 0.08, say: ['kubelet could not update node status', 'kubelet could not update node status ({n} times)'] },
      NOT_READY,
    ],
  },
  {
    id: 'conntrack-full', category: 'network', because: 'the conntrack table was full, so new connections were dropped', lookbackUs: 30 * MIN,
    stages: [
      { role: 'root', types: ['conntrack_full'], weight: 0.5, saturate: 3, say: ['nf_conntrack table full', 'nf_conntrack table full ({n} times in {dur})'] },
      { role: 'symptom', types: ['dns_failure'], weight: 0.1, say: ['DNS lookups failed', 'DNS lookups failed'] },
      STATUS, NOT_READY,
    ],
  },
  {
    id: 'dns-failure', category: 'network', because: 'DNS lookups failed', lookbackUs: 30 * MIN,
    stages: [
      { role: 'root', types: ['dns_failure'], weight: 0.35, minCount: 2, saturate: 5, say: ['a DNS failure', '{n} DNS failures in {dur}'] },
      STATUS, NOT_READY,
    ],
  },
  {
    id: 'operator-action', category: 'operations', because: 'someone took it down by hand', lookbackUs: 60 * MIN,
    stages: [
      { role: 'root', types: ['operator_action'], weight: 0.55, saturate: 2, say: ['an operator action: {message}', '{n} operator actions ({list})'] },
      // Commands that take a node out on their own: a forced reboot, the kubelet or runtime stopped,
      // static-pod manifests or cluster state moved away.
      {
        role: 'trigger', types: ['operator_action'], weight: 0.25,
        match: { field: 'message', re: /\b(?:reboot|shutdown|poweroff|halt)\b|systemctl\s+(?:stop|disable|mask|kill)\s+(?:kubelet|containerd|crio|docker|etcd)|\/etc\/kubernetes\/manifests|kubeadm\s+reset|\/var\/lib\/(?:etcd|kubelet)|Trigger a crash|Power key/i },
        say: ['one of them takes a node down on its own', '{n} of them take a node down on their own'],
      },
      { role: 'trigger', types: ['unit_failed'], weight: 0.08, say: ['{unit} stopped', 'units stopped'] },
      NOT_READY,
      { role: 'symptom', types: ['shutdown'], weight: 0.1, say: ['the node shut down', 'the node shut down'] },
      PANIC(/sysrq/i, 'a SysRq-triggered crash', 0.1),
    ],
  },
  {
    id: 'unit-failure', category: 'operations', because: 'a system service kept failing', lookbackUs: 30 * MIN,
    stages: [
      { role: 'root', types: ['unit_failed'], weight: 0.25, minCount: 2, saturate: 5, say: ['{unit} failed', '{unit} failed {n} times in {dur}'] },
      NOT_READY,
    ],
  },
];

/** Facts that turn a trouble into a crash: added to a cause's summary when they hold. */
export interface FactNote { scenario: string; sysctl: string; when: (v: string) => boolean; note: string }

export const FACT_NOTES: FactNote[] = [
  { scenario: 'memory-exhaustion', sysctl: 'vm.panic_on_oom', when: (v) => v.trim() !== '0', note: 'vm.panic_on_oom = {v}: an OOM panics the kernel' },
  { scenario: 'hung-tasks', sysctl: 'kernel.hung_task_panic', when: (v) => v.trim() === '1', note: 'kernel.hung_task_panic = 1: a hung task panics the kernel' },
  // Defaults are 20 / 10: far higher lets gigabytes of dirty pages pile up, then writeback stalls every writer.
  { scenario: 'hung-tasks', sysctl: 'vm.dirty_ratio', when: (v) => Number(v) >= 40, note: 'vm.dirty_ratio = {v} (default 20): gigabytes of dirty pages pile up before writers are throttled' },
  { scenario: 'hung-tasks', sysctl: 'vm.dirty_background_ratio', when: (v) => Number(v) >= 30, note: 'vm.dirty_background_ratio = {v} (default 10): background writeback starts late' },
  { scenario: 'memory-exhaustion', sysctl: 'vm.overcommit_memory', when: (v) => v.trim() === '1', note: 'vm.overcommit_memory = 1: allocations never fail, the OOM killer decides' },
  { scenario: 'kernel-lockup', sysctl: 'kernel.softlockup_panic', when: (v) => v.trim() === '1', note: 'kernel.softlockup_panic = 1: a soft lockup panics the kernel' },
  { scenario: 'kernel-bug', sysctl: 'kernel.panic_on_oops', when: (v) => v.trim() === '1', note: 'kernel.panic_on_oops = 1: an Oops panics the kernel' },
];

/** Event types that every boot prints while devices come up (link up/down during driver init,
 *  MCE bank set-up): not blamed in the first minutes of a boot. */
export const BOOT_NOISE: { types: EventType[]; withinUs: number } = { types: ['nic_down', 'nic_up', 'mce', 'edac', 'bond_failover'], withinUs: 3 * MIN };
