// The bench bundle: a sosreport-shaped directory of realistic node logs (journal, messages, dmesg,
// kubelet klog, containerd logfmt, etcd JSON and apiserver klog in CRI pod logs) of a given size,
// written deterministically from a seed, so two runs and two machines measure the same bytes.
// A handful of real crash signatures (OOM kill, link flap, etcd leader change, hung task) are
// sprinkled in so that detection does real work. Cached by size in the bench directory.
import fs from 'node:fs';
import path from 'node:path';

const GENERATOR_VERSION = 3;
export const BENCH_NODE = 'bench-node-1';
/** Capture time of the bundle; logs cover the three days before it. */
export const CAPTURE_MS = Date.UTC(2026, 10, 27, 10, 0, 0);
const SPAN_MS = 3 * 24 * 3600 * 1000;

/** mulberry32: small, fast, seeded. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const p6 = (n: number) => String(n).padStart(6, '0');
const syslogStamp = (d: Date) => `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
const klogStamp = (d: Date, us: number) => `${p2(d.getUTCMonth() + 1)}${p2(d.getUTCDate())} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}.${p6(us)}`;
const iso = (ms: number, us: number) => `${new Date(ms).toISOString().slice(0, 19)}.${p6(us)}Z`;

type Pick = (r: () => number) => string;
const PODS = Array.from({ length: 60 }, (_, i) => `app-${['web', 'api', 'worker', 'cache', 'db'][i % 5]}-${(i * 7919).toString(36)}-${(i * 104729).toString(36).slice(0, 5)}`);
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const int = (r: () => number, n: number) => Math.floor(r() * n);

const KUBELET: Pick[] = [
  (r) => `kubelet.go:2${int(r, 999)}] "SyncLoop (PLEG): event for pod" pod="default/${pick(r, PODS)}" event={"ID":"${int(r, 1e9).toString(16)}","Type":"ContainerStarted"}`,
  (r) => `prober.go:1${int(r, 99)}] "Probe failed" probeType="Readiness" pod="default/${pick(r, PODS)}" podUID="${int(r, 1e9).toString(16)}" containerName="main" probeResult="failure" output="HTTP probe failed with statuscode: 503"`,
  (r) => `reconciler_common.go:${int(r, 300)}] "operationExecutor.MountVolume started for volume \\"kube-api-access-${int(r, 99999).toString(36)}\\"" pod="default/${pick(r, PODS)}"`,
  (r) => `kuberuntime_manager.go:${int(r, 1200)}] "computePodActions got for pod" podActions={KillPod:false CreateSandbox:false} pod="default/${pick(r, PODS)}"`,
  (r) => `status_manager.go:${int(r, 900)}] "Status for pod updated successfully" pod="default/${pick(r, PODS)}" statusVersion=${int(r, 40)}`,
];
const CONTAINERD: Pick[] = [
  (r) => `level=info msg="StartContainer for \\"${int(r, 1e12).toString(16)}\\" returns successfully"`,
  (r) => `level=info msg="CreateContainer within sandbox \\"${int(r, 1e12).toString(16)}\\" for container &ContainerMetadata{Name:main,Attempt:${int(r, 5)},}"`,
  (r) => `level=info msg="ImageCreate event name:\\"registry.local/${pick(r, PODS)}:v${int(r, 9)}.${int(r, 20)}\\""`,
  (r) => `level=warning msg="cleanup warnings time=\\"now\\" level=info msg=\\"starting signal loop\\" namespace=k8s.io pid=${int(r, 65535)}"`,
];
const KERNEL: Pick[] = [
  (r) => `IPv6: ADDRCONF(NETDEV_CHANGE): veth${int(r, 1e6).toString(16)}: link becomes ready`,
  (r) => `cni0: port ${1 + int(r, 30)}(veth${int(r, 1e6).toString(16)}) entered forwarding state`,
  (r) => `xfs filesystem being remounted at /var/lib/kubelet/pods/${int(r, 1e9).toString(16)}/volume-subpaths supports timestamps until 2038`,
  (r) => `audit: type=1400 audit(${1764000000 + int(r, 300000)}.${int(r, 999)}:${int(r, 9999)}): apparmor="STATUS" operation="profile_replace" name="cri-containerd.apparmor.d" pid=${int(r, 65535)}`,
];
const SYSTEMD: Pick[] = [
  (r) => `Started libcontainer container ${int(r, 1e12).toString(16)}.`,
  (r) => `run-containerd-runc-k8s.io-${int(r, 1e12).toString(16)}-runc.${int(r, 1e6).toString(36)}.mount: Deactivated successfully.`,
  (r) => `Created slice libcontainer_${int(r, 65535)}_systemd_test_default.slice.`,
  (r) => `Starting Cleanup of Temporary Directories...`,
];
const ETCD: Pick[] = [
  (r) => `"level":"info","ts":"%TS%","caller":"mvcc/index.go:214","msg":"compact tree index","revision":${int(r, 9e6)}`,
  (r) => `"level":"info","ts":"%TS%","caller":"mvcc/kvstore_compaction.go:57","msg":"finished scheduled compaction","compact-revision":${int(r, 9e6)},"took":"${int(r, 90)}.${int(r, 999)}ms"`,
];
/** etcd's slow-apply warning: frequent on a struggling disk, rare on a healthy one (1 in 200 here). */
const ETCD_SLOW = (r: () => number) => `"level":"warn","ts":"%TS%","caller":"etcdserver/util.go:166","msg":"apply request took too long","took":"${100 + int(r, 400)}.${int(r, 999)}ms","expected-duration":"100ms","prefix":"read-only range ","request":"key:\\"/registry/pods/default/${pick(r, PODS)}\\" ","response":"range_response_count:1 size:${int(r, 9000)}"`;
const APISERVER: Pick[] = [
  (r) => `httplog.go:1${int(r, 99)}] "HTTP" verb="GET" URI="/api/v1/namespaces/default/pods/${pick(r, PODS)}" latency="${int(r, 90)}.${int(r, 999)}ms" userAgent="kubelet/v1.29.4" audit-ID="${int(r, 1e12).toString(16)}" srcIP="10.0.0.${int(r, 250)}:${int(r, 65535)}" resp=200`,
  (r) => `watcher.go:${int(r, 300)}] "watch chan error" err="etcdserver: mvcc: required revision has been compacted"`,
];

/** Crash signatures, one of them every ~50k lines of a file that carries that kind. */
const RARE_KERNEL = [
  (r: () => number) => `Out of memory: Killed process ${1000 + int(r, 60000)} (java) total-vm:${int(r, 9e6)}kB, anon-rss:${int(r, 8e6)}kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:${int(r, 20000)}kB oom_score_adj:${int(r, 1000)}`,
  () => 'bnxt_en 0000:3b:00.0 eth0: NIC Link is Down',
  () => 'bnxt_en 0000:3b:00.0 eth0: NIC Link is Up, 25000 Mbps full duplex, Flow control: none',
  (r: () => number) => `INFO: task jbd2/nvme0n1p1-8:${int(r, 9999)} blocked for more than 120 seconds.`,
];
const RARE_ETCD = `"level":"info","ts":"%TS%","logger":"raft","caller":"etcdserver/zap_raft.go:77","msg":"raft.node: 8e9e05c52164694d elected leader 91bc3c398fb3c146 at term 5"`;

interface FileSpec {
  rel: string;
  share: number;
  line(r: () => number, ms: number, us: number, i: number): string;
}

const host = BENCH_NODE;
const journalLine = (ident: string, pid: number, msg: string, ms: number) => `${syslogStamp(new Date(ms))} ${host} ${ident}[${pid}]: ${msg}`;

function files(): FileSpec[] {
  return [
    { rel: 'sos_commands/logs/journalctl_--no-pager', share: 0.3, line: (r, ms, us, i) => {
      const k = r();
      if (i % 50_000 === 25_000) return `${syslogStamp(new Date(ms))} ${host} kernel: ${pick(r, RARE_KERNEL)(r)}`;
      if (k < 0.45) return journalLine('kubelet', 2211, `I${klogStamp(new Date(ms), us)}    2211 ${pick(r, KUBELET)(r)}`, ms);
      if (k < 0.65) return journalLine('containerd', 1022, `time="${iso(ms, us).replace('Z', '000Z')}" ${pick(r, CONTAINERD)(r)}`, ms);
      if (k < 0.85) return journalLine('systemd', 1, pick(r, SYSTEMD)(r), ms);
      return `${syslogStamp(new Date(ms))} ${host} kernel: ${pick(r, KERNEL)(r)}`;
    } },
    { rel: 'sos_commands/kubernetes/journalctl_--no-pager_--unit_kubelet', share: 0.15, line: (r, ms, us) =>
      journalLine('kubelet', 2211, `${r() < 0.9 ? 'I' : 'E'}${klogStamp(new Date(ms), us)}    2211 ${pick(r, KUBELET)(r)}`, ms) },
    { rel: 'var/log/messages', share: 0.22, line: (r, ms, us, i) => {
      const k = r();
      if (i % 50_000 === 25_000) return `${syslogStamp(new Date(ms))} ${host} kernel: ${pick(r, RARE_KERNEL)(r)}`;
      if (k < 0.5) return journalLine('kubelet', 2211, `I${klogStamp(new Date(ms), us)}    2211 ${pick(r, KUBELET)(r)}`, ms);
      if (k < 0.75) return journalLine('systemd', 1, pick(r, SYSTEMD)(r), ms);
      return `${syslogStamp(new Date(ms))} ${host} kernel: ${pick(r, KERNEL)(r)}`;
    } },
    { rel: 'sos_commands/kernel/dmesg', share: 0.03, line: (r, ms, us, i) => {
      const secs = (ms - (CAPTURE_MS - SPAN_MS - 60_000)) / 1000;
      const msg = i % 20_000 === 10_000 ? pick(r, RARE_KERNEL)(r) : pick(r, KERNEL)(r);
      return `[${secs.toFixed(0).padStart(6, ' ')}.${p6(us)}] ${msg}`;
    } },
    { rel: 'var/log/pods/kube-system_etcd-bench-node-1_0a1b2c3d/etcd/0.log', share: 0.2, line: (r, ms, us, i) => {
      const ts = iso(ms, us);
      const body = i % 40_000 === 20_000 ? RARE_ETCD : r() < 0.005 ? ETCD_SLOW(r) : pick(r, ETCD)(r);
      return `${ts.replace('Z', '123Z')} stderr F {${body.replace('%TS%', ts)}}`;
    } },
    { rel: 'var/log/pods/kube-system_kube-apiserver-bench-node-1_9f8e/kube-apiserver/0.log', share: 0.1, line: (r, ms, us) =>
      `${iso(ms, us).replace('Z', '456Z')} stderr F ${r() < 0.95 ? 'I' : 'W'}${klogStamp(new Date(ms), us)}       1 ${pick(r, APISERVER)(r)}` },
  ];
}

const FACTS: Record<string, string> = {
  'sos_commands/date/date': 'Fri Nov 27 10:00:00 UTC 2026\n',
  'sos_commands/date/date_--utc': 'Fri Nov 27 10:00:00 UTC 2026\n',
  'sos_commands/host/hostname': `${host}\n`,
  'sos_commands/kernel/uname_-a': `Linux ${host} 5.14.0-427.13.1.el9_4.x86_64 #1 SMP PREEMPT_DYNAMIC Wed Apr 10 10:29:16 EDT 2024 x86_64 x86_64 x86_64 GNU/Linux\n`,
  'etc/os-release': 'NAME="Red Hat Enterprise Linux"\nVERSION="9.4 (Plow)"\nPRETTY_NAME="Red Hat Enterprise Linux 9.4 (Plow)"\n',
  'proc/stat': `cpu  1 2 3 4\nbtime ${Math.floor((CAPTURE_MS - SPAN_MS - 60_000) / 1000)}\n`,
};

export interface BenchBundle { dir: string; bytes: number; lines: number; files: string[] }

/** Parse "1G", "200M", "64k" into bytes. */
export function parseSize(s: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?$/i.exec(s.trim());
  if (!m) throw new Error(`size '${s}': use e.g. 200M or 1G`);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  return Math.round(Number(m[1]) * unit);
}

/** Write (or reuse) the bench bundle of `bytes` under `root`. */
export function ensureBenchBundle(root: string, bytes: number, log: (s: string) => void = () => {}): BenchBundle {
  const dir = path.join(root, `bundle-${bytes}`, `sosreport-${BENCH_NODE}-2026-11-27-bench`);
  const marker = path.join(root, `bundle-${bytes}`, 'complete.json');
  if (fs.existsSync(marker)) {
    const m = JSON.parse(fs.readFileSync(marker, 'utf8')) as BenchBundle & { version: number };
    if (m.version === GENERATOR_VERSION) return { dir: m.dir, bytes: m.bytes, lines: m.lines, files: m.files };
  }
  fs.rmSync(path.join(root, `bundle-${bytes}`), { recursive: true, force: true });
  log(`writing a ${(bytes / 1048576).toFixed(0)} MiB bench bundle in ${dir} (once; cached)\n`);
  for (const [rel, text] of Object.entries(FACTS)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  let total = 0; let lines = 0;
  const written: string[] = [];
  files().forEach((f, fi) => {
    const r = rng(0xc0ffee + fi);
    const target = Math.round(bytes * f.share);
    // Average line length is ~200 bytes: pick the stamp step so the file spans the three days.
    const step = SPAN_MS / Math.max(1, target / 200);
    const file = path.join(dir, f.rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const fd = fs.openSync(file, 'w');
    let size = 0; let i = 0; let ms = CAPTURE_MS - SPAN_MS; let buf: string[] = []; let bufLen = 0;
    while (size < target) {
      ms += step * (0.5 + r());
      const line = `${f.line(r, Math.floor(ms), int(r, 1e6), i++)}\n`;
      buf.push(line); bufLen += line.length;
      if (bufLen > 1 << 20) { const b = Buffer.from(buf.join('')); fs.writeSync(fd, b); size += b.length; buf = []; bufLen = 0; }
    }
    if (buf.length) { const b = Buffer.from(buf.join('')); fs.writeSync(fd, b); size += b.length; }
    fs.closeSync(fd);
    total += size; lines += i; written.push(f.rel);
  });
  const out: BenchBundle = { dir, bytes: total, lines, files: written };
  fs.writeFileSync(marker, JSON.stringify({ ...out, version: GENERATOR_VERSION }));
  return out;
}
