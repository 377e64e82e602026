// Which big file of a directory bundle the feeder hands to a worker first: the largest, even when
// the walk meets it last, and each one opened on a worker only when its feeding starts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { largeFilesInWalkOrder, walkOrderCompare } from '../../parsers/archive/index.ts';
import type { BundleEntry } from '../../parsers/archive/types.ts';
import { CONCURRENT_FROM, SourceFeeder } from './feed.ts';
import type { ParserPool } from './pool.ts';
import type { SourceSpec } from './protocol.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'crashlens-feed-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const MiB = 1 << 20;

/** A pool that records the order sources are opened in; a chunk "parses" after a tick. */
function fakePool(): { pool: ParserPool; opened: string[]; ended: string[] } {
  const opened: string[] = []; const ended: string[] = [];
  const paths = new Map<number, string>();
  const pool = {
    size: 2,
    open(spec: SourceSpec) { opened.push(spec.path); paths.set(spec.sid, spec.path); },
    async feed() { await new Promise((r) => setTimeout(r, 5)); },
    end(sid: number) { ended.push(paths.get(sid)!); },
  } as unknown as ParserPool;
  return { pool, opened, ended };
}

/** A directory entry whose declared size is `mib` MiB (the file on disk is a few bytes: only the
 *  declared size steers the feeder). */
function entry(name: string, mib: number): { spec: SourceSpec; entry: BundleEntry } {
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${name}\n`);
  const e: BundleEntry = { path: name, size: mib * MiB, mtime: null, stream: (async function* () {})(), file };
  const spec = { sid: name.charCodeAt(0), path: name, role: 'system', node: 'n', time: {}, format: null, pairing: null } as unknown as SourceSpec;
  return { spec, entry: e };
}

describe('source feeder', () => {
  it('starts the largest files first, keeping task slots for big files the walk has not reached', async () => {
    const { pool, opened, ended } = fakePool();
    const feeder = new SourceFeeder(pool, 2, () => {});
    const files = [entry('a', 2), entry('b', 5), entry('c', 3), entry('d', 8)];
    feeder.expect(files.map((f) => ({ path: f.entry.path, size: f.entry.size! })));
    for (const f of files) {
      feeder.passed(f.entry.path);
      await feeder.feed(f.spec, f.entry, () => {});
    }
    // Walked a, b, c, d: a and c wait (two bigger files were still ahead when each came), b starts
    // at once (only d is bigger), d takes the second slot; then c before a.
    expect(opened).toEqual(['b', 'd']);
    await feeder.drain();
    expect(opened).toEqual(['b', 'd', 'c', 'a']);
    expect(ended.sort()).toEqual(['a', 'b', 'c', 'd']);
  });

  it('without a plan, starts files in the order they come, largest queued first', async () => {
    const { pool, opened } = fakePool();
    const feeder = new SourceFeeder(pool, 2, () => {});
    for (const f of [entry('e', 2), entry('f', 5), entry('g', 3), entry('h', 8)]) await feeder.feed(f.spec, f.entry, () => {});
    expect(opened.slice(0, 2)).toEqual(['e', 'f']);
    await feeder.drain();
    expect(opened).toEqual(['e', 'f', 'h', 'g']);
  });

  it('plans from the files of a directory in walk order, links and small files left out', () => {
    const root = path.join(dir, 'bundle');
    fs.mkdirSync(path.join(root, 'var/log/pods'), { recursive: true });
    fs.mkdirSync(path.join(root, 'var/log-old'), { recursive: true });
    fs.writeFileSync(path.join(root, 'var/log/messages'), Buffer.alloc(CONCURRENT_FROM));
    fs.writeFileSync(path.join(root, 'var/log/pods/0.log'), Buffer.alloc(CONCURRENT_FROM + 1));
    fs.writeFileSync(path.join(root, 'var/log-old/big'), Buffer.alloc(CONCURRENT_FROM));
    fs.writeFileSync(path.join(root, 'var/log/small'), 'x');
    fs.symlinkSync(path.join(root, 'var/log/messages'), path.join(root, 'var/log/link'));
    expect(largeFilesInWalkOrder(root, CONCURRENT_FROM)).toEqual([
      { path: 'var/log/messages', size: CONCURRENT_FROM },
      { path: 'var/log/pods/0.log', size: CONCURRENT_FROM + 1 },
      { path: 'var/log-old/big', size: CONCURRENT_FROM },
    ]);
    expect(largeFilesInWalkOrder(path.join(root, 'var/log/messages'), 1)).toEqual([]);
  });

  it('compares paths as the walk orders them: by name at each level, archive members after the archive', () => {
    // A plain string sort puts 'var/log-old' before 'var/log/x' ('-' < '/'); the walk does not.
    expect(walkOrderCompare('var/log/x', 'var/log-old/y')).toBeLessThan(0);
    expect(walkOrderCompare('a/x.tar.gz', 'a/x.tar.gz!/m')).toBeLessThan(0);
    expect(walkOrderCompare('a/x.tar.gz!/m', 'a/y')).toBeLessThan(0);
    expect(walkOrderCompare('a/b', 'a/b')).toBe(0);
  });

  it('gathers an archive member\'s small pieces into MiB buffers, bytes in order, and keeps what was read when reading fails', async () => {
    const fed: Buffer[] = [];
    const pool = {
      size: 1, open() {}, end() {},
      async feed(_sid: number, chunk: Buffer) { fed.push(Buffer.from(chunk)); },
    } as unknown as ParserPool;
    const warnings: string[] = [];
    const feeder = new SourceFeeder(pool, 2, (w) => warnings.push(w.message));
    // Pipe-sized pieces as views into bigger buffers (as a tar reader slices them), one piece big
    // enough to go on alone, odd sizes at the end, then the read fails.
    const whole = Buffer.alloc(3 * MiB + 12345);
    for (let i = 0; i < whole.length; i++) whole[i] = (i * 7 + (i >> 11)) & 255;
    const sizes = [...Array(20).fill(64 << 10), 512 << 10, ...Array(15).fill(64 << 10), 777, 99_999];
    const pieces: Buffer[] = [];
    let at = 0;
    for (const n of sizes) { pieces.push(whole.subarray(at, at + n)); at += n; }
    const read = Buffer.concat(pieces);
    const seen: Buffer[] = [];
    const stream = (async function* () { yield* pieces; throw new Error('xz: Compressed data is corrupt'); })();
    const spec = { sid: 1, path: 'm.tar.xz!/var/log/messages', role: 'system', node: 'n', time: {}, format: null, pairing: null } as unknown as SourceSpec;
    await feeder.feed(spec, { path: spec.path, size: null, mtime: null, stream }, (c) => seen.push(c));
    expect(Buffer.concat(seen).equals(read)).toBe(true);
    expect(Buffer.concat(fed).equals(read)).toBe(true);
    expect(fed.every((b) => b.length <= MiB)).toBe(true);
    expect(fed.length).toBeLessThan(8); // 38 pieces
    expect(warnings).toEqual(['m.tar.xz!/var/log/messages: reading stopped: xz: Compressed data is corrupt']);
  });
});
