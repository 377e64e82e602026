// Where a parser worker's code comes from. The sources are TypeScript and run without a build
// step; a worker started on worker-entry.mjs registers tsx's loader, which in Node 20 runs module
// hooks on a thread of their own and makes every one of the ~60 imports a synchronous round trip
// to it: ~0.6 s of CPU and ~20 MiB per worker before the first line is parsed (measured with
// --cpu-prof: makeSyncRequest/waitForWorker). Instead the worker is bundled once per process with
// esbuild (which tsx ships with; ~0.3 s) and started from a data: URL. When esbuild cannot run
// (a stripped install), the tsx entry still works.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

/** Native modules: loaded at run time through createRequire, relative to the worker's own path. */
const NATIVE = ['better-sqlite3', 'zstd-napi', 'node-liblzma'];

let bundled: URL | null | undefined;

function bundle(): URL | null {
  const entry = fileURLToPath(new URL('./worker.ts', import.meta.url));
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

/** The URL to start a parser worker from: the bundle, else the tsx entry. */
export function parserWorkerUrl(): URL {
  if (bundled === undefined) bundled = process.env.CRASHLENS_WORKER_TSX === '1' ? null : bundle();
  return bundled ?? new URL('./worker-entry.mjs', import.meta.url);
}
