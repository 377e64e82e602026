// Entry of a parser worker thread. Node 20 does not apply `--import tsx` to a worker's own entry
// file (ERR_UNKNOWN_FILE_EXTENSION for .ts), so this plain module registers tsx's loader first,
// as bin/crashlens.js does for the CLI, then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
