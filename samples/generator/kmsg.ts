// Kernel message shapes, by kernel generation. The same happening prints differently on 3.10
// ("Kill process N (x) score S or sacrifice child", [<addr>] call traces), on 4.18/5.x ("Killed
// process N (x) total-vm:…, UID:… pgtables:…", symbol-only traces) and on 5.10+/6.x (<TASK> brackets,
// dump_stack_lvl). RHEL 8's 4.18 carries the 5.x OOM report (backported), so it counts as "5".
import type { Rng } from './prng.ts';

export interface KGen { major: number; minor: number; old: boolean; task: boolean }

export function kgen(kernel: string): KGen {
  const m = /^(\d+)\.(\d+)/.exec(kernel);
  const major = m ? +m[1]! : 5;
  const minor = m ? +m[2]! : 0;
  const el8 = /\.el8/.test(kernel);
  return { major, minor, old: major < 4 || (major === 4 && minor < 19 && !el8), task: major > 5 || (major === 5 && minor >= 10) || /\.el9/.test(kernel) };
}

/** A call trace as the generation prints it. */
export function callTrace(g: KGen, rng: Rng, frames: readonly string[]): string[] {
  const out = ['Call Trace:'];
  if (g.task) out.push(' <TASK>');
  for (const f of frames) {
    const name = g.task && f.startsWith('dump_stack+') ? f.replace('dump_stack+', 'dump_stack_lvl+') : f;
    out.push(g.old ? ` [<ffffffff81${rng.hex(6)}>] ${name}` : ` ${name}`);
  }
  if (g.task) out.push(' </TASK>');
  return out;
}

export function cpuLine(g: KGen, cpu: number, pid: number, comm: string, kernel: string, tainted = 'Not tainted'): string {
  return `CPU: ${cpu} PID: ${pid} Comm: ${comm} ${g.old ? 'Kdump: loaded ' : ''}${tainted} ${kernel} #1`;
}

export interface OomTask { pid: number; uid: number; comm: string; rssPages: number; vmPages: number; adj: number }

/** The OOM killer's whole report: trigger line, trace, memory summary, task table, verdict lines. */
export function oomReport(o: {
  g: KGen; rng: Rng; kernel: string; hw: string; scope: 'global' | 'memcg';
  trigger: OomTask; victim: OomTask; tasks: OomTask[]; memcg?: string; limitKb?: number; cpu?: number;
}): string[] {
  const { g, rng, trigger, victim } = o;
  const gfp = g.old ? 'gfp_mask=0x280da' : 'gfp_mask=0xcc0(GFP_KERNEL)';
  const lines: string[] = [];
  lines.push(g.old ? `${trigger.comm} invoked oom-killer: ${gfp}, order=0, oom_score_adj=${trigger.adj}` : `${trigger.comm} invoked oom-killer: ${gfp}, order=0, oom_score_adj=${trigger.adj}`);
  if (g.old) lines.push(`${trigger.comm} cpuset=/ mems_allowed=0`);
  lines.push(cpuLine(g, o.cpu ?? 2, trigger.pid, trigger.comm, o.kernel));
  lines.push(`Hardware name: ${o.hw}`);
  const frames = o.scope === 'memcg'
    ? ['dump_stack+0x5c/0x80', 'dump_header+0x4a/0x1db', 'oom_kill_process.cold+0xb/0x10', 'out_of_memory+0x1ad/0x4d0', 'mem_cgroup_out_of_memory+0xbd/0xe0', 'try_charge+0x6ee/0x750', '__mem_cgroup_charge+0x40/0x80', 'do_anonymous_page+0x135/0x3d0', '__handle_mm_fault+0x7d0/0x8a0', 'handle_mm_fault+0xc5/0x2a0', 'do_user_addr_fault+0x1b7/0x680', 'exc_page_fault+0x62/0x150', 'asm_exc_page_fault+0x22/0x30']
    : ['dump_stack+0x5c/0x80', 'dump_header+0x4a/0x1db', 'oom_kill_process.cold+0xb/0x10', 'out_of_memory+0x1ad/0x4d0', '__alloc_pages_slowpath+0xc24/0xd40', '__alloc_pages_nodemask+0x245/0x280', 'pagecache_get_page+0xc7/0x2a0', 'filemap_fault+0x6cf/0x970', '__do_fault+0x38/0xc0', 'do_fault+0x191/0x3c0', '__handle_mm_fault+0x3e6/0x7c0', 'handle_mm_fault+0xc2/0x1d0', 'do_user_addr_fault+0x1b7/0x680'];
  lines.push(...callTrace(g, rng, g.old ? frames.map((f) => f.replace('.cold+0xb/0x10', '+0x3e/0x140')) : frames));
  if (o.scope === 'memcg') {
    const lim = o.limitKb ?? 1048576;
    if (g.old) {
      lines.push(`Task in ${o.memcg} killed as a result of limit of ${o.memcg}`);
      lines.push(`memory: usage ${lim}kB, limit ${lim}kB, failcnt ${rng.int(20, 900)}`);
      lines.push(`memory+swap: usage ${lim}kB, limit 9007199254740988kB, failcnt 0`);
      lines.push(`kmem: usage ${rng.int(20000, 90000)}kB, limit 9007199254740988kB, failcnt 0`);
    } else {
      lines.push(`memory: usage ${lim}kB, limit ${lim}kB, failcnt ${rng.int(20, 900)}`);
      lines.push(`swap: usage 0kB, limit 0kB, failcnt 0`);
      lines.push(`Memory cgroup stats for ${o.memcg}:`);
      lines.push(`anon ${lim * 1024 - rng.int(100000, 900000)}`);
    }
  } else {
    lines.push('Mem-Info:');
    lines.push(`active_anon:${rng.int(7000000, 7900000)} inactive_anon:${rng.int(10000, 90000)} isolated_anon:0`);
    lines.push(` active_file:${rng.int(100, 900)} inactive_file:${rng.int(100, 900)} isolated_file:0`);
    lines.push(` unevictable:0 dirty:0 writeback:0`);
    lines.push(` slab_reclaimable:${rng.int(20000, 40000)} slab_unreclaimable:${rng.int(60000, 120000)}`);
    lines.push(` mapped:${rng.int(500, 3000)} shmem:${rng.int(3000, 9000)} pagetables:${rng.int(20000, 40000)} bounce:0`);
    lines.push(` free:${rng.int(30000, 40000)} free_pcp:${rng.int(0, 200)} free_cma:0`);
    lines.push(`Free swap  = 0kB`);
    lines.push(`Total swap = 0kB`);
  }
  lines.push(g.old ? '[ pid ]   uid  tgid total_vm      rss nr_ptes swapents oom_score_adj name' : '[  pid  ]   uid  tgid total_vm      rss pgtables_bytes swapents oom_score_adj name');
  for (const t of o.tasks) {
    const pid = String(t.pid).padStart(g.old ? 5 : 7, ' ');
    lines.push(g.old
      ? `[${pid}] ${String(t.uid).padStart(5)} ${pid} ${String(t.vmPages).padStart(8)} ${String(t.rssPages).padStart(8)} ${String(Math.ceil(t.rssPages / 500)).padStart(7)}        0 ${String(t.adj).padStart(13)} ${t.comm}`
      : `[${pid}] ${String(t.uid).padStart(5)} ${pid} ${String(t.vmPages).padStart(8)} ${String(t.rssPages).padStart(8)} ${String(Math.ceil(t.rssPages / 500) * 4096).padStart(14)}        0 ${String(t.adj).padStart(13)} ${t.comm}`);
  }
  const kb = (p: number) => p * 4;
  if (g.old) {
    lines.push(`${o.scope === 'memcg' ? 'Memory cgroup out of memory' : 'Out of memory'}: Kill process ${victim.pid} (${victim.comm}) score ${rng.int(900, 1999)} or sacrifice child`);
    lines.push(`Killed process ${victim.pid} (${victim.comm}) total-vm:${kb(victim.vmPages)}kB, anon-rss:${kb(victim.rssPages) - 11132}kB, file-rss:11132kB, shmem-rss:0kB`);
  } else {
    const cons = o.scope === 'memcg' ? `CONSTRAINT_MEMCG,nodemask=(null),cpuset=${(o.memcg ?? '/').split('/').pop()},mems_allowed=0,oom_memcg=${o.memcg},task_memcg=${o.memcg}` : `CONSTRAINT_NONE,nodemask=(null),cpuset=/,mems_allowed=0,global_oom,task_memcg=${o.memcg ?? '/system.slice'}`;
    lines.push(`oom-kill:constraint=${cons},task=${victim.comm},pid=${victim.pid},uid=${victim.uid}`);
    lines.push(`${o.scope === 'memcg' ? 'Memory cgroup out of memory' : 'Out of memory'}: Killed process ${victim.pid} (${victim.comm}) total-vm:${kb(victim.vmPages)}kB, anon-rss:${kb(victim.rssPages) - 18432}kB, file-rss:18432kB, shmem-rss:0kB, UID:${victim.uid} pgtables:${Math.ceil(victim.rssPages / 500) * 4}kB oom_score_adj:${victim.adj}`);
  }
  return lines;
}

export function oomReaped(victim: OomTask): string {
  return `oom_reaper: reaped process ${victim.pid} (${victim.comm}), now anon-rss:0kB, file-rss:0kB, shmem-rss:0kB`;
}

/** "INFO: task X:pid blocked for more than N seconds." with the 3.x or 5.x body. */
export function hungTask(g: KGen, rng: Rng, kernel: string, comm: string, pid: number, secs: number, frames: readonly string[]): string[] {
  const lines = [`INFO: task ${comm}:${pid} blocked for more than ${secs} seconds.`];
  lines.push(`      ${g.old ? 'Not tainted' : 'Not tainted'} ${kernel} #1`);
  lines.push('"echo 0 > /proc/sys/kernel/hung_task_timeout_secs" disables this message.');
  lines.push(g.old || g.major === 4 ? `${comm.padEnd(15)} D ffff${rng.hex(12)}     0 ${String(pid).padStart(5)}      1 0x00000080` : `task:${comm.padEnd(15)} state:D stack:0     pid:${pid}  ppid:1      flags:0x00004000`);
  lines.push(...callTrace(g, rng, frames));
  return lines;
}

export function softLockup(g: KGen, rng: Rng, kernel: string, hw: string, cpu: number, secs: number, comm: string, pid: number, frames: readonly string[]): string[] {
  const head = g.old ? `BUG: soft lockup - CPU#${cpu} stuck for ${secs}s! [${comm}:${pid}]` : `watchdog: BUG: soft lockup - CPU#${cpu} stuck for ${secs}s! [${comm}:${pid}]`;
  return [
    head,
    'Modules linked in: xt_conntrack nf_nat nf_conntrack nf_defrag_ipv6 nf_defrag_ipv4 overlay br_netfilter bridge stp llc xfs libcrc32c sd_mod sg ahci libahci libata i40e crc32c_intel',
    cpuLine(g, cpu, pid, comm, kernel, 'Tainted: G             L'),
    `Hardware name: ${hw}`,
    `RIP: 0010:native_queued_spin_lock_slowpath+0x${rng.hex(3)}/0x1d0`,
    ...callTrace(g, rng, frames),
  ];
}

export function panicLines(reason: string, g: KGen, rng: Rng, kernel: string, hw: string, cpu: number, pid: number, comm: string): string[] {
  return [
    `Kernel panic - not syncing: ${reason}`,
    cpuLine(g, cpu, pid, comm, kernel),
    `Hardware name: ${hw}`,
    ...callTrace(g, rng, ['dump_stack+0x5c/0x80', 'panic+0xe7/0x2a9', g.task ? 'watchdog_timer_fn+0x1e1/0x210' : 'watchdog+0x2b3/0x2e0', 'kthread+0x10a/0x120', 'ret_from_fork+0x1f/0x40']),
    `Kernel Offset: 0x${rng.hex(2)}000000 from 0xffffffff81000000 (relocation range: 0xffffffff80000000-0xffffffffbfffffff)`,
    `---[ end Kernel panic - not syncing: ${reason} ]---`,
  ];
}
