// Which rule keys occur in a text, fast. A regex alternation of ~150 literals costs V8 several µs
// per line (irregexp tries every alternative at every position) — more than parsing the line.
// Instead keys are indexed by trigrams; a text is read at every STRIDE-th position only, against a
// bit set sized to the keys (~32 bits a trigram: 4–16 KiB, small enough to stay in the CPU cache
// while the parser streams megabytes through it — a 4 MiB table per ident made cache misses cost
// more than the scan, and even a 32 KiB one doubled the scan's cost inside the parse workers), and
// only a bit hit looks up the exact trigram (a small open-addressed table, not a Map: Map.get cost
// more than the scan) and verifies the keys.
//
// Which trigram of a key gets indexed matters more than anything else: the scan lands on one
// position per STRIDE, so a key needs one indexed trigram per alignment (offset mod STRIDE), but
// among the offsets of one alignment any will do. The plainest one (`ed `, `ion`, `ng `, which
// ordinary chatter is full of) sent the scan to the table three times per line; the rarest one
// (`OOM`, `Kil`, `k p`) almost never.

import { utf8Bytes } from '../utf8-bytes.ts';

/** Trigrams are read at every STRIDE-th position only: a key of length ≥ STRIDE + 2 always has
 *  one of its first STRIDE trigrams at such a position, so each key is indexed by those. */
const STRIDE = 6;
export const MIN_KEY_LENGTH = STRIDE + 2;

const tri = (t: string, i: number) => ((t.charCodeAt(i) & 127) << 14) | ((t.charCodeAt(i + 1) & 127) << 7) | (t.charCodeAt(i + 2) & 127);

/** How common a character is in ordinary log chatter: spaces, digits of timestamps and ids, the
 *  punctuation of klog / logrus / JSON headers, and English's frequent letters. Upper case and
 *  rare letters make a trigram worth indexing. */
function charCommonness(c: number): number {
  if (c === 32) return 3;
  if (c >= 48 && c <= 57) return 2;
  if (c >= 65 && c <= 90) return 0;
  if (c >= 97 && c <= 122) return 'etaoinsrlhdc'.includes(String.fromCharCode(c)) ? 2 : 1;
  return ':=".,-_/[]()'.includes(String.fromCharCode(c)) ? 2 : 1;
}
/** Trigrams English log text is full of, whatever their letters score. */
const COMMON = new Set(['ed ', 'ing', 'ng ', 'ion', ' th', 'the', 'he ', 'er ', 'ent', 'tio', 'for', 'or ', 'es ', ' to', 'to ', 'is ', 'in ', ' in', 'ate', 'ror', 'err',
  // English's next most frequent, and words every daemon's chatter repeats (start, time, process,
  // file, controller, manager, probe, container…): the first list still left three table look-ups
  // a line on a kubelet journal.
  'and', 'her', 'tha', 'nth', 'int', 'ere', 'ter', 'est', 'ers', 'ati', 'hat', 'all', 'ver', 'his', 'res', 'are', 'rea',
  'con', 'com', 'pro', 'sta', 'tar', 'art', 'tim', 'ime', 'me ', 'ile', 'fil', 'ont', 'ntr', 'nti', 'man', 'age', 'ger',
  'obe', 'rob', 'ead', 'ful', 'ted', 'ame', 'ces', 'cte', 'cti', 'oun', 'ain', 'ine', ' co', ' pr', ' st', ' re', 'ot ',
  'em ', 'han', 'ess', 'ode', 'lle', 'ler', 'ste', 'ect', 'nte', 'ort', 'ice', 'ser', 'vic', 'ake']);
function commonness(key: string, i: number): number {
  const s = key.slice(i, i + 3);
  return (COMMON.has(s) ? 10 : 0) + charCommonness(key.charCodeAt(i)) + charCommonness(key.charCodeAt(i + 1)) + charCommonness(key.charCodeAt(i + 2));
}

export class KeywordFilter {
  readonly keys: readonly string[];
  private readonly bits: Uint32Array;
  /** A bit per pair of chars (7 bits each) that begins some indexed trigram: most probes stop
   *  there, before the third char is read (a char read costs more than the bit tests). */
  private readonly pairs = new Uint32Array(1 << 9);
  private readonly shift: number;
  private readonly fold: number;
  /** Open-addressed table of the indexed trigrams, three ints a slot: trigram (-1 empty), and its
   *  anchors as a run [start, start + count) of the anchor arrays. */
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly anchorKey: Int32Array;
  private readonly anchorOffset: Int32Array;
  /** First char of each key: a cheap check before startsWith. */
  private readonly first: Int32Array;

  /** Keys too short for the strided scan (`BUG: `): looked for with includes, one call each per text. */
  readonly shortKeys: number[] = [];

  constructor(keys: readonly string[]) {
    this.keys = keys;
    this.first = Int32Array.from(keys, (k) => k.charCodeAt(0));
    const byTri = new Map<number, { key: number; offset: number }[]>();
    keys.forEach((key, k) => {
      if (key.length < 3) throw new Error(`rule key "${key}" is shorter than 3 characters: too common to prefilter on`);
      if (/[^\x00-\x7f]/.test(key)) throw new Error(`rule key "${key}" is not ASCII: findBytes reads UTF-8 bytes as chars`);
      if (key.length < MIN_KEY_LENGTH) { this.shortKeys.push(k); return; }
      for (let r = 0; r < STRIDE; r++) {
        // The rarest trigram among the offsets r, r + STRIDE, … that lie inside the key.
        let offset = r;
        for (let o = r + STRIDE; o + 3 <= key.length; o += STRIDE) if (commonness(key, o) < commonness(key, offset)) offset = o;
        const h = tri(key, offset);
        const b = byTri.get(h);
        if (b) { if (!b.some((a) => a.key === k && a.offset === offset)) b.push({ key: k, offset }); } else byTri.set(h, [{ key: k, offset }]);
      }
    });
    let bitsLog = 10;
    while (1 << bitsLog < byTri.size * 32 && bitsLog < 18) bitsLog++;
    this.shift = bitsLog; this.fold = (1 << bitsLog) - 1;
    this.bits = new Uint32Array(1 << (bitsLog - 5));
    for (const h of byTri.keys()) {
      const f = (h ^ (h >>> this.shift)) & this.fold; this.bits[f >>> 5]! |= 1 << (f & 31);
      const pair = h >>> 7; this.pairs[pair >>> 5]! |= 1 << (pair & 31);
    }
    let size = 16;
    while (size < byTri.size * 4) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size * 3);
    for (let s = 0; s < size; s++) this.slots[s * 3] = -1;
    const nAnchors = [...byTri.values()].reduce((n, b) => n + b.length, 0);
    this.anchorKey = new Int32Array(nAnchors);
    this.anchorOffset = new Int32Array(nAnchors);
    let at = 0;
    for (const [h, anchors] of byTri) {
      let s = this.slotOf(h);
      while (this.slots[s * 3] !== -1) s = (s + 1) & this.mask;
      this.slots[s * 3] = h; this.slots[s * 3 + 1] = at; this.slots[s * 3 + 2] = anchors.length;
      for (const a of anchors) { this.anchorKey[at] = a.key; this.anchorOffset[at] = a.offset; at++; }
    }
  }

  private slotOf(h: number): number { return Math.imul(h, 0x9e3779b1) >>> 0 & this.mask; }

  /** Indexes (into `keys`) of the keys found in the text (from char `from` on); empty when none —
   *  the common case. The scan reads the text's UTF-8 bytes (findBytes): encoding it first and
   *  reading bytes cost no more than reading its chars (~260 against ~280 ns a journal line). */
  find(text: string, from = 0): number[] {
    if (from > 0) text = text.slice(from);
    if (this.scratch.length < text.length * 3) this.scratch = utf8Bytes(text.length * 3);
    return this.findBytes(text, this.scratch, 0, this.scratch.utf8Write(text, 0));
  }

  /** Where find() encodes its text (grown as needed). */
  private scratch = utf8Bytes(4096);

  /** The keys found in `text`, given its UTF-8 bytes too, bytes[start, end) (a parser worker has
   *  them at hand). The strided scan reads the bytes — the keys are ASCII (checked when the filter
   *  is made), and no byte of a multi-byte char is one of theirs. A byte is read in a fraction of
   *  a char's time (the texts parsers hand out are slices, which charCodeAt unwraps on every call):
   *  167 against 278 ns a record on the bench journal. Short keys are looked for in the text:
   *  indexOf is native. */
  findBytes(text: string, bytes: Uint8Array, start: number, end: number): number[] {
    const n = end - 2;
    const { bits, pairs, shift, fold, slots, mask } = this;
    let found: number[] | null = null;
    for (let i = start; i < n; i += STRIDE) {
      const pair = ((bytes[i]! & 127) << 7) | (bytes[i + 1]! & 127);
      if ((pairs[pair >>> 5]! & (1 << (pair & 31))) === 0) continue;
      const h = (pair << 7) | (bytes[i + 2]! & 127);
      const f = (h ^ (h >>> shift)) & fold;
      if ((bits[f >>> 5]! & (1 << (f & 31))) === 0) continue;
      let s = (Math.imul(h, 0x9e3779b1) >>> 0) & mask;
      let t = slots[s * 3]!;
      while (t !== h && t !== -1) { s = (s + 1) & mask; t = slots[s * 3]!; }
      if (t === -1) continue;
      for (let a = slots[s * 3 + 1]!, stop = a + slots[s * 3 + 2]!; a < stop; a++) {
        const k = this.anchorKey[a]!;
        const at = i - this.anchorOffset[a]!;
        if (at >= start && bytes[at] === this.first[k] && holdsBytes(bytes, end, this.keys[k]!, at)) {
          if (found === null) found = [];
          if (!found.includes(k)) found.push(k);
        }
      }
    }
    for (const k of this.shortKeys) {
      if (text.indexOf(this.keys[k]!) >= 0) { if (found === null) found = []; found.push(k); }
    }
    return found ?? NONE;
  }
}

const NONE: number[] = [];

/** bytes hold the ASCII `key` at `at` (before `end`), by hand: on a few bytes a loop beats a call. */
function holdsBytes(bytes: Uint8Array, end: number, key: string, at: number): boolean {
  if (at + key.length > end) return false;
  for (let j = 1; j < key.length; j++) if (bytes[at + j] !== key.charCodeAt(j)) return false;
  return true;
}


/**
 * Where the words of a message begin when a daemon's own header leads it: klog's
 * `I0505 13:59:56.872880    2858 file.go:123] ` and logrus' `time="…" level=info ` hold no rule key,
 * and skipping them spares a third of the scan of a kubelet or containerd line in a journal.
 * The detector no longer calls it: on the sliced strings parsers hand out, its two indexOf calls
 * cost more than the strided scan of the header they skip (find alone 173 ns a record, wordsStart
 * + find 202 ns, on the detect-bench journal).
 */
export function wordsStart(text: string): number {
  const c = text.charCodeAt(0);
  // klog: [IWEF]MMDD hh:mm:ss.uuuuuu
  if ((c === 73 || c === 87 || c === 69 || c === 70) && text.charCodeAt(5) === 32 && text.charCodeAt(8) === 58) {
    const close = text.indexOf('] ', 14);
    return close > 0 && close < 120 ? close + 2 : 0;
  }
  if (c === 116 && text.startsWith('time="')) {
    const msg = text.indexOf(' msg=', 6);
    return msg > 0 && msg < 120 ? msg + 1 : 0;
  }
  return 0;
}
