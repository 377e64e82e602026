// Kubernetes components: etcd (capnslog text < 3.4, zap JSON 3.4+, also wrapped in CRI or journal
// lines), kubelet (klog text, structured since 1.21), the container runtime, controller-manager and
// scheduler leader election. Patterns match the message text, so the same row covers an etcd line
// as journald shows it, as zap JSON, and as the JSON inside a CRI pod log.
import type { Rule } from '../rule.ts';

const KUBELET = /kubelet|k3s|k0s|rke2|microk8s|hyperkube|openshift|kube/i;
const MEMBER = '[0-9a-f]{8,16}';

export const KUBERNETES_RULES: Rule[] = [
  // ── etcd ────────────────────────────────────────────────────────────────────────────────────
  {
    id: 'kubernetes.etcd.election',
    type: 'etcd_leader_change', category: 'kubernetes', severity: 'warning',
    keys: ['is starting a new election', 'became candidate', 'became leader'],
    pattern: new RegExp(`(?<member>${MEMBER}) (?<phase>is starting a new election|became candidate|became leader) at term (?<term>\\d+)`),
    fields: { term: 'number' },
    accept: (f) => { f.phase = f.phase === 'is starting a new election' ? 'election started' : String(f.phase).replace('became ', ''); return true; },
    message: 'etcd member {member}: {phase} at term {term}',
    versions: 'etcd 2.x–3.5 raft log lines (capnslog and zap)',
    samples: {
      match: [
        { line: '980a75d3196f23b1 is starting a new election at term 898', fields: { member: '980a75d3196f23b1', term: 898, phase: 'election started' } },
        { line: '980a75d3196f23b1 became candidate at term 899', fields: { term: 899, phase: 'candidate' } },
        { line: '{"level":"info","ts":"2021-09-16T05:38:03.911Z","caller":"raft/raft.go:672","msg":"980a75d3196f23b1 became candidate at term 899"}', fields: { member: '980a75d3196f23b1' } },
        { line: '8e9e05c52164694d became leader at term 2', fields: { phase: 'leader' } },
      ],
      noMatch: [
        '2a0965170762fd09 became follower at term 12274',
        '980a75d3196f23b1 received MsgVoteResp from 980a75d3196f23b1 at term 899',
        '980a75d3196f23b1 [logterm: 898, index: 137970119, vote: 980a75d3196f23b1] ignored MsgVote from 2c93ddd62e188857 [logterm: 898, index: 137970097] at term 898: lease is not expired (remaining ticks: 10)',
        '980a75d3196f23b1 became pre-candidate at term 898',
      ],
    },
  },
  {
    id: 'kubernetes.etcd.leader-lost',
    type: 'etcd_leader_change', category: 'kubernetes', severity: 'error',
    keys: ['lost leader', 'elected leader', 'changed leader'],
    pattern: new RegExp(`raft\\.node: (?<member>${MEMBER}) (?:(?<phase>lost leader) (?<old_leader>${MEMBER})|(?<phase2>elected leader) (?<new_leader>${MEMBER})|(?<phase3>changed leader) from (?<old_leader2>${MEMBER}) to (?<new_leader2>${MEMBER})) at term (?<term>\\d+)`),
    fields: { term: 'number' },
    accept: (f) => {
      f.phase = f.phase ?? f.phase2 ?? f.phase3 ?? '';
      if (f.old_leader2 !== undefined) f.old_leader = f.old_leader2;
      if (f.new_leader2 !== undefined) f.new_leader = f.new_leader2;
      for (const k of ['phase2', 'phase3', 'old_leader2', 'new_leader2']) delete f[k];
      return true;
    },
    message: 'etcd member {member}: {phase} at term {term}',
    versions: 'etcd 3.0–3.5 (`raft.node:` prefix; zap JSON since 3.4)',
    samples: {
      match: [
        { line: 'raft.node: 2a0965170762fd09 lost leader 91d25258d70ad868 at term 12274', fields: { member: '2a0965170762fd09', old_leader: '91d25258d70ad868', term: 12274, phase: 'lost leader' } },
        { line: 'raft.node: 8e9e05c52164694d elected leader 8e9e05c52164694d at term 2', fields: { new_leader: '8e9e05c52164694d', phase: 'elected leader' } },
        { line: 'raft.node: 91d25258d70ad868 changed leader from 2a0965170762fd09 to 134af6e5d3e35861 at term 12275', fields: { old_leader: '2a0965170762fd09', new_leader: '134af6e5d3e35861' } },
      ],
      noMatch: ['2a0965170762fd09 [term: 12274] ignored a MsgApp message with lower term from 91d25258d70ad868 [term: 12273]'],
    },
  },
  {
    id: 'kubernetes.etcd.slow-apply',
    type: 'etcd_slow_apply', category: 'kubernetes', severity: 'warning',
    keys: ['took too long'],
    // 3.0–3.3 capnslog: `apply entries took too long [2.9s for 2 entries]`; 3.4+ zap: `apply request took too long` with took / expected-duration keys.
    pattern: /(?:apply entries took too long \[(?<took>[\d.]+[µum]?s) for (?<entries>\d+) entries\]|(?<what>apply request|read-only range request[^\n]*?) took too long(?: \((?<took2>[\d.]+[µum]?s)\))?)/,
    fields: { entries: 'number' },
    from: { took: 'took', expected: 'expected-duration' },
    accept: (f) => { if (f.took2 !== undefined) { f.took = f.took2; delete f.took2; } if (typeof f.what === 'string' && f.what.startsWith('read-only')) f.what = 'read-only range request'; return true; },
    message: 'etcd slow apply: took {took}',
    versions: 'etcd 3.0–3.3 capnslog text, 3.4–3.5 zap JSON',
    samples: {
      match: [
        { line: 'etcdserver: apply entries took too long [2.932839503s for 2 entries]', fields: { took: '2.932839503s', entries: 2 } },
        { line: '{"level":"warn","ts":"2023-08-18T02:47:25.111Z","caller":"etcdserver/util.go:166","msg":"apply request took too long","took":"627.833521ms","expected-duration":"200ms","prefix":"","request":"header:<ID:1106>","response":"size:20"}', fields: { took: '627.833521ms', expected: '200ms' } },
        { line: 'etcdserver: read-only range request "key:\\"/registry/pods/\\" " with result "range_response_count:12 size:40" took too long (1.270587322s) to execute', fields: { took: '1.270587322s', what: 'read-only range request' } },
      ],
      noMatch: ['etcdserver: avoid queries with large range/delete range!'],
    },
  },
  {
    id: 'kubernetes.etcd.slow-disk',
    type: 'etcd_slow_apply', category: 'kubernetes', severity: 'warning',
    keys: ['slow fdatasync', 'sync duration of'],
    pattern: /(?:slow fdatasync|sync duration of (?<took2>[\d.]+m?s), expected less than (?<expected2>\d+m?s))/,
    from: { took: 'took', expected: 'expected-duration' },
    set: { kind: 'wal fsync' },
    accept: (f) => { if (f.took2 !== undefined) { f.took = f.took2; f.expected = f.expected2!; delete f.took2; delete f.expected2; } return true; },
    message: 'etcd slow disk: WAL fsync took {took}',
    versions: 'etcd 3.0–3.3 `wal: sync duration of 1.2s, expected less than 1s`; 3.4+ zap `slow fdatasync`',
    samples: {
      match: [
        { line: 'wal: sync duration of 2.184366541s, expected less than 1s', fields: { took: '2.184366541s', expected: '1s' } },
        { line: '{"level":"warn","ts":"2021-03-02T10:11:12.345Z","caller":"wal/wal.go:802","msg":"slow fdatasync","took":"1.335s","expected-duration":"1s"}', fields: { took: '1.335s' } },
      ],
      noMatch: ['wal: segmented wal file /var/lib/etcd/member/wal/0000000000000001-0000000000012345.wal is created'],
    },
  },
  {
    id: 'kubernetes.etcd.heartbeat',
    type: 'etcd_heartbeat_late', category: 'kubernetes', severity: 'warning',
    keys: ['send out heartbeat on time'],
    pattern: /failed to send out heartbeat on time(?: \(exceeded the (?<timeout_ms>\d+)ms timeout for (?<exceeded>[\d.]+[µum]?s))?/,
    fields: { timeout_ms: 'number' },
    from: { exceeded: 'exceeded-duration', heartbeat_interval: 'heartbeat-interval', peer: 'to' },
    message: 'etcd leader sent a heartbeat late (by {exceeded})',
    versions: 'etcd 3.0–3.3 capnslog `(exceeded the 10ms timeout for 12.3ms)`, 3.4+ zap `leader failed to send out heartbeat on time; …`',
    samples: {
      match: [
        { line: 'etcdserver: failed to send out heartbeat on time (exceeded the 10ms timeout for 12.296834ms)', fields: { exceeded: '12.296834ms', timeout_ms: 10 } },
        { line: 'etcdserver: failed to send out heartbeat on time (exceeded the 10ms timeout for 52.152µs)', fields: { exceeded: '52.152µs' } },
        { line: '{"level":"warn","ts":"2022-01-01T00:00:00.000Z","caller":"etcdserver/raft.go:369","msg":"leader failed to send out heartbeat on time; took too long, leader is overloaded likely from slow disk","to":"9ba95d5ea7d7d7c2","heartbeat-interval":"100ms","expected-duration":"200ms","exceeded-duration":"16.59ms"}', fields: { exceeded: '16.59ms', peer: '9ba95d5ea7d7d7c2' } },
      ],
      noMatch: ['etcdserver: server is likely overloaded'],
    },
  },
  {
    id: 'kubernetes.etcd.db-space',
    type: 'etcd_db_space', category: 'kubernetes', severity: 'critical',
    keys: ['no space', 'database space exceeded', 'alarm:NOSPACE', '"NOSPACE"'],
    pattern: /(?<error>etcdserver: no space|mvcc: database space exceeded|alarm:?"?:?"?NOSPACE|"alarm":"NOSPACE")/,
    identFields: true,
    message: 'etcd database out of space ({error})',
    versions: 'etcd 3.0–3.5 (NOSPACE alarm, `mvcc: database space exceeded`), k3s embedded etcd',
    samples: {
      match: [
        { line: '{"level":"warn","ts":"2022-03-13T17:21:30.783-0700","caller":"etcdserver/util.go:123","msg":"failed to apply request","took":"10.558µs","response":"","error":"etcdserver: no space"}', fields: { error: 'etcdserver: no space' } },
        { line: 'etcdserver: mvcc: database space exceeded', fields: { error: 'mvcc: database space exceeded' } },
      ],
      noMatch: ['No space left on device while writing /tmp/x'],
    },
  },
  {
    id: 'kubernetes.etcd.peer-lost',
    type: 'etcd_peer_lost', category: 'kubernetes', severity: 'error',
    keys: ['prober detected unhealthy', 'lost TCP streaming connection', 'lost the TCP streaming connection', 'became inactive', 'health check for peer', 'failed to dial'],
    pattern: new RegExp(`(?:prober detected unhealthy status|lost (?:the )?TCP streaming connection with (?:remote )?peer(?: (?<peer2>${MEMBER}))?|peer (?<peer3>${MEMBER}) became inactive|peer became inactive|health check for peer (?<peer4>${MEMBER}) could not connect|rafthttp: failed to dial (?<peer5>${MEMBER}))`),
    from: { peer: 'remote-peer-id', local: 'local-member-id', peer_id: 'peer-id' },
    context: [/(?<error>connection refused|i\/o timeout|no route to host|connection reset by peer|EOF)/],
    accept: (f) => {
      f.peer = f.peer ?? f.peer2 ?? f.peer3 ?? f.peer4 ?? f.peer5 ?? f.peer_id ?? '';
      for (const k of ['peer2', 'peer3', 'peer4', 'peer5', 'peer_id']) delete f[k];
      return true;
    },
    message: 'etcd lost contact with peer {peer} ({error})',
    versions: 'etcd 3.0–3.3 capnslog `rafthttp: …`, 3.4+ zap `prober detected unhealthy status`, `lost TCP streaming connection with remote peer`',
    samples: {
      match: [
        { line: '{"level":"warn","ts":"2024-05-23T09:09:09.745+0800","caller":"rafthttp/probing_status.go:68","msg":"prober detected unhealthy status","round-tripper-name":"ROUND_TRIPPER_SNAPSHOT","remote-peer-id":"cee2c0be4d046b6","rtt":"233.675µs","error":"dial tcp 52.135.41.222:2380: connect: connection refused"}', fields: { peer: 'cee2c0be4d046b6', error: 'connection refused' } },
        { line: 'rafthttp: lost the TCP streaming connection with peer 9ba95d5ea7d7d7c2 (stream MsgApp v2 reader)', fields: { peer: '9ba95d5ea7d7d7c2' } },
        { line: 'rafthttp: health check for peer 9ba95d5ea7d7d7c2 could not connect: dial tcp 10.0.0.3:2380: i/o timeout', fields: { peer: '9ba95d5ea7d7d7c2', error: 'i/o timeout' } },
      ],
      noMatch: ['{"level":"warn","ts":"2023-08-18T02:47:26.510Z","caller":"etcdserver/server.go:2084","msg":"failed to publish local member to cluster through raft","local-member-id":"63f111c239cc91f8","publish-timeout":"7s","error":"etcdserver: request timed out"}'],
    },
  },
  {
    id: 'kubernetes.etcd.request-timeout',
    type: 'etcd_request_timeout', category: 'kubernetes', severity: 'error',
    keys: ['etcdserver: request timed out', 'timed out waiting for read index'],
    pattern: /(?<error>etcdserver: request timed out(?:, possibly due to (?:previous leader failure|connection lost))?|timed out waiting for read index response)/,
    message: 'etcd request timed out ({error})',
    versions: 'etcd 3.x server errors, as etcd and kube-apiserver print them',
    samples: {
      match: [
        { line: '{"level":"warn","msg":"failed to publish local member to cluster through raft","publish-timeout":"7s","error":"etcdserver: request timed out"}', fields: { error: 'etcdserver: request timed out' } },
        { line: 'E0312 10:00:01.123456       1 status.go:71] apiserver received an error that is not an metav1.Status: rpctypes.EtcdError{Code:14, desc:"etcdserver: request timed out, possibly due to previous leader failure"}', fields: { error: 'etcdserver: request timed out, possibly due to previous leader failure' } },
      ],
      noMatch: ['etcdserver: request cancelled'],
    },
  },
  // ── kubelet ─────────────────────────────────────────────────────────────────────────────────
  {
    id: 'kubernetes.kubelet.pleg',
    type: 'kubelet_pleg', category: 'kubernetes', severity: 'error',
    keys: ['PLEG is not healthy'],
    pattern: /PLEG is not healthy: pleg (?:was last seen active (?<last_seen>[\dhmsµn.]+) ago; threshold is (?<threshold>[\dhms.]+)|has yet to be successful)/,
    idents: KUBELET,
    message: 'kubelet PLEG not healthy (last seen active {last_seen} ago)',
    versions: 'kubelet 1.6–1.30',
    samples: {
      match: [
        { line: 'skipping pod synchronization - [PLEG is not healthy: pleg was last seen active 3m5.30015447s ago; threshold is 3m0s]', fields: { last_seen: '3m5.30015447s', threshold: '3m0s' } },
        { line: 'Node became not ready: {Type:Ready Status:False Reason:KubeletNotReady Message:PLEG is not healthy: pleg was last seen active 3m7.629592089s ago; threshold is 3m0s}', fields: { last_seen: '3m7.629592089s' } },
        { line: '"Skipping pod synchronization" err="PLEG is not healthy: pleg has yet to be successful"' },
      ],
      noMatch: ['GenericPLEG: Unable to retrieve pods: rpc error: code = Unknown'],
    },
  },
  {
    id: 'kubernetes.kubelet.not-ready',
    type: 'node_not_ready', category: 'kubernetes', severity: 'error',
    keys: ['NodeNotReady', 'Node became not ready', 'is NotReady', 'Node is unresponsive'],
    // The node lifecycle controller (1.20+) says `"Node is NotReady. Adding it to the Taint queue" node="cp-2"`.
    pattern: /(?:Recording (?:status change )?NodeNotReady event message for node (?<node>[\w.-]+)|Node became not ready(?:[^\n]*?Reason:(?<reason>\w+)|[^\n]*?"reason":"(?<reason2>\w+)")?|Node is (?:NotReady|unresponsive)\b|[Nn]ode (?<node2>[\w.-]+) (?:status is now: NodeNotReady|is NotReady)|NodeNotReady\s+(?:node\/)?(?<node3>[\w.-]+))/,
    accept: (f) => {
      f.node = f.node ?? f.node2 ?? f.node3 ?? '';
      if (f.reason2 !== undefined) f.reason = f.reason2;
      for (const k of ['node2', 'node3', 'reason2']) delete f[k];
      if (f.node === '') delete f.node;
      return true;
    },
    context: [/node="(?<node>[\w.-]+)"/],
    hostField: 'node',
    message: 'node {node} became NotReady {reason}',
    versions: 'kubelet 1.6–1.30 (text and structured), node lifecycle controller, `kubectl get events`',
    samples: {
      match: [
        { line: 'Recording NodeNotReady event message for node ip-10-50-20-208.ec2.internal', fields: { node: 'ip-10-50-20-208.ec2.internal' } },
        { line: 'Node became not ready: {Type:Ready Status:False LastHeartbeatTime:2017-05-05 13:59:56.872865742 +0000 UTC Reason:KubeletNotReady Message:PLEG is not healthy}', fields: { reason: 'KubeletNotReady' } },
        { line: '"Node became not ready" node="worker-3" condition={"type":"Ready","status":"False","reason":"KubeletNotReady","message":"container runtime is down"}', fields: { node: 'worker-3', reason: 'KubeletNotReady' } },
        { line: 'Recording status change NodeNotReady event message for node worker-3', fields: { node: 'worker-3' } },
        { line: '"Node is NotReady. Adding it to the Taint queue" node="cp-2" timeStamp="2025-04-24 16:12:18.412 +0000 UTC"', fields: { node: 'cp-2' } },
        { line: 'Node ip-10-0-1-5.ec2.internal is NotReady as of 2021-03-02 10:11:12 +0000 UTC. Adding it to the Taint queue.', fields: { node: 'ip-10-0-1-5.ec2.internal' } },
      ],
      noMatch: ['Node ready condition is met', 'Recording NodeReady event message for node worker-3', 'error retrieving pod status: pod default/x is not found: PodNotFound'],
    },
  },
  {
    id: 'kubernetes.kubelet.node-status',
    type: 'kubelet_node_status_error', category: 'kubernetes', severity: 'error',
    keys: ['updating node status', 'update node status'],
    pattern: /(?:Error updating node status, will retry|Unable to update node status)(?:[^\n]*?error getting node \\?"(?<node>[\w.-]+)\\?")?/,
    idents: KUBELET,
    hostField: 'node',
    message: 'kubelet could not update the status of node {node}',
    versions: 'kubelet 1.5–1.30',
    samples: {
      match: [
        { line: 'Error updating node status, will retry: error getting node "engine02": Get https://192.168.70.232:6443/api/v1/nodes/engine02?timeout=10s: dial tcp 192.168.70.232:6443: connect: connection refused', fields: { node: 'engine02' } },
        { line: '"Error updating node status, will retry" err="error getting node \\"worker-1\\": Get \\"https://10.0.0.1:6443/api/v1/nodes/worker-1?timeout=10s\\": context deadline exceeded"', fields: { node: 'worker-1' } },
        { line: 'Unable to update node status: update node status exceeds retry count' },
      ],
      noMatch: ['Successfully registered node worker-1'],
    },
  },
  {
    id: 'kubernetes.apiserver.unreachable',
    type: 'apiserver_unreachable', category: 'kubernetes', severity: 'error',
    keys: ['dial tcp', 'TLS handshake timeout', 'client connection lost', 'Client.Timeout exceeded', 'context deadline exceeded'],
    // Any client of the API (kubelet, kube-proxy, controllers) failing to reach it: a URL under
    // /api(s)/ or port 6443, then a connection-level error. etcd peers (:2380) are not the API.
    pattern: /(?:https?:\/\/(?<host>[^\s/"\\]+)\/(?:api|apis)\/|:6443\b)[^\n]*?(?:dial tcp (?<endpoint>[^\s]+?): (?:connect: )?(?<error>connection refused|i\/o timeout|no route to host|connection reset by peer|network is unreachable)|(?<error2>net\/http: TLS handshake timeout|http2: client connection lost|Client\.Timeout exceeded while awaiting headers|context deadline exceeded))/,
    accept: (f) => {
      if (f.error2 !== undefined) { f.error = f.error2; delete f.error2; }
      if (f.endpoint === undefined && f.host !== undefined) f.endpoint = f.host;
      delete f.host;
      return true;
    },
    message: 'API server {endpoint} unreachable: {error}',
    versions: 'client-go in kubelet / kube-proxy / controllers, Kubernetes 1.5–1.30',
    samples: {
      match: [
        { line: 'Error updating node status, will retry: error getting node "engine02": Get https://192.168.70.232:6443/api/v1/nodes/engine02?timeout=10s: dial tcp 192.168.70.232:6443: connect: connection refused', fields: { endpoint: '192.168.70.232:6443', error: 'connection refused' } },
        { line: 'failed to list *v1.Service: Get "https://10.96.0.1:443/api/v1/services?limit=500&resourceVersion=0": dial tcp 10.96.0.1:443: i/o timeout', fields: { endpoint: '10.96.0.1:443', error: 'i/o timeout' } },
        { line: 'Failed to get node info: Get "https://api.cluster.local:6443/api/v1/nodes/n1": net/http: TLS handshake timeout', fields: { endpoint: 'api.cluster.local:6443', error: 'net/http: TLS handshake timeout' } },
        { line: '"Error updating node status, will retry" err="error getting node \\"master-1\\": Get \\"https://api-int.ocp4.example.com:6443/api/v1/nodes/master-1?resourceVersion=0&timeout=10s\\": context deadline exceeded"', fields: { endpoint: 'api-int.ocp4.example.com:6443', error: 'context deadline exceeded' } },
      ],
      noMatch: [
        '{"msg":"prober detected unhealthy status","remote-peer-id":"cee2c0be4d046b6","error":"dial tcp 52.135.41.222:2380: connect: connection refused"}',
        'Get http://localhost:10248/healthz: dial tcp 127.0.0.1:10248: connect: connection refused',
      ],
    },
  },
  {
    id: 'kubernetes.runtime.down',
    type: 'runtime_down', category: 'kubernetes', severity: 'error',
    keys: ['runtime is down', 'runtime not ready', 'Runtime not ready', '.sock: connect', 'Cannot connect to the Docker daemon'],
    pattern: /(?:(?<what>[Cc]ontainer runtime is down|[Cc]ontainer runtime not ready)|dial unix (?<socket>[^\s:]+(?:containerd|crio|docker|cri-dockerd)\.sock): connect: (?<error>connection refused|no such file or directory|resource temporarily unavailable)|(?<what2>Cannot connect to the Docker daemon))/,
    accept: (f) => { if (f.what2 !== undefined) { f.what = f.what2; delete f.what2; } if (f.what === undefined) f.what = 'runtime socket unreachable'; return true; },
    message: 'container runtime down: {what} {socket}',
    versions: 'kubelet 1.6–1.30 with docker, containerd or CRI-O',
    samples: {
      match: [
        { line: 'skipping pod synchronization - [container runtime is down]', fields: { what: 'container runtime is down' } },
        { line: '"Container runtime not ready" runtimeReady="RuntimeReady=false reason:DockerDaemonNotReady message:docker: failed to get docker version"', fields: { what: 'Container runtime not ready' } },
        { line: 'rpc error: code = Unavailable desc = connection error: desc = "transport: Error while dialing dial unix /run/containerd/containerd.sock: connect: connection refused"', fields: { socket: '/run/containerd/containerd.sock', error: 'connection refused' } },
      ],
      noMatch: ['Container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady', 'Using CRI v1 runtime API'],
    },
  },
  {
    // The lease renewal failing comes first; the process then says `leaderelection lost` and exits.
    id: 'kubernetes.leader-election.renew-failed',
    type: 'leader_election_lost', category: 'kubernetes', severity: 'error',
    keys: ['failed to renew lease', 'lost lease'],
    pattern: /(?:failed to renew lease|lost lease) (?<lease>[\w.-]+\/[\w.-]+)/,
    group: { name: 'leader-election', role: 'lead', span: 20 },
    identFields: true,
    message: 'leader election lost: could not renew lease {lease}',
    versions: 'client-go leaderelection 1.8–1.30 (`Failed to update lock" err="failed to renew lease …` since 1.20)',
    samples: {
      match: [
        { line: 'failed to renew lease kube-system/kube-controller-manager: timed out waiting for the condition', fields: { lease: 'kube-system/kube-controller-manager' } },
        { line: '"Failed to update lock" err="failed to renew lease kube-system/kube-scheduler: timed out waiting for the condition"', fields: { lease: 'kube-system/kube-scheduler' } },
      ],
      noMatch: ['successfully acquired lease kube-system/kube-scheduler', 'attempting to acquire leader lease kube-system/kube-scheduler...'],
    },
  },
  {
    id: 'kubernetes.leader-election.lost',
    type: 'leader_election_lost', category: 'kubernetes', severity: 'error',
    keys: ['eaderelection lost'],
    pattern: /[Ll]eaderelection lost/,
    group: { name: 'leader-election', role: 'key', span: 20 },
    identFields: true,
    message: 'leader election lost {lease}',
    versions: 'kube-controller-manager / kube-scheduler 1.8–1.30 (`F… leaderelection lost`, structured `"Leaderelection lost"` since 1.20)',
    samples: {
      match: [{ line: 'leaderelection lost' }, { line: '"Leaderelection lost"' }],
      noMatch: ['became leader', 'successfully acquired lease kube-system/kube-controller-manager'],
    },
  },
  {
    // systemd keeps restarting a crashing kubelet: its restart counter says how often.
    id: 'kubernetes.kubelet.restart-counter',
    type: 'kubelet_restart_loop', category: 'kubernetes', severity: 'error',
    keys: ['restart counter is at'],
    pattern: /(?<unit>kubelet|k3s(?:-agent)?|rke2-(?:server|agent)|snap\.microk8s\.daemon-kubelite)\.service: Scheduled restart job, restart counter is at (?<restart_counter>\d+)/,
    fields: { restart_counter: 'number' },
    accept: (f) => Number(f.restart_counter) >= 5,
    message: 'kubelet restart loop: restarted {restart_counter} times',
    versions: 'systemd 236+ (restart counter)',
    samples: {
      match: [{ line: 'kubelet.service: Scheduled restart job, restart counter is at 557.', fields: { unit: 'kubelet', restart_counter: 557 } }],
      noMatch: ['kubelet.service: Scheduled restart job, restart counter is at 1.', 'containerd.service: Scheduled restart job, restart counter is at 9.'],
    },
  },
];
