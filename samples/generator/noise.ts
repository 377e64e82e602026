// Background noise at the rates a quiet Kubernetes node really logs: systemd timers and mount
// units of exec probes, cron, sshd logins, chronyd, kubelet sync-loop chatter, containerd events,
// a cron job's pod churn every 15 minutes, etcd compaction every 5 minutes, application access
// logs. `density` scales only the high-volume streams (what `samples make --mb N` turns up).
// Plus the distractors every scenario carries: a harmless cgroup OOM hours before the crash, a
// NIC link-up at boot (boot.ts), and one slow etcd apply a day before (control-plane nodes).
import { kgen, oomReport, oomReaped } from './kmsg.ts';
import type { Boot, PodRef, World } from './world.ts';

const S = 1e6;
const MIN = 60 * S;
const HOUR = 60 * MIN;

export function appPods(w: World, host: string): { web: PodRef; cart: PodRef } {
  const h = (l: string, n: number) => w.stableHex(`${host}-${l}`, n);
  return {
    web: { ns: 'shop', pod: `web-${h('webrs', 10).slice(0, 9)}-${h('web', 5)}`, uid: uuidOf(h('webuid', 32)), container: 'nginx' },
    cart: { ns: 'shop', pod: `cart-${h('cartrs', 10).slice(0, 9)}-${h('cart', 5)}`, uid: uuidOf(h('cartuid', 32)), container: 'cart' },
  };
}

function uuidOf(hex: string): string {
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Call `fn` at Poisson-spaced instants in [from, to). */
function every(w: World, label: string, from: number, to: number, meanUs: number, fn: (t: number, i: number) => void): void {
  const rng = w.rng.fork(label);
  let t = from + rng.gap(meanUs);
  for (let i = 0; t < to; i++, t += rng.gap(meanUs)) fn(Math.round(t), i);
}

/** Call `fn` on a fixed period (timers, cron) with a little jitter, as systemd's AccuracySec allows. */
function periodic(w: World, label: string, from: number, to: number, periodUs: number, jitterUs: number, fn: (t: number, i: number) => void): void {
  const rng = w.rng.fork(label);
  let t = Math.ceil(from / periodUs) * periodUs;
  for (let i = 0; t < to; i++, t += periodUs) fn(Math.round(t + rng.next() * jitterUs), i);
}

const HTTP_PATHS = ['/api/products?page=1', '/api/products?page=2', '/api/cart/items', '/static/app.js', '/api/search?q=shoes', '/', '/api/orders/recent'];

export function noise(w: World, host: string, b: Boot, density: number): void {
  const n = w.node(host);
  const s = n.spec;
  const from = b.start + 30 * S;
  const to = b.end;
  const rng = w.rng.fork(`noise-${host}-${b.id}`);
  const pods = appPods(w, host);
  const succeeded = n.os.systemd >= 249 ? 'Deactivated successfully.' : 'Succeeded.';

  // exec probes spawn runc: systemd logs a transient mount unit each time (the commonest line on a node).
  every(w, `mount-${host}-${b.id}`, from, to, (45 * S) / density, (t) => {
    w.systemd(host, t, `run-containerd-runc-k8s.io-${rng.hex(64)}-runc.${rng.hex(6)}.mount: ${succeeded}`);
  });
  if (n.os.packages === 'rpm' && n.os.systemd >= 239) {
    periodic(w, `sysstat-${host}-${b.id}`, from, to, 10 * MIN, 2 * S, (t) => {
      w.systemd(host, t, 'Starting system activity accounting tool...');
      w.systemd(host, t + 40000, `sysstat-collect.service: ${succeeded}`);
      w.systemd(host, t + 41000, 'Started system activity accounting tool.');
    });
  } else {
    periodic(w, `sa1-${host}-${b.id}`, from, to, 10 * MIN, 1 * S, (t) => {
      w.log(host, t, 'CROND', '(root) CMD (/usr/lib64/sa/sa1 1 1)', 6, ['journal', 'syslog'], rng.int(10000, 99999));
    });
  }
  periodic(w, `cron-${host}-${b.id}`, from, to, HOUR, 1 * S, (t) => {
    w.log(host, t + 1 * MIN, 'CROND', '(root) CMD (run-parts /etc/cron.hourly)', 6, ['journal', 'syslog'], rng.int(10000, 99999));
  });
  periodic(w, `logrotate-${host}-${b.id}`, from, to, 24 * HOUR, 30 * MIN, (t) => {
    w.systemd(host, t + 3 * HOUR, 'Starting Rotate log files...');
    w.systemd(host, t + 3 * HOUR + 700000, `logrotate.service: ${succeeded}`);
    w.systemd(host, t + 3 * HOUR + 710000, 'Finished Rotate log files.');
  });
  every(w, `chrony-${host}-${b.id}`, from, to, 7 * HOUR, (t) => {
    w.log(host, t, 'chronyd', rng.pick(['Source 10.0.0.3 replaced with 10.0.0.4 (ntp2.corp.example)', 'Selected source 10.0.0.2 (ntp1.corp.example)', 'System clock wrong by 0.000731 seconds']));
  });
  // people log in now and then: sshd, logind, a session scope, pam lines in the secure log.
  let session = rng.int(3, 9);
  every(w, `ssh-${host}-${b.id}`, from, to, 5 * HOUR, (t) => {
    const pid = rng.int(20000, 900000);
    const user = rng.pick(['core', 'ansible', 'ops']);
    const uid = user === 'core' ? 1000 : user === 'ansible' ? 1001 : 1002;
    const ses = session++;
    w.secure(host, t, 'sshd', `Accepted publickey for ${user} from 10.0.0.${rng.int(10, 40)} port ${rng.int(40000, 65000)} ssh2: ECDSA SHA256:${Buffer.from(rng.hex(32), 'hex').toString('base64').replace(/=+$/, '')}`, pid);
    w.secure(host, t + 9000, 'sshd', `pam_unix(sshd:session): session opened for user ${user}(uid=${uid}) by (uid=0)`, pid);
    w.log(host, t + 12000, 'systemd-logind', `New session ${ses} of user ${user}.`);
    w.systemd(host, t + 15000, `Started Session ${ses} of User ${user}.`);
    w.audit(host, t + 9500, 'USER_START', `pid=${pid} uid=0 auid=${uid} ses=${ses} subj=system_u:system_r:sshd_t:s0-s0:c0.c1023 msg='op=PAM:session_open grantors=pam_selinux,pam_loginuid,pam_keyinit,pam_limits,pam_systemd,pam_unix acct="${user}" exe="/usr/sbin/sshd" hostname=10.0.0.12 addr=10.0.0.12 terminal=ssh res=success'`);
    const end = t + rng.int(2, 25) * MIN;
    w.secure(host, end, 'sshd', `pam_unix(sshd:session): session closed for user ${user}`, pid);
    w.log(host, end + 3000, 'systemd-logind', `Session ${ses} logged out. Waiting for processes to exit.`);
    w.log(host, end + 9000, 'systemd-logind', `Removed session ${ses}.`);
  });
  // kubelet chatter at the default verbosity.
  every(w, `kubelet-${host}-${b.id}`, from, to, 150 * S, (t) => {
    const r = rng.next();
    if (r < 0.35) w.kubelet(host, t, 'I', 'kubelet.go:2465', `"SyncLoop (probe)" probe="readiness" status="ready" pod="${pods.web.ns}/${pods.web.pod}"`);
    else if (r < 0.55) w.kubelet(host, t, 'I', 'prober.go:107', `"Probe failed" probeType="Readiness" pod="${pods.cart.ns}/${pods.cart.pod}" podUID="${pods.cart.uid}" containerName="cart" probeResult="failure" output="Get \\"http://10.244.${rng.int(1, 9)}.${rng.int(2, 250)}:8080/ready\\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)"`);
    else if (r < 0.75) w.kubelet(host, t, 'I', 'kubelet_getters.go:187', `"Pod status is inconsistent with cached status for pod, a reconciliation should be triggered" pod="${pods.web.ns}/${pods.web.pod}"`);
    else w.kubelet(host, t, 'I', 'container_gc.go:88', '"Attempting to delete unused containers"');
  });
  // a CronJob every 15 minutes: the pod is added, its container created and started, exits, is removed.
  periodic(w, `cronjob-${host}-${b.id}`, from, to, 15 * MIN, 3 * S, (t) => {
    const job = `report-${Math.floor(t / 60e6)}-${rng.hex(5)}`;
    const cid = rng.hex(64);
    const sb = rng.hex(64);
    w.kubelet(host, t, 'I', 'kubelet.go:2378', `"SyncLoop ADD" source="api" pods=["batch/${job}"]`);
    w.runtime(host, t + 420000, 'info', `RunPodSandbox for &PodSandboxMetadata{Name:${job},Uid:${uuidOf(rng.hex(32))},Namespace:batch,Attempt:0,} returns sandbox id \\"${sb}\\"`);
    w.kernel(host, t + 430000, `IPv6: ADDRCONF(NETDEV_CHANGE): cali${rng.hex(11)}: link becomes ready`);
    w.runtime(host, t + 900000, 'info', `CreateContainer within sandbox \\"${sb}\\" for container &ContainerMetadata{Name:report,Attempt:0,}`);
    w.runtime(host, t + 1100000, 'info', `StartContainer for \\"${cid}\\" returns successfully`);
    w.runtime(host, t + 14 * S, 'info', 'shim disconnected', `id=${cid} namespace=k8s.io`);
    w.kubelet(host, t + 15 * S, 'I', 'kubelet.go:2410', `"SyncLoop (PLEG): event for pod" pod="batch/${job}" event={"ID":"${uuidOf(rng.hex(32))}","Type":"ContainerDied","Data":"${cid}"}`);
    w.kubelet(host, t + 20 * S, 'I', 'kubelet.go:2394', `"SyncLoop DELETE" source="api" pods=["batch/${job}"]`);
  });
  // application logs in the pods' CRI files.
  every(w, `web-${host}-${b.id}`, from + 20 * S, to, (15 * S) / density, (t) => {
    const probe = rng.chance(0.5);
    const d = new Date(t / 1000);
    const stamp = `${String(d.getUTCDate()).padStart(2, '0')}/${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()]}/${d.getUTCFullYear()}:${d.toISOString().slice(11, 19)} +0000`;
    w.pod(host, t, pods.web, probe
      ? `10.244.${rng.int(1, 6)}.1 - - [${stamp}] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/${s.kubelet.slice(1).split('.').slice(0, 2).join('.')}"`
      : `10.244.${rng.int(1, 6)}.${rng.int(2, 250)} - - [${stamp}] "GET ${rng.pick(HTTP_PATHS)} HTTP/1.1" 200 ${rng.int(200, 40000)} "-" "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0"`);
  });
  every(w, `cart-${host}-${b.id}`, from + 25 * S, to, (40 * S) / density, (t) => {
    w.pod(host, t, pods.cart, `${new Date(t / 1000).toISOString()}  INFO 1 --- [nio-8080-exec-${rng.int(1, 10)}] c.e.shop.cart.CartController        : GET /cart/${rng.int(1000, 99999)} 200 in ${rng.int(3, 80)}ms`);
  });
  if (s.etcd) {
    let rev = 4_000_000 + Math.floor((b.start / 1e6) % 1_000_000);
    periodic(w, `etcd-compact-${host}-${b.id}`, from, to, 5 * MIN, 1 * S, (t) => {
      rev += rng.int(9000, 14000);
      w.etcd(host, t, 'info', 'mvcc/index.go:214', 'compact tree index', { revision: rev });
      w.etcd(host, t + rng.int(3000, 12000), 'info', 'mvcc/kvstore_compaction.go:66', 'finished scheduled compaction', { 'compact-revision': rev, took: `${(rng.int(30, 140) / 10).toFixed(1)}ms`, hash: rng.int(1e8, 4e9), 'current-db-size-bytes': 84000000 + rng.int(0, 9000000), 'current-db-size': '84 MB', 'current-db-size-in-use-bytes': 52000000 + rng.int(0, 5000000), 'current-db-size-in-use': '52 MB' });
    });
    periodic(w, `etcd-snap-${host}-${b.id}`, from, to, 2 * HOUR, 10 * MIN, (t) => {
      w.etcd(host, t, 'info', 'etcdserver/server.go:2409', 'triggering snapshot', { 'local-member-id': w.stableHex(`member-${host}`, 16), 'local-member-applied-index': rev * 3, 'local-member-snapshot-index': rev * 3 - 100001, 'local-member-snapshot-count': 100000 });
    });
  }
}

export interface DistractorOptions {
  memcgOomBeforeUs?: number | null; // default 7 h before the crash; null = none
  slowApplyBeforeUs?: number | null; // default 25 h before (control-plane nodes)
}

/** Harmless look-alikes on the crashed boot: what a good reader recognises and sets aside. */
export function distractors(w: World, host: string, b: Boot, crashT: number, o: DistractorOptions = {}): void {
  const n = w.node(host);
  const rng = w.rng.fork(`distract-${host}`);
  const oomAt = o.memcgOomBeforeUs === null ? null : crashT - (o.memcgOomBeforeUs ?? 7 * HOUR + 13 * MIN);
  if (oomAt !== null && oomAt > b.start) {
    const pods = appPods(w, host);
    const g = kgen(b.kernel);
    const cid = rng.hex(64);
    const podSlice = `kubepods-burstable-pod${pods.cart.uid.replace(/-/g, '_')}.slice`;
    const memcg = g.old ? `/kubepods/burstable/pod${pods.cart.uid}/${cid}` : `/kubepods.slice/kubepods-burstable.slice/${podSlice}/cri-containerd-${cid}.scope`;
    const victim = { pid: rng.int(20000, 90000), uid: 1000, comm: 'java', rssPages: 131000, vmPages: 1180000, adj: 968 };
    w.kernel(host, oomAt, oomReport({ g, rng, kernel: b.kernel, hw: n.spec.vendor ?? 'Dell Inc. PowerEdge R740/0YWR7D, BIOS 2.19.1 06/07/2023', scope: 'memcg', trigger: victim, victim, tasks: [{ pid: rng.int(1000, 9000), uid: 65535, comm: 'pause', rssPages: 1, vmPages: 243, adj: -998 }, victim], memcg, limitKb: 524288 }), 3);
    w.kernel(host, oomAt + 30000, oomReaped(victim));
    w.runtime(host, oomAt + 120000, 'info', `TaskOOM event &TaskOOM{ContainerID:${cid},XXX_unrecognized:[],}`);
    w.kubelet(host, oomAt + 1.2 * S, 'I', 'kubelet.go:2410', `"SyncLoop (PLEG): event for pod" pod="${pods.cart.ns}/${pods.cart.pod}" event={"ID":"${pods.cart.uid}","Type":"ContainerDied","Data":"${cid}"}`);
    w.kubelet(host, oomAt + 1.9 * S, 'I', 'kuberuntime_manager.go:1029', `"Message for Container of pod" containerName="cart" containerStatusID={"Type":"containerd","ID":"${cid}"} pod="${pods.cart.ns}/${pods.cart.pod}" containerMessage="Container cart failed liveness probe, will be restarted"`);
  }
  const slowAt = o.slowApplyBeforeUs === null ? null : crashT - (o.slowApplyBeforeUs ?? 25 * HOUR + 7 * MIN);
  if (n.spec.etcd && slowAt !== null && slowAt > b.start) {
    w.etcd(host, slowAt, 'warn', 'etcdserver/util.go:170', 'apply request took too long', { took: '1.184732914s', 'expected-duration': '100ms', prefix: 'read-only range ', request: 'key:"/registry/events/" range_end:"/registry/events0" count_only:true ', response: 'range_response_count:0 size:9' });
  }
}
