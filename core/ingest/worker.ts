// A parser worker: bytes of one source in, record tuples and events out. Parsing and detection
// run here, off the writer's thread, so the writer only binds tuples to SQLite.
import os from 'node:os';
import { parentPort } from 'node:worker_threads';
import type { DetectedEvent, LogRecord, Warning } from '../../parsers/types.ts';
import type { EventOut, SourceTotals } from '../store/writer.ts';
import { batchBuffers, RecordBatchBuilder, reuseBatchBuffers } from '../store/record-batch.ts';
import { TS_KINDS, tsKindCode } from '../store/schema.ts';
import { dupKey, textHash } from './dup-key.ts';
import { openSourceParse, type SourceParse } from './parse-source.ts';
import type { FromWorker, SourceSpec, ToWorker } from './protocol.ts';

const BATCH_RECORDS = 4096;
const MAX_WARNINGS = 1000;
/** Kernel lines kept per source for pairing monotonic dmesg with wall-clock copies of the same lines. */
const MAX_KERNEL_LINES = 20_000;

class SourceJob {
  private readonly batch = new RecordBatchBuilder(BATCH_RECORDS);
  private events: EventOut[] = [];
  private loose: DetectedEvent[] = [];
  private lines = 0;
  private nRecords = 0;
  private firstTs: number | null = null;
  private lastTs: number | null = null;
  /** Records per ts kind, by its code (TS_KINDS; counted per record, named at the end). */
  private readonly tsKindCounts = TS_KINDS.map(() => 0);
  private readonly warnings: Warning[] = [];
  private readonly boots = new Set<string>();
  private lastBoot: string | null = null;
  private bytes = 0;
  private parseMs = 0;
  private detectMs = 0;
  private formatSent = false;
  /** Kernel message hash → seconds since boot ('mono', null once seen twice) or wall time (last seen). */
  private readonly kernelLines = new Map<number, number | null>();
  private readonly parse: SourceParse;
  private readonly kernelSource: boolean;

  constructor(private readonly spec: SourceSpec, private readonly post: (m: FromWorker, transfer?: ArrayBuffer[]) => void) {
    this.kernelSource = spec.role === 'kernel' || spec.role === 'crash';
    this.parse = openSourceParse(spec, {
      record: (rec) => this.onRecord(rec),
      messageBytes: (into) => { this.batch.lastMessage(into); return true; },
      events: (evs, detectMs) => { this.detectMs += detectMs; this.onEvents(evs); },
      warn: (w) => { if (this.warnings.length < MAX_WARNINGS) this.warnings.push(w); },
    }, spec.maxLineBytes);
  }

  private onRecord(rec: LogRecord): void {
    if (!this.formatSent && this.parse.format) this.sendFormat();
    const { message } = rec;
    const kernel = rec.ident === 'kernel' || this.kernelSource || this.kernelFormat;
    const kind = tsKindCode(rec.tsKind);
    // Keyed even without a stamp yet: a dmesg line gets its wall time when the boot time is found.
    this.batch.addParsed(this.spec.sid, rec.line, rec.endLine, rec.ts, kind, rec.mono, rec.severity, rec.ident,
      rec.pid, rec.host, rec.bootId, rec.raw, message, rec.tsKind === 'exact' ? rec.ts : null, kernel ? dupKey(this.spec.node, message) : null,
      !this.parse.rawMayHoldLowControls, rec.messageAt);
    this.nRecords++;
    if (rec.endLine > this.lines) this.lines = rec.endLine;
    this.tsKindCounts[kind]!++;
    if (rec.ts !== null) {
      if (this.firstTs === null || rec.ts < this.firstTs) this.firstTs = rec.ts;
      if (this.lastTs === null || rec.ts > this.lastTs) this.lastTs = rec.ts;
    }
    // Records of one boot come in runs: the set is touched when the boot id changes.
    if (rec.bootId && rec.bootId !== this.lastBoot) { this.boots.add(rec.bootId); this.lastBoot = rec.bootId; }
    if (this.spec.pairing) this.sampleKernelLine(rec);
  }

  private sampleKernelLine(rec: LogRecord): void {
    const m = this.kernelLines;
    if (this.spec.pairing === 'mono') {
      if (rec.mono === null) return;
      const key = textHash(rec.message);
      if (m.has(key)) m.set(key, null); // seen twice in one boot: useless for pairing
      else if (m.size < MAX_KERNEL_LINES) m.set(key, rec.mono);
    } else if (rec.ts !== null && (this.spec.pairing === 'human' || rec.ident === 'kernel') && rec.tsKind !== 'monotonic-mapped') {
      const key = textHash(rec.message);
      if (m.has(key) || m.size < MAX_KERNEL_LINES) m.set(key, rec.ts); // the last occurrence: the current boot
    }
  }


  private onEvents(evs: DetectedEvent[]): void {
    for (const ev of evs) {
      const i = this.batch.indexOfLine(ev.line);
      // An event about a record of an earlier batch (a window rule) is linked by line after the load.
      if (i < 0) this.loose.push(ev); else this.events.push({ rec: i, ev });
    }
  }

  /** A dmesg-like format: every record is a kernel line (known once the format is). */
  private kernelFormat = false;

  private sendFormat(): void {
    this.formatSent = true;
    this.kernelFormat = this.parse.format === 'dmesg' || this.parse.format === 'vmcore-dmesg';
    this.post({ t: 'format', sid: this.spec.sid, format: this.parse.format!, confidence: this.parse.confidence });
  }

  private flush(): void {
    if (!this.batch.n && !this.events.length && !this.loose.length) return;
    const records = this.batch.take();
    this.post({ t: 'batch', sid: this.spec.sid, records, events: this.events, loose: this.loose, lines: this.lines }, batchBuffers(records));
    this.events = []; this.loose = [];
  }

  private namedTsKinds(): Record<string, number> {
    const out: Record<string, number> = {};
    TS_KINDS.forEach((k, code) => { if (this.tsKindCounts[code]) out[k] = this.tsKindCounts[code]!; });
    return out;
  }

  write(buf: Buffer): void {
    const t0 = performance.now();
    this.bytes += buf.length;
    this.parse.write(buf);
    this.parseMs += performance.now() - t0;
    if (this.batch.n >= BATCH_RECORDS) this.flush();
  }

  end(): void {
    const t0 = performance.now();
    this.parse.end();
    this.parseMs += performance.now() - t0;
    if (!this.formatSent && this.parse.format) this.sendFormat();
    this.flush();
    const totals: SourceTotals = {
      format: this.parse.format ?? 'plain', confidence: this.parse.confidence, lines: Math.max(this.lines, this.parse.lines), records: this.nRecords,
      bytes: this.bytes, firstTs: this.firstTs, lastTs: this.lastTs, tsKinds: this.namedTsKinds(),
      warnings: this.warnings, boots: [...this.boots],
    };
    this.post({ t: 'done', sid: this.spec.sid, totals, parseMs: this.parseMs, detectMs: this.detectMs, kernelLines: [...this.kernelLines] });
  }
}

/** The parser workers' nice value. During an import the writer's thread (SQLite) is the slowest
 *  stage, and when it and two workers all want one of two cores, the scheduler shares them out
 *  evenly; niced, the workers take what the writer leaves (they cannot run ahead of it: the pool's
 *  backpressure holds them): the 1 GiB bench's records took 15.6-20.1 s against 18.4-20.3 s, four
 *  alternated pairs. On Linux a nice value is per thread, and setpriority(0) sets the calling
 *  thread's; elsewhere it would set the whole process's, so it is left alone there. */
const WORKER_NICE = 10;

const port = parentPort;
if (port) {
  if (process.platform === 'linux') {
    try { os.setPriority(WORKER_NICE); } catch { /* not permitted: run at the default priority */ }
  }
  const post = (m: FromWorker, transfer?: ArrayBuffer[]) => port.postMessage(m, transfer);
  const jobs = new Map<number, SourceJob>();
  port.on('message', (m: ToWorker) => handle(m));
  const handle = (m: ToWorker) => {
    if (m.t === 'recycle') { reuseBatchBuffers(m.num, m.text); return; }
    const sid = m.t === 'open' ? m.spec.sid : m.sid;
    try {
      if (m.t === 'open') jobs.set(sid, new SourceJob(m.spec, post));
      else if (m.t === 'chunk') {
        jobs.get(sid)?.write(Buffer.from(m.buf));
        post({ t: 'ack', sid, bytes: m.buf.byteLength });
      } else { jobs.get(sid)?.end(); jobs.delete(sid); }
    } catch (e) {
      // A parser bug must not stop the import: the source is closed with a warning naming it.
      jobs.delete(sid);
      post({ t: 'error', sid, message: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) });
      if (m.t === 'chunk') post({ t: 'ack', sid, bytes: m.buf.byteLength });
    }
  };
}
