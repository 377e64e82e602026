// The decompressed size read from the files the real compressors write.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decompressedSizeHint } from './size-hint.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'size-hint-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const has = (cmd: string) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

// 3 MiB of log-like lines: several xz blocks with -T2 --block-size, one gzip member.
const text = Array.from({ length: 40_000 }, (_, i) => `Nov 27 10:${String(i % 60).padStart(2, '0')}:00 node-a kubelet[42]: line ${i} ${'x'.repeat(i % 50)}\n`).join('');
const plain = path.join(dir, 'messages');
fs.writeFileSync(plain, text);
const size = Buffer.byteLength(text);

describe('decompressed size hint', () => {
  for (const [tool, args, ext] of [
    ['xz', ['-k', '-T2', '--block-size=1MiB', '-1'], 'xz'],
    ['xz', ['-k', '-1'], 'xz'],
    ['gzip', ['-k', '-1'], 'gz'],
    ['zstd', ['-q', '-k', '-1'], 'zst'],
  ] as const) {
    it.skipIf(!has(tool))(`reads ${tool} ${args.join(' ')} without decompressing`, () => {
      for (const f of fs.readdirSync(dir)) if (f !== 'messages') fs.rmSync(path.join(dir, f));
      expect(spawnSync(tool, [...args, plain]).status).toBe(0);
      expect(decompressedSizeHint(`${plain}.${ext}`)).toBe(size);
    });
  }

  it('says null where the format does not record it, and for a damaged tail', () => {
    if (has('bzip2')) {
      spawnSync('bzip2', ['-k', '-1', plain]);
      expect(decompressedSizeHint(`${plain}.bz2`)).toBeNull();
    }
    if (has('xz')) {
      spawnSync('xz', ['-k', '-f', '-1', plain]);
      const cut = path.join(dir, 'cut.xz');
      const b = fs.readFileSync(`${plain}.xz`);
      fs.writeFileSync(cut, b.subarray(0, b.length - 7));
      expect(decompressedSizeHint(cut)).toBeNull();
    }
    expect(decompressedSizeHint(path.join(dir, 'missing'))).toBeNull();
    expect(decompressedSizeHint(plain)).toBe(size);
  });
});
