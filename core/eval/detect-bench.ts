// What detection costs next to parsing: generate a journal-short text of ordinary node chatter
// (kubelet, containerd, kernel, systemd, etcd) with a sprinkling of real problem lines, parse it
// with and without the detector, and print both figures, their ratio, and `wc -l` as a baseline.
// Run: node --import tsx core/eval/detect-bench.ts [MiB=200]   (issue 4: detection ≤ 15 % of parse)
//  or: node --import tsx core/eval/detect-bench.ts <bundle directory>   (e.g. .bench/bundle-*/…: the
//      bench's own sosreport; every file's format detected from its content, as the workers do)
import { createReadStream, createWriteStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSourceParser } from '../../parsers/source.ts';
import { createDetector, type Detector } from '../../parsers/rules/detector.ts';
import type { LogRecord } from '../../parsers/types.ts';

const CHATTER = [
  'kubelet[2858]: I0505 13:59:56.872880    2858 reconciler.go:224] operationExecutor.VerifyControllerAttachedVolume started for volume "default-token-abcde" (UniqueName: "kubernetes.io/secret/1f2e-default-token-abcde") pod "web-7d9f" (UID: "1f2e")',
  'kubelet[2858]: I0505 13:59:57.001122    2858 kubelet.go:1932] "SyncLoop (PLEG): event for pod" pod="default/web-7d9f" event={ID:1f2e Type:ContainerStarted Data:9a8b}',
  'kubelet[2858]: E0505 13:59:57.101122    2858 pod_workers.go:190] "Error syncing pod, skipping" err="failed to \\"StartContainer\\" for \\"app\\" with CrashLoopBackOff" pod="default/app-5c6d"',
  'containerd[800]: time="2021-09-15T21:17:11.674149Z" level=info msg="StartContainer for \\"abcdef0123\\" returns successfully"',
  'containerd[800]: time="2021-09-15T21:17:12.100000Z" level=info msg="ImageCreate event &ImageCreate{Name:sha256:1234,Labels:map[string]string{},XXX_unrecognized:[],}"',
  'kernel: IPv6: ADDRCONF(NETDEV_CHANGE): cali1234abcd: link becomes ready',
  'kernel: cni0: port 3(veth5e6f7a8b) entered forwarding state',
  'systemd[1]: Started Session 123 of user core.',
  'systemd[1]: run-containerd-runc-k8s.io-abc.mount: Succeeded.',
  'etcd[1167]: {"level":"info","ts":"2021-09-16T05:38:00.588Z","caller":"mvcc/index.go:214","msg":"compact tree index","revision":137970119}',
  'sshd[9123]: Accepted publickey for core from 10.0.0.5 port 51234 ssh2: RSA SHA256:abcdef',
  'dockerd[912]: time="2021-09-15T21:17:11.674149Z" level=warning msg="Your kernel does not support swap limit capabilities or the cgroup is not mounted. Memory limited without swap."',
];
const PROBLEMS = [
  'kernel: Memory cgroup out of memory: Killed process 63214 (uwsgi) total-vm:3149468kB, anon-rss:164992kB, file-rss:52176kB, shmem-rss:92kB, UID:0 pgtables:1372kB oom_score_adj:986',
  'kernel: nf_conntrack: table full, dropping packet',
  'kubelet[2858]: I0313 16:02:43.934473    2858 kubelet.go:1778] skipping pod synchronization - [PLEG is not healthy: pleg was last seen active 3m5.30015447s ago; threshold is 3m0s]',
  'kubelet[2858]: E0903 07:35:28.899230   2858 kubelet_node_status.go:391] Error updating node status, will retry: error getting node "n1": Get https://10.0.0.1:6443/api/v1/nodes/n1?timeout=10s: dial tcp 10.0.0.1:6443: connect: connection refused',
  'kernel: blk_update_request: I/O error, dev sda, sector 28751848',
  'systemd[1]: kubelet.service: Failed with result \'exit-code\'.',
];

async function generate(path: string, mib: number): Promise<void> {
  const out = createWriteStream(path);
  const target = mib * 1024 * 1024;
  let bytes = 0, i = 0;
  let sec = 0;
  while (bytes < target) {
    const lines: string[] = [];
    for (let k = 0; k < 2000; k++, i++) {
      sec++;
      const s = String(sec % 60).padStart(2, '0'), m = String(Math.floor(sec / 60) % 60).padStart(2, '0'), h = String(Math.floor(sec / 3600) % 24).padStart(2, '0');
      // One problem line in 400: a bad hour on a node, not a quiet one.
      const body = i % 400 === 0 ? PROBLEMS[(i / 400) % PROBLEMS.length]! : CHATTER[(i * 7) % CHATTER.length]!;
      lines.push(`May 05 ${h}:${m}:${s} node-1 ${body}`);
    }
    const chunk = `${lines.join('\n')}\n`;
    bytes += chunk.length;
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

// CPU time of this process, not wall time: the machine is shared, and a neighbour's burst must
// not pass for the detector's cost.
async function parse(path: string, detect: boolean): Promise<{ ms: number; records: number; events: number }> {
  const c0 = process.cpuUsage();
  let records = 0, events = 0;
  let det: ReturnType<typeof createDetector> | null = null;
  const sp = createSourceParser({ path, format: 'journal-short', time: { year: 2024, refTs: null, zone: null, bootTs: null } }, {
    record(r: LogRecord) {
      records++;
      if (detect) { det ??= createDetector({ path, format: 'journal-short' }); events += det.onRecord(r).length; }
    },
    warn() { /* counted by the parser's own tests */ },
  });
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) sp.write(chunk as Buffer);
  sp.end();
  if (det) events += (det as ReturnType<typeof createDetector>).end().length;
  const c = process.cpuUsage(c0);
  return { ms: (c.user + c.system) / 1000, records, events };
}

/** Every file of a bundle directory, parsed from memory the way a parse worker does
 *  (core/ingest/parse-source.ts): content-detected format, a detector per source once the format
 *  is known. mode 'parse' runs no rules; 'detect' runs them; 'timed' also times each onRecord
 *  call with performance.now(), as the workers do for `npm run bench`'s detection share. */
/** Every record is kept here for a moment, as a worker keeps it for its batch: a record nobody
 *  reads lets V8 inline the callback and never build the record at all, which flattered the
 *  parse-only figure and charged the rules for building records. */
let sink: LogRecord | null = null;
function parseBundle(files: { path: string; bytes: Buffer }[], mode: 'parse' | 'detect' | 'timed') {
  const c0 = process.cpuUsage();
  let records = 0, events = 0, timedMs = 0;
  for (const { path, bytes } of files) {
    let det: Detector | null = null;
    const sp = createSourceParser({ path, time: { year: 2026, refTs: null, zone: null, bootTs: null } }, {
      record(r: LogRecord) {
        records++;
        sink = r;
        if (mode === 'parse') return;
        det ??= createDetector({ path, format: sp.format ?? 'plain' });
        if (mode === 'detect') { events += det.onRecord(r).length; return; }
        const t0 = performance.now();
        events += det.onRecord(r).length;
        timedMs += performance.now() - t0;
      },
      warn() { /* counted by the parser's own tests */ },
    });
    for (let at = 0; at < bytes.length; at += 1 << 20) sp.write(bytes.subarray(at, at + (1 << 20)));
    sp.end();
    if (det) events += (det as Detector).end().length;
  }
  const c = process.cpuUsage(c0);
  if (sink === null && records > 0) throw new Error('no record kept');
  return { ms: (c.user + c.system) / 1000, records, events, timedMs };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : e.isFile() ? [p] : [];
  });
}

if (process.argv[2] && existsSync(process.argv[2]) && statSync(process.argv[2]).isDirectory()) {
  const files = filesUnder(process.argv[2]).map((path) => ({ path, bytes: readFileSync(path) }));
  const size = files.reduce((n, f) => n + f.bytes.length, 0) / 1048576;
  const t0 = process.hrtime.bigint();
  execFileSync('wc', ['-l', ...files.map((f) => f.path)]);
  const wcMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const best = { parse: Infinity, detect: Infinity, timed: Infinity, timedMs: Infinity };
  let last = { records: 0, events: 0 };
  // Interleaved rounds, minimum of each: the machine is shared, and CPU time still moves with
  // the neighbours' cache pressure.
  for (let round = 0; round < 4; round++) {
    best.parse = Math.min(best.parse, parseBundle(files, 'parse').ms);
    const d = parseBundle(files, 'detect');
    best.detect = Math.min(best.detect, d.ms);
    last = d;
    const t = parseBundle(files, 'timed');
    best.timed = Math.min(best.timed, t.ms);
    best.timedMs = Math.min(best.timedMs, t.timedMs);
  }
  console.log(`input: ${files.length} files, ${size.toFixed(0)} MiB, ${last.records} records, ${last.events} events`);
  console.log(`baseline wc -l: ${wcMs.toFixed(0)} ms (${(size / (wcMs / 1000)).toFixed(0)} MiB/s)`);
  console.log(`parse only:      ${best.parse.toFixed(0)} ms CPU (${(size / (best.parse / 1000)).toFixed(1)} MiB/s)`);
  console.log(`parse + detect:  ${best.detect.toFixed(0)} ms CPU (${(size / (best.detect / 1000)).toFixed(1)} MiB/s)`);
  console.log(`detection cost:  ${(((best.detect - best.parse) / best.parse) * 100).toFixed(1)} % of parse time, ${(((best.detect - best.parse) / best.detect) * 100).toFixed(1)} % of parse + detect (bar: ≤ 15 %)`);
  console.log(`timed per record as the workers do: ${best.timedMs.toFixed(0)} ms = ${((best.timedMs / best.timed) * 100).toFixed(1)} % of ${best.timed.toFixed(0)} ms CPU (the timer itself adds ${(best.timed - best.detect).toFixed(0)} ms)`);
  process.exit(0);
}

const mib = Number(process.argv[2] ?? 200);
const file = join(tmpdir(), `crashlens-detect-bench-${mib}.log`);
if (!existsSync(file) || statSync(file).size < mib * 1024 * 1024) await generate(file, mib);
const size = statSync(file).size / 1048576;

const t0 = process.hrtime.bigint();
execFileSync('wc', ['-l', file]);
const wcMs = Number(process.hrtime.bigint() - t0) / 1e6;
// Alternate the runs so that both see the same page cache and the same neighbours on the machine.
const plain: number[] = [], detected: number[] = [];
let last = { records: 0, events: 0 };
for (let round = 0; round < 3; round++) {
  plain.push((await parse(file, false)).ms);
  const d = await parse(file, true);
  detected.push(d.ms);
  last = d;
}
const p = Math.min(...plain), d = Math.min(...detected);
console.log(`input: ${size.toFixed(0)} MiB, ${last.records} records, ${last.events} events`);
console.log(`baseline wc -l: ${wcMs.toFixed(0)} ms (${(size / (wcMs / 1000)).toFixed(0)} MiB/s)`);
console.log(`parse only:      ${p.toFixed(0)} ms CPU (${(size / (p / 1000)).toFixed(1)} MiB/s)`);
console.log(`parse + detect:  ${d.toFixed(0)} ms CPU (${(size / (d / 1000)).toFixed(1)} MiB/s)`);
console.log(`detection cost:  ${(((d - p) / p) * 100).toFixed(1)} % of parse time (bar: ≤ 15 %)`);
