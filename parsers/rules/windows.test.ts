// Window rules on hand-made timelines: flaps, restart loops, storms with counts, outage spans.
import { describe, expect, it } from 'vitest';
import type { DetectedEvent, EventType } from '../types.ts';
import { applyWindows, type WindowEvent } from './windows.ts';

const T0 = Date.UTC(2024, 4, 5, 13, 0, 0) * 1000;
const s = (sec: number) => T0 + sec * 1e6;
let line = 0;
const ev = (type: EventType, sec: number | null, fields: DetectedEvent['fields'] = {}, node?: string): WindowEvent => ({
  type, category: 'hardware', severity: 'error', ruleId: 'test', line: ++line, endLine: line,
  ts: sec === null ? null : s(sec), tsKind: 'exact', fields, message: type, ...(node ? { node } : {}),
});

describe('applyWindows', () => {
  it('turns four link transitions of one interface within ten minutes into one nic_flap', () => {
    const evs = [ev('nic_down', 0, { iface: 'eth0' }), ev('nic_up', 5, { iface: 'eth0' }), ev('nic_down', 60, { iface: 'eth0' }), ev('nic_up', 65, { iface: 'eth0' }),
      ev('nic_down', 30, { iface: 'eth1' })];
    const { collapsed } = applyWindows(evs);
    const flap = collapsed.filter((e) => e.type === 'nic_flap');
    expect(flap).toHaveLength(1);
    expect(flap[0]).toMatchObject({ count: 4, ts: s(0), endTs: s(65), fields: { iface: 'eth0', downs: 2, ups: 2 } });
    expect(collapsed.filter((e) => e.type === 'nic_down').map((e) => e.fields.iface)).toEqual(['eth1']);
  });

  it('does not call two transitions or slow ones a flap', () => {
    const evs = [ev('nic_down', 0, { iface: 'eth0' }), ev('nic_up', 5, { iface: 'eth0' }), ev('nic_down', 3600, { iface: 'eth0' }), ev('nic_up', 7200, { iface: 'eth0' })];
    expect(applyWindows(evs).collapsed.some((e) => e.type === 'nic_flap')).toBe(false);
  });

  it('finds a kubelet restart loop: five failures in twenty minutes', () => {
    const evs = [0, 120, 240, 360, 480].map((t) => ev('unit_failed', t, { unit: 'kubelet.service' }));
    const { collapsed } = applyWindows(evs);
    expect(collapsed.find((e) => e.type === 'kubelet_restart_loop')).toMatchObject({ count: 5, fields: { unit: 'kubelet.service', failures: 5 } });
    const four = applyWindows([0, 120, 240, 360].map((t) => ev('unit_failed', t, { unit: 'kubelet.service' })));
    expect(four.collapsed.some((e) => e.type === 'kubelet_restart_loop')).toBe(false);
    const other = applyWindows([0, 120, 240, 360, 480].map((t) => ev('unit_failed', t, { unit: 'nginx.service' })));
    expect(other.collapsed.some((e) => e.type === 'kubelet_restart_loop')).toBe(false);
  });

  it('collapses a storm of one complaint into one event with a count, per key, and keeps boundaries apart', () => {
    const evs = [
      ...[0, 1, 2, 3].map((t) => ev('nvme_error', t, { device: 'nvme0' })),
      ev('nvme_error', 2, { device: 'nvme1' }),
      ev('nvme_error', 5000, { device: 'nvme0' }),
      ev('kernel_panic', 10), ev('kernel_panic', 11),
      ev('conntrack_full', null),
    ];
    const { collapsed } = applyWindows(evs);
    const nvme = collapsed.filter((e) => e.type === 'nvme_error');
    expect(nvme.map((e) => [e.fields.device, e.count])).toEqual([['nvme0', 4], ['nvme1', 1], ['nvme0', 1]]);
    expect(nvme[0]).toMatchObject({ endTs: s(3) });
    expect(nvme[0]!.message).toMatch(/×4/);
    expect(collapsed.filter((e) => e.type === 'kernel_panic')).toHaveLength(2);
    expect(collapsed.filter((e) => e.type === 'conntrack_full')).toHaveLength(1);
  });

  it('makes outage spans: silence ends an apiserver outage, nic_up ends a link-down, etcd elects a leader', () => {
    const evs = [
      ev('apiserver_unreachable', 0, { endpoint: 'a:6443' }), ev('kubelet_node_status_error', 10, { node: 'n1' }), ev('apiserver_unreachable', 20, { endpoint: 'a:6443' }),
      ev('apiserver_unreachable', 2000, { endpoint: 'a:6443' }),
      ev('nic_down', 100, { iface: 'eth0' }), ev('nic_up', 160, { iface: 'eth0' }), ev('nic_down', 900, { iface: 'eth1' }),
      ev('etcd_leader_change', 50, { phase: 'lost leader' }), ev('etcd_leader_change', 51, { phase: 'candidate' }), ev('etcd_leader_change', 53, { phase: 'elected leader' }),
    ];
    const { spans } = applyWindows(evs);
    const api = spans.filter((x) => x.kind === 'apiserver_unreachable');
    expect(api.map((x) => [x.start, x.end])).toEqual([[s(0), s(20)], [s(2000), s(2000)]]);
    expect(api[0]!.eventIndexes).toEqual([0, 1, 2]);
    const nic = spans.filter((x) => x.kind === 'nic_down');
    expect(nic.map((x) => [x.key, x.start, x.end])).toEqual([['eth0', s(100), s(160)], ['eth1', s(900), null]]);
    expect(spans.find((x) => x.kind === 'etcd_no_leader')).toMatchObject({ start: s(50), end: s(53), eventIndexes: [7, 8, 9] });
  });

  it('windows each node apart', () => {
    const evs = [0, 1, 2].map((t) => ev('conntrack_full', t, {}, 'a')).concat([0, 1].map((t) => ev('conntrack_full', t, {}, 'b')));
    const counts = applyWindows(evs).collapsed.map((e) => e.count);
    expect(counts.sort()).toEqual([2, 3]);
  });
});
