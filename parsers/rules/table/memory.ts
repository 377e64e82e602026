// Memory: the OOM killer (global and memory-cgroup) and kubelet evictions.
// An OOM report is one happening over many lines: `X invoked oom-killer` (lead), the task table,
// `oom-kill:constraint=…` (lead, 4.19+), then the kill line (key). Old kernels (≤ 4.x) print the
// kill twice — `…: Kill process N (x) score S or sacrifice child` and `Killed process N (x) …` —
// and the corpus counts both; 5.x+ prints one `…: Killed process N (x) …` line.
import type { Rule } from '../rule.ts';

const OOM_GROUP = { name: 'oom', span: 2000 } as const;
// What marks an OOM as a memory-cgroup one when the kill line itself does not say so.
const MEMCG_MARK = /constraint=CONSTRAINT_MEMCG|mem_cgroup_out_of_memory|Task in \S+ killed as a result of limit/;
const KERNEL = /^(kernel|vmunix)$/;
const OOM_CONTEXT = [
  /oom-kill:constraint=(?<constraint>CONSTRAINT_\w+)/,
  /(?<invoker>\S+) invoked oom-killer/,
  /task_memcg=(?<cgroup>[^,\s]+)/,
  /oom_score_adj:(?<oom_score_adj>-?\d+)/,
];
const KUBELET = /kubelet|k3s|k0s|rke2|microk8s|hyperkube|openshift|kube/i;

export const MEMORY_RULES: Rule[] = [
  {
    id: 'memory.oom.global-kill',
    type: 'oom_kill', category: 'memory', severity: 'error',
    keys: ['Out of memory: Kill'],
    pattern: /(?<!cgroup )Out of memory: Kill(?:ed)? process (?<pid>\d+) \((?<process>[^)\n]*)\)(?:[^\n]*?anon-rss:(?<anon_rss_kb>\d+)kB)?(?:[^\n]*?score (?<score>\d+))?/,
    fields: { pid: 'number', anon_rss_kb: 'number', score: 'number', oom_score_adj: 'number' },
    context: OOM_CONTEXT,
    retype: [{ when: MEMCG_MARK, type: 'memcg_oom' }],
    group: { ...OOM_GROUP, role: 'key' },
    idents: KERNEL,
    message: 'OOM killer killed {process} (pid {pid})',
    versions: 'Linux 2.6.32–4.x `Kill process … or sacrifice child`; 4.19–6.x `Killed process … anon-rss`',
    samples: {
      match: [
        { line: 'Out of memory: Killed process 1440763 (perl) total-vm:87033376kB, anon-rss:60356340kB, file-rss:0kB, shmem-rss:0kB, UID:21417 pgtables:169956kB oom_score_adj:0', fields: { pid: 1440763, process: 'perl', anon_rss_kb: 60356340 } },
        { line: 'Out of memory: Kill process 3911 (java) score 921 or sacrifice child', fields: { pid: 3911, process: 'java', score: 921 } },
      ],
      noMatch: [
        'Memory cgroup out of memory: Killed process 63214 (uwsgi) total-vm:3149468kB, anon-rss:164992kB, file-rss:52176kB, shmem-rss:92kB, UID:0 pgtables:1372kB oom_score_adj:986',
        'Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled',
        'Out of memory and no killable processes...',
      ],
    },
  },
  {
    id: 'memory.oom.memcg-kill',
    type: 'memcg_oom', category: 'memory', severity: 'error',
    keys: ['Memory cgroup out of memory'],
    pattern: /Memory cgroup out of memory: Kill(?:ed)? process (?<pid>\d+) \((?<process>[^)\n]*)\)(?:[^\n]*?anon-rss:(?<anon_rss_kb>\d+)kB)?(?:[^\n]*?score (?<score>\d+))?(?:[^\n]*?oom_score_adj:(?<oom_score_adj>-?\d+))?/,
    fields: { pid: 'number', anon_rss_kb: 'number', score: 'number', oom_score_adj: 'number' },
    context: OOM_CONTEXT,
    group: { ...OOM_GROUP, role: 'key' },
    idents: KERNEL,
    message: 'container memory limit hit: OOM killer killed {process} (pid {pid})',
    versions: 'Linux 3.10–4.x `Memory cgroup out of memory: Kill process … or sacrifice child`; 5.x–6.x `…: Killed process … anon-rss`',
    samples: {
      match: [
        { line: 'Memory cgroup out of memory: Kill process 1012 (heapster) score 1035 or sacrifice child', fields: { pid: 1012, process: 'heapster', score: 1035 } },
        { line: 'Memory cgroup out of memory: Killed process 63214 (uwsgi) total-vm:3149468kB, anon-rss:164992kB, file-rss:52176kB, shmem-rss:92kB, UID:0 pgtables:1372kB oom_score_adj:986', fields: { pid: 63214, process: 'uwsgi', anon_rss_kb: 164992, oom_score_adj: 986 } },
      ],
      noMatch: ['Memory cgroup stats for /kubepods.slice/kubepods-burstable.slice: cache:24KB rss:1048552KB rss_huge:0KB'],
    },
  },
  {
    // The second line of an old kernel's kill: its kind (memcg or global) is that of the line before.
    id: 'memory.oom.killed-process',
    type: 'oom_kill', category: 'memory', severity: 'error',
    keys: ['Killed process'],
    pattern: /(?<!memory: )Killed process (?<pid>\d+),? (?:UID \d+, )?\((?<process>[^)\n]*)\)(?:[^\n]*?anon-rss:(?<anon_rss_kb>\d+)kB)?/,
    fields: { pid: 'number', anon_rss_kb: 'number', oom_score_adj: 'number' },
    context: OOM_CONTEXT,
    retype: [{ when: MEMCG_MARK, type: 'memcg_oom' }],
    inheritType: true,
    group: { ...OOM_GROUP, role: 'key' },
    idents: KERNEL,
    message: 'OOM killer killed {process} (pid {pid})',
    versions: 'Linux 2.6.32 `Killed process N, UID u, (x)`; 3.x–4.x `Killed process N (x) total-vm:… anon-rss:…`',
    samples: {
      match: [
        { line: 'Killed process 1012 (heapster) total-vm:327128kB, anon-rss:306328kB, file-rss:11132kB, shmem-rss:12345kB', fields: { pid: 1012, process: 'heapster', anon_rss_kb: 306328 } },
        { line: 'Killed process 2592, UID 0, (mysqld) total-vm:4131664kB, anon-rss:3322932kB, file-rss:176kB', fields: { pid: 2592, process: 'mysqld' } },
      ],
      noMatch: [
        'Out of memory: Killed process 1440763 (perl) total-vm:87033376kB, anon-rss:60356340kB, file-rss:0kB',
        'oom_reaper: reaped process 1440763 (perl), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB',
      ],
    },
  },
  {
    // Stands as the event only when the report was cut before its kill line (pasted or truncated logs).
    id: 'memory.oom.invoked',
    type: 'oom_kill', category: 'memory', severity: 'error',
    keys: ['invoked oom-killer'],
    pattern: /(?<invoker>\S+) invoked oom-killer: (?:gfp_mask=(?<gfp_mask>0x[0-9a-f]+))?(?:[^\n]*?oom_score_adj=(?<oom_score_adj>-?\d+))?/,
    fields: { oom_score_adj: 'number' },
    set: { phase: 'invoked' },
    context: [/CPU: \d+ PID: (?<pid>\d+) Comm: (?<process>\S+)/, ...OOM_CONTEXT],
    retype: [{ when: MEMCG_MARK, type: 'memcg_oom' }],
    group: { ...OOM_GROUP, role: 'lead' },
    idents: KERNEL,
    message: '{invoker} invoked the OOM killer',
    versions: 'Linux 2.6–6.x (`order=0, oom_score_adj=` since 2.6.36)',
    samples: {
      match: [
        { line: 'uwsgi invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=986', fields: { invoker: 'uwsgi', gfp_mask: '0xcc0', oom_score_adj: 986 } },
        { line: 'pool invoked oom-killer: gfp_mask=0x6200ca(GFP_HIGHUSER_MOVABLE), order=0, oom_score_adj=0', fields: { invoker: 'pool' } },
        { line: 'java invoked oom-killer: gfp_mask=0x201da, order=0, oom_score_adj=0', fields: { invoker: 'java', gfp_mask: '0x201da' } },
      ],
      noMatch: ['Kernel panic - not syncing: Out of memory: system-wide panic_on_oom is enabled'],
    },
  },
  {
    id: 'memory.oom.constraint',
    type: 'oom_kill', category: 'memory', severity: 'error',
    keys: ['oom-kill:constraint='],
    pattern: /oom-kill:constraint=(?<constraint>CONSTRAINT_\w+)(?:[^\n]*?oom_memcg=(?<oom_memcg>[^,\s]+))?(?:[^\n]*?task_memcg=(?<cgroup>[^,\s]+))?(?:[^\n]*?task=(?<process>[^,\s]+),pid=(?<pid>\d+))?/,
    fields: { pid: 'number' },
    retype: [{ when: /CONSTRAINT_MEMCG/, type: 'memcg_oom' }],
    group: { ...OOM_GROUP, role: 'lead' },
    idents: KERNEL,
    message: 'OOM killer chose {process} (pid {pid}), {constraint}',
    versions: 'Linux 4.19–6.x',
    samples: {
      match: [
        { line: 'oom-kill:constraint=CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=/user.slice/user-21417.slice/user@21417.service,task=perl,pid=1440763,uid=21417', fields: { constraint: 'CONSTRAINT_NONE', process: 'perl', pid: 1440763 } },
        { line: 'oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=cri-containerd-5f1c.scope,mems_allowed=0,oom_memcg=/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1d2f.slice,task_memcg=/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod1d2f.slice/cri-containerd-5f1c.scope,task=stress,pid=41213,uid=0', type: 'memcg_oom', fields: { constraint: 'CONSTRAINT_MEMCG', process: 'stress', pid: 41213 } },
      ],
      noMatch: ['[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name'],
    },
  },
  {
    // cgroup v1 header of a memcg OOM (3.10–5.x); the kill line follows it in a full log.
    id: 'memory.oom.memcg-task-in',
    type: 'memcg_oom', category: 'memory', severity: 'error',
    keys: ['killed as a result of limit'],
    pattern: /Task in (?<cgroup>\S+) killed as a result of limit of (?<limit_cgroup>\S+)/,
    fields: { limit_kb: 'number', usage_kb: 'number' },
    context: [/memory: usage (?<usage_kb>\d+)kB, limit (?<limit_kb>\d+)kB/],
    accept: podUidFromCgroup,
    group: { ...OOM_GROUP, role: 'lead' },
    idents: KERNEL,
    message: 'container memory limit hit in {cgroup}',
    versions: 'Linux 3.10–5.x cgroup v1',
    samples: {
      match: [
        { line: 'Task in /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0330b2c1_a15b_4cdd_b5e5_72d4a90bee82.slice/docker-b27201334a41.scope killed as a result of limit of /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod0330b2c1_a15b_4cdd_b5e5_72d4a90bee82.slice/docker-b27201334a41.scope', fields: { pod_uid: '0330b2c1-a15b-4cdd-b5e5-72d4a90bee82' } },
        { line: 'Task in /kubepods/burstable/pod6a5ab6f4-0d8f-11e9-b3d0-005056a1a3b8/0f3c killed as a result of limit of /kubepods/burstable/pod6a5ab6f4-0d8f-11e9-b3d0-005056a1a3b8', fields: { pod_uid: '6a5ab6f4-0d8f-11e9-b3d0-005056a1a3b8' } },
      ],
      noMatch: ['memory: usage 1048576kB, limit 1048576kB, failcnt 189'],
    },
  },
  {
    // kubelet's SystemOOM node event: the kernel's kill seen from Kubernetes (events, kubelet log).
    id: 'memory.oom.kubelet-system-oom',
    type: 'oom_kill', category: 'memory', severity: 'error',
    keys: ['System OOM encountered'],
    pattern: /System OOM encountered(?:, victim process: (?<process>[^,\s]+), pid: (?<pid>\d+))?/,
    fields: { pid: 'number' },
    message: 'system OOM (kubelet): {process} (pid {pid}) killed',
    versions: 'kubelet 1.9–1.30 SystemOOM event (victim details since 1.15)',
    samples: {
      match: [{ line: 'Warning  SystemOOM  node/worker-2  System OOM encountered, victim process: java, pid: 31337', fields: { process: 'java', pid: 31337 } }, { line: 'System OOM encountered' }],
      noMatch: ['Starting OOM watcher'],
    },
  },
  {
    id: 'memory.oom.containerd-task-oom',
    type: 'memcg_oom', category: 'memory', severity: 'error',
    keys: ['TaskOOM event'],
    pattern: /TaskOOM event &TaskOOM\{ContainerID:(?<container_id>[0-9a-f]+)/,
    message: 'container {container_id} hit its memory limit (containerd)',
    versions: 'containerd 1.1–1.7 CRI plugin',
    samples: {
      match: [{ line: 'TaskOOM event &TaskOOM{ContainerID:6f3c2d1a9b8e,XXX_unrecognized:[],}', fields: { container_id: '6f3c2d1a9b8e' } }],
      noMatch: ['TaskExit event &TaskExit{ContainerID:6f3c2d1a9b8e,ID:6f3c2d1a9b8e,Pid:3141,ExitStatus:137,}'],
    },
  },
  {
    // RHEL/CentOS 7 (3.10) with memcg kmem accounting leaks slab caches per cgroup until the
    // node can no longer allocate kernel memory: the cache name carries the cgroup id `(5:…)`.
    id: 'memory.memcg.kmem-slab',
    type: 'memcg_oom', category: 'memory', severity: 'error',
    keys: ['SLUB: Unable to allocate memory'],
    pattern: /SLUB: Unable to allocate memory on node (?<node_id>-?\d+)(?: \(gfp=(?<gfp>0x[0-9a-f]+)\))?/,
    set: { kind: 'kmem slab allocation failure' },
    context: [/cache: (?<cache>[\w-]+\([^)\n]*\))/],
    idents: KERNEL,
    message: 'kernel memory (slab) allocation failed in a memory cgroup {cache}',
    versions: 'Linux 3.10 (el7) memcg kmem accounting; 4.x prints the same on a kmem limit',
    samples: {
      match: [{ line: 'SLUB: Unable to allocate memory on node -1 (gfp=0x8020)', fields: { node_id: '-1', gfp: '0x8020', kind: 'kmem slab allocation failure' } }],
      noMatch: ['SLUB: HWalign=64, Order=0-3, MinObjects=0, CPUs=8, Nodes=1'],
    },
  },
  {
    id: 'memory.eviction.reclaim',
    type: 'kubelet_eviction', category: 'memory', severity: 'warning',
    keys: ['viction manager: attempting', 'viction manager: must evict'],
    pattern: /[Ee]viction manager: (?<phase>attempting to reclaim|must evict pod\(s\) to reclaim)"?,? (?:resourceName=")?(?<resource>[\w-]+(?:\.\w[\w-]*)*)/,
    idents: KUBELET,
    message: 'kubelet eviction manager: {phase} {resource}',
    versions: 'kubelet 1.7–1.20 text (`attempting to reclaim memory`), 1.21+ structured (`resourceName="memory"`)',
    samples: {
      match: [
        { line: '"Eviction manager: attempting to reclaim" resourceName="ephemeral-storage"', fields: { resource: 'ephemeral-storage' } },
        { line: '"Eviction manager: must evict pod(s) to reclaim" resourceName="memory"', fields: { resource: 'memory' } },
        { line: 'eviction manager: attempting to reclaim memory', fields: { resource: 'memory' } },
        { line: 'eviction manager: must evict pod(s) to reclaim nodefs', fields: { resource: 'nodefs' } },
      ],
      noMatch: [
        '"Eviction manager: pods ranked for eviction" pods=["flux-system/kustomize-controller-6b7bfd984d-r8m6z"]',
        'eviction manager: no resources are starved',
      ],
    },
  },
  {
    id: 'memory.eviction.pod',
    type: 'kubelet_eviction', category: 'memory', severity: 'warning',
    keys: ['viction manager: cannot evict', 'evicted successfully'],
    pattern: /[Ee]viction manager: (?:(?<refused>cannot evict a critical pod)"?(?: pod="(?<pod>[^"]+)")?|pod (?:is evicted successfully" pod="(?<pod2>[^"]+)"|(?<pod3>\S+) is evicted successfully))/,
    accept: (f) => {
      const pod = f.pod ?? f.pod2 ?? f.pod3;
      delete f.pod2; delete f.pod3;
      if (pod !== undefined) f.pod = pod;
      f.evicted = f.refused ? 'false' : 'true';
      delete f.refused;
      return true;
    },
    idents: KUBELET,
    message: 'kubelet eviction of {pod} (evicted: {evicted})',
    versions: 'kubelet 1.9–1.20 text, 1.21+ structured',
    samples: {
      match: [
        { line: '"Eviction manager: cannot evict a critical pod" pod="flux-system/kustomize-controller-6b7bfd984d-r8m6z"', fields: { pod: 'flux-system/kustomize-controller-6b7bfd984d-r8m6z', evicted: 'false' } },
        { line: '"Eviction manager: pod is evicted successfully" pod="default/memhog-5d8f7"', fields: { pod: 'default/memhog-5d8f7', evicted: 'true' } },
        { line: 'eviction manager: pod memhog-5d8f7_default(1f2e) is evicted successfully', fields: { pod: 'memhog-5d8f7_default(1f2e)', evicted: 'true' } },
      ],
      noMatch: ['"Eviction manager: pods ranked for eviction" pods=["kube-system/coredns-c4dbffb5f-mdx4c"]'],
    },
  },
  {
    // The Evicted pod event and the pod status message, as `kubectl get events` / must-gather show them.
    id: 'memory.eviction.event',
    type: 'kubelet_eviction', category: 'memory', severity: 'warning',
    keys: ['The node was low on resource', 'The node had condition'],
    pattern: /(?:The node was low on resource: (?<resource>[\w-]+(?:\.\w[\w-]*)*)|The node had condition: \[(?<condition>\w+)\])/,
    message: 'pod evicted: node low on {resource}{condition}',
    versions: 'kubelet 1.8+ eviction message',
    samples: {
      match: [
        { line: 'Evicted   pod/web-7d9f   The node was low on resource: memory. Container web was using 1843252Ki, which exceeds its request of 0.', fields: { resource: 'memory' } },
        { line: 'Evicted   pod/web-7d9f   The node had condition: [DiskPressure].', fields: { condition: 'DiskPressure' } },
      ],
      noMatch: ['NodeHasDiskPressure   Node worker-2 status is now: NodeHasDiskPressure'],
    },
  },
];

/** kubepods-burstable-pod0330b2c1_a15b_….slice (systemd driver) and /kubepods/burstable/pod0330b2c1-a15b-… (cgroupfs). */
function podUidFromCgroup(f: Record<string, string | number>): boolean {
  const m = /pod([0-9a-f]{8}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{4}[-_][0-9a-f]{12})/.exec(String(f.cgroup ?? ''));
  if (m) f.pod_uid = m[1]!.replace(/_/g, '-');
  return true;
}
