// Byte streams as async iterables, cheaply. `for await` over a Node Readable costs more than the
// bytes (measured here, Node 20: 2.0 s for a 429 MiB file against 0.5 s in flowing mode or with
// FileHandle.read), and a pipe delivers 64 KiB at a time: so a pipe is read in flowing mode with
// pause/resume for backpressure, and what piled up is handed on as one larger chunk.
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';

const FILE_CHUNK = 1 << 20;
/** Pause the producer above this many queued bytes (bounded memory). */
const HIGH_WATER = 4 << 20;
/** Queued pipe chunks are joined up to this size before being handed on. */
const JOIN_UP_TO = 1 << 20;

export async function* fileChunks(path: string, start = 0): AsyncGenerator<Buffer> {
  const fh = await open(path, 'r');
  try {
    let pos = start;
    for (;;) {
      const b = Buffer.allocUnsafe(FILE_CHUNK);
      const { bytesRead } = await fh.read(b, 0, FILE_CHUNK, pos);
      if (bytesRead === 0) return;
      pos += bytesRead;
      yield bytesRead === FILE_CHUNK ? b : b.subarray(0, bytesRead);
    }
  } finally {
    await fh.close();
  }
}

export async function* readableChunks(r: Readable): AsyncGenerator<Buffer> {
  const queue: Buffer[] = [];
  let queued = 0;
  let ended = false;
  let error: Error | null = null;
  let wake: (() => void) | null = null;
  const notify = () => { const w = wake; wake = null; w?.(); };
  const onData = (c: Buffer) => {
    queue.push(c);
    queued += c.length;
    if (queued > HIGH_WATER) r.pause();
    notify();
  };
  const onEnd = () => { ended = true; notify(); };
  const onError = (e: Error) => { error = e; notify(); };
  r.on('data', onData);
  r.once('end', onEnd);
  r.once('close', onEnd);
  r.once('error', onError);
  try {
    for (;;) {
      if (queue.length === 0) {
        if (error) throw error;
        if (ended) return;
        await new Promise<void>((res) => { wake = res; });
        continue;
      }
      let out: Buffer;
      if (queue.length === 1 || queue[0]!.length >= JOIN_UP_TO) {
        out = queue.shift()!;
      } else {
        let n = 0;
        let k = 0;
        while (k < queue.length && n < JOIN_UP_TO) n += queue[k++]!.length;
        out = Buffer.concat(queue.splice(0, k), n);
      }
      queued -= out.length;
      if (queued <= HIGH_WATER && r.isPaused()) r.resume();
      yield out;
    }
  } finally {
    // Given up early (a limit, a consumer that stopped): the producer must not keep running.
    if (!ended && !error) r.destroy();
    r.off('data', onData);
    r.off('end', onEnd);
    r.off('close', onEnd);
    r.off('error', onError);
  }
}
