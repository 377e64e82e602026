// A control-plane node cut off by the network beyond it (a top-of-rack switch port in a bad
// state), with its own NIC link up all the time: etcd loses both peers at once, keeps calling
// elections it cannot win, the kubelet cannot reach the API, chrony loses its servers. The cloud's
// auto-repair resets the instance. Collected as a plain /var/log tarball from an Ubuntu node.
import type { Scenario } from '../generator/scenario.ts';
import type { World } from '../generator/world.ts';
import { controlPlane } from './common.ts';

const NODES = ['cp-a', 'cp-b', 'cp-c'];
const HOST = 'cp-b';
const id = (w: World, h: string) => w.stableHex(`member-${h}`, 16);

export const scenario: Scenario = {
  id: 'network-partition',
  title: 'Control-plane node reset by auto-repair',
  description: 'cp-b, one of three Ubuntu control-plane nodes, was reported unhealthy by the cloud\'s auto-repair and reset. Only its /var/log was saved (a tarball).',
  category: 'network',
  type: 'etcd_peer_lost',
  layout: 'var-log',
  seed: 1009,
  nodes: NODES.map((h, i) => controlPlane(h, `172.16.8.${11 + i}`, { os: 'ubuntu2204', kernel: '5.15.0-105-generic', zone: 'UTC', nic: { name: 'ens5', driver: 'ixgbe', pci: '0000:00:05.0', speed: '10 Gbps' }, disk: 'nvme0n1' })),
  crashNode: HOST,
  crashAt: '2025-02-11T16:04:27Z',
  outcome: 'hard_reset',
  story(w, { before, crashT }) {
    const rng = w.rng.fork('story');
    const me = id(w, HOST);
    const cut = before(14 * 60);
    let n = 0;
    for (const p of NODES.filter((h) => h !== HOST)) {
      const e = w.etcd(HOST, cut + rng.int(100, 900) * 1000, 'warn', 'rafthttp/stream.go:421', 'lost TCP streaming connection with remote peer', { 'stream-reader-type': 'stream MsgApp v2', 'local-member-id': me, 'remote-peer-id': id(w, p), error: `read tcp 172.16.8.12:2380->172.16.8.${11 + NODES.indexOf(p)}:2380: i/o timeout` });
      if (n++ === 0) w.cite('etcd_peer_lost', e, 'lost TCP streaming connection with remote peer', 'both peers vanish within the same second: the network, not a peer, failed');
      for (let k = 0; k < 25; k++) w.etcd(HOST, cut + (5 + k * 30) * 1e6, 'warn', 'rafthttp/probing_status.go:68', 'prober detected unhealthy status', { 'round-tripper-name': 'ROUND_TRIPPER_RAFT_MESSAGE', 'remote-peer-id': id(w, p), rtt: '0s', error: `dial tcp 172.16.8.${11 + NODES.indexOf(p)}:2380: i/o timeout` });
    }
    const lost = w.etcd(HOST, cut + 1.1e6, 'info', 'etcdserver/zap_raft.go:77', `raft.node: ${me} lost leader ${id(w, 'cp-a')} at term 31`, { logger: 'raft' });
    w.cite('etcd_leader_change', lost, `lost leader ${id(w, 'cp-a')} at term 31`, 'cp-b can no longer hear the leader');
    for (let k = 0; k < 30; k++) {
      const t = cut + (2 + k * 24 + rng.next() * 3) * 1e6;
      w.etcd(HOST, t, 'info', 'etcdserver/zap_raft.go:77', `${me} is starting a new election at term ${31 + k}`, { logger: 'raft' });
      w.etcd(HOST, t + 200, 'info', 'etcdserver/zap_raft.go:77', `${me} became pre-candidate at term ${31 + k}`, { logger: 'raft' });
    }
    let first = true;
    for (let s = 13 * 60; s > 0; s -= 10) {
      const e = w.kubelet(HOST, before(s), 'E', 'kubelet_node_status.go:540', `"Error updating node status, will retry" err="error getting node \\"${HOST}\\": Get \\"https://172.16.8.10:6443/api/v1/nodes/${HOST}?resourceVersion=0&timeout=10s\\": dial tcp 172.16.8.10:6443: i/o timeout"`);
      if (first) { w.cite('apiserver_unreachable', e, 'dial tcp 172.16.8.10:6443: i/o timeout', 'the API load balancer is unreachable from cp-b'); first = false; }
    }
    w.log(HOST, cut + 60e6, 'chronyd', "Can't synchronise: no selectable sources", 4);
    w.log(HOST, cut + 20e6, 'systemd-resolved', 'Using degraded feature set UDP instead of UDP+EDNS0 for DNS server 172.16.0.2.', 4);
    w.runtime(HOST, before(6 * 60), 'error', 'PullImage \\"registry.internal.example.com/platform/metrics-agent:2.4.1\\" failed', 'error="failed to pull and unpack image \\"registry.internal.example.com/platform/metrics-agent:2.4.1\\": failed to resolve reference: dial tcp 10.1.0.40:443: i/o timeout"');
    for (const p of NODES.filter((h) => h !== HOST)) {
      w.etcd(p, cut + rng.int(1000, 2000) * 1000, 'warn', 'rafthttp/stream.go:421', 'lost TCP streaming connection with remote peer', { 'stream-reader-type': 'stream Message', 'local-member-id': id(w, p), 'remote-peer-id': me, error: 'read tcp: i/o timeout' });
    }
    w.etcd(HOST, crashT, 'info', 'etcdserver/zap_raft.go:77', `${me} is starting a new election at term 61`, { logger: 'raft' });
    // cut off: no logins, no pods scheduled through the API, no images pulled while it lasts
    for (const ident of ['kubelet', 'containerd', 'sshd', 'systemd-logind']) w.silence(HOST, ident, cut, crashT);
  },
  explanation:
    'At 15:50 UTC cp-b lost both etcd peers in the same second and never got them back: "lost TCP streaming connection" and "prober detected unhealthy status" with i/o timeouts, then thirty pre-vote elections it could not win. '
    + 'At the same time the kubelet timed out against the API load balancer, chrony lost its NTP servers and image pulls timed out: everything beyond the host was unreachable, while the NIC never reported a link change. '
    + 'That pattern (all peers at once, link up, timeouts rather than refusals) is a network partition upstream of the node, not an etcd or host fault. Auto-repair reset the instance after fourteen minutes. '
    + 'Action: check the switch port / security groups / routing for cp-b at 15:50; the node itself was healthy.',
};
