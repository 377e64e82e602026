// OpenShift control plane on a shared, slow datastore: etcd's WAL fsyncs on master-1 take
// seconds, applies and heartbeats run late, master-1 loses leadership, the API server on it
// times out against etcd and its kubelet cannot report; the node's I/O finally stalls and it is
// reset from the BMC. Seen through a must-gather: no kernel log, only service and pod logs.
import { rfc3339Local } from '../generator/clock.ts';
import type { Scenario } from '../generator/scenario.ts';
import type { PodRef, World } from '../generator/world.ts';
import { controlPlane } from './common.ts';

const MASTERS = ['master-0', 'master-1', 'master-2'];
const HOST = 'master-1';
const memberId = (w: World, h: string) => w.stableHex(`member-${h}`, 16);
const apiPod = (w: World, h: string): PodRef => ({ ns: 'openshift-kube-apiserver', pod: `kube-apiserver-${h}`, uid: w.stableHex(`api-${h}`, 32), container: 'kube-apiserver' });

export const scenario: Scenario = {
  id: 'etcd-slow-disk',
  title: 'OpenShift control plane lost its API for minutes',
  description: 'On an OpenShift 4.15 cluster the API became unreachable for several minutes during the morning batch window; master-1 stopped answering and was reset from its BMC. A must-gather was collected afterwards.',
  category: 'kubernetes',
  type: 'etcd_slow_apply',
  layout: 'must-gather',
  seed: 1008,
  nodes: MASTERS.map((h, i) => controlPlane(h, `10.0.0.${11 + i}`, { os: 'rhcos', kernel: '5.14.0-284.59.1.el9_2.x86_64', zone: 'UTC', runtime: 'cri-o', runtimeVersion: '1.28.4', kubelet: 'v1.28.7+f1b5f6c', etcd: '3.5.10' })),
  crashNode: HOST,
  crashAt: '2025-10-07T07:26:51Z',
  outcome: 'hard_reset',
  quietSeconds: 30,
  story(w, { before, crashT }) {
    const rng = w.rng.fork('story');
    const me = memberId(w, HOST);
    const peers = MASTERS.filter((h) => h !== HOST);
    let firstSync = true;
    for (let s = 40 * 60; s > 60; s -= rng.int(40, 110)) {
      const took = (1 + (40 * 60 - s) / 600 + rng.next()).toFixed(3);
      const e = w.etcd(HOST, before(s), 'warn', 'wal/wal.go:805', 'slow fdatasync', { took: `${took}s`, 'expected-duration': '1s' });
      if (firstSync) { w.cite('etcd_slow_apply', e, '"msg":"slow fdatasync"', 'the WAL fsync on master-1 takes over a second: the disk is too slow for etcd'); firstSync = false; }
      if (rng.chance(0.6)) w.etcd(HOST, before(s) + 2e5, 'warn', 'etcdserver/util.go:170', 'apply request took too long', { took: `${(+took * 1.4).toFixed(6)}s`, 'expected-duration': '100ms', prefix: 'read-only range ', request: `key:"/kubernetes.io/leases/kube-node-lease/${rng.pick(MASTERS)}" `, response: 'range_response_count:1 size:532' });
    }
    const apply = w.etcd(HOST, before(12 * 60), 'warn', 'etcdserver/util.go:170', 'apply request took too long', { took: '4.812337019s', 'expected-duration': '100ms', prefix: '', request: 'header:<ID:7587875690581298120 username:"etcd" auth_revision:1 > txn:<compare:<target:MOD key:"/kubernetes.io/leases/openshift-kube-apiserver/master-1" mod_revision:0 > success:<request_put:<key:"/kubernetes.io/leases/openshift-kube-apiserver/master-1" value_size:542 >> failure:<>>', response: 'size:20' });
    w.cite('etcd_slow_apply', apply, 'apply request took too long', 'writes take seconds');
    const hb = w.etcd(HOST, before(9 * 60), 'warn', 'etcdserver/raft.go:416', 'leader failed to send out heartbeat on time; took too long, leader is overloaded likely from slow disk', { to: memberId(w, 'master-0'), 'heartbeat-interval': '100ms', 'expected-duration': '200ms', 'exceeded-duration': '1.913s' });
    w.cite('etcd_heartbeat_late', hb, 'leader failed to send out heartbeat on time', 'the leader (master-1) cannot keep its followers');
    const newLeader = memberId(w, 'master-2');
    const lost = w.etcd(HOST, before(8 * 60 + 40), 'info', 'etcdserver/zap_raft.go:77', `raft.node: ${me} lost leader ${me} at term 14`, { logger: 'raft' });
    w.etcd(HOST, before(8 * 60 + 39), 'info', 'etcdserver/zap_raft.go:77', `raft.node: ${me} elected leader ${newLeader} at term 15`, { logger: 'raft' });
    w.cite('etcd_leader_change', lost, `lost leader ${me} at term 14`, 'master-1 loses leadership; the cluster elects master-2');
    for (const p of peers) w.etcd(p, before(8 * 60 + 39), 'info', 'etcdserver/zap_raft.go:77', `raft.node: ${memberId(w, p)} changed leader from ${me} to ${newLeader} at term 15`, { logger: 'raft' });
    for (let i = 0; i < 14; i++) {
      const t = before(7 * 60 - i * 25);
      const api = w.pod(HOST, t, apiPod(w, HOST), `E${klog(t)}      18 status.go:71] apiserver received an error that is not an metav1.Status: &errors.errorString{s:"etcdserver: request timed out"}: etcdserver: request timed out`, 'stderr');
      if (i === 0) w.cite('etcd_request_timeout', api, 'etcdserver: request timed out', 'the API server on master-1 gets timeouts from etcd');
      w.etcd(HOST, t - 3e5, 'warn', 'etcdserver/v3_server.go:897', 'waiting for ReadIndex response took too long, retrying', { 'sent-request-id': rng.int(1e15, 9e15), 'retry-timeout': '500ms' });
    }
    let firstNs = true;
    for (let s = 5 * 60; s > 0; s -= 10) {
      const e = w.kubelet(HOST, before(s), 'E', 'kubelet_node_status.go:540', `"Error updating node status, will retry" err="error getting node \\"${HOST}\\": Get \\"https://api-int.ocp4.example.com:6443/api/v1/nodes/${HOST}?resourceVersion=0&timeout=10s\\": context deadline exceeded"`);
      if (firstNs) { w.cite('apiserver_unreachable', e, 'Error updating node status, will retry', 'the kubelet on master-1 cannot reach the API'); firstNs = false; }
    }
    w.kubelet(HOST, crashT, 'E', 'kubelet_node_status.go:527', '"Unable to update node status" err="update node status exceeds retry count"');
    for (const p of peers) {
      const pl = w.etcd(p, crashT + rng.int(1, 4) * 1e6, 'warn', 'rafthttp/stream.go:421', 'lost TCP streaming connection with remote peer', { 'stream-reader-type': 'stream MsgApp v2', 'local-member-id': memberId(w, p), 'remote-peer-id': me, error: 'read tcp 10.0.0.' + (11 + MASTERS.indexOf(p)) + ':2380->10.0.0.12:2380: i/o timeout' });
      if (p === 'master-0') w.cite('etcd_peer_lost', pl, 'lost TCP streaming connection with remote peer', 'the other members lose master-1 when it hangs');
      for (let k = 1; k < 6; k++) w.etcd(p, crashT + k * 30e6, 'warn', 'rafthttp/probing_status.go:68', 'prober detected unhealthy status', { 'round-tripper-name': 'ROUND_TRIPPER_RAFT_MESSAGE', 'remote-peer-id': me, rtt: '0s', error: 'dial tcp 10.0.0.12:2380: i/o timeout' });
    }
  },
  events(w, { crashT }) {
    const item = (name: string, reason: string, type: string, msg: string, at: number, host: string, count = 1) => [
      '- apiVersion: v1', `  count: ${count}`, '  eventTime: null', `  firstTimestamp: "${iso(at)}"`, '  involvedObject:', '    apiVersion: v1', '    kind: Pod', `    name: ${name}`, '    namespace: openshift-etcd',
      '  kind: Event', `  lastTimestamp: "${iso(at)}"`, `  message: '${msg.replace(/'/g, "''")}'`, '  metadata:', `    creationTimestamp: "${iso(at)}"`, `    name: ${name}.${w.stableHex(name + reason + at, 16)}`, '    namespace: openshift-etcd',
      `  reason: ${reason}`, '  source:', `    component: ${reason === 'NodeNotReady' ? 'node-controller' : 'kubelet'}`, ...(reason === 'NodeNotReady' ? [] : [`    host: ${host}`]), `  type: ${type}`,
    ].join('\n');
    const items = [
      item('etcd-master-1', 'Unhealthy', 'Warning', 'Readiness probe failed: Get "https://10.0.0.12:9980/readyz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)', crashT - 6 * 60e6, 'master-1', 7),
      item('etcd-guard-master-1', 'Unhealthy', 'Warning', 'Readiness probe failed: Get "https://10.0.0.12:9980/readyz": context deadline exceeded', crashT - 5 * 60e6, 'master-1', 4),
      item('etcd-master-1', 'NodeNotReady', 'Warning', 'Node is not ready', crashT + 41e6, 'master-1'),
      item('etcd-master-1', 'Started', 'Normal', 'Started container etcd', crashT + 240e6, 'master-1'),
    ];
    return `---\napiVersion: v1\nitems:\n${items.join('\n')}\nkind: EventList\nmetadata:\n  resourceVersion: ""\n`;
  },
  explanation:
    'etcd on master-1 was starved by its disk: "slow fdatasync" (WAL fsync over 1 s, the documented limit) repeated for forty minutes, applies took seconds, and the leader could not send heartbeats on time ("leader is overloaded likely from slow disk"). '
    + 'master-1 lost leadership (master-2 was elected), the API server on master-1 kept getting "etcdserver: request timed out", and its kubelet could not update the node status. '
    + 'Then master-1\'s I/O stalled completely: the other members lost their stream to it and the node was reset from the BMC. The must-gather has no kernel log, so the disk itself is seen only through etcd. '
    + 'Action: put etcd on dedicated low-latency storage (etcd wants fdatasync p99 < 10 ms), check the datastore latency during the batch window.',
};

function iso(us: number): string {
  return new Date(Math.floor(us / 1e6) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The klog header's date and time part for a UTC process: "1007 07:26:51.123456". */
function klog(t: number): string {
  const s = rfc3339Local(t, 'UTC');
  return `${s.slice(5, 7)}${s.slice(8, 10)} ${s.slice(11, 26)}`;
}
