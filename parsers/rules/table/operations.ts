// Software and operations: units that failed, and people acting on the node (stopping units,
// removing kubelet or manifests, rebooting) as sudo, auditd, logind and sysrq record them.
import type { Rule } from '../rule.ts';

// systemd logging to kmsg (debug shells, early boot) shows up in dmesg under the kernel's ident.
const SYSTEMD = /^(systemd|init|kernel)$/;
const UNIT = '[\\w@.:\\\\-]+\\.(?:service|socket|mount|scope|timer|path|target)';
const UNIT_GROUP = { name: 'unit', by: 'unit', span: 5 } as const;

/** Commands that take a node or its Kubernetes agents down when a person types them. */
export const DISRUPTIVE_COMMAND = new RegExp([
  String.raw`\bsystemctl\s+(?:--\S+\s+)*(?:stop|disable|mask|kill|restart|reboot|poweroff|halt|kexec|isolate|emergency|rescue)\b`,
  String.raw`\bservice\s+\S+\s+(?:stop|restart)\b`,
  String.raw`(?:^|[\s/])(?:reboot|poweroff|halt|shutdown)(?:\s|$)`,
  String.raw`(?:^|[\s/])init\s+[016]\b`,
  String.raw`\bkubeadm\s+reset\b`,
  String.raw`\b(?:rm|mv|unlink|truncate)\s+[^\n]*(?:kubelet|kubernetes|manifests|containerd|docker|crio|cni|etcd|\.kube)`,
  String.raw`\b(?:kill|pkill|killall)\s+[^\n]*(?:-9|-KILL|-SIGKILL|kubelet|containerd|dockerd|crio|etcd)`,
  String.raw`sysrq-trigger`,
  String.raw`\bswapoff\b`,
  String.raw`\biptables\s+(?:-F|--flush)\b`,
  String.raw`\bip\s+link\s+set\s+\S+\s+down\b|\bifdown\b`,
  String.raw`\b(?:crictl|docker|nerdctl)\s+(?:rm|rmp|stop|stopp|kill)\b`,
].join('|'));

/** auditd writes a field as "quoted text" or, when it holds spaces or odd bytes, as hex. */
export function auditValue(v: string): string {
  if (v.startsWith('"')) return v.slice(1, v.endsWith('"') ? -1 : undefined);
  if (/^(?:[0-9A-Fa-f]{2})+$/.test(v)) return Buffer.from(v, 'hex').toString('utf8').replace(/\0/g, ' ');
  return v;
}

export const OPERATIONS_RULES: Rule[] = [
  {
    id: 'operations.unit.failed-result',
    type: 'unit_failed', category: 'operations', severity: 'error',
    keys: ['Failed with result', 'entered failed state'],
    pattern: new RegExp(`(?:(?<unit>${UNIT}): Failed with result '(?<result>[\\w-]+)'|Unit (?<unit2>${UNIT}) entered failed state)`),
    accept: (f) => { if (f.unit2 !== undefined) { f.unit = f.unit2; delete f.unit2; } return true; },
    group: { ...UNIT_GROUP, role: 'key' },
    idents: SYSTEMD,
    message: 'unit {unit} failed ({result} {status})',
    versions: 'systemd 186–229 `Unit x entered failed state`; 230+ `x: Failed with result \'exit-code\'`',
    samples: {
      match: [
        { line: "kubelet.service: Failed with result 'exit-code'.", fields: { unit: 'kubelet.service', result: 'exit-code' } },
        { line: 'Unit kubelet.service entered failed state.', fields: { unit: 'kubelet.service' } },
      ],
      noMatch: ['Stopped kubelet: The Kubernetes Node Agent.', 'kubelet.service: Succeeded.', 'logrotate: ALERT exited abnormally with [1]'],
    },
  },
  {
    // Stands as the event when the log stops before systemd's verdict line.
    id: 'operations.unit.main-exited',
    type: 'unit_failed', category: 'operations', severity: 'error',
    keys: ['ain process exited', 'ontrol process exited'],
    pattern: new RegExp(`(?<unit>${UNIT}):? [Mm]ain process exited, code=(?<code>\\w+),? status=(?<status>[^\\s,]+)`),
    // A clean exit, or the SIGTERM of a stop job, is not a failure.
    accept: (f) => !/^(?:0\/SUCCESS|15\/TERM|143)$/.test(String(f.status)),
    group: { ...UNIT_GROUP, role: 'lead' },
    idents: SYSTEMD,
    message: 'unit {unit} main process exited ({code}, status {status})',
    versions: 'systemd 186–255 (`main process` lower-case before 230)',
    samples: {
      match: [
        { line: 'kubelet.service: Main process exited, code=exited, status=203/EXEC', fields: { unit: 'kubelet.service', code: 'exited', status: '203/EXEC' } },
        { line: 'kubelet.service: main process exited, code=exited, status=255/n/a', fields: { status: '255/n/a' } },
        { line: 'containerd.service: Main process exited, code=killed, status=9/KILL', fields: { code: 'killed', status: '9/KILL' } },
      ],
      noMatch: ['kubelet.service: Main process exited, code=exited, status=0/SUCCESS', 'nginx.service: Main process exited, code=killed, status=15/TERM'],
    },
  },
  {
    // Carries the counter into the failure that follows; never an event by itself.
    id: 'operations.unit.restart-counter',
    type: 'unit_failed', category: 'operations', severity: 'error',
    keys: ['restart counter is at'],
    pattern: new RegExp(`(?<unit>${UNIT}): Scheduled restart job, restart counter is at (?<restart_counter>\\d+)`),
    fields: { restart_counter: 'number' },
    group: { ...UNIT_GROUP, role: 'lead', standalone: false },
    idents: SYSTEMD,
    message: 'unit {unit} restarted ({restart_counter})',
    versions: 'systemd 236+',
    samples: {
      match: [{ line: 'kubelet.service: Scheduled restart job, restart counter is at 557.', fields: { unit: 'kubelet.service', restart_counter: 557 } }],
      noMatch: ['kubelet.service: Service RestartSec=600ms expired, scheduling restart.'],
    },
  },
  {
    id: 'operations.unit.failed-tail',
    type: 'unit_failed', category: 'operations', severity: 'error',
    keys: ['Failed to start', '.service failed.', '.socket failed.', '.mount failed.'],
    pattern: new RegExp(`(?:^(?<unit>${UNIT}) failed\\.\\s*$|Failed to start (?<description>[^\\n]+?)\\.?\\s*$)`, 'm'),
    group: { ...UNIT_GROUP, role: 'tail' },
    idents: SYSTEMD,
    message: 'failed to start {description}{unit}',
    versions: 'systemd 186–255',
    samples: {
      match: [
        { line: 'Failed to start Kubernetes Kubelet Server.', fields: { description: 'Kubernetes Kubelet Server' } },
        { line: 'kubelet.service failed.', fields: { unit: 'kubelet.service' } },
      ],
      noMatch: ['Started Kubernetes Kubelet Server.'],
    },
  },
  {
    id: 'operations.unit.audit-failed',
    type: 'unit_failed', category: 'operations', severity: 'error',
    keys: ['res=failed'],
    pattern: /(?:^|type=)SERVICE_(?:START|STOP) [^\n]*?unit=(?<unit>[^\s']+)[^\n]*?res=failed/m,
    message: 'unit {unit} failed (audit)',
    versions: 'auditd 2.x–3.x SERVICE_START / SERVICE_STOP records',
    samples: {
      match: [{ line: "type=SERVICE_START msg=audit(1593000000.123:456): pid=1 uid=0 auid=4294967295 ses=4294967295 msg='unit=kubelet comm=\"systemd\" exe=\"/usr/lib/systemd/systemd\" hostname=? addr=? terminal=? res=failed'", fields: { unit: 'kubelet' } }],
      noMatch: ["type=SERVICE_STOP msg=audit(1481076984.534:16): pid=1 uid=0 auid=4294967295 ses=4294967295 subj=system_u:system_r:init_t:s0 msg='unit=irqbalance comm=\"systemd\" exe=\"/usr/lib/systemd/systemd\" hostname=? addr=? terminal=? res=success'"],
    },
  },
  {
    id: 'operations.operator.sudo',
    type: 'operator_action', category: 'operations', severity: 'warning',
    keys: ['COMMAND='],
    pattern: /(?:^|sudo(?:\[\d+\])?:)\s*(?<user>[\w.@-]+) : (?:[^\n;]*; )*?COMMAND=(?<command>[^\n]+?)\s*$/m,
    accept: (f) => DISRUPTIVE_COMMAND.test(String(f.command)),
    message: '{user} ran: {command}',
    versions: 'sudo 1.7–1.9 syslog lines (secure / auth.log / journal)',
    samples: {
      match: [
        { line: 'sudo:   alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/systemctl stop kubelet', fields: { user: 'alice', command: '/bin/systemctl stop kubelet' } },
        { line: '    bob : TTY=pts/1 ; PWD=/root ; USER=root ; COMMAND=/usr/bin/rm -f /etc/kubernetes/manifests/kube-apiserver.yaml', fields: { user: 'bob' } },
        { line: 'sudo[4121]:     ops : TTY=pts/2 ; PWD=/home/ops ; USER=root ; COMMAND=/sbin/reboot', fields: { command: '/sbin/reboot' } },
      ],
      noMatch: ['sudo:   alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/usr/bin/journalctl -u kubelet', 'sudo:   alice : TTY=pts/0 ; PWD=/home/alice ; USER=root ; COMMAND=/bin/systemctl status kubelet'],
    },
  },
  {
    id: 'operations.operator.audit-cmd',
    type: 'operator_action', category: 'operations', severity: 'warning',
    keys: ['USER_CMD', 'EXECVE argc', 'EXECVE msg='],
    pattern: /(?:^|type=)(?:USER_CMD [^\n]*?auid=(?<auid>\d+)[^\n]*?cmd=(?<cmd>"[^"\n]*"|[0-9A-Fa-f]+)|EXECVE [^\n]*?argc=\d+ (?<args>a0=[^\n]*))/m,
    accept: (f) => {
      if (f.cmd !== undefined) f.command = auditValue(String(f.cmd));
      else {
        const args = [...String(f.args).matchAll(/a\d+=("[^"]*"|\S+)/g)].map((m) => auditValue(m[1]!));
        f.command = args.join(' ');
      }
      delete f.cmd; delete f.args;
      return DISRUPTIVE_COMMAND.test(f.command);
    },
    message: 'command run on the node: {command}',
    versions: 'auditd 2.x–3.x USER_CMD (sudo) and EXECVE records, quoted or hex-encoded',
    samples: {
      match: [
        { line: "type=USER_CMD msg=audit(1700000000.123:812): pid=4121 uid=1000 auid=1000 ses=3 msg='cwd=\"/root\" cmd=73797374656D63746C2073746F70206B7562656C6574 terminal=pts/0 res=success'", fields: { auid: '1000', command: 'systemctl stop kubelet' } },
        { line: 'type=EXECVE msg=audit(1700000000.456:813): argc=3 a0="systemctl" a1="stop" a2="containerd"', fields: { command: 'systemctl stop containerd' } },
        { line: 'EXECVE argc=3 a0="rm" a1="-rf" a2="/var/lib/kubelet"', fields: { command: 'rm -rf /var/lib/kubelet' } },
      ],
      noMatch: ['type=EXECVE msg=audit(1700000000.456:814): argc=2 a0="ls" a1="-l"'],
    },
  },
  {
    id: 'operations.operator.power',
    type: 'operator_action', category: 'operations', severity: 'warning',
    keys: ['Power key pressed', 'The system is going down', 'System is rebooting', 'System is powering down', 'shutting down for system'],
    pattern: /(?<action>Power key pressed|The system is going down for (?:reboot|power-?off|halt|system halt)|System is rebooting|System is powering down|shutting down for system (?:reboot|halt))/,
    message: 'deliberate shutdown: {action}',
    versions: 'systemd-logind 209+, util-linux / sysvinit shutdown wall messages',
    samples: {
      match: [
        { line: 'Power key pressed.', fields: { action: 'Power key pressed' } },
        { line: 'System is rebooting.', fields: { action: 'System is rebooting' } },
        { line: 'The system is going down for reboot NOW!', fields: { action: 'The system is going down for reboot' } },
      ],
      noMatch: ['Watching system buttons on /dev/input/event0 (Power Button)'],
    },
  },
  {
    id: 'operations.operator.sysrq',
    type: 'operator_action', category: 'operations', severity: 'critical',
    keys: ['SysRq : ', 'sysrq: Trigger', 'sysrq: Resetting', 'sysrq: Power Off', 'sysrq: Emergency', 'sysrq: Terminate', 'sysrq: Kill All', 'sysrq: Manual OOM'],
    pattern: /(?:SysRq : |sysrq: )(?<action>Trigger a crash|Resetting|Power Off|Emergency Remount R\/O|Terminate All Tasks|Kill All Tasks|Manual OOM execution)/,
    message: 'SysRq issued: {action}',
    versions: 'Linux 2.6–5.x `SysRq : Trigger a crash`, 5.x+ `sysrq: Trigger a crash`',
    samples: {
      match: [{ line: 'sysrq: Trigger a crash', fields: { action: 'Trigger a crash' } }, { line: 'SysRq : Resetting', fields: { action: 'Resetting' } }],
      noMatch: ['sysrq: Show Blocked State'],
    },
  },
];
