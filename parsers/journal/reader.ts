// Reads systemd binary journal files (.journal, .journal~) from memory, without journalctl.
// The file is random access, so it is read from a buffer (the caller bounds its size, see
// MAX_JOURNAL_BYTES). Entries are reached through the entry array chain; when the chain is
// damaged (a crashed node's journal usually is, at the tail) a linear scan of the objects finds
// the ENTRY objects it no longer reaches. Every offset is bounds-checked: a bad file yields
// warnings and the entries that could be read, never an exception or a read past the buffer.
import type { Warning } from '../types.ts';
import { decompressPayload } from './decompress.ts';
import {
  COMPAT, DATA_PAYLOAD, DATA_PAYLOAD_COMPACT, ENTRY, ENTRY_ARRAY, H, INCOMPAT, MIN_HEADER_SIZE, OBJECT,
  OBJECT_HEADER_SIZE, SIGNATURE, STATE,
} from './layout.ts';

/** Journals larger than this are read up to the bound only (with a warning): the whole file is
 *  held in memory for random access. */
export const MAX_JOURNAL_BYTES = 512 * 1024 * 1024;

export interface JournalHeader {
  state: 'offline' | 'online' | 'archived' | 'unknown';
  compact: boolean;
  keyedHash: boolean;
  compression: ('xz' | 'lz4' | 'zstd')[];
  sealed: boolean;
  headerSize: number;
  arenaSize: number;
  fileId: string;
  machineId: string;
  seqnumId: string;
  nEntries: number;
  entryArrayOffset: number;
}

export interface JournalEntry {
  /** Offset and size of the ENTRY object in its file. */
  offset: number;
  size: number;
  /** Numbers, not bigints: µs stamps stay exact below 2^53 (year 2255), and reading half a
   *  million entries must not allocate three BigInts each. */
  seqnum: number;
  /** µs since the epoch (CLOCK_REALTIME) and since boot (CLOCK_MONOTONIC). */
  realtime: number;
  monotonic: number;
  bootId: string;
  xorHash: bigint;
  seqnumId: string;
  /** Fields in the order the entry lists them: name and raw value bytes. */
  fields: [string, Uint8Array][];
}

export interface JournalFile {
  header: JournalHeader | null;
  entries: JournalEntry[];
  warnings: Warning[];
  /** Boot ids in order of first appearance. */
  boots: string[];
}

const hex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/** Field names are short ASCII (A–Z, 0–9, _): decoded without a Buffer per object, interned. */
const names = new Map<string, string>();
function fieldName(p: Uint8Array, len: number): string {
  let s = '';
  for (let i = 0; i < len; i++) s += String.fromCharCode(p[i]!);
  const known = names.get(s);
  if (known !== undefined) return known;
  if (names.size < 10_000) names.set(s, s);
  return s;
}
const align8 = (n: number) => (n + 7) & ~7;
/** Cap on cached DATA objects: shared fields (_HOSTNAME, _BOOT_ID, _SYSTEMD_UNIT…) repeat in most entries. */
const DATA_CACHE_MAX = 100_000;

class Reader {
  readonly dv: DataView;
  readonly end: number;
  header: JournalHeader | null = null;
  /** ENTRY items: {le64 offset, le64 hash} regular, le32 offset compact. */
  private itemSize = 16;
  /** ENTRY_ARRAY items: le64 regular, le32 compact. */
  private arrayItemSize = 8;
  /** Where objects end: past the tail object the file is preallocated zeros, not damage. */
  private objectsEnd = 0;
  private dataPayloadAt = DATA_PAYLOAD;
  private readonly cache = new Map<number, [string, Uint8Array] | null>();
  readonly warnings: Warning[] = [];
  private badFields = 0;
  private lastBoot: { bytes: Uint8Array; hex: string } | null = null;

  /** Boot id of an entry: consecutive entries share it, so the hex string is reused. */
  bootIdAt(at: number): string {
    const last = this.lastBoot;
    if (last) {
      let same = true;
      for (let i = 0; i < 16; i++) if (last.bytes[i] !== this.buf[at + i]) { same = false; break; }
      if (same) return last.hex;
    }
    const b = this.buf.subarray(at, at + 16);
    this.lastBoot = { bytes: b, hex: hex(b) };
    return this.lastBoot.hex;
  }

  constructor(readonly buf: Uint8Array, readonly path: string) {
    this.dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    this.end = buf.byteLength;
  }

  warn(code: string, message: string) { this.warnings.push({ file: this.path, code, message: `${this.path}: ${message}` }); }

  /** A le64 as a number, or -1 when it cannot be an offset or a size in this file. */
  u64(at: number): number {
    if (at < 0 || at + 8 > this.end) return -1;
    const hi = this.dv.getUint32(at + 4, true);
    if (hi > 0x1fffff) return -1; // beyond 2^53: not a plausible offset or size
    return hi * 0x100000000 + this.dv.getUint32(at, true);
  }

  big(at: number): bigint { return at + 8 <= this.end ? this.dv.getBigUint64(at, true) : 0n; }

  readHeader(): boolean {
    if (this.end < MIN_HEADER_SIZE) { this.warn('truncated', `only ${this.end} bytes: shorter than a journal header`); return false; }
    if (Buffer.from(this.buf.subarray(0, 8)).toString('latin1') !== SIGNATURE) { this.warn('not-journal', 'no journal signature (LPKSHHRH)'); return false; }
    const incompat = this.dv.getUint32(H.incompatibleFlags, true);
    const compat = this.dv.getUint32(H.compatibleFlags, true);
    const headerSize = this.u64(H.headerSize);
    if (headerSize < MIN_HEADER_SIZE || headerSize > this.end) { this.warn('corrupt', `header size ${headerSize} is impossible`); return false; }
    const known = INCOMPAT.compressedXz | INCOMPAT.compressedLz4 | INCOMPAT.keyedHash | INCOMPAT.compressedZstd | INCOMPAT.compact;
    if (incompat & ~known) this.warn('unknown-flags', `incompatible flags 0x${(incompat & ~known).toString(16)} unknown to this reader: reading anyway`);
    const stateByte = this.buf[H.state]!;
    const state = stateByte === STATE.offline ? 'offline' : stateByte === STATE.online ? 'online' : stateByte === STATE.archived ? 'archived' : 'unknown';
    const compact = (incompat & INCOMPAT.compact) !== 0;
    this.itemSize = compact ? 4 : 16;
    this.arrayItemSize = compact ? 4 : 8;
    this.dataPayloadAt = compact ? DATA_PAYLOAD_COMPACT : DATA_PAYLOAD;
    const compression: JournalHeader['compression'] = [];
    if (incompat & INCOMPAT.compressedXz) compression.push('xz');
    if (incompat & INCOMPAT.compressedLz4) compression.push('lz4');
    if (incompat & INCOMPAT.compressedZstd) compression.push('zstd');
    const arenaSize = this.u64(H.arenaSize);
    this.header = {
      state, compact, compression,
      keyedHash: (incompat & INCOMPAT.keyedHash) !== 0,
      sealed: (compat & COMPAT.sealed) !== 0,
      headerSize, arenaSize,
      fileId: hex(this.buf.subarray(H.fileId, H.fileId + 16)),
      machineId: hex(this.buf.subarray(H.machineId, H.machineId + 16)),
      seqnumId: hex(this.buf.subarray(H.seqnumId, H.seqnumId + 16)),
      nEntries: this.u64(H.nEntries),
      entryArrayOffset: this.u64(H.entryArrayOffset),
    };
    if (state === 'online') this.warn('online', 'header says online: the file was not closed cleanly (the node died or journald was killed); reading what is there');
    const tail = this.u64(H.tailObjectOffset);
    const tailObject = tail > 0 ? this.objectAt(tail) : null;
    this.objectsEnd = tailObject ? Math.min(this.end, tail + align8(tailObject.size)) : this.end;
    if (arenaSize >= 0 && headerSize + arenaSize > this.end) {
      this.warn('truncated', `file is ${this.end} bytes but its header says ${headerSize + arenaSize}: truncated, ${headerSize + arenaSize - this.end} bytes missing`);
    }
    return true;
  }

  /** Type and size of the object at `at`, or null when no sane object starts there. */
  objectAt(at: number, type?: number): { type: number; size: number } | null {
    if (at < (this.header?.headerSize ?? MIN_HEADER_SIZE) || at % 8 !== 0 || at + OBJECT_HEADER_SIZE > this.end) return null;
    const t = this.buf[at]!;
    const size = this.u64(at + 8);
    if (size < OBJECT_HEADER_SIZE || at + size > this.end) return null;
    if (t < OBJECT.data || t > OBJECT.tag) return null;
    if (type !== undefined && t !== type) return null;
    return { type: t, size };
  }

  /** The field of a DATA object: name and value bytes (decompressed), or null when unreadable. */
  data(at: number): [string, Uint8Array] | null {
    const hit = this.cache.get(at);
    if (hit !== undefined) return hit;
    let out: [string, Uint8Array] | null = null;
    const o = this.objectAt(at, OBJECT.data);
    if (o && o.size >= this.dataPayloadAt) {
      const flags = this.buf[at + 1]!;
      let payload: Uint8Array = this.buf.subarray(at + this.dataPayloadAt, at + o.size);
      try {
        if (flags) payload = decompressPayload(flags, payload);
        const eq = payload.indexOf(0x3d); // '='
        if (eq > 0) out = [fieldName(payload, eq), payload.subarray(eq + 1)];
      } catch (e) {
        this.warn('corrupt-payload', `DATA object at offset ${at}: ${(e as Error).message}`);
      }
    }
    // Only objects shared by several entries are worth keeping (n_entries > 1): a unique MESSAGE
    // would only churn the cache.
    if (this.u64(at + 56) > 1) {
      if (this.cache.size >= DATA_CACHE_MAX) this.cache.clear();
      this.cache.set(at, out);
    }
    return out;
  }

  /** Reads the ENTRY object at `at`; null (and a count) when it or one of its fields is unreadable. */
  entry(at: number): JournalEntry | null {
    const o = this.objectAt(at, OBJECT.entry);
    if (!o || o.size < ENTRY.items || (o.size - ENTRY.items) % this.itemSize !== 0) return null;
    const n = (o.size - ENTRY.items) / this.itemSize;
    const fields: [string, Uint8Array][] = [];
    for (let i = 0; i < n; i++) {
      const p = at + ENTRY.items + i * this.itemSize;
      const dataAt = this.itemSize === 4 ? this.dv.getUint32(p, true) : this.u64(p);
      const f = dataAt > 0 ? this.data(dataAt) : null;
      if (!f) { this.badFields++; return null; }
      fields.push(f);
    }
    return {
      offset: at,
      size: o.size,
      seqnum: this.u64(at + ENTRY.seqnum),
      realtime: this.u64(at + ENTRY.realtime),
      monotonic: this.u64(at + ENTRY.monotonic),
      bootId: this.bootIdAt(at + ENTRY.bootId),
      xorHash: this.big(at + ENTRY.xorHash),
      seqnumId: this.header!.seqnumId,
      fields,
    };
  }

  /** Entry offsets through the entry array chain, in order; `intact` is false when it broke. */
  chain(): { offsets: number[]; intact: boolean } {
    const offsets: number[] = [];
    const seen = new Set<number>();
    let at = this.header!.entryArrayOffset;
    while (at > 0) {
      if (seen.has(at)) { this.warn('corrupt', `entry array chain loops back to offset ${at}`); return { offsets, intact: false }; }
      seen.add(at);
      const o = this.objectAt(at, OBJECT.entryArray);
      if (!o || o.size < ENTRY_ARRAY.items) {
        this.warn('corrupt', `entry array chain broken at offset ${at} (after ${offsets.length} entries): no readable ENTRY_ARRAY there`);
        return { offsets, intact: false };
      }
      const n = Math.floor((o.size - ENTRY_ARRAY.items) / this.arrayItemSize);
      for (let i = 0; i < n; i++) {
        const p = at + ENTRY_ARRAY.items + i * this.arrayItemSize;
        const e = this.arrayItemSize === 4 ? this.dv.getUint32(p, true) : this.u64(p);
        if (e === 0) break; // unused tail of the last array
        if (e < 0) { this.warn('corrupt', `entry array at offset ${at} holds an impossible offset`); return { offsets, intact: false }; }
        offsets.push(e);
      }
      at = this.u64(at + ENTRY_ARRAY.next);
      if (at < 0) { this.warn('corrupt', 'entry array chain points outside the file'); return { offsets, intact: false }; }
    }
    return { offsets, intact: true };
  }

  /** Every ENTRY object found by walking the objects one after the other from the header on.
   *  Unreadable stretches are skipped 8 bytes at a time and counted. */
  scan(): { offsets: number[]; skipped: number; stoppedAt: number | null } {
    const offsets: number[] = [];
    let at = this.header!.headerSize;
    let skipped = 0;
    let stoppedAt: number | null = null;
    let inGap = false;
    while (at + OBJECT_HEADER_SIZE <= this.objectsEnd) {
      const o = this.objectAt(at);
      if (o) {
        inGap = false;
        if (o.type === OBJECT.entry) offsets.push(at);
        at += align8(o.size);
      } else {
        if (!inGap && stoppedAt === null) stoppedAt = at;
        inGap = true;
        skipped += 8;
        at += 8;
      }
    }
    if (at < this.objectsEnd) skipped += this.objectsEnd - at;
    return { offsets, skipped, stoppedAt };
  }

  /** Offsets of every reachable ENTRY object, in append (seqnum) order, without reading fields. */
  entryOffsets(): number[] {
    if (!this.readHeader()) return [];
    const { offsets, intact } = this.chain();
    const expected = this.header!.nEntries;
    let list = offsets;
    if (!intact || this.header!.state !== 'archived' && this.header!.state !== 'offline' || (expected >= 0 && offsets.length < expected)) {
      // The chain may be stale or broken: find the entries it does not reach by scanning.
      const s = this.scan();
      const inChain = new Set(offsets);
      const extra = s.offsets.filter((o) => !inChain.has(o));
      if (extra.length) this.warn('recovered', `${extra.length} entries found by scanning the objects that the entry arrays do not reach`);
      if (s.skipped > 0) this.warn('damaged', `unreadable bytes from offset ${s.stoppedAt}: skipped ${s.skipped} bytes while scanning for entries`);
      list = offsets.concat(extra);
    }
    const unique = list === offsets ? offsets : [...new Set(list)];
    // Append order is seqnum order; a recovered tail must not land before the entries it follows.
    if (!intact || list !== offsets) {
      const seq = new Map(unique.map((at) => [at, this.u64(at + ENTRY.seqnum)]));
      unique.sort((a, b) => { const x = seq.get(a)!, y = seq.get(b)!; return x < y ? -1 : x > y ? 1 : a - b; });
    }
    return unique;
  }

  /** Reads the entries one by one (fields decoded lazily per entry), counting the unreadable. */
  *entries(offsets: readonly number[]): Generator<JournalEntry> {
    let bad = 0;
    for (const at of offsets) {
      const e = this.entry(at);
      if (e) yield e; else bad++;
    }
    if (bad) this.warn('corrupt', `${bad} entries unreadable (their object or one of their fields is damaged or missing): skipped`);
  }
}

function openReader(buf: Uint8Array, path: string): Reader {
  const r = new Reader(buf.byteLength > MAX_JOURNAL_BYTES ? buf.subarray(0, MAX_JOURNAL_BYTES) : buf, path);
  if (buf.byteLength > MAX_JOURNAL_BYTES) r.warn('limit-bytes', `file is ${buf.byteLength} bytes: read up to ${MAX_JOURNAL_BYTES}`);
  return r;
}

/** Streams the entries of one journal file held in memory to `onEntry`, in order, without
 *  keeping them: memory stays at the file plus the DATA cache. Never throws on bad input. */
export function forEachJournalEntry(buf: Uint8Array, path: string, onEntry: (e: JournalEntry) => void): Omit<JournalFile, 'entries'> {
  const r = openReader(buf, path);
  const boots: string[] = [];
  try {
    for (const e of r.entries(r.entryOffsets())) {
      if (boots[boots.length - 1] !== e.bootId && !boots.includes(e.bootId)) boots.push(e.bootId);
      onEntry(e);
    }
  } catch (e) {
    // Defence in depth: the reader is written not to throw; if it does, keep what it had.
    r.warn('internal', `reader stopped: ${(e as Error).message}`);
  }
  return { header: r.header, warnings: r.warnings, boots };
}

/** Reads one journal file held in memory, keeping every entry. Never throws on bad input. */
export function readJournal(buf: Uint8Array, path: string): JournalFile {
  const entries: JournalEntry[] = [];
  const rest = forEachJournalEntry(buf, path, (e) => entries.push(e));
  return { ...rest, entries };
}

/** Interleaves the entries of several files of one machine by time (realtime, then seqnum) and
 *  drops entries present in two files (same seqnum id and seqnum: journald numbers entries
 *  across its files, so a copy has the same pair). */
export function mergeJournals(files: readonly JournalFile[]): JournalEntry[] {
  const seen = new Set<string>();
  const all: JournalEntry[] = [];
  for (const f of files) {
    for (const e of f.entries) {
      const key = `${e.seqnumId}:${e.seqnum}`;
      if (seen.has(key)) continue;
      seen.add(key);
      all.push(e);
    }
  }
  all.sort((a, b) => a.realtime - b.realtime || a.seqnum - b.seqnum);
  return all;
}
