// kdump's vmcore-dmesg.txt holds the crashed boot's kernel log with monotonic stamps only, and the
// boot it belongs to is over, so no boot time in the bundle maps it. The same kernel lines were
// usually also written to the journal or kern.log while the node lived: pairing them gives the
// offset (wall time − seconds since boot), the median of the pairs, and with it the wall time of
// the panic and of everything kdump kept that the disk logs lost.

/** Lines printed more than once (or by every boot, like the banner) cannot be paired. */
export class KernelLinePairs {
  private readonly wall = new Map<string, number | null>();
  constructor(private readonly max = 200_000) {}

  /** A kernel line stamped with wall time (journal, kern.log, messages). */
  addWall(message: string, ts: number): void {
    // The journal, kern.log and messages all carry the same line: one line, seen thrice.
    const prev = this.wall.get(message);
    if (prev !== undefined) { if (prev !== null && Math.abs(prev - ts) > 2e6) this.wall.set(message, null); }
    else if (this.wall.size < this.max) this.wall.set(message, ts);
  }

  /** Offset in µs to add to seconds-since-boot × 1e6, from the vmcore's (message, mono) lines; null without pairs. */
  offset(lines: Iterable<[message: string, mono: number]>): number | null {
    const seen = new Map<string, number | null>();
    for (const [m, mono] of lines) seen.set(m, seen.has(m) ? null : mono);
    const offsets: number[] = [];
    for (const [m, mono] of seen) {
      const ts = this.wall.get(m);
      if (mono !== null && ts !== undefined && ts !== null) offsets.push(ts - Math.round(mono * 1e6));
    }
    if (offsets.length === 0) return null;
    offsets.sort((a, b) => a - b);
    return offsets[Math.floor(offsets.length / 2)]!;
  }
}
