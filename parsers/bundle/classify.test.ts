import { describe, expect, it } from 'vitest';
import { ROWS, classifyEntry, nodeFromPath, nodeKey } from './classify.ts';
import { LAYOUT_SIGNS, LayoutVotes } from './layout.ts';

describe('classification table', () => {
  // Each sample must land on its own row: a row shadowed by an earlier, broader one fails here.
  for (const [i, row] of ROWS.entries()) {
    for (const sample of row.samples) {
      it(`${sample} → ${row.is.kind} ${row.is.role}${row.is.fact ? ` (${row.is.fact})` : ''}`, () => {
        const first = ROWS.findIndex((r) => r.pattern.test(sample.replace(/\.(?:gz|xz|zst|bz2)$/, '')));
        expect(first, `matched row ${first} instead of ${i}`).toBe(i);
        const c = classifyEntry(sample);
        expect(c.kind).toBe(row.is.kind);
        expect(c.role).toBe(row.is.role);
      });
    }
  }
  it('the compression suffix of a rotated log does not change what it is', () => {
    expect(classifyEntry('var/log/messages-20261122.gz')).toMatchObject({ role: 'syslog', kind: 'log', formatHint: 'syslog' });
    expect(classifyEntry('var/log/pods/kube-system_etcd-m0_1/etcd/0.log.20261127-101010.gz')).toMatchObject({ role: 'etcd', kind: 'log' });
  });
  it('only the innermost archive path counts', () => {
    expect(classifyEntry('sosreport-node-b-2026-11-27-abcdefg.tar.xz!/sosreport-node-b-2026-11-27-abcdefg/sos_commands/kernel/dmesg'))
      .toMatchObject({ role: 'kernel', kind: 'log', boot: 'current', node: 'node-b' });
  });
  it('an unknown file outside any collector tree is a log for sniffing; collector noise is ignored', () => {
    expect(classifyEntry('notes/pasted-oops.txt')).toMatchObject({ kind: 'log', role: 'other' });
    expect(classifyEntry('sosreport-a-2026-11-27-x/sos_commands/block/lsblk')).toMatchObject({ kind: 'ignore' });
  });
});

describe('nodes from paths', () => {
  it('sos 4 and sos 3 archive names, EKS instance folders, AKS node folders', () => {
    expect(nodeFromPath('sosreport-worker-1.example.com-2026-11-27-xkqbbyz.tar.xz')).toBe('worker-1.example.com');
    expect(nodeFromPath('sosreport-worker-1-01234567-2026-11-27-xkqbbyz/var/log/messages')).toBe('worker-1');
    expect(nodeFromPath('sosreport-node3.02345678-20201127101010.tar.xz')).toBe('node3');
    expect(nodeFromPath('eks_i-0abc123def_2026-11-27_1000-UTC_0.7.6/kernel/dmesg.current')).toBe('i-0abc123def');
    expect(nodeFromPath('aks-periscope-x/aks-nodepool1-12345678-vmss000000/systemlogs/kubelet')).toBe('aks-nodepool1-12345678-vmss000000');
    expect(nodeFromPath('var/log/messages')).toBeNull();
  });
  it('node keys: one per sosreport inside a sos collect, one for a whole must-gather', () => {
    expect(nodeKey('collect.tar!/sosreport-a-2026-11-27-x.tar.xz!/sosreport-a-2026-11-27-x/var/log/messages'))
      .toBe('collect.tar!/sosreport-a-2026-11-27-x.tar.xz!/sosreport-a-2026-11-27-x/');
    expect(nodeKey('sos-collector-c-2026/sosreport-a-2026-11-27-x/proc/stat')).toBe('sos-collector-c-2026/sosreport-a-2026-11-27-x/');
    expect(nodeKey('must-gather.local.1/quay-io-x/host_service_logs/masters/kubelet_service.log')).toBe('must-gather.local.1/');
    expect(nodeKey('var/log/messages')).toBe('');
  });
});

describe('layout signs', () => {
  for (const s of LAYOUT_SIGNS) {
    it(`${s.sample} → ${s.layout}`, () => {
      const v = new LayoutVotes();
      v.add(s.sample, nodeKey(s.sample));
      expect(v.decide(false)).toBe(s.layout);
    });
  }
});
