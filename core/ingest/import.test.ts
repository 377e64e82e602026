// The import end to end on bundle directories written here: several sources of one node through
// the parser workers into a case; the same kernel line linked across journal, messages and dmesg;
// a bundle imported twice; a second node; cancel; and a SIGKILL in the middle of an import.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalCaseApi } from '../api/local.ts';
import type { ImportProgress } from '../api/types.ts';
import { ensureBenchBundle } from '../bench/generate.ts';
import { walkBundle } from '../../parsers/archive/index.ts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crashlens-import-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const LINUX = 'Linux version 5.14.0-427.13.1.el9_4.x86_64 (mockbuild@x86-64-01.build.eng.rdu2.redhat.com) (gcc (GCC) 11.4.1 20231218)';
const LINK = 'e1000e 0000:00:19.0 eth0: NIC Link is Up 1000 Mbps Full Duplex, Flow Control: None';
const OOM = 'Out of memory: Killed process 4242 (java) total-vm:1000kB, anon-rss:900kB, file-rss:0kB, shmem-rss:0kB, UID:1000 pgtables:20kB oom_score_adj:0';

/** A small sosreport-shaped directory of one node. */
/** The bundle hash as defined (core/ingest/import.ts): each file's path and the sha256 of its
 *  bytes, in walk order, computed here from the files. */
async function bundleSha256(input: string): Promise<string> {
  const all = createHash('sha256');
  for await (const e of walkBundle(input)) {
    const h = createHash('sha256');
    for await (const chunk of e.stream) h.update(chunk);
    all.update(`${e.path}\u0000${h.digest('hex')}\n`);
  }
  return all.digest('hex');
}

function writeBundle(dir: string, host: string, extraLines = 0): string {
  const files: Record<string, string> = {
    'sos_commands/host/hostname': `${host}\n`,
    'sos_commands/date/date': 'Fri Nov 27 10:00:00 UTC 2026\n',
    'sos_commands/logs/journalctl_--no-pager': [
      `Nov 27 09:41:00 ${host} kernel: ${LINUX}`,
      `Nov 27 09:43:00 ${host} kernel: ${LINK}`,
      `Nov 27 09:50:00 ${host} kubelet[2211]: I1127 09:50:00.123456    2211 kubelet.go:2400] "SyncLoop ADD" source="api" pods=["default/web-1"]`,
      `Nov 27 09:51:00 ${host} kernel: ${OOM}`,
      ...Array.from({ length: extraLines }, (_, i) => `Nov 27 09:51:${String(i % 60).padStart(2, '0')} ${host} systemd[1]: Started Session ${i} of user core.`),
      `Nov 27 09:52:00 ${host} systemd[1]: Started Session 5 of user core.`,
    ].join('\n') + '\n',
    'var/log/messages': [
      `Nov 27 09:50:30 ${host} systemd[1]: Starting Cleanup of Temporary Directories...`,
      `Nov 27 09:51:00 ${host} kernel: ${OOM}`,
    ].join('\n') + '\n',
    // dmesg of the current boot: seconds since 09:41:00, found by pairing its lines with the journal's
    'sos_commands/kernel/dmesg': [`[    0.000000] ${LINUX}`, `[  120.000000] ${LINK}`, `[  600.000000] ${OOM}`].join('\n') + '\n',
    'var/log/pods/kube-system_etcd-x_0a1b/etcd/0.log':
      `2026-11-27T09:51:30.123456789Z stderr F {"level":"info","ts":"2026-11-27T09:51:30.123456Z","logger":"raft","caller":"etcdserver/zap_raft.go:77","msg":"raft.node: 8e9e05c52164694d elected leader 91bc3c398fb3c146 at term 5"}\n`,
  };
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

async function importAndWait(api: LocalCaseApi, paths: string[]) {
  const { importId } = await api.importBundles(paths);
  const r = await api.waitForImport(importId);
  if (!r) throw new Error('import failed');
  return r;
}

describe('import', () => {
  const a = writeBundle(path.join(tmp, 'sosreport-node-a'), 'node-a', 50);
  const b = writeBundle(path.join(tmp, 'sosreport-node-b'), 'node-b');
  const casePath = path.join(tmp, 'case.sqlite');
  const api = new LocalCaseApi({ workers: 2 });
  afterAll(() => api.closeCase());

  it('indexes a multi-source bundle directory: formats, records, events, full text, progress', async () => {
    await api.createCase(casePath);
    const progress: ImportProgress[] = [];
    const off = api.subscribe((e) => { if (e.kind === 'progress') progress.push(e.progress); });
    const r = await importAndWait(api, [a]);
    off();
    expect(r.bundles).toMatchObject([{ status: 'complete' }]);
    const s = (await api.summary())!;
    expect(s.bundles[0]).toMatchObject({ status: 'complete', node: 'node-a', layout: 'sosreport' });
    expect(s.bundles[0]!.sha256).toBe(await bundleSha256(a));
    expect(s.records).toBe(5 + 50 + 2 + 3 + 1);
    expect(s.readiness).toMatchObject({ records: true, events: true, timeline: true, fulltext: true });
    const formats = Object.fromEntries((await api.sources()).map((x) => [x.path, x.format]));
    expect(formats).toEqual({
      'sos_commands/kernel/dmesg': 'dmesg',
      'sos_commands/logs/journalctl_--no-pager': 'journal-short',
      'var/log/messages': 'syslog',
    'var/log/pods/kube-system_etcd-x_0a1b/etcd/0.log': 'cri',
    });
    expect(progress.at(-1)).toMatchObject({ phase: 'done', share: 1, bytesDone: r.bytes });
    expect(progress.some((p) => p.phase === 'fulltext')).toBe(true);
    const types = (await api.events({})).rows.map((e) => e.type);
    expect(types).toContain('oom_kill');
    expect(types).toContain('etcd_leader_change');
    const hits = await api.records({ text: 'elected leader' });
    expect(hits.rows.map((h) => h.node)).toEqual(['node-a']);
    // Fields are not stored but re-derived from the raw line when a record is opened.
    const etcd = await api.record(hits.rows[0]!.id, 0);
    expect(etcd.record.fields).toMatchObject({ level: 'info', caller: 'etcdserver/zap_raft.go:77' });
    expect(etcd.record.raw).toMatch(/^2026-11-27T09:51:30.123456789Z stderr F \{"level":"info"/);
    // Each record, opened, gives back its lines exactly as in its file (the case keeps what is left
    // around the message, cut from the raw bytes in the workers: core/store/raw-text.ts).
    let opened = 0;
    for (const src of await api.sources()) {
      const lines = fs.readFileSync(path.join(a, src.path), 'utf8').split('\n');
      for (const row of (await api.records({ sourceIds: [src.id], limit: 2000 })).rows) {
        expect((await api.record(row.id, 0)).record.raw, `${src.path}:${row.line}`).toBe(lines.slice(row.line - 1, row.endLine).join('\n'));
        opened++;
      }
    }
    expect(opened).toBe(s.records);
  });

  it('maps dmesg to wall time and links the same kernel line in journal, messages and dmesg', async () => {
    const kills = (await api.records({ text: 'killed AND java' })).rows;
    expect(kills.length).toBe(3);
    const dmesgSource = (await api.sources()).find((x) => x.path === 'sos_commands/kernel/dmesg')!;
    const inDmesg = kills.find((k) => k.sourceId === dmesgSource.id)!;
    expect(inDmesg.tsKind).toBe('monotonic-mapped');
    expect(inDmesg.ts).toBe(Date.UTC(2026, 10, 27, 9, 51, 0) * 1000);
    // Workers run in parallel: whichever copy was stored first is the one the others link to.
    const [first, ...others] = kills.sort((x, y) => x.id - y.id);
    expect(others.map((o) => o.dupOf)).toEqual([first!.id, first!.id]);
    const d = await api.record(first!.id, 1);
    expect(d.seenIn.map((x) => x.sourceId).sort()).toEqual(others.map((o) => o.sourceId).sort());
    const all = (await api.events({ collapsed: false, types: ['oom_kill'] })).rows;
    const once = (await api.events({ types: ['oom_kill'] })).rows;
    expect(all.length).toBe(3);
    expect(once.length).toBe(1);
  });

  it('detects the same bundle imported twice by its hash and keeps the case as it was', async () => {
    const before = (await api.summary())!;
    const r = await importAndWait(api, [a]);
    expect(r.bundles).toMatchObject([{ status: 'duplicate', duplicateOf: before.bundles[0]!.id }]);
    expect(r.warnings.map((w) => w.code)).toContain('duplicate-bundle');
    const after = (await api.summary())!;
    expect(after.records).toBe(before.records);
    expect(after.bundles.length).toBe(1);
    expect((await api.records({ text: 'elected' })).rows.length).toBe(1);
  });

  it('adds a second node to the same case', async () => {
    await importAndWait(api, [b]);
    const s = (await api.summary())!;
    expect(s.nodes).toEqual(['node-a', 'node-b']);
    expect(s.bundles.map((x) => x.status)).toEqual(['complete', 'complete']);
    const t = await api.timeline({ from: s.firstTs!, to: s.lastTs! + 1, buckets: 10, laneBy: 'node' });
    expect(t.lanes.map((l) => l.key)).toEqual(['node-a', 'node-b']);
    expect((await api.records({ text: 'elected', nodes: ['node-b'] })).rows.length).toBe(1);
  });
});

describe('cancel and crash', () => {
  // Big enough that one worker parses it over several progress ticks (250 ms) even on a machine a
  // few times faster than these (~75 MiB/s a worker): the cancel below waits for such a tick.
  const bench = ensureBenchBundle(path.join(tmp, 'bench'), 64 * 1024 * 1024);
  const big = bench.dir;

  it('cancels an import at any time: the case stays consistent and the bundle is marked cancelled', async () => {
    // One worker: the parse then lasts a few progress ticks, and the cancel lands while it runs.
    const api = new LocalCaseApi({ workers: 1 });
    await api.createCase(path.join(tmp, 'cancel.sqlite'));
    let importId = '';
    const cancelled = new Promise<void>((resolve) => {
      api.subscribe((e) => {
        // Cancel once records are being written (the worker takes a moment to start).
        if (e.kind === 'progress' && e.progress.phase === 'parsing' && importId
          && e.progress.sources.reduce((n, x) => n + x.lines, 0) > 0) {
          void api.cancelImport(importId).then(resolve, resolve);
        }
      });
    });
    importId = (await api.importBundles([big])).importId;
    await cancelled;
    const s = (await api.summary())!;
    expect(s.bundles[0]!.status).toBe('cancelled');
    expect(s.readiness).toMatchObject({ records: true, timeline: true, fulltext: true });
    const page = await api.records({ limit: 5 });
    expect(page.rows.length).toBe(5);
    const n = (await api.sql('SELECT count(*) FROM records')).rows[0]![0] as number;
    expect(n).toBeGreaterThan(0);
    // Cut short: well under the bundle's lines (each of its lines is a record).
    expect(n).toBeLessThan(bench.lines * 0.9);
    // The full text covers what was written: a word of the last record kept finds it. (Which
    // sources got in before the cancel depends on timing, so the word comes from the case.)
    const [id, message, source, ts] = (await api.sql('SELECT id, message, source_id, ts FROM records WHERE ts IS NOT NULL ORDER BY id DESC LIMIT 1')).rows[0]! as [number, string, number, number];
    const word = (message.match(/[a-z]{4,}/gi) ?? []).sort((a, b) => b.length - a.length)[0]!;
    const found = await api.records({ text: word, sourceIds: [source], from: ts, to: ts + 1, limit: 2000 });
    expect(found.rows.map((r) => r.id)).toContain(id);
    await api.closeCase();
  });

  it('survives SIGKILL mid-import: the case opens, says interrupted, the finished bundle is intact', async () => {
    const casePath = path.join(tmp, 'killed.sqlite');
    const small = writeBundle(path.join(tmp, 'sosreport-node-k'), 'node-k');
    // One worker, and the kill at the first word of the big bundle (said as it starts): its parse
    // lasts most of a second here, a kill lands within milliseconds.
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/crashlens.js'), 'index', small, big, '-o', casePath, '--progress', 'json', '--workers', '1'],
      { stdio: ['ignore', 'pipe', 'inherit'] });
    const lines = readline.createInterface({ input: child.stdout! });
    await new Promise<void>((resolve, reject) => {
      lines.on('line', (l) => {
        const p = JSON.parse(l) as ImportProgress;
        if (p.bundle === big && p.phase === 'parsing') { child.kill('SIGKILL'); resolve(); }
      });
      child.on('exit', () => reject(new Error('the import ended before it could be killed')));
    });
    await new Promise((r) => child.once('exit', r));
    const api = new LocalCaseApi();
    const s = await api.openCase(casePath);
    expect(s.bundles.map((x) => x.status)).toEqual(['complete', 'interrupted']);
    const first = (await api.sources()).filter((x) => x.bundleId === s.bundles[0]!.id);
    expect(first.reduce((n, x) => n + x.records, 0)).toBe(11);
    expect((await api.records({ nodes: ['node-k'], limit: 100 })).rows.length).toBe(11);
    expect((await api.records({ text: 'elected', nodes: ['node-k'] })).rows.length).toBe(1);
    expect(s.readiness).toMatchObject({ records: true, fulltext: true });
    await api.closeCase();
  });
});

describe('progress of a compressed bundle', () => {
  const hasXz = spawnSync('sh', ['-c', 'command -v xz']).status === 0;
  it.skipIf(!hasXz)('knows the total of a .tar.xz from its index: share and ETA while parsing', async () => {
    const dir = writeBundle(path.join(tmp, 'xz', 'sosreport-node-x'), 'node-x', 30_000);
    const tarball = path.join(tmp, 'xz', 'sosreport-node-x.tar.xz');
    expect(spawnSync('sh', ['-c', `tar -C '${path.dirname(dir)}' -cf - sosreport-node-x | xz -1 > '${tarball}'`]).status).toBe(0);
    const api = new LocalCaseApi({ workers: 1 });
    await api.createCase(path.join(tmp, 'xz', 'case.sqlite'));
    const progress: ImportProgress[] = [];
    const off = api.subscribe((e) => { if (e.kind === 'progress') progress.push(e.progress); });
    const r = await importAndWait(api, [tarball]);
    off();
    await api.closeCase();
    const parsing = progress.filter((p) => p.phase === 'parsing');
    expect(parsing.length).toBeGreaterThan(0);
    // The tar's size (headers and padding included) is a little more than the member bytes read.
    expect(parsing[0]!.bytesTotal).toBeGreaterThanOrEqual(r.bytes);
    expect(parsing[0]!.bytesTotal! / r.bytes).toBeLessThan(1.1);
    expect(parsing.some((p) => p.share > 0)).toBe(true);
    // An ETA once the first second is over (before it, the rate is the workers starting up).
    const late = parsing.filter((p) => p.bytesPerSec > 0 && p.bytesDone / p.bytesPerSec > 1.1);
    expect(late.every((p) => p.etaSeconds !== null)).toBe(true);
  });
});

describe('progress over the whole import', () => {
  it('fills the bar through parsing and then the post-load steps, never backwards, with an ETA after parsing too', async () => {
    const dir = writeBundle(path.join(tmp, 'share', 'sosreport-node-s'), 'node-s', 30_000);
    const api = new LocalCaseApi({ workers: 1 });
    await api.createCase(path.join(tmp, 'share', 'case.sqlite'));
    const progress: ImportProgress[] = [];
    const off = api.subscribe((e) => { if (e.kind === 'progress') progress.push(e.progress); });
    await importAndWait(api, [dir]);
    off();
    await api.closeCase();
    const shares = progress.map((p) => p.share);
    expect(shares.every((v, i) => i === 0 || v >= shares[i - 1]!)).toBe(true);
    expect(progress.at(-1)).toMatchObject({ phase: 'done', share: 1 });
    // Parsing is about half the time of an import, the post-load steps the other half.
    expect(progress.filter((p) => p.phase === 'parsing').every((p) => p.share <= 0.55)).toBe(true);
    const post = progress.filter((p) => ['indexing', 'analysing', 'fulltext'].includes(p.phase));
    expect(post.length).toBeGreaterThan(0);
    expect(post.every((p) => p.share >= 0.55 && p.share < 1 && p.etaSeconds !== null && p.etaSeconds >= 0)).toBe(true);
  });
});

describe('a journalctl header naming the zone', () => {
  it('reads the stamps once in that zone, even when the node zone is learnt later in the bundle', async () => {
    const dir = path.join(tmp, 'header-zone');
    fs.mkdirSync(path.join(dir, 'zz/etc'), { recursive: true });
    // Walked first: the journal, whose header says EST; walked last: the node's zone.
    fs.writeFileSync(path.join(dir, 'a-journal.txt'), '-- Logs begin at Fri 2026-11-27 09:00:00 EST, end at Fri 2026-11-27 11:00:00 EST. --\n'
      + 'Nov 27 10:00:00 node-a kubelet[1]: I1127 10:00:00.000000       1 server.go:1] "Started kubelet"\n');
    fs.writeFileSync(path.join(dir, 'zz/etc/timezone'), 'America/New_York\n');
    const api = new LocalCaseApi({ workers: 1 });
    await api.createCase(path.join(dir, '..', 'header-zone.sqlite'));
    await importAndWait(api, [dir]);
    const rows = (await api.records({ text: 'Started' })).rows;
    await api.closeCase();
    expect(rows.length).toBe(1);
    expect(new Date(rows[0]!.ts! / 1000).toISOString()).toBe('2026-11-27T15:00:00.000Z');
  });
});
