// record_counts held in memory per source, sorted by slot (typed arrays, a few MiB for a 1 GiB
// case): a whole-range timeline at 2,000 buckets then adds up tens of thousands of numbers in JS
// instead of asking SQLite to group them (~10x faster). Reloaded when the case changes; a case
// whose table is too big for memory is answered from SQLite instead.
import type { Db } from '../store/case-db.ts';

const MAX_ROWS = 3_000_000;

interface PerSource { slot: Float64Array; sev: Uint8Array; n: Float64Array }

export class SlotCounts {
  /** Every source's slots merged: distinct slots ascending, and how many records lie before each. */
  private merged: { slots: Float64Array; before: Float64Array } | null = null;

  private constructor(private readonly bySource: Map<number, PerSource>) {}

  static load(db: Db, grain: number): SlotCounts | null {
    const total = (db.prepare('SELECT count(*) AS n FROM record_counts WHERE grain = ?').get(grain) as { n: number }).n;
    if (total > MAX_ROWS) return null;
    const groups = db.prepare('SELECT source_id AS s, count(*) AS n FROM record_counts WHERE grain = ? GROUP BY source_id').all(grain) as { s: number; n: number }[];
    const by = new Map<number, PerSource>();
    for (const g of groups) by.set(g.s, { slot: new Float64Array(g.n), sev: new Uint8Array(g.n), n: new Float64Array(g.n) });
    const fill = new Map<number, number>();
    // Primary-key order (grain, source_id, slot, severity): already sorted, no sort here.
    for (const [s, slot, sev, n] of db.prepare('SELECT source_id, slot, severity, count FROM record_counts WHERE grain = ?').raw().iterate(grain) as Iterable<[number, number, number, number]>) {
      const p = by.get(s)!; const i = fill.get(s) ?? 0;
      p.slot[i] = slot; p.sev[i] = sev; p.n[i] = n; fill.set(s, i + 1);
    }
    return new SlotCounts(by);
  }

  sources(): number[] { return [...this.bySource.keys()]; }

  /** How many stamped records (every source and severity) lie in slots before `slot`: a record's
   *  time rank at the slot's start, less the unstamped records that rank first. */
  countBefore(slot: number): number {
    const m = this.merged ??= this.merge();
    let lo = 0; let hi = m.slots.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (m.slots[mid]! < slot) lo = mid + 1; else hi = mid; }
    return m.before[lo]!;
  }

  /** Stamped records counted in all slots. */
  total(): number {
    const m = this.merged ??= this.merge();
    return m.before[m.slots.length]!;
  }

  private merge(): { slots: Float64Array; before: Float64Array } {
    const per = new Map<number, number>();
    for (const p of this.bySource.values()) for (let i = 0; i < p.slot.length; i++) per.set(p.slot[i]!, (per.get(p.slot[i]!) ?? 0) + p.n[i]!);
    const slots = Float64Array.from([...per.keys()].sort((a, b) => a - b));
    const before = new Float64Array(slots.length + 1);
    for (let i = 0; i < slots.length; i++) before[i + 1] = before[i]! + per.get(slots[i]!)!;
    return { slots, before };
  }

  /** Calls add(slot, count) for every slot of `sourceId` in [fromSlot, toSlot] passing the severity filter. */
  each(sourceId: number, fromSlot: number, toSlot: number, severities: Set<number> | null, add: (slot: number, n: number) => void): void {
    const p = this.bySource.get(sourceId);
    if (!p) return;
    let lo = 0; let hi = p.slot.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (p.slot[mid]! < fromSlot) lo = mid + 1; else hi = mid; }
    for (let i = lo; i < p.slot.length && p.slot[i]! <= toSlot; i++) {
      if (severities && !severities.has(p.sev[i]!)) continue;
      add(p.slot[i]!, p.n[i]!);
    }
  }
}
