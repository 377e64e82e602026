// Archive throughput, measured against the tools in the same run:
//   npx tsx parsers/archive/bench.ts [MiB=500] [workdir]
// Builds a deterministic sosreport-shaped tar (log text, a few rotated .gz members), compresses
// it with xz, then prints: `xz -dc > /dev/null` vs walkBundle over the .tar.xz (every member's
// bytes consumed), and tar parsing alone, this folder's reader vs tar-stream, on the plain tar.
import { execFileSync, spawnSync } from 'node:child_process';
import { Readable } from 'node:stream';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tarStream from 'tar-stream';
import { ByteSource } from './bytes.ts';
import { readTar } from './tar.ts';
import { walkBundle } from './walk.ts';

const MiB = 1024 * 1024;

async function writeLog(path: string, bytes: number, seed: number): Promise<void> {
  let x = seed >>> 0;
  const rnd = () => { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; return (x >>> 0) / 4294967296; };
  const out = createWriteStream(path);
  const idents = ['kubelet[1450]', 'crio[1201]', 'kernel', 'systemd[1]', 'NetworkManager[987]', 'etcd[2201]'];
  const msgs = [
    'I1127 10:00:00.123456    1450 kubelet.go:2155] "SyncLoop ADD" source="api" pods=["ns/pod-%"]',
    'time="2026-11-27 10:00:00.%" level=info msg="Started container" id=% name=ns/pod-%/c',
    '[%.123456] IPv6: ADDRCONF(NETDEV_CHANGE): veth%: link becomes ready',
    'Started libcontainer container %.',
    '<info>  [%.1234] device (veth%): carrier: link connected',
    '{"level":"warn","ts":"2026-11-27T10:00:00.%Z","msg":"apply request took too long","took":"%ms"}',
  ];
  let written = 0;
  let sec = 0;
  while (written < bytes) {
    let chunk = '';
    for (let i = 0; i < 2000; i++) {
      sec += rnd() < 0.1 ? 1 : 0;
      const h = Math.floor(sec / 3600) % 24, m = Math.floor(sec / 60) % 60, s = sec % 60;
      const k = Math.floor(rnd() * msgs.length);
      const msg = msgs[k]!.replace(/%/g, () => String(Math.floor(rnd() * 100000)));
      chunk += `Nov 27 ${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')} node-a ${idents[k]}: ${msg}\n`;
    }
    written += chunk.length;
    if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((r) => out.end(r));
}

function seconds(f: () => void): number {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e9;
}
async function secondsAsync(f: () => Promise<void>): Promise<number> {
  const t = process.hrtime.bigint();
  await f();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

async function main(): Promise<void> {
  const size = Number(process.argv[2] ?? 500) * MiB;
  const work = process.argv[3] ?? mkdtempSync(join(tmpdir(), 'crashlens-archive-bench-'));
  const root = join(work, 'sosreport-bench-2026-11-27-aaaaaaa');
  const tar = join(work, 'bundle.tar');
  const txz = `${tar}.xz`;
  try {
    if (!statSafe(txz)) {
      mkdirSync(join(root, 'var/log'), { recursive: true });
      mkdirSync(join(root, 'sos_commands/logs'), { recursive: true });
      const files = 24;
      for (let i = 0; i < files; i++) {
        const p = i < 4 ? join(root, `var/log/messages-2026112${i}`) : i < 12 ? join(root, `var/log/pod-${i}.log`) : join(root, `sos_commands/logs/journalctl_--no-pager_${i}`);
        await writeLog(p, size / files, i + 1);
        if (i < 4) execFileSync('gzip', ['-1', p]); // rotated members, decompressed inline
      }
      execFileSync('tar', ['-C', work, '-cf', tar, 'sosreport-bench-2026-11-27-aaaaaaa']);
      execFileSync('xz', ['-1', '-k', '-T2', tar]);
    }
    const tarBytes = statSync(tar).size;
    process.stdout.write(`bundle: ${(tarBytes / MiB).toFixed(0)} MiB tar, ${(statSync(txz).size / MiB).toFixed(0)} MiB .tar.xz\n`);

    // Baseline: the xz CLI alone.
    const xzS = seconds(() => { spawnSync('sh', ['-c', `xz -dc '${txz}' > /dev/null`], { stdio: 'inherit' }); });
    let walked = 0;
    let members = 0;
    const walkS = await secondsAsync(async () => {
      for await (const e of walkBundle(txz)) {
        members++;
        for await (const c of e.stream) walked += c.length;
      }
    });
    const rate = (b: number, s: number) => `${(b / MiB / s).toFixed(0)} MiB/s`;
    process.stdout.write(`xz -dc > /dev/null:        ${xzS.toFixed(2)} s  ${rate(tarBytes, xzS)} (tar bytes out)\n`);
    process.stdout.write(`walkBundle(.tar.xz):       ${walkS.toFixed(2)} s  ${rate(tarBytes, walkS)} (${members} members, ${(walked / MiB).toFixed(0)} MiB of member bytes incl. inline gunzip)  ratio ${(xzS / walkS).toFixed(2)}× xz -dc\n`);

    process.stdout.write(`peak RSS of the walk: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB\n`);
    // Tar parsing alone, ours vs tar-stream, on the same chunks held in memory, so that disk and
    // page-cache noise of a shared machine do not decide (this part holds the whole tar in RAM).
    const whole = readFileSync(tar);
    const chunks: Buffer[] = [];
    for (let i = 0; i < whole.length; i += MiB) chunks.push(whole.subarray(i, i + MiB));
    async function* memory() { for (const c of chunks) yield c; }
    const best = async (f: () => Promise<void>) => Math.min(await secondsAsync(f), await secondsAsync(f), await secondsAsync(f));
    const ownS = await best(async () => {
      const src = new ByteSource(memory());
      for await (const m of readTar(src, () => {})) for await (const _ of m.body) { /* consume */ }
      await src.close();
    });
    const tsS = await best(async () => {
      const ex = tarStream.extract();
      Readable.from(memory()).pipe(ex);
      for await (const entry of ex) { for await (const _ of entry) { /* consume */ } }
    });
    const parsed = whole.length;
    process.stdout.write(`tar parsing, in memory (best of 3, ${(parsed / MiB).toFixed(0)} MiB):\n  this folder's reader:    ${rate(parsed, ownS)}\n  tar-stream:              ${rate(parsed, tsS)}  → ours ${(tsS / ownS).toFixed(1)}× faster\n`);
  } finally {
    if (!process.argv[3]) rmSync(work, { recursive: true, force: true });
  }
}

function statSafe(p: string): boolean {
  try { statSync(p); return true; } catch { return false; }
}

await main();
