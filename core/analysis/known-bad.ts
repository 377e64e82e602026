// Versions known to take nodes down, each with the public report that says so. A row matches a
// node when its component's version string matches `pattern` (and lies in [from, below) when
// given). `explains` are the event types the bug produces: the verdict blames the version only
// when those events are in the lookback window, never for the version alone.
import type { EventType } from '../api/types.ts';

export type Component = 'kernel' | 'os' | 'kubelet' | 'runtime' | 'etcd';

export interface KnownBad {
  id: string;
  component: Component;
  pattern: RegExp;
  from?: string;
  below?: string;
  what: string;
  why: string;
  explains: EventType[];
  /** The cause category when this bug is blamed; default `operations` (a known-bad version). A
   *  version's leak that the taxonomy files elsewhere keeps that home (DESIGN.md lists the 3.10
   *  slab/cgroup leak under memory). */
  category?: 'memory' | 'kernel' | 'hardware' | 'kubernetes' | 'network' | 'operations';
  /** A message shape that is the bug's fingerprint among the explained events; when absent the
   *  explained event type is itself specific enough. */
  signature?: RegExp;
  reference: string;
}

export const KNOWN_BAD: KnownBad[] = [
  {
    id: 'el7-kmem-accounting-leak',
    component: 'kernel',
    pattern: /^3\.10\.0-.*\.el7/,
    what: 'RHEL/CentOS 7 kernel 3.10 with kernel-memory (kmem) accounting enabled by runc/kubelet',
    why: 'runc and kubelet turn on kmem accounting in pod cgroups; on 3.10 kernels that accounting leaks slab caches (`SLUB: Unable to allocate memory on node -1`) until pods and the node run out of memory although `free` shows plenty. Boot with cgroup.memory=nokmem or move to a newer kernel.',
    explains: ['memcg_oom', 'oom_kill', 'hung_task'],
    category: 'memory',
    signature: /SLUB: Unable to allocate|kmem|slab/i,
    reference: 'https://github.com/kubernetes/kubernetes/issues/61937 ; https://github.com/opencontainers/runc/issues/1725',
  },
  {
    id: 'unregister-netdevice-refcount',
    component: 'kernel',
    pattern: /^[34]\./,
    below: '4.15',
    what: 'Linux kernels before 4.15 with container network namespaces',
    why: 'network device reference-count leaks make `unregister_netdevice: waiting for lo to become free` repeat forever; the task deleting the namespace hangs with the RTNL lock held, container start/stop and then the node hang (later kernels fixed several of the leaks, though the message still appears on some).',
    explains: ['unregister_netdevice', 'hung_task'],
    signature: /unregister_netdevice|waiting for \w+ to become free/i,
    reference: 'https://github.com/moby/moby/issues/5618',
  },
  {
    id: 'containerd-1.4.4-runc-rc93',
    component: 'runtime',
    pattern: /containerd/i,
    from: '1.4.4',
    below: '1.4.5',
    what: 'containerd 1.4.4 (bundling runc 1.0.0-rc93)',
    why: 'runc 1.0.0-rc93 shipped with containerd.io 1.4.4 can leave container operations hanging; kubelet reports `PLEG is not healthy` and the node flaps NotReady. Fixed in containerd 1.4.6 / runc rc94.',
    explains: ['kubelet_pleg', 'runtime_down', 'node_not_ready'],
    signature: /PLEG|runtime|deadline exceeded/i,
    reference: 'https://github.com/containerd/containerd/issues/5274 ; https://github.com/kubernetes-sigs/kubespray/issues/7574',
  },
  {
    id: 'docker-17-container-exit-race',
    component: 'runtime',
    pattern: /docker/i,
    from: '17.06',
    below: '18.03',
    what: 'Docker 17.06–17.12 (runc before the fix for the container-exit race)',
    why: 'docker stops noticing container exits; `docker ps`/`inspect` hang, kubelet PLEG goes unhealthy and nodes turn NotReady after hours of churn.',
    explains: ['kubelet_pleg', 'runtime_down', 'node_not_ready'],
    signature: /PLEG|docker/i,
    reference: 'https://github.com/coreos/bugs/issues/2306 ; https://github.com/opencontainers/runc/pull/1698',
  },
  {
    id: 'kubelet-1.11-pleg-relist-deadlock',
    component: 'kubelet',
    pattern: /\d/,
    from: '1.11.0',
    below: '1.12.0',
    what: 'kubelet 1.11 (PLEG relist / syncLoop deadlock, reported on v1.11.5)',
    why: "PLEG's relist blocks sending to the kubelet's sync loop while the sync loop waits on PLEG's health check: the kubelet stops syncing pods, reports `PLEG is not healthy` and the node goes NotReady until the kubelet is restarted.",
    explains: ['kubelet_pleg', 'node_not_ready'],
    signature: /PLEG/i,
    reference: 'https://github.com/kubernetes/kubernetes/issues/72482',
  },
  {
    id: 'amzn2-5.4.214-pleg',
    component: 'kernel',
    pattern: /^5\.4\.21[4-7]-.*amzn2/,
    what: 'Amazon Linux 2 kernels 5.4.214–5.4.217 (EKS AMI v20221027)',
    why: 'single containers on these kernels stop answering the runtime; every docker command on them hangs, PLEG goes unhealthy and the node flaps NotReady.',
    explains: ['kubelet_pleg', 'node_not_ready'],
    signature: /PLEG/i,
    reference: 'https://github.com/awslabs/amazon-eks-ami/issues/1071',
  },
  {
    id: 'conntrack-snat-race-dns',
    component: 'kernel',
    pattern: /^[34]\.(?!.*\.el8)/, // RHEL 8's 4.18 carries the upstream fixes
    below: '5.0',
    what: 'kernels before 5.0 with iptables SNAT/DNAT (kube-proxy)',
    why: 'a conntrack insertion race drops one of two parallel UDP packets (A and AAAA lookups): DNS queries wait 5 s and time out intermittently.',
    explains: ['dns_failure'],
    signature: /timeout|timed out|i\/o timeout/i,
    reference: 'https://github.com/kubernetes/kubernetes/issues/56903',
  },
  {
    id: 'etcd-3.5.0-3.5.2-inconsistency',
    component: 'etcd',
    pattern: /\d/,
    from: '3.5.0',
    below: '3.5.3',
    what: 'etcd 3.5.0–3.5.2',
    why: 'a member killed (SIGKILL, OOM, node crash) while applying can come back with data that differs from its peers; the etcd maintainers advise against these versions in production.',
    explains: ['etcd_leader_change', 'etcd_request_timeout'],
    signature: /leader|timeout/i,
    reference: 'https://github.com/etcd-io/etcd/issues/13766',
  },
  {
    id: 'etcd-3.4.20-3.5.5-auth-inconsistency',
    component: 'etcd',
    pattern: /(?:^|[^\d.])(?:3\.4\.2[01]|3\.5\.5)(?![\d.]*\d)/,
    what: 'etcd 3.4.20–3.4.21 and 3.5.5',
    why: 'with auth enabled, a member added to the cluster can apply a different revision history (data inconsistency); upgrade to 3.4.22+ / 3.5.6+.',
    explains: ['etcd_leader_change'],
    signature: /leader/i,
    reference: 'https://github.com/kubernetes/kubernetes/pull/114093',
  },
];
