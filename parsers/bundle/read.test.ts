// readBundle on bundles built here with the real tools, in the shapes collectors write.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LogRecord } from '../types.ts';
import { readBundle } from './read.ts';
import { retimeRecord } from './retime.ts';
import { BOOT, CAPTURE, EXPECTED_SOURCES, KERNEL, SOS_ROOT, ZONE, sosreportFiles, writeSosreport } from './testing/sosreport-fixture.ts';
import type { SourceSummary } from './types.ts';

let dir = '';
function tree(root: string, files: Record<string, string | Buffer>): string {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}
const byPath = (sources: SourceSummary[], suffix: string) => sources.find((s) => s.path.endsWith(suffix));

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'crashlens-bundle-'));
  writeSosreport(join(dir, 'sos'));
  // sos sorts its members by name (Python's tarfile.add), so etc/ and proc/ come before the logs.
  execFileSync('tar', ['--sort=name', '-C', join(dir, 'sos'), '-cJf', join(dir, 'sos.tar.xz'), SOS_ROOT]);
});
afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

describe('sosreport (.tar.xz)', () => {
  it('every log source with the right format, role, zone and time range; the node identified', async () => {
    const dmesg: LogRecord[] = [];
    const scan = await readBundle(join(dir, 'sos.tar.xz'), {
      onRecord: (s, r) => { if (s.path.endsWith('sos_commands/kernel/dmesg')) dmesg.push(r); },
    });
    expect(scan.layout).toBe('sosreport');
    expect(scan.nodes).toHaveLength(1);
    const id = scan.nodes[0]!.identity;
    expect(scan.nodes[0]!.name).toBe('node-a');
    expect(id).toMatchObject({
      hostname: 'node-a', kernel: KERNEL, zone: ZONE, captureTs: CAPTURE, bootTs: BOOT,
      os: 'Red Hat Enterprise Linux CoreOS 414.92.202311150705-0 (Plow)',
      kubeletVersion: 'v1.27.6+f67aeb3', runtimeVersion: 'cri-o 1.27.1-5.rhaos4.14.git1f8a3b2.el9', etcdVersion: '3.5.9',
    });
    expect(scan.nodes[0]!.extras.memTotalKb).toBe(16265000);
    expect(scan.nodes[0]!.extras.sysctls['kernel.panic_on_oops']).toBe('1');
    expect(scan.sources.map((s) => s.path.slice(SOS_ROOT.length + 1)).sort()).toEqual(Object.keys(EXPECTED_SOURCES).sort());
    for (const [rel, want] of Object.entries(EXPECTED_SOURCES)) {
      const s = byPath(scan.sources, `${SOS_ROOT}/${rel}`)!;
      expect({ path: rel, format: s.format, role: s.role, zone: s.zone, node: s.node, first: s.firstTs, last: s.lastTs, kinds: Object.keys(s.tsKinds) })
        .toEqual({ path: rel, format: want.format, role: want.role, zone: ZONE, node: 'node-a', first: want.first, last: want.last, kinds: [want.kind] });
    }
    // dmesg's monotonic stamps carry wall-clock times, marked as mapped.
    expect(dmesg.length).toBe(8);
    for (const r of dmesg) {
      expect(r.tsKind).toBe('monotonic-mapped');
      expect(r.ts).toBe(BOOT + Math.round(r.mono! * 1e6));
    }
    expect(scan.nodes[0]!.bootFrom).toMatch(/dmesg -T/);
  });

  it('facts that arrive after the logs: the summaries are corrected and retime moves each record exactly', async () => {
    // Logs first, facts last: the order a hand-made tar may have.
    const order = ['var', 'sos_commands/kernel', 'sos_commands/logs', 'sos_commands/date', 'sos_commands/host', 'proc', 'etc'];
    execFileSync('tar', ['-C', join(dir, 'sos', SOS_ROOT), '-cJf', join(dir, 'late.tar.xz'), ...order]);
    const early = new Map<string, number | null>();
    const late: { s: SourceSummary; r: LogRecord }[] = [];
    const inOrder: { s: SourceSummary; r: LogRecord }[] = [];
    await readBundle(join(dir, 'sos.tar.xz'), { onRecord: (s, r) => inOrder.push({ s, r: { ...r } }) });
    for (const { s, r } of inOrder) {
      if (s.retime) retimeRecord(r, s.retime.from, s.retime.to);
      early.set(`${s.path.slice(SOS_ROOT.length + 1)}:${r.line}`, r.ts);
    }
    const scan = await readBundle(join(dir, 'late.tar.xz'), { onRecord: (s, r) => late.push({ s, r: { ...r } }) });
    const messages = byPath(scan.sources, 'var/log/messages')!;
    expect(messages.time.zone).toBeNull(); // parsed before etc/localtime was seen
    expect(messages.retime?.to.zone).toBe(ZONE);
    expect([messages.zone, messages.firstTs, messages.lastTs]).toEqual([ZONE, EXPECTED_SOURCES['var/log/messages']!.first, EXPECTED_SOURCES['var/log/messages']!.last]);
    let moved = 0;
    for (const { s, r } of late) {
      if (s.retime) { retimeRecord(r, s.retime.from, s.retime.to); moved++; }
      expect(r.ts, `${s.path}:${r.line}`).toBe(early.get(`${s.path}:${r.line}`));
    }
    expect(moved).toBeGreaterThan(10);
  });
});

describe('boot time of the current boot', () => {
  it('without dmesg -T and btime: dmesg paired with the journal\'s kernel lines', async () => {
    const files = sosreportFiles();
    delete files['sos_commands/kernel/dmesg_-T'];
    delete files['proc/stat'];
    writeSosreport(join(dir, 'nobtime'), files);
    const scan = await readBundle(join(dir, 'nobtime'));
    expect(scan.nodes[0]!.bootFrom).toMatch(/journal/);
    expect(scan.nodes[0]!.identity.bootTs).toBe(BOOT);
    expect(byPath(scan.sources, 'sos_commands/kernel/dmesg')!.firstTs).toBe(BOOT);
  });
  it('with nothing but uptime and date: to the minute, and said so', async () => {
    const files = sosreportFiles();
    for (const k of ['sos_commands/kernel/dmesg_-T', 'proc/stat', 'sos_commands/logs/journalctl_--no-pager_--catalog_--boot', 'var/log/messages']) delete files[k];
    writeSosreport(join(dir, 'uptimeonly'), files);
    const scan = await readBundle(join(dir, 'uptimeonly'));
    expect(scan.nodes[0]!.bootFrom).toMatch(/uptime/);
    expect(scan.nodes[0]!.identity.bootTs).toBe(CAPTURE - 90 * 60 * 1e6);
  });
});

describe('hostile members', () => {
  it('a huge line and invalid UTF-8 inside archive members: warnings name the file and line, the rest is read', async () => {
    const huge = `Nov 27 10:00:00 node-h app: ${'x'.repeat(3 << 20)}\nNov 27 10:00:01 node-h kernel: after the long line\n`;
    const bad = Buffer.concat([Buffer.from('Nov 27 10:00:02 node-h kernel: ok\nNov 27 10:00:03 node-h kernel: bad '), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from('\n')]);
    tree(join(dir, 'hostile'), { 'var/log/messages': huge, 'var/log/kern.log': bad, 'var/log/syslog': 'Nov 27 10:00:04 node-h kernel: fine\n' });
    execFileSync('gzip', [join(dir, 'hostile/var/log/kern.log')]);
    execFileSync('tar', ['-C', join(dir, 'hostile'), '-cJf', join(dir, 'hostile.tar.xz'), 'var']);
    const scan = await readBundle(join(dir, 'hostile.tar.xz'), { limits: { maxLineBytes: 1 << 20 } });
    const messages = byPath(scan.sources, 'var/log/messages')!;
    expect(messages.warnings).toContainEqual(expect.objectContaining({ file: 'var/log/messages', line: 1, code: 'line-too-long' }));
    expect(messages.records).toBe(2);
    const kern = byPath(scan.sources, 'var/log/kern.log.gz')!;
    expect(kern.warnings).toContainEqual(expect.objectContaining({ file: 'var/log/kern.log.gz', line: 2, code: 'invalid-utf8' }));
    expect(kern.records).toBe(2);
    expect(byPath(scan.sources, 'var/log/syslog')!.records).toBe(1);
  });
});

describe('layouts', () => {
  it('OpenShift must-gather: host service logs, pod logs, events; nodes from node objects', async () => {
    const mg = 'must-gather.local.5577/quay-io-openshift-release-dev-ocp-v4-0-art-dev-sha256-1a2b';
    tree(join(dir, 'mg'), {
      [`${mg}/timestamp`]: '2026-11-27 15:30:00.123456789 +0000 UTC m=+0.051\n',
      [`${mg}/cluster-scoped-resources/core/nodes/master-0.yaml`]: 'apiVersion: v1\nkind: Node\nmetadata:\n  labels:\n    kubernetes.io/hostname: master-0\n  name: master-0\nstatus:\n  nodeInfo:\n    containerRuntimeVersion: cri-o://1.27.1-5.rhaos4.14.git1f8a3b2.el9\n    kernelVersion: 5.14.0-284.30.1.el9_2.x86_64\n    kubeletVersion: v1.27.6+f67aeb3\n    osImage: Red Hat Enterprise Linux CoreOS 414.92.202311150705-0 (Plow)\n',
      [`${mg}/host_service_logs/masters/kubelet_service.log`]: 'Nov 27 14:01:00.123456 master-0 kubenswrapper[1450]: I1127 14:01:00.123456    1450 kubelet.go:2155] "SyncLoop ADD" source="api" pods=["openshift-etcd/etcd-master-0"]\nNov 27 14:02:00.000001 master-0 kubenswrapper[1450]: E1127 14:02:00.000001    1450 kubelet_node_status.go:540] "Error updating node status, will retry" err="error getting node \\"master-0\\": Get \\"https://api-int.ocp.example.com:6443/api/v1/nodes/master-0?timeout=10s\\": context deadline exceeded"\n',
      [`${mg}/namespaces/openshift-etcd/pods/etcd-master-0/etcd/etcd/logs/current.log`]: '2026-11-27T14:05:00.123456789Z {"level":"warn","ts":"2026-11-27T14:05:00.123Z","caller":"etcdserver/util.go:170","msg":"apply request took too long","took":"1.2s","expected-duration":"100ms"}\n',
      [`${mg}/namespaces/openshift-etcd/core/events.yaml`]: 'apiVersion: v1\nitems:\n- apiVersion: v1\n  kind: Event\n  lastTimestamp: "2026-11-27T14:03:00Z"\n  message: "Node master-0 status is now: NodeNotReady"\n  reason: NodeNotReady\n  type: Normal\nkind: EventList\n',
      [`${mg}/namespaces/openshift-etcd/core/pods.yaml`]: 'apiVersion: v1\nitems: []\n',
      [`${mg}/event-filter.html`]: '<html></html>\n',
    });
    const scan = await readBundle(join(dir, 'mg'));
    expect(scan.layout).toBe('must-gather');
    expect(scan.nodes.map((n) => [n.name, n.identity.kubeletVersion, n.identity.runtimeVersion, n.identity.captureTs])).toEqual([['master-0', 'v1.27.6+f67aeb3', 'cri-o 1.27.1-5.rhaos4.14.git1f8a3b2.el9', Date.UTC(2026, 10, 27, 15, 30) * 1000 + 123456]]);
    expect(scan.sources.map((s) => [s.path.split('/').slice(-1)[0], s.role, s.node])).toEqual([
      ['kubelet_service.log', 'kubelet', null], ['events.yaml', 'events', null], ['current.log', 'etcd', null],
    ]);
    expect(byPath(scan.sources, 'kubelet_service.log')!.format).toBe('journal-short');
    expect(byPath(scan.sources, 'kubelet_service.log')!.firstTs).toBe(Date.parse('2026-11-27T14:01:00.123Z') * 1000 + 456);
  });

  it('EKS log collector: kernel, kubelet, containerd, var_log; node from uname, versions', async () => {
    const root = 'eks_i-0abc123def_2026-11-27_1530-UTC_0.7.6';
    tree(join(dir, 'eks'), {
      [`${root}/kernel/dmesg.current`]: '[    0.000000] Linux version 5.10.199-190.747.amzn2.x86_64 (mockbuild@ip-10-0-1-200) (gcc10-gcc (GCC) 10.5.0 20230707 (Red Hat 10.5.0-1), GNU ld version 2.35.2-9.amzn2.0.1) #1 SMP Wed Nov 22 19:08:58 UTC 2023\n[ 1234.567890] IPVS: rr: TCP 172.20.0.10:53 - no destination available\n',
      [`${root}/kernel/uname.txt`]: 'Linux ip-10-0-1-23.ec2.internal 5.10.199-190.747.amzn2.x86_64 #1 SMP Wed Nov 22 19:08:58 UTC 2023 x86_64 x86_64 x86_64 GNU/Linux\n',
      [`${root}/kubelet/kubelet.log`]: '-- Logs begin at Fri 2026-11-27 14:00:00 UTC, end at Fri 2026-11-27 15:30:00 UTC. --\nNov 27 14:01:00 ip-10-0-1-23.ec2.internal kubelet[3001]: I1127 14:01:00.000000    3001 server.go:487] "Kubelet version" kubeletVersion="v1.28.3-eks-e71965b"\n',
      [`${root}/kubelet/kubeconfig.yaml`]: 'apiVersion: v1\nkind: Config\n',
      [`${root}/containerd/containerd-log.txt`]: 'Nov 27 14:00:30 ip-10-0-1-23.ec2.internal containerd[2801]: time="2026-11-27T14:00:30.000000000Z" level=info msg="starting containerd" revision=0cae528dd6cb557f7201036e9f43420650207b58 version=1.7.2\n',
      [`${root}/containerd/containerd-version.txt`]: 'containerd github.com/containerd/containerd 1.7.2 0cae528dd6cb557f7201036e9f43420650207b58\n',
      [`${root}/var_log/messages`]: 'Nov 27 14:00:00 ip-10-0-1-23 kernel: Linux version 5.10.199-190.747.amzn2.x86_64\n',
      [`${root}/system/instance-id.txt`]: 'i-0abc123def\n',
      [`${root}/system/ps.txt`]: 'USER PID %CPU\n',
    });
    execFileSync('tar', ['-C', join(dir, 'eks'), '-czf', join(dir, 'eks.tar.gz'), root]);
    const scan = await readBundle(join(dir, 'eks.tar.gz'));
    expect(scan.layout).toBe('eks-logs');
    expect(scan.nodes.map((n) => n.name)).toEqual(['ip-10-0-1-23.ec2.internal']);
    expect(scan.nodes[0]!.identity).toMatchObject({ kernel: '5.10.199-190.747.amzn2.x86_64', kubeletVersion: 'v1.28.3-eks-e71965b', runtimeVersion: 'containerd 1.7.2' });
    const roles = Object.fromEntries(scan.sources.map((s) => [s.path.slice(root.length + 1), `${s.role} ${s.format}`]));
    expect(roles).toEqual({
      'containerd/containerd-log.txt': 'container-runtime journal-short', 'kernel/dmesg.current': 'kernel dmesg',
      'kubelet/kubelet.log': 'kubelet journal-short', 'var_log/messages': 'syslog syslog',
    });
  });

  it('AKS periscope: one node per node folder', async () => {
    const root = 'aks-periscope-2026-11-27T15-30-00Z';
    const line = (n: string) => `Nov 27 14:01:00 ${n} kubelet[2101]: I1127 14:01:00.000000    2101 kubelet.go:2155] "SyncLoop ADD" source="api"\n`;
    tree(join(dir, 'aks'), {
      [`${root}/aks-nodepool1-12345678-vmss000000/systemlogs/kubelet`]: line('aks-nodepool1-12345678-vmss000000'),
      [`${root}/aks-nodepool1-12345678-vmss000001/systemlogs/kubelet`]: line('aks-nodepool1-12345678-vmss000001'),
    });
    const scan = await readBundle(join(dir, 'aks'));
    expect(scan.layout).toBe('aks-logs');
    expect(scan.sources.map((s) => [s.node, s.role, s.format])).toEqual([
      ['aks-nodepool1-12345678-vmss000000', 'kubelet', 'journal-short'], ['aks-nodepool1-12345678-vmss000001', 'kubelet', 'journal-short'],
    ]);
  });

  it('a plain /var/log tree with rotated logs, pods and a binary journal', async () => {
    const gz = execFileSync('gzip', ['-c'], { input: 'Nov 20 03:00:00 node-v CROND[100]: (root) CMD (run-parts /etc/cron.hourly)\n' });
    tree(join(dir, 'varlog'), {
      messages: 'Nov 27 14:00:00 node-v systemd[1]: Started Kubernetes Kubelet.\n',
      'messages-20261122.gz': gz,
      'kern.log': 'Nov 27 14:00:00 node-v kernel: [    5.000000] EXT4-fs (sda1): mounted filesystem with ordered data mode\n',
      'pods/kube-system_etcd-node-v_0a1b/etcd/0.log': '2026-11-27T14:05:00.123456789Z stderr F {"level":"info","ts":"2026-11-27T14:05:00.123Z","msg":"ready to serve client requests"}\n',
      'journal/0f8e7d6c5b4a39281706f5e4d3c2b1a0/system.journal': Buffer.concat([Buffer.from('LPKSHHRH'), Buffer.alloc(256)]),
      wtmp: Buffer.alloc(384),
    });
    const scan = await readBundle(join(dir, 'varlog'));
    expect(scan.layout).toBe('var-log');
    const got = Object.fromEntries(scan.sources.map((s) => [s.path, `${s.role} ${s.format}`]));
    expect(got).toEqual({
      'journal/0f8e7d6c5b4a39281706f5e4d3c2b1a0/system.journal': 'journal journal-binary',
      'kern.log': 'kernel syslog', messages: 'syslog syslog', 'messages-20261122.gz': 'syslog syslog',
      'pods/kube-system_etcd-node-v_0a1b/etcd/0.log': 'etcd cri',
    });
    // A journal header and nothing else: the journal reader must say so, naming the file.
    const jw = byPath(scan.sources, 'system.journal')!.warnings;
    expect(jw.length).toBeGreaterThan(0);
    expect(jw.every((w) => w.file === 'journal/0f8e7d6c5b4a39281706f5e4d3c2b1a0/system.journal')).toBe(true);
  });

  it('sos collect: a tarball of sosreports is several nodes', async () => {
    const files = sosreportFiles();
    const bRoot = 'sosreport-node-b-2026-11-27-pqrstuv';
    writeSosreport(join(dir, 'b'), { ...files, 'sos_commands/host/hostname': 'node-b\n', 'sos_commands/kernel/uname_-a': files['sos_commands/kernel/uname_-a']!.replace('node-a', 'node-b') });
    renameSync(join(dir, 'b', SOS_ROOT), join(dir, 'b', bRoot));
    mkdirSync(join(dir, 'collect'), { recursive: true });
    execFileSync('cp', [join(dir, 'sos.tar.xz'), join(dir, 'collect', `${SOS_ROOT}.tar.xz`)]);
    execFileSync('tar', ['-C', join(dir, 'b'), '-czf', join(dir, 'collect', `${bRoot}.tar.gz`), bRoot]);
    execFileSync('tar', ['-C', join(dir, 'collect'), '-cf', join(dir, 'sos-collector-case1-2026-11-27-abcde.tar'), '.']);
    const scan = await readBundle(join(dir, 'sos-collector-case1-2026-11-27-abcde.tar'));
    expect(scan.layout).toBe('sos-collect');
    expect(scan.nodes.map((n) => n.name).sort()).toEqual(['node-a', 'node-b']);
    for (const n of ['node-a', 'node-b']) expect(scan.sources.filter((s) => s.node === n)).toHaveLength(Object.keys(EXPECTED_SOURCES).length);
    expect(byPath(scan.sources, `${bRoot}/sos_commands/kernel/dmesg`)!.path).toBe(`./${bRoot}.tar.gz!/${bRoot}/sos_commands/kernel/dmesg`.replace(/^\.\//, ''));
  });

  it('loose files and a single file', async () => {
    tree(join(dir, 'loose'), {
      'pasted-oops.txt': 'BUG: unable to handle kernel NULL pointer dereference at 0000000000000008\nIP: [<ffffffff810b5c4e>] pick_next_task_fair+0x3e/0x190\n',
      'kubelet-excerpt.log': 'I1127 14:01:00.000000    1450 kubelet.go:2155] "SyncLoop ADD" source="api"\n',
    });
    const scan = await readBundle(join(dir, 'loose'));
    expect(scan.layout).toBe('loose');
    expect(scan.sources.map((s) => [s.path, s.role]).sort()).toEqual([['kubelet-excerpt.log', 'other'], ['pasted-oops.txt', 'kernel']]);
    const one = await readBundle(join(dir, 'loose/kubelet-excerpt.log'));
    expect(one.layout).toBe('file');
    expect(one.sources.map((s) => [s.path, s.format])).toEqual([['kubelet-excerpt.log', 'klog']]);
  });
});
