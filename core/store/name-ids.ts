// The case's name dictionaries (hosts, idents, schema v3): a name repeated on millions of records
// is stored once and each record holds its small id (12 bytes of host text per row were ~5 % of the
// 1 GiB bench case). The writer resolves a batch's dictionary codes (core/store/record-batch.ts)
// to ids once per batch, so binding a row costs an array read, not a Map look-up.
import type Database from 'better-sqlite3';
import type { Db } from './case-db.ts';

export class NameIds {
  private readonly ids = new Map<string, number>();
  private readonly insert: Database.Statement<[string]>;
  private readonly find: Database.Statement<[string]>;
  private dict: string[] | null = null;
  private byCode: (number | undefined)[] = [];

  constructor(private readonly db: Db, private readonly table: 'hosts' | 'idents') {
    this.insert = db.prepare(`INSERT OR IGNORE INTO ${table}(name) VALUES (?)`);
    this.find = db.prepare(`SELECT id FROM ${table} WHERE name = ?`).pluck() as Database.Statement<[string]>;
    this.reload();
  }

  /** The id of the batch dictionary's word `code` (NaN: no word, SQL NULL), added when new. */
  readonly of = (dict: string[], code: number): number | null => {
    if (code !== code) return null;
    if (dict !== this.dict) { this.dict = dict; this.byCode = []; }
    let id = this.byCode[code];
    if (id === undefined) { id = this.idOf(dict[code]!); this.byCode[code] = id; }
    return id;
  };

  idOf(name: string): number {
    let id = this.ids.get(name);
    if (id === undefined) {
      this.insert.run(name);
      id = this.find.get(name) as number;
      this.ids.set(name, id);
    }
    return id;
  }

  /** Names added inside a transaction that was rolled back are gone: read the table again. */
  reload(): void {
    this.ids.clear(); this.dict = null; this.byCode = [];
    for (const r of this.db.prepare(`SELECT id, name FROM ${this.table}`).all() as { id: number; name: string }[]) this.ids.set(r.name, r.id);
  }
}
