#!/usr/bin/env node
// The CLI runs the TypeScript sources directly through tsx's loader, so there is no build step
// between editing a parser and running it; worker threads get the same loader (core/ingest).
import { register } from 'tsx/esm/api';
register();
const { main } = await import('../core/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
