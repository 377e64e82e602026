// exportReport end to end on a case the real import built from a small syslog written here (with
// known addresses, names, an e-mail and a bearer token in its lines): notes and the verdict reach
// every format, a range keeps only what it covers, and a redacted export holds none of the values.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalCaseApi } from '../api/local.ts';
import type { EventRow } from '../api/types.ts';
import type { ReportModel } from './model.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crashlens-export-'));
const NODE = 'wrk-eu-03.prod.acme-corp.internal';
const KNOWN = ['10.42.7.19', '192.168.10.5', 'wrk-eu-03', 'acme-corp', 'ops-lead@acme-corp.com', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJrdWJlbGV0In0.Zm9vYmFyYmF6cXV4', 'fd00:10:42::7'];

// A classic syslog of a worker going down under memory pressure, then booting again.
const LOG = [
  `Mar 14 03:20:01 ${NODE} systemd[1]: Started Session 12 of user core.`,
  `Mar 14 03:21:10 ${NODE} kubelet[2270]: E0314 03:21:10.000000    2270 reflector.go:138] failed to list *v1.Node: Get "https://10.42.7.19:6443/api/v1/nodes?fieldSelector=metadata.name%3D${NODE}": dial tcp 10.42.7.19:6443: connect: connection refused`,
  `Mar 14 03:22:00 ${NODE} sshd[4411]: Accepted publickey for core from 192.168.10.5 port 50122 ssh2 (fd00:10:42::7)`,
  `Mar 14 03:23:00 ${NODE} alertd[77]: paging ops-lead@acme-corp.com with Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJrdWJlbGV0In0.Zm9vYmFyYmF6cXV4`,
  `Mar 14 03:27:06 ${NODE} kubelet[2270]: I0314 03:27:06.412345    2270 eviction_manager.go:366] "Eviction manager: attempting to reclaim" resourceName="memory"`,
  `Mar 14 03:31:28 ${NODE} kernel: java invoked oom-killer: gfp_mask=0xcc0(GFP_KERNEL), order=0, oom_score_adj=1000`,
  `Mar 14 03:31:28 ${NODE} kernel: Out of memory: Killed process 101733 (java) total-vm:36800000kB, anon-rss:29181568kB, file-rss:18432kB, shmem-rss:0kB, UID:1000 pgtables:58400kB oom_score_adj:1000`,
  `Mar 14 03:36:57 ${NODE} kernel: Out of memory: Killed process 104512 (java) total-vm:36720000kB, anon-rss:28981568kB, file-rss:18432kB, shmem-rss:0kB, UID:1000 pgtables:58000kB oom_score_adj:1000`,
  `Mar 14 03:40:21 ${NODE} kubelet[2270]: E0314 03:40:21.412345    2270 kubelet.go:2224] "Skipping pod synchronization" err="PLEG is not healthy: pleg was last seen active 3m4.118522101s ago; threshold is 3m0s"`,
  `Mar 14 03:41:09 ${NODE} kernel: INFO: task kworker/u16:2:32878 blocked for more than 120 seconds.`,
  `Mar 14 03:52:40 ${NODE} kernel: Linux version 4.18.0-477.27.1.el8_8.x86_64 (mockbuild@x86-vm-07.build.eng.bos.redhat.com) (gcc version 8.5.0) #1 SMP`,
  `Mar 14 03:52:41 ${NODE} kernel: Command line: BOOT_IMAGE=(hd0,gpt2)/vmlinuz-4.18.0-477.27.1.el8_8.x86_64 root=/dev/sda4`,
  `Mar 14 03:53:10 ${NODE} kubelet[1990]: I0314 03:53:10.000000    1990 server.go:417] "Kubelet version" kubeletVersion="v1.27.6"`,
].join('\n');

let api: LocalCaseApi;
let events: EventRow[];

beforeAll(async () => {
  const log = path.join(dir, 'messages');
  fs.writeFileSync(log, `${LOG}\n`);
  api = new LocalCaseApi({ workers: 1 });
  await api.createCase(path.join(dir, 'case.sqlite'));
  const { importId } = await api.importBundles([log]);
  await api.waitForImport(importId);
  events = (await api.events({ limit: 500 })).rows;
});

afterAll(async () => { await api?.closeCase(); fs.rmSync(dir, { recursive: true, force: true }); });

describe('exportReport on an imported case', () => {
  it('holds the notes and the verdict in every text format', async () => {
    expect(events.length).toBeGreaterThan(2);
    const oom = events.find((e) => e.type === 'oom_kill') ?? events[0]!;
    const other = events.find((e) => e.id !== oom.id)!;
    await api.annotate({ target: { kind: 'event', eventId: oom.id }, star: true, tags: ['root-cause'], comment: 'java ate the node' });
    await api.annotate({ target: { kind: 'event', eventId: other.id }, star: true, evidenceChoice: 'rejected' });
    await api.annotate({ target: { kind: 'range', from: oom.ts! - 60e6, to: oom.ts! + 60e6, node: null }, comment: 'pressure window | see `dmesg`' });
    const verdict = await api.verdict();

    const md = (await api.exportReport({ format: 'md' })).content;
    expect(md).toContain('java ate the node');
    expect(md).toContain('#root-cause');
    expect(md).toContain('pressure window \\| see \\`dmesg\\`');
    if (verdict.crashes[0]?.causes[0]) expect(md).toContain(verdict.crashes[0].causes[0].type.replace(/_/g, '\\_'));

    const html = await api.exportReport({ format: 'html' });
    expect(html.mime).toMatch(/text\/html/);
    expect(html.content).toContain('java ate the node');
    expect(html.content).toContain('<span class="tag">root-cause</span>');
    expect(html.content).toContain('<svg');

    const json = JSON.parse((await api.exportReport({ format: 'json' })).content) as ReportModel;
    expect(json.schemaVersion).toBe(1);
    const notes = json.timeline.filter((i) => i.kind === 'annotation');
    expect(notes).toHaveLength(3);
    expect(json.choices).toEqual([expect.objectContaining({ eventId: other.id, choice: 'rejected' })]);
    expect(json.crashes.length).toBe(verdict.crashes.length);
    expect(json.sources[0]!.path).toContain('messages');
  });

  it('keeps only what a range covers', async () => {
    const oom = events.find((e) => e.type === 'oom_kill') ?? events[0]!;
    const json = JSON.parse((await api.exportReport({ format: 'json', range: { from: oom.ts! - 1e6, to: oom.ts! + 1e6 } })).content) as ReportModel;
    expect(json.range).toEqual({ from: oom.ts! - 1e6, to: oom.ts! + 1e6 });
    for (const i of json.timeline) {
      expect(i.ts! <= oom.ts! + 1e6 && (i.endTs ?? i.ts!) >= oom.ts! - 1e6, JSON.stringify(i)).toBe(true);
    }
    expect(json.timeline.some((i) => i.note?.comment === 'java ate the node')).toBe(true);
  });

  it('redacts every known address, name, e-mail and token, and says so', async () => {
    for (const format of ['md', 'html', 'json'] as const) {
      const out = (await api.exportReport({ format, redact: true })).content;
      for (const v of KNOWN) expect(out.toLowerCase(), `${format}: ${v}`).not.toContain(v.toLowerCase());
      expect(out).toMatch(/host-\d/);
      expect(out).toMatch(/Redacted|"redacted": true/);
    }
    const json = JSON.parse((await api.exportReport({ format: 'json', redact: true })).content) as ReportModel;
    // One name, one pseudonym: the same node is the same pseudonym in every item and crash, and
    // two nodes never share one.
    const plain = JSON.parse((await api.exportReport({ format: 'json' })).content) as ReportModel;
    const pairs = [...plain.timeline.map((i, k) => [i.node, json.timeline[k]!.node]), ...plain.crashes.map((c, k) => [c.node, json.crashes[k]!.node])]
      .filter(([a]) => a !== null) as [string, string][];
    expect(pairs.length).toBeGreaterThan(3);
    const map = new Map<string, Set<string>>(); const back = new Map<string, Set<string>>();
    for (const [a, b] of pairs) { expect(b).toMatch(/^host-\d+$/); map.set(a, (map.get(a) ?? new Set()).add(b)); back.set(b, (back.get(b) ?? new Set()).add(a)); }
    for (const v of [...map.values(), ...back.values()]) expect(v.size).toBe(1);
  });

  it('refuses an unknown format with a clear error', async () => {
    await expect(api.exportReport({ format: 'pdf' as 'md' })).rejects.toMatchObject({ code: 'bad-request' });
  });
});
