// The same kernel line reaches a bundle up to three times: in the journal, in /var/log/messages
// (rsyslog's copy, "kernel: " prefix stripped by the parser) and in dmesg / vmcore-dmesg (with a
// "[  123.456789]" stamp that some kernels also leave inside the message). They are kept per
// source but share a key: node + the message with stamps and spacing normalised. Closeness in time
// is checked when linking (core/store/post-load.ts), since dmesg's mapped stamps drift.
//
// The key is computed on every kernel record (~950k on the 1 GiB bench bundle). Normalising with
// regex replaces built four new strings a record (~900 bytes of garbage, measured with V8's
// sampling heap profiler on the bench's messages), so dupKey walks the message in place instead:
// normalisedStart finds where the stamp and `kernel:` prefixes end, and the hash reads the rest
// with each whitespace run read as one space, in one pass (the string's length is folded in at the
// end, not seeded first: seeding it took a first pass to count). normaliseKernelMessage is the same
// normalisation spelled as replaces: the reference the tests hold the walk to. Keys are compared
// only within one import's bundle (the node part holds the bundle's id), so a key computed by an
// older version never has to match a new one.

const MONO_PREFIX = /^\s*\[\s*\d+\.\d+\]\s*/;
const SPACES = /\s+/g;

export function normaliseKernelMessage(message: string): string {
  return message.replace(MONO_PREFIX, '').replace(/^kernel:\s*/, '').replace(SPACES, ' ').trim();
}

/** JavaScript's whitespace (`\s`, and what trim removes: WhiteSpace and LineTerminator). */
function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029
    || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
const isDigit = (c: number) => c >= 48 && c <= 57;

function skipSpaces(s: string, i: number): number {
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i;
}

/** Where the message starts once MONO_PREFIX and `kernel:\s*` are taken off (as the replaces do). */
function normalisedStart(s: string): number {
  let start = 0;
  let i = skipSpaces(s, 0);
  if (s.charCodeAt(i) === 91) { // [ secs.micros ]
    i = skipSpaces(s, i + 1);
    const d0 = i;
    while (isDigit(s.charCodeAt(i))) i++;
    if (i > d0 && s.charCodeAt(i) === 46) {
      const f0 = ++i;
      while (isDigit(s.charCodeAt(i))) i++;
      if (i > f0 && s.charCodeAt(i) === 93) start = skipSpaces(s, i + 1);
    }
  }
  if (s.startsWith('kernel:', start)) start = skipSpaces(s, start + 7);
  return start;
}

/** FNV-1a folded to 52 bits: an exact integer in JS and in SQLite, collisions are ~1 in 2^52. */
export function textHash(s: string): number {
  let h1 = 0x811c9dc5; let h2 = 0x01000193;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return fold(h1, h2, s.length);
}

const fold = (h1: number, h2: number, length: number): number =>
  (h1 >>> 0) * 0x100000 + ((Math.imul(h2 ^ length, 0x5bd1e995) >>> 0) & 0xfffff);

/** The key shared by copies of one kernel line of one node:
 *  textHash(`${node ?? ''}\u0000${normaliseKernelMessage(message)}`), without building either string. */
export function dupKey(node: string | null, message: string): number {
  const n = node ?? '';
  const start = normalisedStart(message);
  let h1 = 0x811c9dc5; let h2 = 0x01000193;
  for (let i = 0; i < n.length; i++) {
    const c = n.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193); h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  h1 = Math.imul(h1, 0x01000193); h2 = Math.imul(h2, 0x5bd1e995); // the \u0000 between them
  let len = 0; let any = false; let gap = false;
  for (let i = start; i < message.length; i++) {
    const c = message.charCodeAt(i);
    if (isSpace(c)) { if (any) gap = true; continue; }
    if (gap) { h1 = Math.imul(h1 ^ 32, 0x01000193); h2 = Math.imul(h2 ^ 32, 0x5bd1e995); len++; gap = false; }
    h1 = Math.imul(h1 ^ c, 0x01000193); h2 = Math.imul(h2 ^ c, 0x5bd1e995); len++; any = true;
  }
  return fold(h1, h2, n.length + 1 + len);
}
