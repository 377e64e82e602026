// A small sosreport-shaped tree (sos 4.x paths), written by tests and benchmarks, never committed
// as data. Node node-a in America/New_York (EST, UTC−5 in November); captured 2026-11-27
// 15:30:00 UTC; booted 2026-11-27 14:00:00 UTC; the previous boot crashed (a vmcore-dmesg).
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const SOS_ROOT = 'sosreport-node-a-2026-11-27-xkqbbyz';
export const CAPTURE = Date.UTC(2026, 10, 27, 15, 30, 0) * 1000; // µs
export const BOOT = Date.UTC(2026, 10, 27, 14, 0, 0) * 1000;
export const ZONE = 'America/New_York';
export const KERNEL = '5.14.0-284.30.1.el9_2.x86_64';

// Date.parse keeps milliseconds only: add micros by hand where a stamp has them.
const us = (iso: string) => Date.parse(iso) * 1000;

/** What `crashlens sources` must show for each log source. */
export const EXPECTED_SOURCES: Record<string, { format: string; role: string; first: number | null; last: number | null; kind: string }> = {
  'sos_commands/kernel/dmesg': { format: 'dmesg', role: 'kernel', first: BOOT, last: BOOT + 3000_500_000, kind: 'monotonic-mapped' },
  'sos_commands/kernel/dmesg_-T': { format: 'dmesg', role: 'kernel', first: BOOT, last: BOOT + 3000_000_000, kind: 'zone-inferred' },
  'sos_commands/logs/journalctl_--no-pager_--catalog_--boot': { format: 'journal-short', role: 'journal', first: us('2026-11-27T14:00:00Z'), last: us('2026-11-27T14:50:00Z'), kind: 'year-inferred' },
  'sos_commands/logs/journalctl_--no-pager_--catalog_--boot_-1': { format: 'journal-short', role: 'journal', first: us('2026-11-27T08:00:00Z'), last: us('2026-11-27T13:55:10Z'), kind: 'year-inferred' },
  // Named like a whole-journal capture; the manifest says it is `journalctl -u kubelet`.
  'sos_commands/logs/journalctl_--no-pager_--since_-2d_kubelet': { format: 'journal-short', role: 'kubelet', first: us('2026-11-27T14:01:00Z'), last: us('2026-11-27T14:01:00Z'), kind: 'year-inferred' },
  'var/log/messages': { format: 'syslog', role: 'syslog', first: us('2026-11-27T13:55:00Z'), last: us('2026-11-27T14:50:00Z'), kind: 'year-inferred' },
  'var/log/containers/etcd-node-a_openshift-etcd_etcd-0123abcd.log': { format: 'cri', role: 'etcd', first: us('2026-11-27T14:05:00.123Z') + 456, last: us('2026-11-27T14:06:00.5Z'), kind: 'exact' },
  'var/crash/127.0.0.1-2026-11-27-08:55:12/vmcore-dmesg.txt': { format: 'vmcore-dmesg', role: 'crash', first: null, last: null, kind: 'monotonic' },
};

const DMESG: [number, string][] = [
  [0, 'Linux version 5.14.0-284.30.1.el9_2.x86_64 (mockbuild@x86-vm-08.build.eng.bos.redhat.com) (gcc (GCC) 11.3.1 20221121 (Red Hat 11.3.1-4), GNU ld version 2.35.2-37.el9) #1 SMP PREEMPT_DYNAMIC Fri Aug 25 09:13:12 EDT 2023'],
  [0, 'Command line: BOOT_IMAGE=(hd0,gpt3)/ostree/rhcos-1/vmlinuz-5.14.0-284.30.1.el9_2.x86_64 ignition.platform.id=metal'],
  [1.5, 'ACPI: Core revision 20211217'],
  [4.25, 'XFS (sda4): Mounting V5 Filesystem'],
  [5, 'EXT4-fs (sda3): mounted filesystem with ordered data mode. Quota mode: none.'],
  [12, 'IPv6: ADDRCONF(NETDEV_CHANGE): ens3: link becomes ready'],
  [3000, 'Memory cgroup out of memory: Killed process 48213 (java) total-vm:8123456kB, anon-rss:4012345kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:9000kB oom_score_adj:999'],
  [3000.5, 'oom_reaper: reaped process 48213 (java), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB'],
];

function mono(s: number): string {
  return `[${s.toFixed(6).padStart(12, ' ')}]`;
}

/** Local (EST) wall text of a UTC µs instant, for the -T and syslog lines. */
function est(t: number): Date {
  return new Date(t / 1000 - 5 * 3600_000);
}
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const p2 = (n: number) => String(n).padStart(2, '0');
function human(t: number): string {
  const d = est(t);
  return `[${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())} ${d.getUTCFullYear()}]`;
}
function syslogStamp(iso: string): string {
  const d = est(us(iso));
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
}

export function sosreportFiles(): Record<string, string> {
  const dmesg = DMESG.map(([s, m]) => `${mono(s)} ${m}`).join('\n') + '\n';
  const dmesgT = DMESG.map(([s, m]) => `${human(BOOT + Math.floor(s) * 1e6)} ${m}`).join('\n') + '\n';
  const j = (iso: string, rest: string) => `${syslogStamp(iso)} node-a ${rest}`;
  const journalBoot = [
    `-- Logs begin at Fri 2026-11-27 03:00:00 EST, end at Fri 2026-11-27 10:30:00 EST. --`,
    j('2026-11-27T14:00:00Z', `kernel: ${DMESG[0]![1]}`),
    j('2026-11-27T14:00:04Z', `kernel: ${DMESG[3]![1]}`),
    j('2026-11-27T14:00:05Z', `kernel: ${DMESG[4]![1]}`),
    j('2026-11-27T14:00:12Z', `kernel: ${DMESG[5]![1]}`),
    j('2026-11-27T14:01:00Z', 'kubelet[1450]: I1127 14:01:00.123456    1450 server.go:487] "Kubelet version" kubeletVersion="v1.27.6+f67aeb3"'),
    j('2026-11-27T14:01:02Z', 'crio[1201]: time="2026-11-27 14:01:02.000000000Z" level=info msg="Starting CRI-O, version: 1.27.1-5.rhaos4.14.git1f8a3b2.el9, git: unknown(clean)"'),
    j('2026-11-27T14:50:00Z', `kernel: ${DMESG[6]![1]}`),
  ].join('\n') + '\n';
  const journalPrev = [
    `-- Logs begin at Fri 2026-11-27 03:00:00 EST, end at Fri 2026-11-27 08:55:10 EST. --`,
    j('2026-11-27T08:00:00Z', 'systemd[1]: Started Kubernetes Kubelet.'),
    j('2026-11-27T13:55:00Z', 'kernel: BUG: unable to handle page fault for address: ffffffffc0a1b2c3'),
    j('2026-11-27T13:55:10Z', 'kernel: Kernel panic - not syncing: Fatal exception'),
  ].join('\n') + '\n';
  const messages = [
    j('2026-11-27T13:55:00Z', 'kernel: BUG: unable to handle page fault for address: ffffffffc0a1b2c3'),
    j('2026-11-27T14:00:00Z', `kernel: ${DMESG[0]![1]}`),
    j('2026-11-27T14:50:00Z', 'kubelet[1450]: E1127 14:50:00.000000    1450 kubelet.go:2412] "Skipping pod synchronization" err="PLEG is not healthy: pleg was last seen active 3m0.5s ago; threshold is 3m0s"'),
  ].join('\n') + '\n';
  const etcd = [
    '2026-11-27T14:05:00.123456000Z stderr F {"level":"info","ts":"2026-11-27T14:05:00.123Z","caller":"etcdmain/etcd.go:73","msg":"Running: ","args":["etcd"]}',
    '2026-11-27T14:05:00.200000000Z stderr F {"level":"info","ts":"2026-11-27T14:05:00.200Z","caller":"embed/etcd.go:309","msg":"starting an etcd server","etcd-version":"3.5.9","git-sha":"Not provided (use ./build instead of ./scripts/build.sh)"}',
    '2026-11-27T14:06:00.500000000Z stderr F {"level":"warn","ts":"2026-11-27T14:06:00.500Z","caller":"etcdserver/util.go:170","msg":"apply request took too long","took":"1.2s","expected-duration":"100ms"}',
  ].join('\n') + '\n';
  const vmcore = [
    '[    0.000000] Linux version 5.14.0-284.30.1.el9_2.x86_64 (mockbuild@x86-vm-08.build.eng.bos.redhat.com) #1 SMP PREEMPT_DYNAMIC Fri Aug 25 09:13:12 EDT 2023',
    '[21299.123456] BUG: unable to handle page fault for address: ffffffffc0a1b2c3',
    '[21299.123500] #PF: supervisor read access in kernel mode',
    '[21309.000001] Kernel panic - not syncing: Fatal exception',
  ].join('\n') + '\n';
  const manifest = {
    version: '4.5.6', cmdline: 'sos report --batch', policy: 'Red Hat Enterprise Linux CoreOS',
    components: { report: { plugins: {
      date: { commands: [{ command: 'date', exec: 'date', filepath: 'sos_commands/date/date', start_time: CAPTURE / 1e6, return_code: 0 }] },
      openshift: { commands: [{ command: 'journalctl', exec: 'journalctl --no-pager -u kubelet --since -2d', filepath: 'sos_commands/logs/journalctl_--no-pager_--since_-2d_kubelet', start_time: CAPTURE / 1e6 + 5, return_code: 0 }] },
    } } },
  };
  return {
    'version.txt': 'sosreport: 4.5.6\n',
    'sos_commands/date/date': 'Fri Nov 27 10:30:00 EST 2026\n',
    'sos_commands/date/date_--utc': 'Fri Nov 27 15:30:00 UTC 2026\n',
    'sos_commands/host/hostname': 'node-a\n',
    'sos_commands/host/uptime': ' 10:30:00 up  1:30,  0 users,  load average: 0.52, 0.58, 0.59\n',
    'sos_commands/kernel/uname_-a': `Linux node-a ${KERNEL} #1 SMP PREEMPT_DYNAMIC Fri Aug 25 09:13:12 EDT 2023 x86_64 x86_64 x86_64 GNU/Linux\n`,
    'sos_commands/kernel/sysctl_-a': 'kernel.panic = 10\nkernel.panic_on_oops = 1\nvm.overcommit_memory = 1\n',
    'sos_commands/kernel/dmesg': dmesg,
    'sos_commands/kernel/dmesg_-T': dmesgT,
    'sos_commands/logs/journalctl_--no-pager_--catalog_--boot': journalBoot,
    'sos_commands/logs/journalctl_--no-pager_--catalog_--boot_-1': journalPrev,
    'sos_commands/logs/journalctl_--no-pager_--since_-2d_kubelet': `${j('2026-11-27T14:01:00Z', 'kubelet[1450]: I1127 14:01:00.123456    1450 server.go:487] "Kubelet version" kubeletVersion="v1.27.6+f67aeb3"')}\n`,
    'sos_commands/logs/journalctl_--disk-usage': 'Archived and active journals take up 1.2G in the file system.\n',
    'sos_commands/networking/ip_-d_address': '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN\n',
    'sos_reports/manifest.json': JSON.stringify(manifest),
    'etc/os-release': 'NAME="Red Hat Enterprise Linux CoreOS"\nPRETTY_NAME="Red Hat Enterprise Linux CoreOS 414.92.202311150705-0 (Plow)"\n',
    'proc/stat': `cpu  1000 0 2000 300000 100 0 50 0 0 0\nbtime ${BOOT / 1e6}\nprocesses 123456\n`,
    'proc/meminfo': 'MemTotal:       16265000 kB\nMemFree:          812000 kB\nSwapTotal:             0 kB\n',
    'var/log/messages': messages,
    'var/log/containers/etcd-node-a_openshift-etcd_etcd-0123abcd.log': etcd,
    'var/crash/127.0.0.1-2026-11-27-08:55:12/vmcore-dmesg.txt': vmcore,
  };
}

/** Writes the tree under dir/SOS_ROOT (etc/localtime as a symlink, as sos stores it). */
export function writeSosreport(dir: string, files = sosreportFiles()): string {
  const root = join(dir, SOS_ROOT);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  mkdirSync(join(root, 'etc'), { recursive: true });
  symlinkSync('../usr/share/zoneinfo/America/New_York', join(root, 'etc/localtime'));
  symlinkSync('sos_commands/kernel/uname_-a', join(root, 'uname'));
  return root;
}
