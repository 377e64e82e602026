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
});
