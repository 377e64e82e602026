// Byte layout of systemd's journal file, from its "Journal File Format" specification
// (docs/JOURNAL_FILE_FORMAT.md) and src/libsystemd/sd-journal/journal-def.h. Little endian.
// Offsets are written out as numbers on purpose: they are the file format, not implementation.

export const SIGNATURE = 'LPKSHHRH';

/** Header field offsets. Fields past `header_size` do not exist in older files. */
export const H = {
  signature: 0,
  compatibleFlags: 8,
  incompatibleFlags: 12,
  state: 16,
  fileId: 24,
  machineId: 40,
  tailEntryBootId: 56,
  seqnumId: 72,
  headerSize: 88,
  arenaSize: 96,
  dataHashTableOffset: 104,
  dataHashTableSize: 112,
  fieldHashTableOffset: 120,
  fieldHashTableSize: 128,
  tailObjectOffset: 136,
  nObjects: 144,
  nEntries: 152,
  tailEntrySeqnum: 160,
  headEntrySeqnum: 168,
  entryArrayOffset: 176,
  headEntryRealtime: 184,
  tailEntryRealtime: 192,
  tailEntryMonotonic: 200,
  // systemd 187+
  nData: 208,
  nFields: 216,
  // 189+
  nTags: 224,
  nEntryArrays: 232,
  // 246+
  dataHashChainDepth: 240,
  fieldHashChainDepth: 248,
  // 252+
  tailEntryArrayOffset: 256,
  tailEntryArrayNEntries: 260,
  // 254+
  tailEntryOffset: 264,
} as const;

/** The smallest header ever written (systemd 187's, up to n_fields). */
export const MIN_HEADER_SIZE = 208;

export const STATE = { offline: 0, online: 1, archived: 2 } as const;

export const INCOMPAT = { compressedXz: 1, compressedLz4: 2, keyedHash: 4, compressedZstd: 8, compact: 16 } as const;
export const COMPAT = { sealed: 1, tailEntryBootId: 2, sealedContinuous: 4 } as const;

export const OBJECT = { unused: 0, data: 1, field: 2, entry: 3, dataHashTable: 4, fieldHashTable: 5, entryArray: 6, tag: 7 } as const;
export const OBJECT_FLAG = { xz: 1, lz4: 2, zstd: 4 } as const;

/** Every object starts with: type u8, flags u8, 6 reserved bytes, size le64. */
export const OBJECT_HEADER_SIZE = 16;

/** DATA object: hash, next_hash_offset, next_field_offset, entry_offset, entry_array_offset,
 *  n_entries, then the payload — after two more le32 (tail entry array) in compact files. */
export const DATA_PAYLOAD = 64;
export const DATA_PAYLOAD_COMPACT = 72;

/** ENTRY object: seqnum, realtime, monotonic, boot_id (16), xor_hash, then items:
 *  regular {le64 object_offset, le64 hash}, compact {le32 object_offset}. */
export const ENTRY = { seqnum: 16, realtime: 24, monotonic: 32, bootId: 40, xorHash: 56, items: 64 } as const;

/** ENTRY_ARRAY object: next_entry_array_offset, then items (le64 regular, le32 compact). */
export const ENTRY_ARRAY = { next: 16, items: 24 } as const;
