// Reads systemd binary journal files (.journal, .journal~) from memory, without journalctl.
// The file is random access, so it is read from a buffer (the caller bounds its size, see
// MAX_JOURNAL_BYTES). Entries are reached through the entry array chain; a linear walk of the
// objects always runs too: it finds the ENTRY objects a damaged chain (a crashed node's journal
// usually is, at the tail) no longer reaches, and checks the objects the reader does not use.
// Each DATA object's payload is checked against the hash it stores when first read, and each
// entry against its xor_hash: damage inside payload text is otherwise invisible. Every offset is
// bounds-checked: a bad file yields warnings and the entries that could be read (damaged field
// values kept and marked), never an exception or a read past the buffer.
import type { Warning } from '../types.ts';
import { decompressPayload } from './decompress.ts';
import { jenkinsHash64, siphash24 } from './hash.ts';
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
  readonly xorHash: bigint;
  seqnumId: string;
  /** Fields in the order the entry lists them. */
  fields: JournalField[];
}

/** One field of an entry: name and raw value bytes. The entries referencing the same DATA object
 *  share one JournalField, so what is derived from it (its display text) is derived once. */
export class JournalField {
  /** Display text and the field's part in a record (message, host…), memoised by records.ts. */
  text: string | undefined = undefined;
  role = -1;
  constructor(
    readonly name: string,
    readonly value: Uint8Array,
    /** Offset of its DATA object when the payload fails the object's hash (damaged), else -1. */
    readonly damagedAt = -1,
    /** lookup3 hash64 of the payload (lo, hi), for the entry's xor_hash check. */
    readonly xlo = 0,
    readonly xhi = 0,
  ) {}
}

export interface JournalFile {
  header: JournalHeader | null;
  entries: JournalEntry[];
  warnings: Warning[];
  /** Boot ids in order of first appearance. */
  boots: string[];
}

const hex = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('hex');

/** Field names are short ASCII (A–Z, 0–9, _) and few: found by a hash of their bytes among the
 *  names seen before, so a unique MESSAGE=… object costs no string building for its name. */
const names = new Map<number, string>();
function fieldName(p: Uint8Array, start: number, len: number): string {
  let h = len;
  for (let i = 0; i < len; i++) h = Math.imul(h ^ p[start + i]!, 0x01000193);
  const known = names.get(h);
  if (known !== undefined && known.length === len) {
    let same = true;
    for (let i = 0; i < len; i++) if (known.charCodeAt(i) !== p[start + i]) { same = false; break; }
    if (same) return known;
  }
  let s = '';
  for (let i = 0; i < len; i++) s += String.fromCharCode(p[start + i]!);
  if (known === undefined && names.size < 10_000) names.set(h, s);
  return s;
}
const align8 = (n: number) => (n + 7) & ~7;
const WARN_CAP = 20;
/** The name a damaged field is shown under when its own name was hit too. */
export const DAMAGED_FIELD = 'DAMAGED_FIELD';

/** p[from, end) as a plain Uint8Array view: Buffer#subarray costs several times more, and it is
 *  made once per entry (for its MESSAGE). */
const valueView = (p: Uint8Array, from: number, end: number) => new Uint8Array(p.buffer, p.byteOffset + from, end - from);

/** journald's rule for field names (journal_field_valid): A–Z, 0–9 and _, not starting with a
 *  digit, at most 64 bytes. */
function isFieldName(p: Uint8Array, start: number, len: number): boolean {
  if (len > 64 || (p[start]! >= 0x30 && p[start]! <= 0x39)) return false;
  for (let i = start; i < start + len; i++) {
    const c = p[i]!;
    if (!((c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f)) return false;
  }
  return true;
}

/** journald XORs the hash of every field it was given but stores a repeated field=value once:
 *  a difference equal to one field's hash is that field given twice, not damage. */
function duplicateExplains(fields: readonly JournalField[], dlo: number, dhi: number): boolean {
  for (const f of fields) if (f.xlo === dlo && f.xhi === dhi) return true;
  return false;
}
/** Slots of the DATA object cache: shared fields (_HOSTNAME, _BOOT_ID, _SYSTEMD_UNIT…) repeat in
 *  most entries. Direct-mapped by offset (objects are 8-aligned): a look-up is an array index,
 *  which matters at ten look-ups per entry; a collision only costs reading the object again. */
const CACHE_SLOTS = 1 << 16;

/** An entry as read. Its xor_hash is read from the file when asked for (only the export format
 *  prints it): no BigInt per entry. Valid while the file's buffer is. */
class Entry implements JournalEntry {
  constructor(
    readonly offset: number, readonly size: number, readonly seqnum: number, readonly realtime: number,
    readonly monotonic: number, readonly bootId: string, readonly seqnumId: string,
    readonly fields: JournalField[], private readonly dv: DataView,
  ) {}

  get xorHash(): bigint { return this.dv.getBigUint64(this.offset + ENTRY.xorHash, true); }
}

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
  /** head and tail entry seqnums of a closed file (an online one's header may lag), else null. */
  private seqnumRange: [number, number] | null = null;
  /** Shorter than its header says: offsets past the end are the cut's doing, warned once. */
  private truncated = false;
  private dataPayloadAt = DATA_PAYLOAD;
  private readonly cacheAt = new Int32Array(CACHE_SLOTS).fill(-1);
  private readonly cached: (JournalField | null)[] = new Array<JournalField | null>(CACHE_SLOTS).fill(null);
  /** HEADER_INCOMPATIBLE_KEYED_HASH: DATA hashes are SipHash keyed by the file id. */
  private keyed = false;
  private readonly hash = new Uint32Array(2);
  private readonly damagedData = new Set<number>();
  /** Warnings per code beyond WARN_CAP are counted, and summed up in one line at the end. */
  private readonly capped = new Map<string, number>();
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

  /** A warning of which a damaged file can produce thousands (one per object): the first
   *  WARN_CAP are kept, the rest counted. */
  warnCapped(code: string, message: string) {
    const n = (this.capped.get(code) ?? 0) + 1;
    this.capped.set(code, n);
    if (n <= WARN_CAP) this.warn(code, message);
  }

  /** One line per capped code saying how many more there were. */
  flushCapped() {
    for (const [code, n] of this.capped) if (n > WARN_CAP) this.warn(code, `${n - WARN_CAP} more like the above (${n} in all)`);
    this.capped.clear();
  }

  /** A le64 as a number, or -1 when it cannot be an offset or a size in this file. */
  u64(at: number): number {
    if (at < 0 || at + 8 > this.end) return -1;
    const hi = this.dv.getUint32(at + 4, true);
    if (hi > 0x1fffff) return -1; // beyond 2^53: not a plausible offset or size
    return hi * 0x100000000 + this.dv.getUint32(at, true);
  }


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
    this.keyed = (incompat & INCOMPAT.keyedHash) !== 0;
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
      keyedHash: this.keyed,
      sealed: (compat & COMPAT.sealed) !== 0,
      headerSize, arenaSize,
      fileId: hex(this.buf.subarray(H.fileId, H.fileId + 16)),
      machineId: hex(this.buf.subarray(H.machineId, H.machineId + 16)),
      seqnumId: hex(this.buf.subarray(H.seqnumId, H.seqnumId + 16)),
      nEntries: this.u64(H.nEntries),
      entryArrayOffset: this.u64(H.entryArrayOffset),
    };
    const head = this.u64(H.headEntrySeqnum), tailSeq = this.u64(H.tailEntrySeqnum);
    if (state !== 'online' && head > 0 && tailSeq >= head) this.seqnumRange = [head, tailSeq];
    if (state === 'online') this.warn('online', 'header says online: the file was not closed cleanly (the node died or journald was killed); reading what is there');
    const tail = this.u64(H.tailObjectOffset);
    const tailObject = tail > 0 ? this.objectAt(tail) : null;
    this.objectsEnd = tailObject ? Math.min(this.end, tail + align8(tailObject.size)) : this.end;
    if (arenaSize >= 0 && headerSize + arenaSize > this.end) {
      this.truncated = true;
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

  /** The field of a DATA object (payload decompressed), or null when unreadable. */
  data(at: number): JournalField | null {
    const slot = (at >>> 3) & (CACHE_SLOTS - 1);
    if (this.cacheAt[slot] === at) return this.cached[slot]!;
    let out: JournalField | null = null;
    const o = this.objectAt(at, OBJECT.data);
    if (o && o.size >= this.dataPayloadAt) {
      const flags = this.buf[at + 1]!;
      try {
        if (flags) {
          const payload = decompressPayload(flags, this.buf.subarray(at + this.dataPayloadAt, at + o.size));
          out = this.field(at, payload, 0, payload.length);
        } else out = this.field(at, this.buf, at + this.dataPayloadAt, at + o.size);
      } catch (e) {
        this.warn('corrupt-payload', `DATA object at offset ${at}: ${(e as Error).message}`);
      }
    }
    // Only objects shared by several entries are worth keeping (n_entries > 1): a unique MESSAGE
    // would only churn the cache.
    if (this.u64(at + 56) > 1) { this.cacheAt[slot] = at; this.cached[slot] = out; }
    return out;
  }

  /** The field a DATA payload holds, checked against the hash the object stores: an overwrite
   *  inside the payload text leaves the object readable, and only the hash tells. A damaged
   *  field is kept (marked, with a warning) rather than dropping the whole entry. */
  private field(at: number, p: Uint8Array, start: number, end: number): JournalField | null {
    const h = this.hash;
    if (this.keyed) siphash24(p, start, end, this.buf, H.fileId, h);
    else jenkinsHash64(p, start, end, h);
    const intact = h[0] === this.dv.getUint32(at + 16, true) && h[1] === this.dv.getUint32(at + 20, true);
    // The entry's xor_hash is over lookup3 hashes even in keyed files.
    if (this.keyed) jenkinsHash64(p, start, end, h);
    let eq = -1; // offset of '=' in the payload
    for (let i = start; i < end; i++) if (p[i] === 0x3d) { eq = i - start; break; }
    if (intact) return eq > 0 ? new JournalField(fieldName(p, start, eq), valueView(p, start + eq + 1, end), -1, h[0]!, h[1]!) : null;
    if (!this.damagedData.has(at)) {
      this.damagedData.add(at);
      this.warnCapped('damaged-data', `DATA object at offset ${at} fails its hash check (its payload bytes are damaged): the field value is kept and marked damaged`);
    }
    // A name that journald could not have written was hit by the damage too: the whole payload
    // is shown under a name saying so.
    const named = eq > 0 && isFieldName(p, start, eq);
    return new JournalField(named ? fieldName(p, start, eq) : DAMAGED_FIELD, valueView(p, named ? start + eq + 1 : start, end), at, h[0]!, h[1]!);
  }

  /** Reads the ENTRY object at `at`; null (and a count) when it or one of its fields is unreadable. */
  entry(at: number): JournalEntry | null {
    const o = this.objectAt(at, OBJECT.entry);
    if (!o || o.size < ENTRY.items || (o.size - ENTRY.items) % this.itemSize !== 0) return null;
    const n = (o.size - ENTRY.items) / this.itemSize;
    const fields: JournalField[] = new Array(n);
    let xlo = 0, xhi = 0, damaged = false;
    for (let i = 0; i < n; i++) {
      const p = at + ENTRY.items + i * this.itemSize;
      const dataAt = this.itemSize === 4 ? this.dv.getUint32(p, true) : this.u64(p);
      const f = dataAt > 0 ? this.data(dataAt) : null;
      if (!f) { this.badFields++; return null; }
      fields[i] = f;
      xlo ^= f.xlo; xhi ^= f.xhi;
      if (f.damagedAt >= 0) damaged = true;
    }
    // xor_hash: XOR of the payloads' lookup3 hashes. A damaged field already warned; otherwise a
    // mismatch means the entry's item list (or the stored xor) was hit.
    if (!damaged) {
      const dlo = (xlo ^ this.dv.getUint32(at + ENTRY.xorHash, true)) >>> 0;
      const dhi = (xhi ^ this.dv.getUint32(at + ENTRY.xorHash + 4, true)) >>> 0;
      if ((dlo | dhi) !== 0 && !duplicateExplains(fields, dlo, dhi)) {
        this.warnCapped('damaged-entry', `ENTRY object at offset ${at}: its xor_hash does not match its fields (its item list or header is damaged): kept`);
      }
    }
    const seqnum = this.u64(at + ENTRY.seqnum);
    // No hash covers the entry's own header; its seqnum at least must lie in the file's range.
    if (this.seqnumRange !== null && (seqnum < this.seqnumRange[0] || seqnum > this.seqnumRange[1])) {
      this.warnCapped('damaged-entry', `ENTRY object at offset ${at}: seqnum ${seqnum} outside the file's ${this.seqnumRange[0]}–${this.seqnumRange[1]} (its header is damaged): kept`);
    }
    return new Entry(at, o.size, seqnum, this.u64(at + ENTRY.realtime), this.u64(at + ENTRY.monotonic),
      this.bootIdAt(at + ENTRY.bootId), this.header!.seqnumId, fields, this.dv);
  }

  /** Entry offsets through the entry array chain, in order; `intact` is false when it broke.
   *  `arrays` are the chain's ENTRY_ARRAY objects (the scan checks the others). */
  chain(): { offsets: number[]; intact: boolean; arrays: Set<number> } {
    const offsets: number[] = [];
    const seen = new Set<number>();
    let at = this.header!.entryArrayOffset;
    while (at > 0) {
      if (seen.has(at)) { this.warn('corrupt', `entry array chain loops back to offset ${at}`); return { offsets, intact: false, arrays: seen }; }
      seen.add(at);
      const o = this.objectAt(at, OBJECT.entryArray);
      if (!o || o.size < ENTRY_ARRAY.items) {
        this.warn('corrupt', `entry array chain broken at offset ${at} (after ${offsets.length} entries): no readable ENTRY_ARRAY there`);
        return { offsets, intact: false, arrays: seen };
      }
      const n = Math.floor((o.size - ENTRY_ARRAY.items) / this.arrayItemSize);
      for (let i = 0; i < n; i++) {
        const p = at + ENTRY_ARRAY.items + i * this.arrayItemSize;
        const e = this.arrayItemSize === 4 ? this.dv.getUint32(p, true) : this.u64(p);
        if (e === 0) { this.checkZeroTail(at, p, at + o.size); break; } // unused tail of the last array
        if (e < 0) { this.warn('corrupt', `entry array at offset ${at} holds an impossible offset`); return { offsets, intact: false, arrays: seen }; }
        offsets.push(e);
      }
      at = this.u64(at + ENTRY_ARRAY.next);
      if (at < 0) { this.warn('corrupt', 'entry array chain points outside the file'); return { offsets, intact: false, arrays: seen }; }
    }
    return { offsets, intact: true, arrays: seen };
  }

  /** The items of an ENTRY_ARRAY outside the main chain (a field's list of the entries holding
   *  it, used by journalctl to filter): the reader does not need them, but damage there is damage
   *  to report. Items must ascend, 8-aligned, inside the objects: random bytes fail that at once.
   *  (Looking at the object each item points to would touch memory all over the file: a cache
   *  miss per field of every entry.) */
  checkFieldArray(at: number, size: number): void {
    if (!this.plausible(this.u64(at + ENTRY_ARRAY.next))) {
      this.warnCapped('damaged', `ENTRY_ARRAY object at offset ${at}: its next-array offset is impossible: the array is damaged (entries are read through the main chain, not through it)`);
      return;
    }
    const n = Math.floor((size - ENTRY_ARRAY.items) / this.arrayItemSize);
    let prev = 0;
    for (let i = 0; i < n; i++) {
      const p = at + ENTRY_ARRAY.items + i * this.arrayItemSize;
      const e = this.arrayItemSize === 4 ? this.dv.getUint32(p, true) : this.u64(p);
      if (e === 0) { this.checkZeroTail(at, p, at + size); return; }
      if (e >= this.objectsEnd) {
        // An online file's tail may be newer than its header says; a truncated one already warned.
        if (e < this.end && this.header!.state !== 'online') { this.warnCapped('damaged', `ENTRY_ARRAY object at offset ${at}: item ${i} points past the last object: the array is damaged`); return; }
        continue;
      }
      if (e <= prev || e % 8 !== 0) {
        this.warnCapped('damaged', `ENTRY_ARRAY object at offset ${at}: item ${i} (${e < 0 ? 'beyond 2^53' : e}) is not an entry offset: the array is damaged (entries are read through the main chain, not through it)`);
        return;
      }
      prev = e;
    }
  }

  /** The unused tail of an entry array is zeros as the file was extended: anything else there
   *  was written over. */
  private checkZeroTail(at: number, from: number, to: number): void {
    // Items are 4 or 8 bytes and 4-aligned: a word at a time.
    for (let p = from; p + 4 <= to; p += 4) {
      if (this.dv.getInt32(p, true) !== 0) {
        this.warnCapped('damaged', `ENTRY_ARRAY object at offset ${at}: bytes at ${p} in its unused tail are not zero: the array is damaged`);
        return;
      }
    }
  }

  /** An offset a table or chain may hold: none (0), or 8-aligned among the objects (or past the
   *  end of a truncated file, or of an online one whose header lags). */
  private plausible(off: number): boolean {
    return off === 0 || (off >= this.header!.headerSize && off % 8 === 0
      && (off < this.objectsEnd || this.header!.state === 'online' || (this.truncated && off >= this.end)));
  }

  /** A hash table's buckets ({head, tail} offsets of the chain of objects with that hash): the
   *  reader looks nothing up, but journalctl does, and random bytes there are damage. */
  checkHashTable(at: number, size: number): void {
    const n = Math.floor((size - OBJECT_HEADER_SIZE) / 16);
    for (let i = 0; i < n; i++) {
      const p = at + OBJECT_HEADER_SIZE + i * 16;
      const head = this.u64(p), tail = this.u64(p + 8);
      if (head === 0 && tail === 0) continue;
      if (!this.plausible(head) || !this.plausible(tail) || head === 0 || tail === 0 || head > tail) {
        this.warnCapped('damaged', `hash table at offset ${at}: bucket ${i} (at ${p}) holds impossible offsets: the table is damaged (the reader does not look anything up in it)`);
        return;
      }
    }
  }

  /** A FIELD object (a field name, listed for journalctl's field enumeration) against its hash. */
  checkField(at: number, size: number): void {
    const payloadAt = at + 40; // hash, next_hash_offset, head_data_offset, then the name
    if (size < 40) return;
    const h = this.hash;
    if (this.keyed) siphash24(this.buf, payloadAt, at + size, this.buf, H.fileId, h);
    else jenkinsHash64(this.buf, payloadAt, at + size, h);
    if (h[0] !== this.dv.getUint32(at + 16, true) || h[1] !== this.dv.getUint32(at + 20, true) || !this.plausible(this.u64(at + 24)) || !this.plausible(this.u64(at + 32))) {
      this.warnCapped('damaged', `FIELD object at offset ${at} fails its hash check (damaged; it only lists a field name)`);
    }
  }

  /** Every ENTRY object found by walking the objects one after the other from the header on,
   *  checking the field entry arrays on the way. Unreadable stretches are skipped 8 bytes at a
   *  time and counted. */
  scan(chainArrays: ReadonlySet<number>): { offsets: number[]; skipped: number; stoppedAt: number | null } {
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
        else if (o.type === OBJECT.entryArray && !chainArrays.has(at)) this.checkFieldArray(at, o.size);
        else if (o.type === OBJECT.dataHashTable || o.type === OBJECT.fieldHashTable) this.checkHashTable(at, o.size);
        else if (o.type === OBJECT.field) this.checkField(at, o.size);
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

  /** Offsets of every reachable ENTRY object, in append (seqnum) order, without reading fields.
   *  The objects are always walked too: it finds the entries a stale or broken chain misses, and
   *  damage in objects the chain never leads to. */
  entryOffsets(): number[] {
    if (!this.readHeader()) return [];
    const { offsets, intact, arrays } = this.chain();
    const s = this.scan(arrays);
    if (s.skipped > 0) this.warn('damaged', `unreadable bytes from offset ${s.stoppedAt}: skipped ${s.skipped} bytes while scanning for entries`);
    // Both lists ascend by offset in a sound file (entries are appended): compared in one pass.
    if (intact && sameList(offsets, s.offsets)) return offsets;
    const inChain = new Set(offsets);
    const extra = s.offsets.filter((o) => !inChain.has(o));
    if (extra.length) this.warn('recovered', `${extra.length} entries found by scanning the objects that the entry arrays do not reach`);
    const unique = [...new Set(offsets.concat(extra))];
    // Append order is seqnum order; a recovered tail must not land before the entries it follows.
    const seq = new Map(unique.map((at) => [at, this.u64(at + ENTRY.seqnum)]));
    unique.sort((a, b) => { const x = seq.get(a)!, y = seq.get(b)!; return x < y ? -1 : x > y ? 1 : a - b; });
    return unique;
  }

  /** Reads the entries one by one (fields decoded lazily per entry), counting the unreadable. */
  entries(offsets: readonly number[], onEntry: (e: JournalEntry) => void): void {
    // A callback, not a generator: half a million entries would each cost an iterator result.
    let bad = 0;
    for (let i = 0; i < offsets.length; i++) {
      const e = this.entry(offsets[i]!);
      if (e) onEntry(e); else bad++;
    }
    if (bad) this.warn('corrupt', `${bad} entries unreadable (their object or one of their fields is damaged or missing): skipped`);
  }
}

function sameList(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
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
    r.entries(r.entryOffsets(), (e) => {
      if (boots[boots.length - 1] !== e.bootId && !boots.includes(e.bootId)) boots.push(e.bootId);
      onEntry(e);
    });
  } catch (e) {
    // Defence in depth: the reader is written not to throw; if it does, keep what it had.
    r.warn('internal', `reader stopped: ${(e as Error).message}`);
  }
  r.flushCapped();
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
