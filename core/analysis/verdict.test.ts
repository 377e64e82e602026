// The verdict on hand-built timelines, one per cause category: it must name the right category,
// the crash time to the second, and leave the distractors (old, harmless or boot-time events) out.
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.ts';
import { at, Timeline } from './test-events.ts';

const evidenceTypes = (c: { evidence: { type: string }[] }) => c.evidence.map((e) => e.type);
const evidenceTimes = (c: { evidence: { ts: number | null }[] }) => c.evidence.map((e) => e.ts!);

describe('verdict', () => {
  it('memory cascade: OOM storm → kubelet killed → hung tasks → panic, not the harmless cgroup OOM hours before', () => {
    const t = new Timeline('node-2')
      .boot('2026-03-12 22:00:00', 'b1')
      .ev('memcg_oom', '2026-03-12 23:10:00', 'Memory cgroup out of memory: Killed process 811 (java)', { pid: 811, process: 'java' })
      .storm('oom_kill', 5, '2026-03-13 02:29:00', '2026-03-13 02:45:00', 'Out of memory: Killed process (java)', { process: 'java' })
      .ev('oom_kill', '2026-03-13 02:47:10', 'Out of memory: Killed process 1450 (kubelet)', { pid: 1450, process: 'kubelet' })
      .ev('hung_task', '2026-03-13 02:48:40', 'INFO: task jbd2/sda1-8:412 blocked for more than 120 seconds.', { process: 'jbd2/sda1-8', blocked_seconds: 120 })
      .ev('kernel_panic', '2026-03-13 02:49:31', 'Kernel panic - not syncing: hung_task: blocked tasks', { reason: 'hung_task: blocked tasks' })
      .boot('2026-03-13 02:52:10', 'b2', '2026-03-13 02:49:31');
    const { verdict, boots } = analyze(t.input());
    expect(boots.map((b) => b.ending)).toEqual(['crash', 'unknown']);
    const crash = verdict.crashes.find((c) => c.outcome === 'panic')!;
    expect(crash.time).toBe(at('2026-03-13 02:49:31'));
    expect(crash.causes[0]!.category).toBe('memory');
    expect(crash.causes[0]!.type).toBe('oom_kill');
    expect(evidenceTimes(crash.causes[0]!).every((ts) => ts >= at('2026-03-13 02:00:00'))).toBe(true);
    expect(evidenceTypes(crash.causes[0]!)).not.toContain('memcg_oom');
    // causal order: the OOM kills come before kubelet's death, hung tasks last
    const types = evidenceTypes(crash.causes[0]!);
    expect(types.indexOf('oom_kill')).toBeLessThan(types.indexOf('hung_task'));
    expect(crash.summary).toMatch(/^node-2 crashed at 2026-03-13 02:49:31 UTC because memory ran out: 6 OOM kills in 18 minutes, kubelet killed, .*hung task.*then a kernel panic/);
    expect(crash.missing.join(' ')).toMatch(/no vmcore/);
  });

  it('kernel lockup: soft lockups → panic, with an OOM kill hours earlier and a link-up at boot left out', () => {
    const t = new Timeline('worker-1')
      .boot('2026-03-13 08:00:00', 'a1')
      .ev('nic_up', '2026-03-13 08:00:20', 'eth0: link up 10000 Mbps', { iface: 'eth0' })
      .ev('oom_kill', '2026-03-13 09:00:00', 'Out of memory: Killed process 77 (python)', { process: 'python' })
      .storm('soft_lockup', 3, '2026-03-13 14:20:00', '2026-03-13 14:21:00', 'watchdog: BUG: soft lockup - CPU#3 stuck for 22s! [qemu:991]', { cpu: 3, process: 'qemu' })
      .ev('kernel_panic', '2026-03-13 14:21:07', 'Kernel panic - not syncing: softlockup: hung tasks', { reason: 'softlockup: hung tasks' })
      .boot('2026-03-13 14:23:40', 'a2', '2026-03-13 14:21:07');
    const { verdict } = analyze(t.input());
    expect(verdict.crashes).toHaveLength(1);
    const c = verdict.crashes[0]!;
    expect(c.time).toBe(at('2026-03-13 14:21:07'));
    expect(c.causes[0]!.category).toBe('kernel');
    expect(c.causes[0]!.type).toBe('soft_lockup');
    expect(c.causes.some((x) => x.category === 'memory')).toBe(false);
    expect(evidenceTypes(c.causes[0]!)).not.toContain('nic_up');
  });

  it('hardware disk: SCSI errors → read-only fs → runtime down → PLEG → NotReady, then a hard reset', () => {
    const t = new Timeline('node-3')
      .boot('2026-03-13 00:00:00', 'c1')
      .storm('scsi_error', 4, '2026-03-13 03:10:00', '2026-03-13 03:12:00', 'sd 0:0:0:0: [sda] tag#3 FAILED Result: hostbyte=DID_OK driverbyte=DRIVER_SENSE', { device: 'sda' })
      .ev('io_error', '2026-03-13 03:12:01', 'blk_update_request: I/O error, dev sda, sector 123456', { device: 'sda', sector: 123456 })
      .ev('fs_readonly', '2026-03-13 03:12:02', 'EXT4-fs (sda1): Remounting filesystem read-only', { device: 'sda1', fs: 'ext4' })
      .ev('runtime_down', '2026-03-13 03:13:00', 'containerd: failed to create shim: read-only file system')
      .ev('kubelet_pleg', '2026-03-13 03:16:00', 'PLEG is not healthy: pleg was last seen active 3m0s ago')
      .ev('node_not_ready', '2026-03-13 03:16:05', 'Node node-3 status is now: NodeNotReady')
      .ev('hung_task', '2026-03-13 03:20:00', 'INFO: task kworker blocked for more than 120 seconds.', { process: 'kworker/1:2' })
      .boot('2026-03-13 03:31:00', 'c2', '2026-03-13 03:25:17')
      .covers('2026-03-13 00:00:00', '2026-03-13 04:00:00');
    const { verdict, boots } = analyze(t.input());
    expect(boots[0]!.ending).toBe('crash');
    const c = verdict.crashes.find((x) => x.outcome === 'hard_reset')!;
    expect(c.time).toBe(at('2026-03-13 03:25:17'));
    expect(c.causes[0]!.category).toBe('hardware');
    expect(['scsi_error', 'io_error']).toContain(c.causes[0]!.type);
    const types = evidenceTypes(c.causes[0]!);
    expect(types.indexOf('scsi_error')).toBeLessThan(types.indexOf('fs_readonly'));
    expect(types.indexOf('fs_readonly')).toBeLessThan(types.indexOf('node_not_ready'));
    expect(c.summary).toMatch(/without a shutdown \(hard reset\) because the disk failed/);
    // the NotReady just before the reset belongs to the crash, not to a separate outage
    expect(verdict.crashes.filter((x) => x.outcome === 'not_ready')).toHaveLength(0);
  });

  it('NIC flaps: link down/up four times → node status errors → NotReady without a crash', () => {
    const t = new Timeline('node-4').boot('2026-03-13 06:00:00', 'd1').nodeInfo({ captureTs: at('2026-03-13 12:00:00') });
    t.ev('nic_down', '2026-03-13 06:00:15', 'eth0: link down', { iface: 'eth0' }).ev('nic_up', '2026-03-13 06:00:17', 'eth0: link up', { iface: 'eth0' });
    for (let i = 0; i < 4; i++) {
      t.ev('nic_down', `2026-03-13 10:0${i * 2}:00`, 'ixgbe 0000:03:00.0 eth1: NIC Link is Down', { iface: 'eth1' });
      t.ev('nic_up', `2026-03-13 10:0${i * 2}:30`, 'ixgbe 0000:03:00.0 eth1: NIC Link is Up 10 Gbps', { iface: 'eth1' });
    }
    t.storm('kubelet_node_status_error', 3, '2026-03-13 10:02:10', '2026-03-13 10:06:10', 'Error updating node status, will retry: context deadline exceeded')
      .ev('node_not_ready', '2026-03-13 10:03:00', 'Node node-4 status is now: NodeNotReady')
      .ev('node_not_ready', '2026-03-13 10:06:40', 'Node node-4 status is now: NodeNotReady');
    const { verdict, boots, spans } = analyze(t.input());
    expect(boots.map((b) => b.ending)).toEqual(['running']);
    const nr = verdict.crashes.filter((c) => c.outcome === 'not_ready');
    expect(nr).toHaveLength(1);
    expect(nr[0]!.time).toBe(at('2026-03-13 10:03:00'));
    expect(nr[0]!.causes[0]!.category).toBe('hardware');
    expect(nr[0]!.causes[0]!.evidence.every((e) => e.fields.iface !== 'eth0')).toBe(true);
    expect(spans.filter((s) => s.kind === 'nic_down' && s.label.includes('eth1'))).toHaveLength(4);
    expect(nr[0]!.summary).toMatch(/node-4 was NotReady from 2026-03-13 10:03:00 UTC .* because the network card kept losing its link/);
  });

  it('etcd slow disk → leader loss → apiserver outage, not the single slow apply a day before', () => {
    const t = new Timeline('master-1').boot('2026-03-10 00:00:00', 'e1').nodeInfo({ captureTs: at('2026-03-13 23:00:00') })
      .ev('etcd_slow_apply', '2026-03-12 04:00:00', 'apply request took too long', { took_ms: 180 })
      .storm('etcd_slow_apply', 8, '2026-03-13 04:00:00', '2026-03-13 04:06:00', 'apply request took too long', { took_ms: 1200 })
      .storm('etcd_heartbeat_late', 3, '2026-03-13 04:03:00', '2026-03-13 04:06:00', 'leader failed to send out heartbeat on time; took too long, leader is overloaded likely from slow disk')
      .ev('etcd_leader_change', '2026-03-13 04:06:30', 'raft.node: 8e9e05c52164694d lost leader 91bc3c398fb3c146 at term 6')
      .ev('etcd_leader_change', '2026-03-13 04:06:40', 'raft.node: 8e9e05c52164694d elected leader 8e9e05c52164694d at term 7')
      .storm('apiserver_unreachable', 4, '2026-03-13 04:06:35', '2026-03-13 04:08:00', 'etcdserver: request timed out')
      .ev('node_not_ready', '2026-03-13 04:07:00', 'Node master-1 status is now: NodeNotReady');
    const { verdict, spans } = analyze(t.input());
    const nr = verdict.crashes.filter((c) => c.outcome === 'not_ready');
    expect(nr).toHaveLength(1);
    expect(nr[0]!.causes[0]!.category).toBe('kubernetes');
    expect(nr[0]!.causes[0]!.type).toBe('etcd_slow_apply');
    expect(evidenceTimes(nr[0]!.causes[0]!).every((ts) => ts >= at('2026-03-13 00:00:00'))).toBe(true);
    const noLeader = spans.find((s) => s.kind === 'etcd_no_leader')!;
    expect([noLeader.start, noLeader.end]).toEqual([at('2026-03-13 04:06:30'), at('2026-03-13 04:06:40')]);
  });

  it('network: conntrack table full → DNS failures → NotReady', () => {
    const t = new Timeline('node-5').boot('2026-03-13 00:00:00', 'f1').nodeInfo({ captureTs: at('2026-03-13 23:00:00'), kernel: '5.15.0-91-generic' })
      .storm('conntrack_full', 6, '2026-03-13 12:00:00', '2026-03-13 12:05:00', 'nf_conntrack: nf_conntrack: table full, dropping packet')
      .storm('dns_failure', 3, '2026-03-13 12:02:00', '2026-03-13 12:05:00', '[ERROR] plugin/errors: 2 example.org. A: read udp: i/o timeout')
      .storm('kubelet_node_status_error', 3, '2026-03-13 12:03:00', '2026-03-13 12:05:00', 'Error updating node status, will retry')
      .ev('node_not_ready', '2026-03-13 12:04:00', 'Node node-5 status is now: NodeNotReady');
    const { verdict } = analyze(t.input());
    const nr = verdict.crashes.find((c) => c.outcome === 'not_ready')!;
    expect(nr.causes[0]!.category).toBe('network');
    expect(nr.causes[0]!.type).toBe('conntrack_full');
  });

  it('known-bad version: unregister_netdevice storm on a 4.4 kernel → hung tasks → hard reset', () => {
    const t = new Timeline('node-6').nodeInfo({ kernel: '4.4.0-131-generic', captureTs: at('2026-03-14 10:00:00') })
      .boot('2026-03-13 00:00:00', 'g1')
      .storm('unregister_netdevice', 8, '2026-03-13 05:00:00', '2026-03-13 05:20:00', 'unregister_netdevice: waiting for lo to become free. Usage count = 1', { iface: 'lo' })
      .storm('hung_task', 2, '2026-03-13 05:10:00', '2026-03-13 05:20:00', 'INFO: task docker:2101 blocked for more than 120 seconds.', { process: 'docker' })
      .boot('2026-03-13 05:40:00', 'g2', '2026-03-13 05:21:44');
    const { verdict } = analyze(t.input());
    const c = verdict.crashes.find((x) => x.outcome === 'hard_reset')!;
    expect(c.time).toBe(at('2026-03-13 05:21:44'));
    expect(c.causes[0]!.category).toBe('operations');
    expect(c.causes[0]!.type).toBe('unregister_netdevice');
    expect(c.causes[0]!.summary).toMatch(/moby\/moby\/issues\/5618/);
    expect(verdict.facts['node-6']!.knownBad.map((k) => k.reference).join()).toMatch(/5618/);
    // the same events on a current kernel are the kernel's, not a known-bad version's
    const t2 = new Timeline('node-6').nodeInfo({ kernel: '6.1.0-18-amd64' })
      .boot('2026-03-13 00:00:00', 'g1')
      .storm('unregister_netdevice', 8, '2026-03-13 05:00:00', '2026-03-13 05:20:00', 'unregister_netdevice: waiting for lo to become free. Usage count = 1')
      .boot('2026-03-13 05:40:00', 'g2', '2026-03-13 05:21:44');
    expect(analyze(t2.input()).verdict.crashes[0]!.causes[0]!.category).toBe('kernel');
  });

  it('operator action: kubelet stopped, manifests removed, reboot → a clean reboot blamed on operations', () => {
    const t = new Timeline('master-2').nodeInfo({ captureTs: at('2026-03-13 18:00:00') })
      .boot('2026-03-13 08:00:00', 'h1')
      .ev('oom_kill', '2026-03-13 09:00:00', 'Out of memory: Killed process 9 (ruby)', { process: 'ruby' })
      .ev('operator_action', '2026-03-13 15:00:05', 'admin: systemctl stop kubelet', { user: 'admin', action: 'systemctl stop kubelet' }, { role: 'auth' })
      .ev('unit_failed', '2026-03-13 15:00:06', 'kubelet.service: Deactivated', { unit: 'kubelet.service' })
      .ev('operator_action', '2026-03-13 15:01:00', 'admin: rm -f /etc/kubernetes/manifests/kube-apiserver.yaml', { user: 'admin', action: 'rm -f /etc/kubernetes/manifests/kube-apiserver.yaml' }, { role: 'auth' })
      .ev('operator_action', '2026-03-13 15:02:00', 'admin: reboot', { user: 'admin', action: 'reboot' }, { role: 'auth' })
      .ev('shutdown', '2026-03-13 15:02:03', 'Reached target System Shutdown.')
      .ev('shutdown', '2026-03-13 15:02:05', 'Journal stopped')
      .boot('2026-03-13 15:03:30', 'h2', '2026-03-13 15:02:05');
    const { verdict, boots } = analyze(t.input());
    expect(boots.map((b) => b.ending)).toEqual(['clean', 'running']);
    expect(verdict.crashes).toHaveLength(1);
    const c = verdict.crashes[0]!;
    expect(c.outcome).toBe('clean_reboot');
    expect(c.causes[0]!.category).toBe('operations');
    expect(c.causes[0]!.type).toBe('operator_action');
    expect(evidenceTypes(c.causes[0]!)).not.toContain('oom_kill');
    expect(c.summary).toMatch(/master-2 was shut down cleanly at 2026-03-13 15:02:03 UTC because someone took it down by hand/);
  });

  it('a routine clean reboot with nothing before it is not reported', () => {
    const t = new Timeline('n').boot('2026-03-13 08:00:00', 'x1')
      .ev('shutdown', '2026-03-13 12:00:00', 'Journal stopped').boot('2026-03-13 12:02:00', 'x2', '2026-03-13 12:00:00');
    expect(analyze(t.input()).verdict.crashes).toHaveLength(0);
  });

  it('a crash with nothing before it says so, and names what is missing', () => {
    const t = new Timeline('n').boot('2026-03-13 08:00:00', 'x1')
      .covers('2026-03-13 08:00:00', '2026-03-13 09:00:00', 'journal', 'var/log/journal', true)
      .boot('2026-03-13 12:02:00', 'x2', '2026-03-13 09:00:00')
      .covers('2026-03-13 12:02:00', '2026-03-13 12:30:00', 'kernel', 'var/log/dmesg');
    const c = analyze(t.input()).verdict.crashes[0]!;
    expect(c.outcome).toBe('hard_reset');
    expect(c.causes).toHaveLength(0);
    expect(c.summary).toMatch(/nothing in the logs before it explains it/);
    expect(c.missing.join('\n')).toMatch(/no vmcore/);
  });
});

describe('verdict across nodes', () => {
  it('a NotReady the node controller logged on a master is the worker\'s outage', () => {
    const t = new Timeline('master-0').nodeInfo({ captureTs: at('2026-03-13 23:00:00') }).nodeInfo({ captureTs: at('2026-03-13 23:00:00') }, {}, 'worker-2.example.com')
      .boot('2026-03-13 00:00:00', 'm0')
      .ev('node_not_ready', '2026-03-13 10:00:00', 'node worker-2 became NotReady', { node: 'worker-2' })
      .storm('conntrack_full', 4, '2026-03-13 09:55:00', '2026-03-13 09:59:00', 'nf_conntrack: table full, dropping packet', {}, );
    const input = t.input();
    for (const e of input.events) if (e.type === 'conntrack_full') e.node = 'worker-2.example.com';
    const { verdict, spans } = analyze(input);
    expect(spans.find((s) => s.kind === 'not_ready')!.node).toBe('worker-2.example.com');
    const nr = verdict.crashes.find((c) => c.outcome === 'not_ready')!;
    expect(nr.node).toBe('worker-2.example.com');
    expect(nr.causes[0]!.category).toBe('network');
  });
});

describe('verdict without wall-clock time', () => {
  it('a pasted soft lockup and panic with no stamps is still a crash with its cause, at an unknown time', () => {
    const input = new Timeline('n').ev('soft_lockup', '2026-03-13 10:00:00', 'BUG: soft lockup - CPU#0 stuck for 22s! [pulseaudio:1580]', { cpu: 0, process: 'pulseaudio' })
      .ev('kernel_panic', '2026-03-13 10:00:01', 'Kernel panic - not syncing: softlockup: hung tasks', { reason: 'softlockup: hung tasks' }).input();
    for (const e of input.events) { e.ts = null; e.tsKind = 'none'; }
    const { verdict, boots } = analyze(input);
    expect(boots.map((b) => [b.start, b.ending])).toEqual([[null, 'crash']]);
    const c = verdict.crashes[0]!;
    expect([c.outcome, c.time]).toEqual(['panic', null]);
    expect(c.causes[0]!.type).toBe('soft_lockup');
    expect(c.summary).toMatch(/^n crashed at an unknown time because the kernel locked up: a soft lockup on CPU 0 \(pulseaudio\)/);
  });
});
