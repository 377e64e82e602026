// Messages between the import's main thread and its parser workers. A worker takes one source
// at a time: `open`, its bytes as `chunk`s (ArrayBuffers transferred, not copied), then `end`.
// It answers with `batch`es of records (core/store/record-batch.ts, numbers transferred), an
// `ack` per chunk (the main thread stops feeding a worker that is more than a few MiB behind:
// that is the backpressure that keeps memory bounded) and a `done` with the source's totals.
import type { DetectedEvent, FormatId, TimeContext, Warning } from '../../parsers/types.ts';
import type { EventOut, SourceTotals } from '../store/writer.ts';
import type { RecordBatch } from '../store/record-batch.ts';
import type { KernelSample } from './boot-pairing.ts';

export interface SourceSpec {
  sid: number;
  path: string;
  role: string;
  node: string | null;
  time: TimeContext;
  /** Format the bundle layout already knows (e.g. a journal capture), else detected from content. */
  format: FormatId | null;
  /** Which kernel lines to sample for finding the boot time (see core/ingest/boot-pairing.ts):
   *  'mono' for the current boot's dmesg, 'human' for dmesg -T, 'wall' for journals and syslog. */
  pairing: 'mono' | 'human' | 'wall' | null;
  /** Longer lines are cut there and marked (ImportOptions.limits.maxLineBytes; default in parsers/lines.ts). */
  maxLineBytes?: number;
}

export type ToWorker =
  | { t: 'open'; spec: SourceSpec }
  | { t: 'chunk'; sid: number; buf: ArrayBuffer }
  | { t: 'end'; sid: number }
  /** A batch's buffers, back once the writer is done with them (core/store/record-batch.ts). */
  | { t: 'recycle'; num: ArrayBuffer; text: ArrayBuffer };

export type FromWorker =
  | { t: 'format'; sid: number; format: FormatId; confidence: number }
  | { t: 'batch'; sid: number; records: RecordBatch; events: EventOut[]; loose: DetectedEvent[]; lines: number }
  | { t: 'ack'; sid: number; bytes: number }
  | { t: 'done'; sid: number; totals: SourceTotals; parseMs: number; detectMs: number; kernelLines: KernelSample }
  | { t: 'error'; sid: number; message: string; warning?: Warning };
