// Which rule keys occur in a text, fast. A regex alternation of ~150 literals costs V8 several µs
// per line (irregexp tries every alternative at every position) — more than parsing the line.
// Instead keys are indexed by trigrams; a text is read at every third position only, against a
// 32 KiB bit set (small enough to stay in the CPU cache: a 4 MiB table per ident made cache
// misses cost more than the scan), and only a bit hit looks up the exact trigram and verifies
// the keys with startsWith.

const BITS = 18;
const FOLD = (1 << BITS) - 1;
/** Trigrams are read at every STRIDE-th position only: a key of length ≥ STRIDE + 2 always has
 *  one of its first STRIDE trigrams at such a position, so each key is indexed by those. */
const STRIDE = 3;
export const MIN_KEY_LENGTH = STRIDE + 2;

interface Anchor { key: number; offset: number }

const tri = (t: string, i: number) => ((t.charCodeAt(i) & 127) << 14) | ((t.charCodeAt(i + 1) & 127) << 7) | (t.charCodeAt(i + 2) & 127);

export class KeywordFilter {
  readonly keys: readonly string[];
  private readonly bits = new Uint32Array(1 << (BITS - 5));
  private readonly buckets = new Map<number, Anchor[]>();

  constructor(keys: readonly string[]) {
    this.keys = keys;
    keys.forEach((key, k) => {
      if (key.length < MIN_KEY_LENGTH) throw new Error(`rule key "${key}" is shorter than ${MIN_KEY_LENGTH} characters: too common to prefilter on`);
      for (let offset = 0; offset < STRIDE; offset++) {
        const h = tri(key, offset);
        const f = (h ^ (h >>> BITS)) & FOLD;
        this.bits[f >>> 5]! |= 1 << (f & 31);
        const b = this.buckets.get(h);
        if (b) b.push({ key: k, offset }); else this.buckets.set(h, [{ key: k, offset }]);
      }
    });
  }

  /** Indexes (into `keys`) of the keys found in the text; empty when none — the common case. */
  find(text: string): number[] {
    const n = text.length - 2;
    const bits = this.bits;
    let found: number[] | null = null;
    for (let i = 0; i < n; i += STRIDE) {
      const h = ((text.charCodeAt(i) & 127) << 14) | ((text.charCodeAt(i + 1) & 127) << 7) | (text.charCodeAt(i + 2) & 127);
      const f = (h ^ (h >>> BITS)) & FOLD;
      if ((bits[f >>> 5]! & (1 << (f & 31))) === 0) continue;
      const b = this.buckets.get(h);
      if (b === undefined) continue;
      for (const a of b) {
        if (text.startsWith(this.keys[a.key]!, i - a.offset)) {
          if (found === null) found = [];
          if (!found.includes(a.key)) found.push(a.key);
        }
      }
    }
    return found ?? NONE;
  }
}

const NONE: number[] = [];
