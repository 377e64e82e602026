// Entry of the full-text worker when esbuild cannot bundle it (see worker-code.ts): registers
// tsx's loader, as worker-entry.mjs does for the parser workers, then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./fulltext-worker.ts');
