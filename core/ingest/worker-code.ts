// Where a worker thread's code comes from (the parser workers, the full-text worker). The sources
// are TypeScript and run without a build step; a worker started on worker-entry.mjs registers
// tsx's loader, which in Node 20 runs module hooks on a thread of their own and makes every one of
// the ~60 imports a synchronous round trip to it: ~0.6 s of CPU and ~20 MiB per worker before the
// first line is parsed (measured with --cpu-prof: makeSyncRequest/waitForWorker). Instead the
// worker is bundled once per process with esbuild (which tsx ships with; ~0.3 s) and started from
// a data: URL. When esbuild cannot run (a stripped install), the tsx entry still works.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

/** Native modules: loaded at run time through createRequire, relative to the worker's own path. */
const NATIVE = ['better-sqlite3', 'zstd-napi', 'node-liblzma'];

/** Bundles made in this process, by entry file (null: esbuild could not run). */
const bundled = new Map<string, URL | null>();

function bundle(entry: string): URL | null {
  try {
    const esbuild = createRequire(import.meta.url)('esbuild') as typeof import('esbuild');
    const out = esbuild.buildSync({
      entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', target: 'node20', write: false,
      external: NATIVE, logLevel: 'silent',
      // Modules that resolve natives with createRequire(import.meta.url) resolve them from here.
      define: { 'import.meta.url': JSON.stringify(pathToFileURL(entry).href) },
    });
    return new URL(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0]!.contents).toString('base64')}`);
  } catch {
    return null;
  }
}

/** The URL to start a worker running `entry` (a .ts file) from: its bundle, else `tsxEntry` (an
 *  .mjs that registers tsx's loader and imports it). */
export function workerUrl(entry: URL, tsxEntry: URL): URL {
  const file = fileURLToPath(entry);
  if (!bundled.has(file)) bundled.set(file, process.env.CRASHLENS_WORKER_TSX === '1' ? null : bundle(file));
  return bundled.get(file) ?? tsxEntry;
}

/** The URL to start a parser worker from: the bundle, else the tsx entry. */
export function parserWorkerUrl(): URL {
  return workerUrl(new URL('./worker.ts', import.meta.url), new URL('./worker-entry.mjs', import.meta.url));
}
