import { describe, expect, it } from 'vitest';
import { matchKnownBad, nodeFacts, parseMeminfo, parseSlabinfo, parseSysctl } from './facts.ts';
import { identity } from './test-events.ts';
import { versionInRange } from './version.ts';

const MEMINFO = `MemTotal:       16318480 kB
MemFree:          181244 kB
MemAvailable:     402716 kB
SwapTotal:             0 kB
Slab:            6123456 kB
HugePages_Total:       0
`;
const SYSCTL = `kernel.hung_task_panic = 0
kernel.panic = 10
vm.panic_on_oom = 1
vm.dirty_ratio = 20
net.netfilter.nf_conntrack_max = 131072
net.ipv4.ip_forward = 1
`;
const SLABINFO = `slabinfo - version: 2.1
# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab> : tunables <limit> <batchcount> <sharedfactor> : slabdata <active_slabs> <num_slabs> <sharedavail>
kmalloc-64        1048576 1048576     64   64    1 : tunables    0    0    0 : slabdata  16384  16384      0
dentry            200000 210000    192   21    1 : tunables    0    0    0 : slabdata  10000  10000      0
kmalloc-1024       20964  20964   1024   32    8 : tunables    0    0    0 : slabdata    663    663      0
`;

describe('node facts', () => {
  it('reads meminfo, the sysctls that matter and the biggest slab caches', () => {
    expect(parseMeminfo(MEMINFO)).toMatchObject({ MemTotal: 16318480, SwapTotal: 0, HugePages_Total: 0 });
    expect(parseSysctl(SYSCTL)['vm.panic_on_oom']).toBe('1');
    expect(parseSlabinfo(SLABINFO).map((c) => c.name)).toEqual(['kmalloc-64', 'dentry', 'kmalloc-1024']);
    const f = nodeFacts({
      name: 'n', identity: identity({ kernel: '3.10.0-1160.el7.x86_64' }),
      factFiles: { 'sosreport-n/proc/meminfo': MEMINFO, 'sosreport-n/sos_commands/kernel/sysctl_-a': SYSCTL, 'sosreport-n/proc/slabinfo': SLABINFO, 'sosreport-n/proc/sys/kernel/softlockup_panic': '1\n' },
    });
    expect(f.memTotalKb).toBe(16318480);
    expect(f.swapTotalKb).toBe(0);
    expect(f.sysctls).toEqual({ 'kernel.hung_task_panic': '0', 'kernel.panic': '10', 'vm.panic_on_oom': '1', 'vm.dirty_ratio': '20', 'net.netfilter.nf_conntrack_max': '131072', 'kernel.softlockup_panic': '1' });
    expect(f.knownBad.map((k) => k.reference).join(' ')).toMatch(/kubernetes\/issues\/61937/);
  });

  it('matches known-bad versions by pattern and range, and not their neighbours', () => {
    const ids = (p: Parameters<typeof identity>[0]) => matchKnownBad({ name: 'n', identity: identity(p), factFiles: {} }).map((k) => k.id);
    expect(ids({ runtimeVersion: 'containerd://1.4.4' })).toEqual(['containerd-1.4.4-runc-rc93']);
    expect(ids({ runtimeVersion: 'containerd://1.4.6' })).toEqual([]);
    expect(ids({ etcdVersion: '3.5.1' })).toEqual(['etcd-3.5.0-3.5.2-inconsistency']);
    expect(ids({ etcdVersion: '3.5.5' })).toEqual(['etcd-3.4.20-3.5.5-auth-inconsistency']);
    expect(ids({ etcdVersion: '3.5.15' })).toEqual([]);
    expect(ids({ kernel: '5.15.0-91-generic' })).toEqual([]);
    expect(ids({ kernel: '3.10.0-1160.el7.x86_64' })).toEqual(['el7-kmem-accounting-leak', 'unregister-netdevice-refcount', 'conntrack-snat-race-dns']);
    expect(ids({ kubeletVersion: 'v1.11.5' })).toEqual(['kubelet-1.11-pleg-relist-deadlock']);
    expect(ids({ kubeletVersion: 'v1.29.4' })).toEqual([]);
    expect(versionInRange('v1.20.4', '1.20.0', '1.21')).toBe(true);
  });
});
