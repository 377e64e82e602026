// The parser workers: one per core, each taking one source at a time. The main thread hands a
// source to the least-loaded worker and streams its chunks there; `feed` waits while that worker is
// more than HIGH_WATER bytes behind, so at most workers x HIGH_WATER bytes of log text are in flight.
// Load is the sources a worker is still being fed (opened, not yet ended) and the bytes it has not
// parsed yet: a source whose last chunk went out no longer counts, though the worker may still be
// parsing its last few MiB. Counting sources until the worker reported them done sent a directory's
// next big file to the worker finishing its previous one, behind it, while the other went idle.
import os from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FromWorker, SourceSpec, ToWorker } from './protocol.ts';
import { parserWorkerUrl } from './worker-code.ts';
import { batchBuffers } from '../store/record-batch.ts';

const HIGH_WATER = 4 * 1024 * 1024;

interface Slot {
  worker: Worker;
  inFlight: number;
  /** Sources opened on this worker and not yet ended (still being fed). */
  feeding: number;
  waiters: (() => void)[];
}

export function workerCount(): number {
  const env = Number(process.env.CRASHLENS_WORKERS);
  if (env >= 1) return Math.floor(env);
  return Math.max(1, os.availableParallelism?.() ?? os.cpus().length);
}

export class ParserPool {
  private readonly slots: Slot[] = [];
  private readonly slotOf = new Map<number, Slot>();
  /** Sources being fed (opened, not ended). */
  private readonly fed = new Set<number>();
  private dead: Error | null = null;

  constructor(size: number, private readonly onMessage: (m: FromWorker) => void) {
    const url = parserWorkerUrl();
    for (let i = 0; i < size; i++) {
      // A bounded young generation: V8's default lets each worker's heap swell by tens of MiB before
      // collecting. Measured on the 1 GiB bench bundle (2 workers, records as column batches): 4 MiB
      // promoted so much short-lived garbage that parsing took 15.4 s at 267 MiB peak RSS; 16 MiB
      // took 12.1 s at 281 MiB (budget 300), and an import peaked at 349 MiB (budget 400).
      const worker = new Worker(url, { resourceLimits: { maxYoungGenerationSizeMb: 16 } });
      const slot: Slot = { worker, inFlight: 0, feeding: 0, waiters: [] };
      worker.on('message', (m: FromWorker) => {
        if (m.t === 'ack') {
          slot.inFlight -= m.bytes;
          if (slot.inFlight <= HIGH_WATER) for (const w of slot.waiters.splice(0)) w();
          return;
        }
        if (m.t === 'done' || m.t === 'error') this.release(m.sid);
        this.onMessage(m);
        // The batch has been written (onMessage is synchronous and keeps nothing of it): its
        // buffers go back to the worker to be filled again (core/store/record-batch.ts).
        if (m.t === 'batch') {
          const [num, text] = batchBuffers(m.records);
          slot.worker.postMessage({ t: 'recycle', num: num!, text: text! } satisfies ToWorker, [num!, text!]);
        }
      });
      // A worker that dies takes its sources with it: fail them all, so the import ends (and says why)
      // instead of waiting for answers that never come.
      worker.on('error', (e) => {
        this.dead = e;
        for (const w of slot.waiters.splice(0)) w();
        for (const [sid, s] of this.slotOf) if (s === slot) this.onMessage({ t: 'error', sid, message: `parser worker died: ${e.message}` });
      });
      this.slots.push(slot);
    }
  }

  get size(): number { return this.slots.length; }

  open(spec: SourceSpec): void {
    if (this.dead) throw this.dead;
    const load = (s: Slot) => s.inFlight + s.feeding * HIGH_WATER;
    const slot = this.slots.reduce((a, b) => (load(b) < load(a) ? b : a));
    slot.feeding++;
    this.slotOf.set(spec.sid, slot);
    this.fed.add(spec.sid);
    this.send(slot, { t: 'open', spec });
  }

  /** Hand a chunk to the source's worker; resolves when that worker has room for more. */
  async feed(sid: number, chunk: Buffer): Promise<void> {
    const slot = this.slotOf.get(sid);
    if (!slot) return; // the worker gave up on this source (an error was reported)
    // Transfer, do not copy: a chunk that is a view into a shared pool slab is copied once first.
    const ab = chunk.byteOffset === 0 && chunk.byteLength === chunk.buffer.byteLength && chunk.buffer instanceof ArrayBuffer
      ? chunk.buffer
      : chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + chunk.byteLength) as ArrayBuffer;
    slot.inFlight += ab.byteLength;
    slot.worker.postMessage({ t: 'chunk', sid, buf: ab } satisfies ToWorker, [ab]);
    while (slot.inFlight > HIGH_WATER && !this.dead) await new Promise<void>((r) => slot.waiters.push(r));
    if (this.dead) throw this.dead;
  }

  end(sid: number): void {
    const slot = this.slotOf.get(sid);
    if (!slot) return;
    this.stopFeeding(sid, slot);
    this.send(slot, { t: 'end', sid });
  }

  private stopFeeding(sid: number, slot: Slot): void {
    if (this.fed.delete(sid)) slot.feeding--;
  }

  /** The worker is done with the source (finished, or gave up on it with an error). */
  private release(sid: number): void {
    const slot = this.slotOf.get(sid);
    if (slot) this.stopFeeding(sid, slot);
    this.slotOf.delete(sid);
  }

  private send(slot: Slot, m: ToWorker): void { slot.worker.postMessage(m); }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
