// Per source, host and boot id: how many records, their first and last stamps, the first stamped
// line. The analysis needs exactly that (which hosts a file speaks for, when each boot ran), and
// grouping six million records for it cost 3.9 s of every analysis of the 1 GiB bench (SQLite
// sorts every row for a GROUP BY without an index). The writer already holds each row's values,
// so it keeps these sums as it inserts, a few nanoseconds a row, and stores them in the same
// transaction; a source whose stamps move (retime, vmcore mapping) is summed again from its rows.
import type { Db } from './case-db.ts';

/** No host / no boot id, in the key (SQLite's UNIQUE treats NULLs as distinct, so no upsert). */
export const NO_HOST = 0;
export const NO_BOOT = '';

interface Span { source: number; host: number; boot: string; n: number; first: number | null; last: number | null; line: number | null }

export class HostSpans {
  private readonly spans = new Map<string, Span>();
  private last: Span | null = null;
  private readonly upsert;

  constructor(db: Db) {
    this.upsert = db.prepare(`INSERT INTO host_spans(source_id, host_id, boot_id, n, first_ts, last_ts, first_stamped_line)
      VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(source_id, host_id, boot_id) DO UPDATE SET n = n + excluded.n,
        first_ts = iif(first_ts IS NULL OR excluded.first_ts < first_ts, coalesce(excluded.first_ts, first_ts), first_ts),
        last_ts = iif(last_ts IS NULL OR excluded.last_ts > last_ts, coalesce(excluded.last_ts, last_ts), last_ts),
        first_stamped_line = iif(first_stamped_line IS NULL OR excluded.first_stamped_line < first_stamped_line,
          coalesce(excluded.first_stamped_line, first_stamped_line), first_stamped_line)`);
  }

  /** One record. Consecutive records mostly share source, host and boot: no key is built for them. */
  add(source: number, host: number | null, boot: string | null, ts: number | null, line: number): void {
    const h = host ?? NO_HOST; const b = boot ?? NO_BOOT;
    let s = this.last;
    if (s === null || s.source !== source || s.host !== h || s.boot !== b) {
      const key = `${source}\u0000${h}\u0000${b}`;
      s = this.spans.get(key) ?? null;
      if (s === null) { s = { source, host: h, boot: b, n: 0, first: null, last: null, line: null }; this.spans.set(key, s); }
      this.last = s;
    }
    s.n++;
    if (ts !== null) {
      if (s.first === null || ts < s.first) s.first = ts;
      if (s.last === null || ts > s.last) s.last = ts;
      if (s.line === null || line < s.line) s.line = line;
    }
  }

  /** Store the sums so far (inside the writer's transaction, before its COMMIT). */
  save(): void {
    for (const s of this.spans.values()) this.upsert.run(s.source, s.host, s.boot, s.n, s.first, s.last, s.line);
    this.discard();
  }

  /** Forget the sums since the last save (the transaction they belong to was rolled back). */
  discard(): void {
    this.spans.clear();
    this.last = null;
  }
}

/** Sum one source again from its records (its stamps moved). */
export function respanSource(db: Db, sourceId: number): void {
  db.prepare('DELETE FROM host_spans WHERE source_id = ?').run(sourceId);
  db.prepare(`INSERT INTO host_spans(source_id, host_id, boot_id, n, first_ts, last_ts, first_stamped_line)
    SELECT source_id, coalesce(host_id, ${NO_HOST}), coalesce(boot_id, '${NO_BOOT}'), count(*), min(ts), max(ts), min(iif(ts IS NULL, NULL, line))
    FROM records WHERE source_id = ? GROUP BY 2, 3`).run(sourceId);
}

/** True when the spans count every record: a case created from schema v6 on, every row written
 *  by the writer. Rows written before (or by hand, as tests do) leave the count short, and the
 *  readers group the records table instead. (count(*) reads the smallest index: 0.07 s on 6M.) */
export function hostSpansComplete(db: Db): boolean {
  const spans = (db.prepare('SELECT coalesce(sum(n), 0) AS n FROM host_spans').get() as { n: number }).n;
  const records = (db.prepare('SELECT count(*) AS n FROM records').get() as { n: number }).n;
  return spans === records;
}
