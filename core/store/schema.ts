// The case file's schema: one SQLite file per investigation, portable, reopened months later.
// Migrations are a list: a case made by an older Crashlens opens in a newer one by running the
// steps it has not seen yet (PRAGMA user_version and meta.schema_version both say where it is).
//
// Layout choices, measured on the shared 2-core machines (see core/bench/ and DESIGN.md):
// - records: one row per log record, rowid = insertion order. No secondary index exists during the
//   bulk load (each index roughly halves the insert rate); they are built once after it.
//   The raw text is not stored twice: a single-line record keeps `prefix` (stamp, host, ident, the
//   part the parser cut off) and `message`, and raw = prefix || message. Only records whose raw text
//   is not that concatenation (multi-line, re-joined CRI partials) fill `raw`. This keeps the case
//   near the size of the raw logs.
// - ts_kind is a small integer (TS_KINDS index), node lives on the source, not on each record;
//   host and ident (v3) are ids into the hosts and idents tables, and a one-line record stores
//   end_line 0 (see recordHost, recordIdent, recordEndLine below).
// - New case files use 16 KiB pages (core/store/case-db.ts): rows of ~230 bytes leave less of a
//   page unused than with 4 KiB.
// - records_fts (v2) is a contentless FTS5 index over `message` whose rowid is the record's rank in
//   time order (tsorder), so a search returns hits in time order without sorting them; unicode61
//   (4x faster to build than trigram), detail=none (one column: positions and column numbers would
//   only serve phrase and NEAR queries) and no column sizes: a fraction of the size of detail=full;
//   multi-word "phrases" are refused with a clear error (terms joined by AND, OR, NOT and prefix* work). Built after the
//   load, so the timeline and events are usable before full text is.
// - record_counts pre-counts records per source, severity and slot of `grain` seconds (60 and 3600),
//   so a timeline of any range at 2,000 buckets sums a few thousand small rows of the coarsest grain
//   not wider than a bucket instead of scanning records.
import type Database from 'better-sqlite3';
import type { TsKind } from '../../parsers/types.ts';

/** ts_kind column codes: index into this list. Append only (old cases store the numbers). */
export const TS_KINDS: readonly TsKind[] = ['exact', 'year-inferred', 'zone-inferred', 'monotonic-mapped', 'monotonic', 'none'];
export const tsKindCode = (k: TsKind): number => { const i = TS_KINDS.indexOf(k); return i < 0 ? 5 : i; };
export const tsKindName = (c: number | null): TsKind => TS_KINDS[c ?? 5] ?? 'none';

export interface Migration {
  version: number; why: string; sql: string;
  /** A step SQL alone cannot say (it depends on what the case holds), in the same transaction. */
  after?: (db: Database.Database) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    why: 'the first case layout: bundles, sources, records, full text, events, analysis tables, notes',
    sql: `
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE bundles (
  id INTEGER PRIMARY KEY,
  path TEXT NOT NULL,
  sha256 TEXT,
  layout TEXT NOT NULL DEFAULT 'loose',
  node TEXT,
  identity TEXT NOT NULL DEFAULT '{}',
  status TEXT NOT NULL DEFAULT 'importing'
    CHECK (status IN ('importing','complete','interrupted','cancelled','failed')),
  imported_at INTEGER NOT NULL,
  warnings TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE sources (
  id INTEGER PRIMARY KEY,
  bundle_id INTEGER NOT NULL REFERENCES bundles(id),
  node TEXT,
  path TEXT NOT NULL,
  format TEXT NOT NULL,
  confidence REAL NOT NULL DEFAULT 0,
  role TEXT NOT NULL DEFAULT 'other',
  zone TEXT,
  zone_override TEXT,
  first_ts INTEGER,
  last_ts INTEGER,
  lines INTEGER NOT NULL DEFAULT 0,
  records INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0,
  ts_kinds TEXT NOT NULL DEFAULT '{}',
  warnings TEXT NOT NULL DEFAULT '[]',
  boots TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE records (
  id INTEGER PRIMARY KEY,
  source_id INTEGER NOT NULL,
  line INTEGER NOT NULL,
  end_line INTEGER NOT NULL,
  ts INTEGER,
  ts_kind INTEGER NOT NULL,
  mono REAL,
  severity INTEGER,
  ident TEXT,
  pid INTEGER,
  host TEXT,
  boot_id TEXT,
  message TEXT NOT NULL,
  prefix TEXT,
  raw TEXT,
  fields TEXT
);
CREATE VIRTUAL TABLE records_fts USING fts5(
  message, content='records', content_rowid='id', tokenize='unicode61', detail=column
);
CREATE TABLE events (
  id INTEGER PRIMARY KEY,
  record_id INTEGER,
  source_id INTEGER,
  node TEXT,
  type TEXT NOT NULL,
  category TEXT NOT NULL,
  severity TEXT NOT NULL,
  rule_id TEXT NOT NULL,
  ts INTEGER,
  end_ts INTEGER,
  ts_kind TEXT NOT NULL,
  count INTEGER NOT NULL DEFAULT 1,
  fields TEXT NOT NULL DEFAULT '{}',
  message TEXT NOT NULL,
  line INTEGER NOT NULL,
  end_line INTEGER NOT NULL
);
CREATE TABLE boots (
  id INTEGER PRIMARY KEY,
  node TEXT NOT NULL,
  boot_id TEXT,
  start_ts INTEGER,
  end_ts INTEGER,
  ending TEXT NOT NULL,
  evidence TEXT NOT NULL DEFAULT '',
  kernel TEXT
);
CREATE TABLE spans (
  id INTEGER PRIMARY KEY,
  node TEXT,
  kind TEXT NOT NULL,
  label TEXT NOT NULL,
  start_ts INTEGER,
  end_ts INTEGER,
  event_ids TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE findings (
  id INTEGER PRIMARY KEY,
  generated_at INTEGER NOT NULL,
  verdict TEXT NOT NULL
);
CREATE TABLE annotations (
  id INTEGER PRIMARY KEY,
  target_kind TEXT NOT NULL CHECK (target_kind IN ('record','event','range')),
  record_id INTEGER,
  event_id INTEGER,
  range_from INTEGER,
  range_to INTEGER,
  range_node TEXT,
  star INTEGER NOT NULL DEFAULT 0,
  tags TEXT NOT NULL DEFAULT '[]',
  comment TEXT NOT NULL DEFAULT '',
  evidence_choice TEXT CHECK (evidence_choice IN ('accepted','rejected')),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  ts INTEGER
);
CREATE TABLE saved_views (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  state TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE training_attempts (
  id INTEGER PRIMARY KEY,
  sample_id TEXT NOT NULL,
  answer TEXT NOT NULL,
  score TEXT NOT NULL,
  at INTEGER NOT NULL
);
`,
  },
  {
    version: 2,
    why: 'sources keep the TimeContext their records were stamped with (to move them when a zone is overridden); '
      + 'one import owns a bundle row (a dead owner = an interrupted import); the same kernel line in '
      + 'journal, messages and dmesg is linked (dup_key/dup_of); per-minute/hour counts make the timeline cheap',
    sql: `
ALTER TABLE bundles ADD COLUMN owner TEXT;
ALTER TABLE sources ADD COLUMN time TEXT;
ALTER TABLE bundles ADD COLUMN finished_at INTEGER;
ALTER TABLE records ADD COLUMN dup_key INTEGER;
ALTER TABLE records ADD COLUMN dup_of INTEGER;
ALTER TABLE events ADD COLUMN dup_of INTEGER;
-- Full text in time order: the index's rowid is a record's rank in (ts, id) order (tsorder.seq),
-- so hits come out of FTS5 already in time order and a first page reads ~limit hits, never sorting
-- all of them. The index is contentless (the text stays in records once) and rebuilt after each
-- import (ranks shift when a new bundle's records interleave in time with the old ones).
DROP TABLE records_fts;
CREATE VIRTUAL TABLE records_fts USING fts5(message, content='', columnsize=0, detail=none, tokenize='unicode61');
CREATE TABLE tsorder (seq INTEGER PRIMARY KEY, record_id INTEGER NOT NULL);
CREATE TABLE record_counts (
  grain INTEGER NOT NULL,
  source_id INTEGER NOT NULL,
  slot INTEGER NOT NULL,
  severity INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (grain, source_id, slot, severity)
) WITHOUT ROWID;
`,
  },
  {
    version: 3,
    why: 'a smaller case (issue #3: at most 1.6x the raw logs): host and ident are ids into dictionaries '
      + '(a handful of names repeated on millions of rows), end_line 0 means "the record\'s own line"',
    sql: `
-- Rows written from v3 on leave host and ident NULL and fill host_id / ident_id; rows of older
-- versions keep their text. Readers take coalesce(text, dictionary name) (recordHost, recordIdent).
CREATE TABLE hosts (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE idents (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
ALTER TABLE records ADD COLUMN host_id INTEGER;
ALTER TABLE records ADD COLUMN ident_id INTEGER;
`,
  },
  {
    version: 4,
    why: 'the SQL console reads records as text again: since v3 host and ident are ids and end_line may be 0',
    sql: `
-- For people, not for the app's own queries (those read the columns and their indexes directly):
-- one row per record with its source's path and node, its time in UTC, and host, ident and
-- end_line as they were written in the log, whichever schema version stored the row.
CREATE VIEW record_lines AS
SELECT r.id, r.source_id, s.path AS source, s.node, r.line, iif(r.end_line = 0, r.line, r.end_line) AS end_line,
  r.ts, strftime('%Y-%m-%dT%H:%M:%f', r.ts / 1000000.0, 'unixepoch') || 'Z' AS time_utc, r.severity,
  coalesce(r.host, h.name) AS host, coalesce(r.ident, i.name) AS ident, r.pid, r.boot_id, r.message, r.dup_of
FROM records r
JOIN sources s ON s.id = r.source_id
LEFT JOIN hosts h ON h.id = r.host_id
LEFT JOIN idents i ON i.id = r.ident_id;
`,
  },
  {
    version: 5,
    why: 'records_dup_key also holds ts and source_id: linking the copies of a kernel line reads that index alone',
    // Dropped here, built again at once only where the post-load indexes exist (a loaded case):
    // a fresh case gets it after its bulk load, as every post-load index.
    sql: 'DROP INDEX IF EXISTS records_dup_key;',
    after: (db) => {
      const loaded = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'records_source_line'").get();
      if (loaded) db.exec(RECORDS_DUP_KEY_INDEX);
    },
  },
  {
    version: 6,
    why: 'records per source, host and boot with their first and last stamps, kept by the writer: the analysis no longer groups every record',
    sql: `
-- host_id 0: no host; boot_id '': no boot id (a key: SQLite's UNIQUE treats NULLs as distinct).
-- Kept by core/store/writer.ts (core/store/host-spans.ts). Used where it counts every record (a
-- case created from v6 on); records written before are grouped from the records table instead.
CREATE TABLE host_spans (
  source_id INTEGER NOT NULL,
  host_id INTEGER NOT NULL,
  boot_id TEXT NOT NULL,
  n INTEGER NOT NULL,
  first_ts INTEGER,
  last_ts INTEGER,
  first_stamped_line INTEGER,
  PRIMARY KEY (source_id, host_id, boot_id)
) WITHOUT ROWID;
`,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

// A record's values as readers want them, in SQL over a records alias `r`. v3 rows name their host
// and ident by id and store end_line 0 for a one-line record (zero bytes: SQLite stores the
// integers 0 and 1 in the row header alone); v1/v2 rows hold the text and the line number, and
// never 0 (lines count from 1), so the same expressions read both.
export const recordHost = (r: string): string => `coalesce(${r}.host, (SELECT name FROM hosts WHERE id = ${r}.host_id))`;
export const recordIdent = (r: string): string => `coalesce(${r}.ident, (SELECT name FROM idents WHERE id = ${r}.ident_id))`;
export const recordEndLine = (r: string): string => `iif(${r}.end_line = 0, ${r}.line, ${r}.end_line)`;
/** end_line as the writer stores it for a record that is one line. */
export const SAME_LINE = 0;

/** The index on records' time: built first after a bulk load, so the full-text build can read
 *  records in time order while the other indexes are built (core/ingest/import.ts finishLoad). */
export const RECORDS_TIME_INDEX = 'CREATE INDEX IF NOT EXISTS records_ts ON records(ts)';

/** The copies of one kernel line, by key then time. It also holds source_id (and the rowid, as
 *  every index): linking copies (post-load.ts linkDuplicates) and pairing vmcore-dmesg lines read
 *  this index alone. On (dup_key) only, the link read each candidate's row from the table and
 *  rewrote every keyed record: 6.0 s on the 1 GiB bench, 0.2 s now (schema v5). */
export const RECORDS_DUP_KEY_INDEX = 'CREATE INDEX IF NOT EXISTS records_dup_key ON records(dup_key, ts, source_id) WHERE dup_key IS NOT NULL';

/** Indexes built once after a bulk load (not kept up row by row while it runs), one statement
 *  each (the import yields to the event loop between them: core/store/post-load.ts). Idempotent.
 *  records_ts is on (ts) alone: an index entry ends with the rowid anyway, so it is in (ts, id)
 *  order and serves ORDER BY ts, id and (ts, id) > (?, ?); on (ts, id) it stored the id twice
 *  (cases made before v3 keep that index, which serves the same queries). */
export const POST_LOAD_INDEXES: readonly string[] = [
  RECORDS_TIME_INDEX,
  'CREATE INDEX IF NOT EXISTS records_source_line ON records(source_id, line)',
  RECORDS_DUP_KEY_INDEX,
  'CREATE INDEX IF NOT EXISTS events_ts ON events(ts, id)',
  'CREATE INDEX IF NOT EXISTS events_record ON events(record_id)',
  'CREATE INDEX IF NOT EXISTS annotations_record ON annotations(record_id)',
  'CREATE INDEX IF NOT EXISTS annotations_event ON annotations(event_id)',
];

/** Readiness flags live in meta as '1'/'0' (see core/store/meta.ts). */
export const READINESS_KEYS = ['records', 'events', 'timeline', 'fulltext', 'analysis'] as const;

/** Bring a case file to `target` (default: latest). Each step runs in its own transaction, so a
 *  crash mid-migration leaves the file at the previous version. Returns the version reached. */
export function migrate(db: Database.Database, target = SCHEMA_VERSION): number {
  let version = db.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new Error(`case file has schema version ${version}, newer than this Crashlens (${SCHEMA_VERSION}): update Crashlens to open it`);
  }
  for (const m of MIGRATIONS) {
    if (m.version <= version || m.version > target) continue;
    db.transaction(() => {
      db.exec(m.sql);
      m.after?.(db);
      db.pragma(`user_version = ${m.version}`);
      db.prepare('INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)').run('schema_version', String(m.version));
    })();
    version = m.version;
  }
  return version;
}
