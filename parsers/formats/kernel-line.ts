// The part every kernel-text format shares: a kernel message joins the open report or starts a
// record of its own (see kernel-blocks.ts).
import { CONTINUE, type KernelBlocks } from './kernel-blocks.ts';
import type { OpenRecord } from './record.ts';

/** Feeds one kernel message: true when it joined the open report; false when it starts a record
 *  of its own, which the caller then builds and opens (no closure per line to build it lazily). */
export function joinsKernelReport(blocks: KernelBlocks, open: OpenRecord, msg: string, raw: string, lineNo: number): boolean {
  return blocks.classify(msg) === CONTINUE && open.append(raw, msg, lineNo);
}
