// When did the node boot? dmesg stamps are seconds since boot; the same kernel lines appear with
// wall-clock stamps in `dmesg -T` and in the journal / messages. The median difference over lines
// that occur once in the boot gives the boot start (the rule parsers/bundle/read.ts applies when it
// reads a bundle in one thread; here the workers send samples and this module pairs them).
// Lines are keyed by a 52-bit hash of the message (core/ingest/dup-key.ts textHash), not the text:
// 20,000 sampled lines per source cost ~15 MiB of worker heap as strings, well under 1 MiB as numbers.
export type KernelSample = [messageHash: number, value: number | null][];

export interface BootPairing { mono: Map<number, number | null>; human: Map<number, number>; wall: Map<number, number> }

export const newPairing = (): BootPairing => ({ mono: new Map(), human: new Map(), wall: new Map() });

export function addSample(p: BootPairing, kind: 'mono' | 'human' | 'wall', lines: KernelSample): void {
  for (const [msg, v] of lines) {
    if (kind === 'mono') p.mono.set(msg, p.mono.has(msg) ? null : v);
    else if (v !== null) (kind === 'human' ? p.human : p.wall).set(msg, v);
  }
}

function pairMedian(mono: Map<number, number | null>, wall: Map<number, number>): { ts: number; n: number } | null {
  const diffs: number[] = [];
  for (const [msg, m] of mono) {
    if (m === null) continue;
    const w = wall.get(msg);
    if (w !== undefined) diffs.push(w - Math.round(m * 1e6));
  }
  if (diffs.length < 3) return null;
  diffs.sort((a, b) => a - b);
  return { ts: diffs[diffs.length >> 1]!, n: diffs.length };
}

/** Boot-start readings from the samples, with the priorities parsers/bundle/read.ts gives them. */
export function pairedBoots(p: BootPairing): { ts: number; how: string; priority: number }[] {
  const out: { ts: number; how: string; priority: number }[] = [];
  const h = pairMedian(p.mono, p.human);
  if (h) out.push({ ts: h.ts, how: `dmesg paired with dmesg -T (${h.n} lines)`, priority: 5 });
  const j = pairMedian(p.mono, p.wall);
  if (j) out.push({ ts: j.ts, how: `dmesg paired with the journal's kernel lines (${j.n} lines)`, priority: 3.5 });
  return out;
}
