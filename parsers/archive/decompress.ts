// Decompressors. The CLIs (xz, zstd, bzip2, gzip) run in their own process: decompression then
// overlaps with parsing on the second core, and xz/zstd in C beat their Node ports (measured:
// node-liblzma ≈ 60 % and zstd-napi ≈ 50 % of the CLI; zlib ≈ gzip). Node libraries are the
// fallback when a CLI is missing, and serve small members, where spawning costs more than it saves.
import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { Readable, pipeline, type Transform } from 'node:stream';
import zlib from 'node:zlib';
import { fileChunks, readableChunks } from './chunks.ts';
import type { Compression } from './magic.ts';

const CLI: Record<Compression, string> = { gzip: 'gzip', xz: 'xz', zstd: 'zstd', bzip2: 'bzip2' };

/** Members smaller than this are decompressed in-process (a spawn costs a few milliseconds). */
const SMALL_MEMBER_BYTES = 1 << 20;

const cliPresent = new Map<string, boolean>();
export function hasCli(kind: Compression): boolean {
  const cmd = CLI[kind];
  let ok = cliPresent.get(cmd);
  if (ok === undefined) {
    ok = spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;
    cliPresent.set(cmd, ok);
  }
  return ok;
}

/** The input: a file on disk (the CLI reads it itself, no copy through Node) or a byte stream. */
export type CompressedInput = { file: string } | { stream: AsyncIterable<Buffer>; size: number | null };

export interface DecompressOptions {
  preferCli: boolean;
}

/** Decompressed bytes. Throws (from the iteration) on corrupt or truncated input; the error
 *  message says which, for classifyDecompressError. */
export function decompress(kind: Compression, input: CompressedInput, opts: DecompressOptions): AsyncIterable<Buffer> {
  // Only zlib is trusted in-process for small members: zstd-napi pushes a whole chunk's output
  // without backpressure (a 36 KiB zstd bomb filled memory and ran 36 s after the byte cap), and
  // node-liblzma ends a truncated .xz silently (found by core/hostile).
  const small = kind === 'gzip' && 'stream' in input && input.size !== null && input.size < SMALL_MEMBER_BYTES;
  if (opts.preferCli && !small && hasCli(kind)) return viaCli(kind, input);
  const t = nodeTransform(kind);
  if (t) return viaNode(t, input);
  if (hasCli(kind)) return viaCli(kind, input);
  return failing(new Error(`no ${kind} decompressor: install the '${CLI[kind]}' command`));
}

/** 'truncated' or 'corrupt-compression', from the decompressor's own words ('unsupported-compression'
 *  when no decompressor is installed for it). */
export function classifyDecompressError(e: Error): 'truncated' | 'corrupt-compression' | 'unsupported-compression' {
  if (/^no \w+ decompressor/.test(e.message)) return 'unsupported-compression';
  return /unexpected end|truncated|premature|end of (file|input)|incomplete|ended early/i.test(e.message)
    ? 'truncated' : 'corrupt-compression';
}

async function* failing(e: Error): AsyncGenerator<Buffer> {
  throw e;
}

function nodeTransform(kind: Compression): Transform | null {
  // zlib's gunzip reads concatenated members (pigz, logrotate appends) like gzip -d does.
  if (kind === 'gzip') return zlib.createGunzip({ chunkSize: 256 * 1024 });
  if (kind === 'xz') return loadOptional<Transform>('node-liblzma', (m) => (m as { createUnxz(): Transform }).createUnxz());
  if (kind === 'zstd') return loadOptional<Transform>('zstd-napi', (m) => new (m as { DecompressStream: new () => Transform }).DecompressStream());
  return null; // bzip2: no Node library among our dependencies
}

// Loaded on first use: the native addons cost start-up time and may be absent on a platform.
const require = createRequire(import.meta.url);
const requireCache = new Map<string, unknown>();
function loadOptional<T>(name: string, make: (m: unknown) => T): T | null {
  try {
    let m = requireCache.get(name);
    if (m === undefined) {
      m = require(name);
      requireCache.set(name, m);
    }
    return make(m);
  } catch {
    return null;
  }
}

function viaNode(t: Transform, input: CompressedInput): AsyncIterable<Buffer> {
  const src = Readable.from('file' in input ? fileChunks(input.file) : input.stream, { objectMode: false });
  // pipeline destroys the transform with the source's error, so the iteration below throws it.
  pipeline(src, t, () => {});
  return readableChunks(t);
}

async function* viaCli(kind: Compression, input: CompressedInput): AsyncGenerator<Buffer> {
  const args = ['-dc'];
  if ('file' in input) args.push('--', input.file);
  const child = spawn(CLI[kind], args, { stdio: ['file' in input ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => { if (stderr.length < 4096) stderr += d; });
  const exited = new Promise<number | null>((res) => {
    child.on('close', (code) => res(code));
    child.on('error', (e) => { stderr += e.message; res(-1); });
  });
  let stopFeeding = false;
  if (!('file' in input)) {
    const stdin = child.stdin!;
    stdin.on('error', () => { /* EPIPE: the decompressor stopped early; its exit code says why */ });
    void (async () => {
      try {
        for await (const chunk of input.stream) {
          if (stopFeeding) break;
          if (!stdin.write(chunk)) await new Promise<void>((r) => { stdin.once('drain', r); stdin.once('close', r); });
          if (stdin.destroyed) break;
        }
      } catch (e) {
        stderr += `input ended early: ${(e as Error).message}`;
      } finally {
        stdin.end();
      }
    })();
  }
  let finished = false;
  try {
    yield* readableChunks(child.stdout!);
    const code = await exited;
    finished = true;
    if (code !== 0) throw new Error(`${CLI[kind]} -d: ${stderr.trim() || `exit code ${code}`}`);
  } finally {
    stopFeeding = true;
    if (!finished) child.kill('SIGKILL');
  }
}
