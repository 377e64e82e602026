// The part every kernel-text format shares: a kernel message joins the open report or starts a
// record of its own (see kernel-blocks.ts).
import type { LogRecord } from '../types.ts';
import { CONTINUE, type KernelBlocks } from './kernel-blocks.ts';
import type { OpenRecord } from './record.ts';

/** Feeds one kernel message; `make` builds the record when the line starts one. */
export function pushKernelLine(blocks: KernelBlocks, open: OpenRecord, msg: string, raw: string, lineNo: number,
  make: () => LogRecord): void {
  if (blocks.classify(msg) === CONTINUE && open.append(raw, msg, lineNo)) return;
  open.open(make());
}
