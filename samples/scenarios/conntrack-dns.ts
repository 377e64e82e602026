// A crawler pod opens a new UDP flow for every DNS lookup; with nf_conntrack_max left at a tiny
// 65536, the table fills, the kernel drops new flows, DNS times out for every pod on the node,
// probes fail, and the kubelet's own API calls time out. The node is marked unhealthy and reset.
import type { Scenario } from '../generator/scenario.ts';
import { rhel8Worker } from './common.ts';

const HOST = 'wrk-sh-08';

export const scenario: Scenario = {
  id: 'conntrack-dns',
  title: 'Every pod on one worker lost DNS',
  description: 'Pods on wrk-sh-08 (RHEL 9) started failing health checks with name-resolution errors in the evening; the node went NotReady and the platform team reset it.',
  category: 'network',
  type: 'conntrack_full',
  layout: 'sosreport',
  seed: 1010,
  nodes: [rhel8Worker(HOST, { os: 'rhel9', kernel: '5.14.0-362.24.1.el9_3.x86_64', zone: 'Asia/Shanghai', ip: '10.88.3.8', sysctl: { 'net.netfilter.nf_conntrack_max': '65536', 'net.netfilter.nf_conntrack_buckets': '16384' } })],
  crashNode: HOST,
  crashAt: '2025-08-22T12:31:05Z',
  outcome: 'hard_reset',
  quietSeconds: 20,
  story(w, { before, crashT }) {
    const rng = w.rng.fork('story');
    const crawler = { ns: 'seo', pod: 'link-crawler-5c7d9b8f6-w2k4p', uid: 'f0e1d2c3-b4a5-4968-8776-655443322110', container: 'crawler' };
    const coredns = { ns: 'kube-system', pod: 'coredns-76f75df574-8xkqn', uid: '0a9b8c7d-6e5f-4a3b-9c2d-1e0f9a8b7c6d', container: 'coredns' };
    w.kubelet(HOST, before(58 * 60), 'I', 'kubelet.go:2378', `"SyncLoop ADD" source="api" pods=["${crawler.ns}/${crawler.pod}"]`);
    for (let i = 0; i < 30; i++) w.pod(HOST, before(57 * 60 - i * 100), crawler, `{"level":"info","msg":"crawl batch done","hosts":${rng.int(4000, 9000)},"lookups":${rng.int(20000, 60000)},"workers":512}`);
    let first = true;
    for (let s = 41 * 60; s > 30; s -= rng.int(3, 25)) {
      const lines = rng.chance(0.3) ? [`net_ratelimit: ${rng.int(200, 3000)} callbacks suppressed`, 'nf_conntrack: nf_conntrack: table full, dropping packet'] : ['nf_conntrack: nf_conntrack: table full, dropping packet'];
      const es = w.kernel(HOST, before(s), lines, 4);
      if (first) { w.cite('conntrack_full', es[es.length - 1]!, 'nf_conntrack: table full, dropping packet', 'the connection-tracking table is full: new flows are dropped'); first = false; }
    }
    let firstDns = true;
    for (let s = 40 * 60; s > 40; s -= rng.int(5, 30)) {
      const e = w.pod(HOST, before(s), coredns, `[ERROR] plugin/errors: 2 ${rng.pick(['api.payments.example.com', 'cart.shop.svc.cluster.local', 'registry.example.com', 'auth.example.com'])}. A: read udp 10.244.3.5:${rng.int(30000, 60000)}->10.0.0.2:53: i/o timeout`);
      if (firstDns) { w.cite('dns_failure', e, 'A: read udp', 'CoreDNS on this node cannot reach its upstream: its packets are dropped too'); firstDns = false; }
    }
    const cart = { ns: 'shop', pod: `cart-${w.stableHex(`${HOST}-cartrs`, 10).slice(0, 9)}-${w.stableHex(`${HOST}-cart`, 5)}`, uid: '', container: 'cart' };
    void cart;
    for (let s = 35 * 60; s > 60; s -= rng.int(40, 120)) {
      w.kubelet(HOST, before(s), 'I', 'prober.go:107', `"Probe failed" probeType="Liveness" pod="shop/checkout-7b9d8c6f5-${rng.hex(5)}" podUID="${rng.uuid()}" containerName="checkout" probeResult="failure" output="Get \\"http://10.244.3.${rng.int(10, 200)}:8080/healthz\\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"`);
    }
    let firstNs = true;
    for (let s = 12 * 60; s > 5; s -= 10) {
      const e = w.kubelet(HOST, before(s), 'E', 'kubelet_node_status.go:540', `"Error updating node status, will retry" err="error getting node \\"${HOST}\\": Get \\"https://10.88.0.10:6443/api/v1/nodes/${HOST}?resourceVersion=0&timeout=10s\\": net/http: TLS handshake timeout"`);
      if (firstNs) { w.cite('kubelet_node_status_error', e, 'Error updating node status, will retry', 'even the kubelet\'s own connections are dropped now'); firstNs = false; }
    }
    w.kernel(HOST, crashT, 'nf_conntrack: nf_conntrack: table full, dropping packet', 4);
  },
  explanation:
    'A link-crawler pod with 512 workers made tens of thousands of DNS lookups and outbound connections per minute; each is a conntrack entry, and net.netfilter.nf_conntrack_max was only 65536 on this 32 GiB node (see sysctl_-a; the default scales with memory). '
    + 'The table filled ("nf_conntrack: table full, dropping packet" for forty minutes), so the kernel dropped new flows: CoreDNS on the node timed out against its upstream, every pod\'s lookups failed, liveness probes timed out, and finally the kubelet\'s own TLS handshakes to the API failed. '
    + 'The node went NotReady and was reset. Fix: raise nf_conntrack_max (or let kube-proxy set it), lower UDP conntrack timeouts, run NodeLocal DNSCache, and rate-limit the crawler.',
};
