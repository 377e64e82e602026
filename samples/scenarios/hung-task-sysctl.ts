// A node tuned badly: vm.dirty_ratio=80 lets tens of gigabytes of dirty pages pile up, a
// writeback storm on a slow volume blocks everything that touches the filesystem for minutes, and
// kernel.hung_task_panic=1 — copied from a tuning guide — turns the first hung task into a panic.
import { kgen, hungTask, panicLines } from '../generator/kmsg.ts';
import type { Scenario } from '../generator/scenario.ts';
import { ubuntuWorker } from './common.ts';

const HOST = 'ip-172-16-8-21';

export const scenario: Scenario = {
  id: 'hung-task-sysctl',
  title: 'Logging node rebooted during the nightly backup',
  description: 'ip-172-16-8-21, an Ubuntu 22.04 worker that runs log shippers and the nightly backup job, rebooted at the start of the backup window. kdump was installed.',
  category: 'kernel',
  type: 'hung_task',
  layout: 'sosreport',
  seed: 1004,
  nodes: [ubuntuWorker(HOST, { sysctl: { 'kernel.hung_task_panic': '1', 'vm.dirty_ratio': '80', 'vm.dirty_background_ratio': '50', 'kernel.panic': '10' } })],
  crashNode: HOST,
  crashAt: '2025-11-04T02:09:53Z',
  outcome: 'panic',
  kdump: true,
  truncateLogsSecondsBefore: 2,
  story(w, { before, crashT }) {
    const n = w.node(HOST);
    const b = n.boots[0]!;
    const g = kgen(b.kernel);
    const rng = w.rng.fork('story');
    const backup = { ns: 'ops', pod: 'nightly-backup-29371200-8kq2d', uid: 'c1d2e3f4-1111-4a2b-9c3d-5e6f7a8b9c0d', container: 'restic' };
    w.kubelet(HOST, before(19 * 60), 'I', 'kubelet.go:2378', `"SyncLoop ADD" source="api" pods=["${backup.ns}/${backup.pod}"]`);
    for (let i = 0; i < 12; i++) w.pod(HOST, before(18 * 60 - i * 60), backup, `[${String(i).padStart(2, '0')}:00] ${(i * 4.7).toFixed(1)} GiB staged, ${(i * 4.7 * 1024 / 60 / (i + 1)).toFixed(0)} MiB/s`);
    w.kubelet(HOST, before(7 * 60), 'E', 'kubelet.go:1434', '"Housekeeping took longer than expected" err="housekeeping took too long" expected="1s" actual="38.712s"');
    const frames = ['__schedule+0x24e/0x590', 'schedule+0x69/0x110', 'io_schedule+0x46/0x80', 'wait_on_page_bit_common+0x10c/0x3d0', 'wait_on_page_writeback+0x2b/0x80', '__filemap_fdatawait_range+0x8a/0x120', 'file_write_and_wait_range+0x79/0xc0', 'ext4_sync_file+0xf7/0x380', '__x64_sys_fsync+0x3b/0x70', 'do_syscall_64+0x5c/0xc0'];
    const j = w.kernel(HOST, before(4 * 60 + 3), hungTask(g, rng, b.kernel, 'jbd2/nvme1n1p1-8', 1893, 122, ['__schedule+0x24e/0x590', 'schedule+0x69/0x110', 'jbd2_journal_commit_transaction+0x2bb/0x1a30', 'kjournald2+0xb6/0x280', 'kthread+0x12a/0x150', 'ret_from_fork+0x22/0x30']), 3);
    w.cite('hung_task', j, 'INFO: task jbd2/nvme1n1p1-8:1893 blocked for more than 122 seconds.', 'ext4 journal commit waits behind gigabytes of dirty pages (vm.dirty_ratio=80)');
    w.kernel(HOST, before(4 * 60 + 2), hungTask(g, rng, b.kernel, 'containerd', b.pids.containerd!, 122, frames), 3);
    w.kernel(HOST, before(2 * 60), hungTask(g, rng, b.kernel, 'fluent-bit', 40123, 241, frames), 3);
    const p = w.kernel(HOST, crashT - 1500, panicLines('hung_task: blocked tasks', g, rng, b.kernel, n.spec.vendor!, 5, 101, 'khungtaskd'), 0);
    w.cite('kernel_panic', p, 'Kernel panic - not syncing: hung_task: blocked tasks', 'kernel.hung_task_panic=1 makes a hung task fatal');
  },
  explanation:
    'The nightly backup pod read and wrote tens of gigabytes. With vm.dirty_ratio=80 and vm.dirty_background_ratio=50 (see sos_commands/kernel/sysctl_-a), the kernel let dirty pages accumulate instead of writing them back early, '
    + 'so when writeback finally started the data volume was saturated for minutes: the ext4 journal thread (jbd2), containerd and fluent-bit all blocked in D state for more than 120 s. '
    + 'Hung tasks alone are survivable, but kernel.hung_task_panic=1 turned the first report into a kernel panic (kdump saved vmcore-dmesg.txt). '
    + 'Fix the tuning: dirty ratios back to the defaults (20/10) or dirty_bytes limits, hung_task_panic=0 on general-purpose nodes, and throttle the backup\'s I/O.',
};
