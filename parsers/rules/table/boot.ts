// Boot boundaries: a kernel starting, and a clean shutdown (systemd's or sysvinit's last words).
// The analysis cuts each node's timeline into boots with these; a boot that ends without a
// `shutdown` event ended in a crash or a hard reset.
import type { Rule } from '../rule.ts';

const BOOT_GROUP = { name: 'boot', span: 40 } as const;
const SHUTDOWN_GROUP = { name: 'shutdown', span: 200 } as const;
const targetKind = (f: Record<string, string | number>) => {
  const t = String(f.target ?? f.final ?? '');
  const kind = /Power|power/.test(t) ? 'poweroff' : /Reboot|Restart|reboot|restart/i.test(t) ? 'reboot' : /[Hh]alt/.test(t) ? 'halt' : /kexec/i.test(t) ? 'kexec' : undefined;
  if (kind) f.kind = kind;
  delete f.final;
  f.clean = 'true';
  return true;
};

export const BOOT_RULES: Rule[] = [
  {
    id: 'boot.kernel-version',
    type: 'boot', category: 'boot', severity: 'info',
    keys: ['Linux version'],
    pattern: /(?:^|\] )Linux version (?<kernel>\d[^\s]*) \(/m,
    group: { ...BOOT_GROUP, role: 'key' },
    idents: /^(kernel|vmunix)$/,
    message: 'boot: kernel {kernel} started',
    versions: 'Linux 2.6–6.x banner',
    samples: {
      match: [
        { line: 'Linux version 3.10.0-49.el7.x86_64 (mockbuild@x86-024.build.eng.bos.redhat.com) (gcc version 4.8.2 20131106 (Red Hat 4.8.2-3) (GCC) ) #1 SMP Tue Nov 12 16:19:27 EST 2013', fields: { kernel: '3.10.0-49.el7.x86_64' } },
        { line: 'Linux version 6.8.0-45-generic (buildd@lcy02-amd64-075) (x86_64-linux-gnu-gcc-13 (Ubuntu 13.2.0-23ubuntu4) 13.2.0, GNU ld (GNU Binutils for Ubuntu) 2.42) #45-Ubuntu SMP PREEMPT_DYNAMIC Fri Aug 30 12:02:04 UTC 2024 (Ubuntu 6.8.0-45.45-generic 6.8.12)', fields: { kernel: '6.8.0-45-generic' } },
      ],
      noMatch: ['Command line: BOOT_IMAGE=/vmlinuz-3.10.0-49.el7.x86_64 root=/dev/mapper/rhel-root ro'],
    },
  },
  {
    id: 'boot.journal-marker',
    type: 'boot', category: 'boot', severity: 'info',
    keys: ['-- Boot ', '-- Reboot --'],
    pattern: /^-- (?:Reboot|Boot (?<boot_id>[0-9a-f]{32})) --$/m,
    group: { ...BOOT_GROUP, role: 'lead' },
    message: 'boot {boot_id}',
    versions: 'journalctl ≤ 249 `-- Reboot --`, 250+ `-- Boot <id> --`',
    samples: {
      match: [{ line: '-- Reboot --' }, { line: '-- Boot 0dc874d3fbd44bdbb6fbcfaa27481492 --', fields: { boot_id: '0dc874d3fbd44bdbb6fbcfaa27481492' } }],
      noMatch: ['-- Logs begin at Tue 2019-10-22 05:04:03 EDT, end at Tue 2019-10-22 05:17:25 EDT. --'],
    },
  },
  {
    id: 'boot.audit-system-boot',
    type: 'boot', category: 'boot', severity: 'info',
    keys: ['SYSTEM_BOOT'],
    // The audit parser drops the `type=` of its message; raw audit.log lines keep it.
    pattern: /(?:^|type=)SYSTEM_BOOT /m,
    group: { ...BOOT_GROUP, role: 'key' },
    message: 'boot (audit SYSTEM_BOOT)',
    versions: 'auditd 2.x–3.x (systemd-update-utmp)',
    samples: {
      match: [{ line: "SYSTEM_BOOT pid=273 uid=0 auid=4294967295 ses=4294967295 msg=' comm=\"systemd-update-utmp\" exe=\"/usr/lib/systemd/systemd-update-utmp\" hostname=? addr=? terminal=? res=success'" }, { line: "type=SYSTEM_BOOT msg=audit(1481076983.876:7): pid=273 uid=0 auid=4294967295 ses=4294967295 subj=system_u:system_r:init_t:s0 msg=' comm=\"systemd-update-utmp\" exe=\"/usr/lib/systemd/systemd-update-utmp\" hostname=? addr=? terminal=? res=success'" }],
      noMatch: ["type=SYSTEM_SHUTDOWN msg=audit(1481076983.876:7): pid=273 uid=0 msg=' comm=\"systemd-update-utmp\" res=success'"],
    },
  },
  {
    // auditd names the running kernel when it starts, just before the SYSTEM_BOOT record.
    id: 'boot.audit-daemon-start',
    type: 'boot', category: 'boot', severity: 'info',
    keys: ['DAEMON_START'],
    pattern: /(?:^|type=)DAEMON_START [^\n]*?kernel=(?<kernel>\S+)/m,
    group: { ...BOOT_GROUP, role: 'lead', standalone: false },
    message: 'auditd started on kernel {kernel}',
    versions: 'auditd 2.x–3.x',
    samples: {
      match: [{ line: 'DAEMON_START auditd start, ver=2.4.1 format=raw kernel=3.10.0-327.36.3.el7.x86_64 auid=4294967295 pid=251 subj=system_u:system_r:auditd_t:s0 res=success', fields: { kernel: '3.10.0-327.36.3.el7.x86_64' } }],
      noMatch: ['DAEMON_END auditd normal halt, sending auid=0 pid=1 subj= res=success'],
    },
  },
  {
    id: 'boot.wtmp',
    type: 'boot', category: 'boot', severity: 'info',
    keys: ['system boot'],
    pattern: /^reboot\s+system boot\s+(?<kernel>\d\S*)/m,
    message: 'boot: kernel {kernel} (wtmp)',
    versions: '`last -x` output (util-linux, sysvinit-tools)',
    samples: { match: [{ line: 'reboot   system boot  3.10.0-1160.el7. Tue Mar  2 10:11 - 12:13  (02:02)', fields: { kernel: '3.10.0-1160.el7.' } }], noMatch: ['shutdown system down  3.10.0-1160.el7. Tue Mar  2 12:13 - 12:14  (00:00)'] },
  },
  {
    id: 'boot.shutdown.target',
    type: 'shutdown', category: 'boot', severity: 'info',
    keys: ['Reached target'],
    pattern: /Reached target (?<target>Power-Off|Reboot|Halt|Shutdown|Final Step|System Power Off|System Reboot|System Halt|System Shutdown|Late Shutdown Services|Reboot via kexec|kexec)\./,
    accept: targetKind,
    // A user's systemd instance reaches its own `Shutdown` target at every logout: only the
    // host's `Shutting down.` that follows makes this a shutdown.
    group: { ...SHUTDOWN_GROUP, role: 'lead', standalone: false },
    idents: /^(systemd|kernel)$/,
    message: 'shutdown: reached {target}',
    versions: 'systemd 186–249 target names (`Power-Off`), 250+ (`System Power Off`)',
    samples: {
      match: [{ line: 'systemd[1]: Reached target Power-Off.', fields: { target: 'Power-Off', kind: 'poweroff' } }, { line: 'Reached target System Reboot.', fields: { kind: 'reboot' } }],
      noMatch: ['Reached target Multi-User System.', 'Reached target Network is Online.'],
    },
  },
  {
    id: 'boot.shutdown.systemd',
    type: 'shutdown', category: 'boot', severity: 'info',
    keys: ['systemd[1]: Shutting down.'],
    pattern: /systemd\[1\]: Shutting down\./,
    accept: targetKind,
    group: { ...SHUTDOWN_GROUP, role: 'key' },
    message: 'clean shutdown ({kind})',
    versions: 'systemd 186–255, logged to kmsg / syslog with its `systemd[1]:` prefix',
    samples: { match: [{ line: 'systemd[1]: Shutting down.', fields: { clean: 'true' } }], noMatch: ['cups: cupsd shutdown succeeded', 'systemd[1]: Stopping Monitoring of LVM2 mirrors, snapshots etc. using dmeventd or progress polling...'] },
  },
  {
    id: 'boot.shutdown.systemd-journal',
    type: 'shutdown', category: 'boot', severity: 'info',
    keys: ['Shutting down.'],
    pattern: /^Shutting down\.\s*$/m,
    accept: targetKind,
    group: { ...SHUTDOWN_GROUP, role: 'key' },
    idents: /^systemd$/,
    identRequired: true,
    message: 'clean shutdown ({kind})',
    versions: 'systemd 186–255 as journald shows it (ident systemd)',
    samples: { match: [{ line: 'Shutting down.' }], noMatch: ['Shutting down gracefully'] },
  },
  {
    id: 'boot.shutdown.final',
    type: 'shutdown', category: 'boot', severity: 'info',
    keys: ['systemd-shutdown', 'reboot: ', 'Restarting system', 'Power down', 'System halted', 'shutting down for system'],
    pattern: /(?:systemd-shutdown\[1\]: (?<final>Syncing filesystems and block devices|Sending SIGTERM to remaining processes|Powering off|Rebooting)|reboot: (?<final2>Restarting system|Power down|System halted)|^(?<final3>Restarting system|Power down|System halted)\.?\s*$)/m,
    accept: (f) => { f.final = f.final ?? f.final2 ?? f.final3 ?? ''; delete f.final2; delete f.final3; f.step = f.final; return targetKind(f); },
    group: { ...SHUTDOWN_GROUP, role: 'tail' },
    idents: /^(kernel|systemd-shutdown|systemd)$/,
    message: 'clean shutdown: {step}',
    versions: 'systemd-shutdown 186–255; kernel 4.x+ `reboot: Restarting system`, 2.6–3.x `Restarting system.`',
    samples: {
      match: [
        { line: 'reboot: Restarting system', fields: { kind: 'reboot' } },
        { line: 'systemd-shutdown[1]: Syncing filesystems and block devices.', fields: { step: 'Syncing filesystems and block devices' } },
        { line: 'reboot: Power down', fields: { kind: 'poweroff' } },
      ],
      noMatch: ['Stopped kubelet: The Kubernetes Node Agent.', 'syslogd 1.4.1: restart.'],
    },
  },
];
