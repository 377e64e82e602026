// Kernel reports as one record, on real shapes (lines from the corpus and kernel sources).
import { describe, expect, it } from 'vitest';
import { dmesg } from './dmesg.ts';
import { kernelText } from './kernel-text.ts';
import { syslog } from './syslog.ts';
import { runFormat } from './test-helpers.ts';

const ranges = (text: string, spec = kernelText) => runFormat(spec, text).records.map((r) => [r.line, r.endLine]);

describe('kernel report grouping', () => {
  it('Oops with registers, trace, Code and end trace; the BUG header before it is its own record', () => {
    const text = [
      'BUG: unable to handle kernel NULL pointer dereference at 0000000000000078',
      'IP: [<ffffffff810a2c38>] pick_next_task_fair+0x6b8/0x820',
      'PGD 0 ',
      'Oops: 0000 [#1] SMP ',
      'Modules linked in: binfmt_misc ipt_REJECT xt_nat',
      'CPU: 11 PID: 63 Comm: ksoftirqd/11 Tainted: G         C    3.16.0-4-amd64 #1 Debian 3.16.7-ckt20-1+deb8u3',
      'RIP: 0010:[<ffffffff810a2c38>]  [<ffffffff810a2c38>] pick_next_task_fair+0x6b8/0x820',
      'RSP: 0018:ffff881fe1d1bde0  EFLAGS: 00010046',
      'Stack:',
      ' ffff881d1fab2290 000000018109ef94 ffff881fe1d0cb60 0000000000012f00',
      'Call Trace:',
      ' [<ffffffff8101b975>] ? sched_clock+0x5/0x10',
      'Code: 49 8b 7c 24 78 48 39 fd 74 2f <49> 8b 7c 24 78',
      'RIP  [<ffffffff810a2c38>] pick_next_task_fair+0x6b8/0x820',
      ' RSP <ffff881fe1d1bde0>',
      'CR2: 0000000000000078',
      '---[ end trace 61f6991dc9ee5be0 ]---',
      'EXT4-fs (sda1): mounted filesystem with ordered data mode',
    ].join('\n');
    expect(ranges(text)).toEqual([[1, 3], [4, 17], [18, 18]]);
  });

  it('cut here + WARNING is one record', () => {
    expect(ranges('------------[ cut here ]------------\nWARNING: CPU: 10 PID: 74 at net/sched/sch_generic.c:448 dev_watchdog+0x253/0x260\nCall Trace:\n dev_watchdog+0x253/0x260\n---[ end trace 1 ]---\nnext')).toEqual([[1, 5], [6, 6]]);
  });

  it('OOM report from invoked oom-killer to Killed process and oom_reaper, in dmesg', () => {
    const text = [
      '[ 7093.543707] uwsgi invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=986',
      '[ 7093.543711] CPU: 4 PID: 63635 Comm: uwsgi Not tainted 5.4.0-77-generic #86-Ubuntu',
      '[ 7093.543712] Call Trace:',
      '[ 7093.543721]  dump_stack+0x6d/0x8b',
      '[ 7093.543800] memory: usage 524288kB, limit 524288kB, failcnt 1024',
      '[ 7093.543900] Tasks state (memory values in pages):',
      '[ 7093.543901] [  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name',
      '[ 7093.543902] [  63635]     0 63635   787367    41344   786432        0           986 uwsgi',
      '[ 7093.543950] oom-kill:constraint=CONSTRAINT_MEMCG,nodemask=(null),cpuset=/,mems_allowed=0,oom_memcg=/kubepods/pod1,task_memcg=/kubepods/pod1,task=uwsgi,pid=63635,uid=0',
      '[ 7093.543990] Memory cgroup out of memory: Killed process 63635 (uwsgi) total-vm:3149468kB, anon-rss:164992kB',
      '[ 7093.563325] oom_reaper: reaped process 63635 (uwsgi), now anon-rss:0kB, file-rss:0kB, shmem-rss:92kB',
      '[ 7094.000000] eth0: renamed from veth1234',
    ].join('\n');
    expect(ranges(text, dmesg)).toEqual([[1, 11], [12, 12]]);
  });

  it('hung task report with its trace, then a normal line', () => {
    const text = [
      '[ 1695.831133] INFO: task containerd-shim:28325 blocked for more than 120 seconds.',
      '[ 1695.866877]       Tainted: G           OE     5.10.213-201.855.amzn2.x86_64 #1',
      '[ 1695.902978] "echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.',
      '[ 1695.940591] task:containerd-shim state:D stack:    0 pid:28325 ppid:     1 flags:0x00004080',
      '[ 1695.979660] Call Trace:',
      '[ 1695.995188]  __schedule+0x1f9/0x660',
      '[ 1696.366741] RIP: 0033:0x403ace',
      '[ 1700.000000] nvme nvme0: I/O 12 QID 5 timeout, aborting',
    ].join('\n');
    expect(ranges(text, dmesg)).toEqual([[1, 7], [8, 8]]);
  });

  it('two RCU stalls are two records', () => {
    const text = [
      '[  103.087243] rcu: INFO: rcu_sched detected stalls on CPUs/tasks:',
      '[  103.087558] rcu: \t1-...!: (0 ticks this GP) idle=cf8/0/0x0 softirq=20/20 fqs=0 ',
      '[  103.087821] \t(detected by 0, t=38227 jiffies, g=-1127, q=10)',
      '[  103.088153] rcu_sched       I15016    11      2 0x80004000',
      '[  103.088153] Call Trace:',
      '[  103.088153]  ret_from_fork+0x35/0x40',
      '[  182.556239] rcu: INFO: rcu_sched detected stalls on CPUs/tasks:',
      '[  182.557153] Sending NMI from CPU 0 to CPUs 1:',
    ].join('\n');
    expect(ranges(text, dmesg)).toEqual([[1, 6], [7, 8]]);
  });

  it('in syslog, each line has its prefix and another ident ends the report', () => {
    const text = [
      'Nov 28 01:02:03 n1 kernel: [ 5.000000] BUG: soft lockup - CPU#0 stuck for 22s! [pulseaudio:1580]',
      'Nov 28 01:02:03 n1 kernel: [ 5.000001] Modules linked in: xt_CHECKSUM',
      'Nov 28 01:02:03 n1 kernel: [ 5.000002] Call Trace:',
      'Nov 28 01:02:03 n1 kernel: [ 5.000003]  [<ffffffff810778b0>] ? leave_mm+0x180/0x180',
      'Nov 28 01:02:04 n1 systemd[1]: Started foo.',
      'Nov 28 01:02:05 n1 kernel: [ 6.000000]  [<ffffffff811534ff>] on_each_cpu+0x3f/0xb0',
    ].join('\n');
    const { records } = runFormat(syslog, text);
    expect(records.map((r) => [r.line, r.endLine])).toEqual([[1, 4], [5, 5], [6, 6]]);
    expect(records[0]!.message.split('\n')[1]).toBe('Modules linked in: xt_CHECKSUM');
    expect(records[0]!.mono).toBe(5);
  });

  it('a block is bounded: a mis-detected start cannot swallow the file', () => {
    const lines = ['INFO: task x:1 blocked for more than 120 seconds.', ...Array.from({ length: 2500 }, () => ' frame+0x1/0x2')];
    const r = ranges(lines.join('\n'));
    expect(r[0]).toEqual([1, 2000]);
    expect(r.length).toBe(2);
  });

  it('look-alikes are single lines', () => {
    expect(ranges('Memory cgroup out of memory: Kill process 1012 (heapster) score 1035 or sacrifice child\nKilled process 1012 (heapster) total-vm:327128kB')).toEqual([[1, 1], [2, 2]]);
  });
});
