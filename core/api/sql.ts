// The SQL console: user SQL runs on a separate connection opened read-only, so SQLite itself
// refuses writes; ATTACH (which would open or create another file), PRAGMA assignments and
// extension loading are refused here before SQLite sees them, each with a clear message.
import type { Db } from '../store/case-db.ts';
import type { SqlResult } from './types.ts';
import { apiError } from './errors.ts';

export const DEFAULT_SQL_ROWS = 1000;
export const MAX_SQL_ROWS = 100_000;

/** Strip comments and string literals so the checks below look at SQL words only. */
function words(sql: string): string {
  return sql.replace(/--[^\n]*|\/\*[\s\S]*?(\*\/|$)/g, ' ').replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"/g, "''");
}

export function runReadOnlySql(db: Db, sql: string, limit = DEFAULT_SQL_ROWS): SqlResult {
  const cap = Math.max(1, Math.min(Math.floor(limit) || DEFAULT_SQL_ROWS, MAX_SQL_ROWS));
  const w = words(sql);
  if (/\b(ATTACH|DETACH)\b/i.test(w)) throw apiError('read-only', 'ATTACH and DETACH are refused: the SQL console reads this case only');
  if (/\bload_extension\s*\(/i.test(w)) throw apiError('read-only', 'load_extension() is refused: the SQL console cannot load extensions');
  if (/^\s*PRAGMA\b[^;]*=/i.test(w) || /^\s*PRAGMA\s+[\w.]+\s*\(/i.test(w) && !/^\s*PRAGMA\s+[\w.]*(table_info|table_xinfo|index_list|index_info|foreign_key_list)\s*\(/i.test(w)) {
    throw apiError('read-only', 'PRAGMA assignments are refused: the SQL console is read-only (reading a PRAGMA is fine)');
  }
  const t0 = performance.now();
  let stmt;
  try { stmt = db.prepare(sql); } catch (e) { throw apiError('sql-error', (e as Error).message); }
  if (!stmt.readonly) throw apiError('read-only', 'only statements that read are allowed (SELECT, WITH, EXPLAIN, PRAGMA reads): this connection is read-only');
  if (!stmt.reader) throw apiError('bad-request', 'the statement returns no rows');
  const columns = stmt.columns().map((c) => c.name);
  const rows: unknown[][] = [];
  let truncated = false;
  try {
    for (const row of stmt.raw().iterate() as Iterable<unknown[]>) {
      if (rows.length >= cap) { truncated = true; break; }
      rows.push(row.map((v) => (typeof v === 'bigint' ? Number(v) : Buffer.isBuffer(v) ? `<blob ${v.length} bytes>` : v)));
    }
  } catch (e) { throw apiError('sql-error', (e as Error).message); }
  return { columns, rows, truncated, elapsedMs: Math.round((performance.now() - t0) * 100) / 100 };
}
