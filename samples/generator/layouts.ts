// Where each collector puts the files: sosreport 4.x, a plain /var/log tarball, sos collect
// (one tarball of per-node sosreports), OpenShift must-gather.
import { xzSync } from 'node-liblzma';
import { gzipSync } from 'node:zlib';
import { dateOutput, journalStamp, zoneOffsetMin } from './clock.ts';
import { auditText, dmesgText, factFiles, journalText, podLogsByBoot, podMembers, syslogFiles, tzifUtc } from './render.ts';
import { withParentDirs, writeTar, type TarMember } from './tar.ts';
import type { World } from './world.ts';

const p2 = (n: number) => String(n).padStart(2, '0');

function localDate(us: number, zone: string): { ymd: string; hms: string } {
  const d = new Date(us / 1000 + zoneOffsetMin(us, zone) * 60000);
  return { ymd: `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`, hms: `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}` };
}

export function sosName(w: World, host: string): string {
  const { ymd } = localDate(w.captureT, w.node(host).spec.zone);
  return `sosreport-${host}-${ymd}-${w.stableHex(`sos-${host}`, 7).replace(/[0-9]/g, (c) => 'abcdefghij'[+c]!)}`;
}

/** The members of one node's sosreport (sos 4.x), under its top directory. */
export function sosreportMembers(w: World, host: string): TarMember[] {
  const n = w.node(host);
  const root = `${sosName(w, host)}/`;
  const m: TarMember[] = [];
  const file = (p: string, data: string | Buffer) => m.push({ path: root + p, kind: 'file', data });
  const link = (p: string, target: string) => m.push({ path: root + p, kind: 'symlink', target });
  const cur = n.boots[n.boots.length - 1]!;
  const prev = n.boots.length > 1 ? n.boots[n.boots.length - 2]! : null;
  file('version.txt', 'sosreport: 4.6.1\n');
  file('sos_commands/logs/journalctl_--no-pager', journalText(w, host));
  if (prev) file('sos_commands/logs/journalctl_--no-pager_--boot_-1', journalText(w, host, [prev]));
  file('sos_commands/kernel/dmesg', dmesgText(w, host, cur));
  for (const [p, t] of Object.entries(syslogFiles(w, host))) file(p, t);
  if (n.os.syslog === 'rhel') file('var/log/audit/audit.log', auditText(w, host)); // auditd is not installed by default on Debian/Ubuntu
  m.push(...podMembers(w, host, root));
  // kexec-tools (RHEL, Fedora, Amazon Linux) names the ring buffer vmcore-dmesg.txt; Debian's
  // kdump-tools writes /var/crash/<YYYYmmddHHMM>/dmesg.<YYYYmmddHHMM> instead — not generated yet.
  if (n.kdump && prev) {
    const { ymd, hms } = localDate(prev.end + 9e6, n.spec.zone);
    file(`var/crash/127.0.0.1-${ymd}-${hms}/vmcore-dmesg.txt`, dmesgText(w, host, prev));
  }
  for (const [p, t] of Object.entries(factFiles(w, n, w.captureT))) file(p, t);
  // sos links the common facts at the top of the report.
  link('date', 'sos_commands/date/date');
  link('uname', 'sos_commands/kernel/uname_-a');
  link('hostname', 'sos_commands/host/hostname');
  link('uptime', 'sos_commands/host/uptime');
  if (n.spec.zone === 'UTC' || n.spec.zoneFile === 'copy') file('etc/localtime', tzifUtc());
  else link('etc/localtime', `../usr/share/zoneinfo/${n.spec.zone}`);
  return m;
}

export function xz(buf: Buffer): Buffer {
  return xzSync(buf, { preset: 6 });
}

export function gz(buf: Buffer): Buffer {
  return gzipSync(buf, { level: 9 });
}

export function sosreportTarXz(w: World, host: string): Buffer {
  return xz(writeTar(withParentDirs(sosreportMembers(w, host)), Math.floor(w.captureT / 1000)));
}

/** `tar czf` of /var/log: rsyslog files, audit, pod logs, Debian's boot-time var/log/dmesg. */
export function varLogTarGz(w: World, host: string): Buffer {
  const n = w.node(host);
  const m: TarMember[] = [];
  for (const [p, t] of Object.entries(syslogFiles(w, host))) m.push({ path: p, kind: 'file', data: t });
  if (n.os.syslog === 'rhel') m.push({ path: 'var/log/audit/audit.log', kind: 'file', data: auditText(w, host) });
  m.push(...podMembers(w, host, ''));
  if (n.os.syslog === 'debian') {
    const cur = n.boots[n.boots.length - 1]!;
    // /var/log/dmesg is written once, 30 s into the boot, by the dmesg unit.
    m.push({ path: 'var/log/dmesg', kind: 'file', data: dmesgText(w, host, { ...cur, end: cur.start + 30e6 }) });
  }
  return gz(writeTar(withParentDirs(m), Math.floor(w.captureT / 1000)));
}

/** sos collect: a tarball holding each node's sosreport tarball. */
export function sosCollectTarXz(w: World, label: string): Buffer {
  const first = [...w.nodes.values()][0]!;
  const { ymd } = localDate(w.captureT, first.spec.zone);
  const root = `sos-collector-${label}-${ymd}-${w.stableHex('collector', 5).replace(/[0-9]/g, (c) => 'klmnopqrst'[+c]!)}/`;
  const m: TarMember[] = [];
  for (const host of w.nodes.keys()) m.push({ path: `${root}${sosName(w, host)}.tar.xz`, kind: 'file', data: sosreportTarXz(w, host) });
  m.push({ path: `${root}sos_logs/sos.log`, kind: 'file', data: [...w.nodes.keys()].map((h) => `${dateOutput(w.captureT, 'UTC')} INFO: ${h}: Collecting sosreport\n`).join('') });
  return xz(writeTar(withParentDirs(m), Math.floor(w.captureT / 1000)));
}

/** OpenShift must-gather: host service logs per role, etcd and kube-apiserver pod logs (current
 *  and previous container), namespace events, nodes. The directory under must-gather.local.N is
 *  named after the gather image's digest, which is why its paths run past ustar's 100 bytes. */
export function mustGatherTarGz(w: World, events: string): Buffer {
  const rootHex = w.stableHex('mg-digest', 64);
  const root = `must-gather.local.${w.stableHex('mg', 19).replace(/[a-f]/g, '7')}/quay-io-openshift-release-dev-ocp-v4-0-art-dev-sha256-${rootHex}/`;
  const m: TarMember[] = [];
  const masters = [...w.nodes.values()].filter((n) => n.spec.role === 'control-plane');
  const workers = [...w.nodes.values()].filter((n) => n.spec.role !== 'control-plane');
  const svc = (ns: typeof masters, role: string, ident: string, name: string) => {
    const text = ns.map((n) => journalText(w, n.spec.host, undefined, (e) => e.ident === ident || (e.ident === 'systemd' && e.msg.includes(ident === 'crio' ? 'CRI-O' : 'kubelet')))).join('');
    m.push({ path: `${root}host_service_logs/${role}/${name}`, kind: 'file', data: text });
  };
  svc(masters, 'masters', 'kubenswrapper', 'kubelet_service.log');
  svc(masters, 'masters', 'crio', 'crio_service.log');
  if (workers.length) svc(workers, 'workers', 'kubenswrapper', 'kubelet_service.log');
  for (const n of masters) {
    const h = n.spec.host;
    const logs = podLogsByBoot(w, h, (r) => r.pod === `etcd-${h}`);
    const dir = `${root}namespaces/openshift-etcd/pods/etcd-${h}/etcd/etcd/logs/`;
    m.push({ path: `${dir}current.log`, kind: 'file', data: logs[logs.length - 1]! });
    if (logs.length > 1) m.push({ path: `${dir}previous.log`, kind: 'file', data: logs[logs.length - 2]! });
    const api = podLogsByBoot(w, h, (r) => r.pod === `kube-apiserver-${h}`);
    const adir = `${root}namespaces/openshift-kube-apiserver/pods/kube-apiserver-${h}/kube-apiserver/kube-apiserver/logs/`;
    m.push({ path: `${adir}current.log`, kind: 'file', data: api[api.length - 1]! });
    if (api.length > 1) m.push({ path: `${adir}previous.log`, kind: 'file', data: api[api.length - 2]! });
    m.push({ path: `${root}cluster-scoped-resources/core/nodes/${h}.yaml`, kind: 'file', data: `apiVersion: v1\nkind: Node\nmetadata:\n  name: ${h}\n  labels:\n    node-role.kubernetes.io/master: ""\nstatus:\n  nodeInfo:\n    kernelVersion: ${n.boots[n.boots.length - 1]!.kernel}\n    kubeletVersion: ${n.spec.kubelet}\n    containerRuntimeVersion: cri-o://${n.spec.runtimeVersion}\n    osImage: ${n.os.prettyName}\n` });
  }
  m.push({ path: `${root}namespaces/openshift-etcd/core/events.yaml`, kind: 'file', data: events });
  m.push({ path: `${root}timestamp`, kind: 'file', data: `${new Date(w.captureT / 1000 - 300000).toISOString()} ${new Date(w.captureT / 1000).toISOString()}\n` });
  m.push({ path: `${root}version`, kind: 'file', data: 'ClientVersion: 4.15.12\nServerVersion: 4.15.12\n' });
  void journalStamp;
  return gz(writeTar(withParentDirs(m), Math.floor(w.captureT / 1000)));
}
