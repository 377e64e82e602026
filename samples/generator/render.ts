// Entries to files, in each program's own format. A file here is a path relative to the node's
// root (sosreport's layout maps it; must-gather and the /var/log tarball pick what they carry).
import { auditStamp, dateOutput, journalLongStamp, journalStamp, monoStamp, offsetOf, rfc3339Local, syslogStamp } from './clock.ts';
import { defaultCmdline } from './os.ts';
import type { TarMember } from './tar.ts';
import type { Boot, Entry, NodeState, World } from './world.ts';
void auditStamp;

function prefixIdent(e: Entry): string {
  return e.pid === null ? `${e.ident}:` : `${e.ident}[${e.pid}]:`;
}

/** Entries of a node for a destination, honouring a truncated crashed boot. */
function forDest(w: World, host: string, dest: Entry['dest'][number], boots?: Boot[]): Entry[] {
  const n = w.node(host);
  const cut = n.truncateLogsAt;
  const crashed = n.boots.find((b) => b.crashed);
  return w.sorted(host).filter((e) => {
    if (!e.dest.includes(dest)) return false;
    if (boots && !boots.some((b) => e.t >= b.start && e.t <= b.end)) return false;
    if (cut !== null && (dest === 'journal' || dest === 'syslog' || dest === 'secure') && crashed && e.t > cut && e.t <= crashed.end) return false;
    return true;
  });
}

/** `journalctl --no-pager` (-o short): local time without a year, boot separators by systemd version. */
export function journalText(w: World, host: string, boots?: Boot[], unit?: (e: Entry) => boolean): string {
  const n = w.node(host);
  const es = forDest(w, host, 'journal', boots).filter((e) => !unit || unit(e));
  if (es.length === 0) return '-- No entries --\n';
  const z = n.spec.zone;
  const out: string[] = [];
  if (n.os.systemd < 246) out.push(`-- Logs begin at ${journalLongStamp(es[0]!.t, z)}, end at ${journalLongStamp(es[es.length - 1]!.t, z)}. --`);
  else if (n.os.systemd < 250) out.push(`-- Journal begins at ${journalLongStamp(es[0]!.t, z)}, ends at ${journalLongStamp(es[es.length - 1]!.t, z)}. --`);
  let boot: Boot | null = null;
  for (const e of es) {
    const b = w.bootAt(host, e.t);
    if (boot && b && b !== boot) out.push(n.os.systemd >= 248 ? `-- Boot ${b.id} --` : '-- Reboot --');
    boot = b;
    out.push(`${journalStamp(e.t, z)} ${n.spec.host} ${prefixIdent(e)} ${e.msg}`);
  }
  return out.join('\n') + '\n';
}

/** rsyslog's files: RFC 3164 stamps (space-padded day), the kernel's [mono] kept on Debian. */
export function syslogFiles(w: World, host: string): Record<string, string> {
  const n = w.node(host);
  if (n.os.syslog === 'none') return {};
  const z = n.spec.zone;
  const line = (e: Entry) => {
    const b = w.bootAt(host, e.t)!;
    const msg = e.ident === 'kernel' && n.os.kernelMonoInSyslog ? `${monoStamp(e.t, b.start)} ${e.msg}` : e.msg;
    return `${syslogStamp(e.t, z)} ${n.spec.host} ${prefixIdent(e)} ${msg}`;
  };
  const main = forDest(w, host, 'syslog').map(line);
  const auth = forDest(w, host, 'secure').map(line);
  if (n.os.syslog === 'rhel') return { 'var/log/messages': main.join('\n') + '\n', 'var/log/secure': auth.join('\n') + '\n' };
  const kern = forDest(w, host, 'syslog').filter((e) => e.ident === 'kernel').map(line);
  return { 'var/log/syslog': main.join('\n') + '\n', 'var/log/kern.log': kern.join('\n') + '\n', 'var/log/auth.log': auth.join('\n') + '\n' };
}

/** dmesg of one boot: seconds since that boot. */
export function dmesgText(w: World, host: string, b: Boot): string {
  const es = w.sorted(host).filter((e) => e.ident === 'kernel' && e.t >= b.start && e.t <= b.end);
  return es.map((e) => `${monoStamp(e.t, b.start)} ${e.msg}`).join('\n') + '\n';
}

export function auditText(w: World, host: string): string {
  return forDest(w, host, 'audit').map((e) => e.msg).join('\n') + '\n';
}

/** CRI log files: var/log/pods/<ns>_<pod>_<uid>/<container>/<restart>.log (one per boot: the
 *  containers restart when the node comes back), and var/log/containers symlinks to them. */
export function podMembers(w: World, host: string, root: string): TarMember[] {
  const n = w.node(host);
  const files = new Map<string, { ref: NonNullable<Entry['pod']>; lines: string[]; restart: number }>();
  for (const e of forDest(w, host, 'pod')) {
    const b = w.bootAt(host, e.t)!;
    const restart = n.boots.indexOf(b);
    const ref = e.pod!;
    const path = `var/log/pods/${ref.ns}_${ref.pod}_${ref.uid}/${ref.container}/${restart}.log`;
    let f = files.get(path);
    if (!f) files.set(path, (f = { ref, lines: [], restart }));
    f.lines.push(`${rfc3339Local(e.t, n.spec.zone, (e.seq * 7919) % 1000)} ${e.stream ?? 'stdout'} F ${e.msg}`);
  }
  const out: TarMember[] = [];
  const latest = new Map<string, string>();
  for (const [path, f] of files) {
    out.push({ path: `${root}${path}`, kind: 'file', data: f.lines.join('\n') + '\n' });
    const key = `${f.ref.ns}/${f.ref.pod}/${f.ref.container}`;
    if (!latest.has(key) || latest.get(key)! < path) latest.set(key, path);
  }
  for (const [key, path] of latest) {
    const [ns, pod, container] = key.split('/');
    const cid = w.stableHex(`cid-${path}`, 64);
    out.push({ path: `${root}var/log/containers/${pod}_${ns}_${container}-${cid}.log`, kind: 'symlink', target: `/${path}` });
  }
  return out;
}

/** The pod's log as `oc logs --timestamps` prints it (must-gather): RFC 3339 UTC, then the line. */
export function podLogsByBoot(w: World, host: string, match: (ref: NonNullable<Entry['pod']>) => boolean): string[] {
  const n = w.node(host);
  return n.boots.map((b) => forDest(w, host, 'pod', [b]).filter((e) => match(e.pod!)).map((e) => `${rfc3339Local(e.t, 'UTC', 0).replace(/000Z$/, 'Z')} ${e.msg}`).join('\n') + '\n');
}

export function listBoots(w: World, host: string): string {
  const n = w.node(host);
  const z = n.spec.zone;
  const rows = n.boots.map((b, i) => {
    const idx = String(i - (n.boots.length - 1)).padStart(3, ' ');
    const es = w.sorted(host).filter((e) => e.dest.includes('journal') && e.t >= b.start && e.t <= b.end && !(n.truncateLogsAt !== null && b.crashed && e.t > n.truncateLogsAt));
    const first = es[0]?.t ?? b.start;
    const last = es[es.length - 1]?.t ?? b.end;
    return n.os.systemd >= 250 ? `${idx} ${b.id} ${journalLongStamp(first, z)} ${journalLongStamp(last, z)}` : `${idx} ${b.id} ${journalLongStamp(first, z)}—${journalLongStamp(last, z)}`;
  });
  return (n.os.systemd >= 250 ? 'IDX BOOT ID                          FIRST ENTRY                 LAST ENTRY\n' : '') + rows.join('\n') + '\n';
}

/** Facts files of the node at capture time: what sos collects besides logs. */
export function factFiles(w: World, n: NodeState, captureT: number): Record<string, string> {
  const s = n.spec;
  const cur = n.boots[n.boots.length - 1]!;
  const upSec = Math.floor((captureT - cur.start) / 1e6);
  const upMin = Math.floor(upSec / 60);
  const z = s.zone;
  const hhmmss = dateOutput(captureT, z).split(' ').filter(Boolean)[3]!;
  const upText = upMin < 60 ? `${upMin} min` : `${Math.floor(upMin / 60)}:${String(upMin % 60).padStart(2, '0')}`;
  const sysctl: Record<string, string> = {
    'kernel.hostname': s.host, 'kernel.hung_task_panic': '0', 'kernel.hung_task_timeout_secs': '120', 'kernel.panic': '10',
    'kernel.panic_on_oops': '1', 'kernel.softlockup_panic': '0', 'kernel.hardlockup_panic': '1', 'kernel.nmi_watchdog': '1',
    'kernel.pid_max': '4194304', 'kernel.panic_on_rcu_stall': '0', 'kernel.osrelease': cur.kernel,
    'net.core.somaxconn': '4096', 'net.ipv4.ip_forward': '1', 'net.netfilter.nf_conntrack_max': '262144', 'net.netfilter.nf_conntrack_buckets': '65536',
    'net.bridge.bridge-nf-call-iptables': '1', 'vm.dirty_background_ratio': '10', 'vm.dirty_ratio': '30', 'vm.overcommit_memory': '1',
    'vm.panic_on_oom': '0', 'vm.swappiness': '60', 'vm.min_free_kbytes': '67584', 'fs.inotify.max_user_watches': '524288',
    ...s.sysctl,
  };
  const slab: Record<string, number> = { kmalloc_64: 48000, dentry: 210000, inode_cache: 36000, 'kmalloc-256': 9000, 'kmalloc-1k': 4800, task_struct: 1900, kmem_cache: 420, 'cgroup_css_links?': 0, ...s.slab };
  const rpm = (name: string, v: string) => `${name}-${v}.x86_64`.padEnd(59) + `Thu 07 Mar 2024 09:12:44 AM ${'UTC'}`;
  const kv = s.kubelet.replace(/^v/, '');
  const files: Record<string, string> = {
    'sos_commands/date/date': `${dateOutput(captureT, z)}\n`,
    'sos_commands/date/date_--utc': `${dateOutput(captureT, 'UTC')}\n`,
    'sos_commands/kernel/uname_-a': `Linux ${s.host} ${cur.kernel} #1 SMP Thu Feb 8 10:12:44 UTC 2024 x86_64 x86_64 x86_64 GNU/Linux\n`,
    'sos_commands/host/hostname': `${s.host}\n`,
    'sos_commands/host/uptime': ` ${hhmmss} up ${upText},  1 user,  load average: 0.${w.rng.int(10, 99)}, 0.${w.rng.int(10, 99)}, 0.${w.rng.int(10, 99)}\n`,
    'sos_commands/systemd/timedatectl': `               Local time: ${journalLongStamp(captureT, z)}\n           Universal time: ${journalLongStamp(captureT, 'UTC')}\n                 RTC time: ${journalLongStamp(captureT, 'UTC').slice(4, 23)}\n                Time zone: ${z} (${dateOutput(captureT, z).split(' ').filter(Boolean)[4]}, ${offsetOf(captureT, z)})\nSystem clock synchronized: yes\n              NTP service: active\n          RTC in local TZ: no\n`,
    'sos_commands/kernel/sysctl_-a': Object.keys(sysctl).sort().map((k) => `${k} = ${sysctl[k]}`).join('\n') + '\n',
    'etc/os-release': n.os.osRelease,
    'etc/hostname': `${s.host}\n`,
    'proc/meminfo': `MemTotal:       ${s.memKb} kB\nMemFree:        ${Math.floor(s.memKb * 0.62)} kB\nMemAvailable:   ${Math.floor(s.memKb * 0.78)} kB\nBuffers:            4212 kB\nCached:         ${Math.floor(s.memKb * 0.12)} kB\nSwapCached:            0 kB\nSwapTotal:             0 kB\nSwapFree:              0 kB\nSlab:           ${Math.floor(Object.values(slab).reduce((a, b) => a + b, 0) / 4)} kB\nSReclaimable:     ${Math.floor(s.memKb * 0.01)} kB\nSUnreclaim:       ${Math.floor(Object.values(slab).reduce((a, b) => a + b, 0) / 6)} kB\nHugePages_Total:       0\nHugepagesize:       2048 kB\n`,
    'proc/slabinfo': 'slabinfo - version: 2.1\n# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>\n'
      + Object.entries(slab).filter(([k]) => !k.endsWith('?')).map(([k, v]) => `${k.padEnd(17)} ${String(v).padStart(7)} ${String(v + 64).padStart(7)}    256   32    2 : tunables    0    0    0 : slabdata ${String(Math.ceil(v / 32)).padStart(6)} ${String(Math.ceil(v / 32)).padStart(6)}      0`).join('\n') + '\n',
    'proc/stat': `cpu  ${w.rng.int(100000, 900000)} 1204 ${w.rng.int(50000, 200000)} ${upSec * s.cpus * 90} 2110 0 1841 0 0 0\nintr ${w.rng.int(1e6, 9e6)}\nctxt ${w.rng.int(1e7, 9e7)}\nbtime ${Math.floor(cur.start / 1e6)}\nprocesses ${w.rng.int(9000, 40000)}\nprocs_running 2\nprocs_blocked 0\n`,
    'sos_commands/logs/journalctl_--list-boots': listBoots(w, s.host),
    'proc/cmdline': `${s.cmdline ?? defaultCmdline(n.os, cur.kernel)}\n`,
  };
  if (n.os.redhatRelease) files['etc/redhat-release'] = n.os.redhatRelease;
  if (n.os.packages === 'rpm') {
    const list = [rpm('kernel', cur.kernel.replace(/\.x86_64$/, '')), rpm('kubelet', `${kv}-150500.1.1`), rpm('kubectl', `${kv}-150500.1.1`),
      s.runtime === 'cri-o' ? rpm('cri-o', `${s.runtimeVersion}-1.rhaos4.15.git${w.stableHex('crio', 7)}.el9`) : rpm('containerd.io', `${s.runtimeVersion.replace(/^v/, '')}-3.1.el8`),
      rpm('systemd', `${n.os.systemd}-68.el8`), rpm('kexec-tools', '2.0.26-8.el8'), rpm('sos', '4.6.1-1.el8'), rpm('chrony', '4.3-1.el8'), rpm('rsyslog', '8.2102.0-15.el8')].sort();
    files['installed-rpms'] = list.join('\n') + '\n';
  } else {
    const row = (name: string, v: string, d: string) => `ii  ${name.padEnd(35)} ${v.padEnd(40)} amd64        ${d}`;
    files['sos_commands/dpkg/dpkg_-l'] = 'Desired=Unknown/Install/Remove/Purge/Hold\n| Status=Not/Inst/Conf-files/Unpacked/halF-conf/Half-inst/trig-aWait/Trig-pend\n|/ Err?=(none)/Reinst-required (Status,Err: uppercase=bad)\n||/ Name                                Version                                  Architecture Description\n+++-===================================-========================================-============-================================\n'
      + [row('containerd.io', `${s.runtimeVersion.replace(/^v/, '')}-1`, 'An open and reliable container runtime'), row('kubelet', `${kv}-1.1`, 'Node agent for Kubernetes clusters'), row('kubectl', `${kv}-1.1`, 'Command-line utility for interacting with a Kubernetes cluster'), row(`linux-image-${cur.kernel}`, cur.kernel.replace(/-generic$|-amd64$/, '') + '.1', 'Signed kernel image generic'), row('systemd', `${n.os.systemd}.11-0ubuntu3.12`, 'system and service manager'), row('sosreport', '4.5.6-0ubuntu1~22.04.2', 'Set of tools to gather troubleshooting data from a system')].join('\n') + '\n';
  }
  return files;
}

/** A minimal, valid TZif (v2) file for a fixed-offset zone such as UTC — what a copied
 *  /etc/localtime of a UTC node holds (/usr/share/zoneinfo/UTC is exactly this shape). */
export function tzifUtc(): Buffer {
  const hdr = (v: string) => {
    const b = Buffer.alloc(44, 0);
    b.write('TZif', 0, 'ascii');
    b.write(v, 4, 'ascii');
    // isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt
    [0, 0, 0, 0, 1, 4].forEach((n, i) => b.writeUInt32BE(n, 20 + i * 4));
    return b;
  };
  const body = Buffer.from([0, 0, 0, 0, 0, 0, 0x55, 0x54, 0x43, 0]); // ttinfo{utoff 0, isdst 0, idx 0} + "UTC\0"
  return Buffer.concat([hdr('2'), body, hdr('2'), body, Buffer.from('\nUTC0\n', 'ascii')]);
}
