// The same kernel line reaches a bundle up to three times: in the journal, in /var/log/messages
// (rsyslog's copy, "kernel: " prefix stripped by the parser) and in dmesg / vmcore-dmesg (with a
// "[  123.456789]" stamp that some kernels also leave inside the message). They are kept per
// source but share a key: node + the message with stamps and spacing normalised. Closeness in time
// is checked when linking (core/store/post-load.ts), since dmesg's mapped stamps drift.

const MONO_PREFIX = /^\s*\[\s*\d+\.\d+\]\s*/;
const SPACES = /\s+/g;

export function normaliseKernelMessage(message: string): string {
  return message.replace(MONO_PREFIX, '').replace(/^kernel:\s*/, '').replace(SPACES, ' ').trim();
}

/** FNV-1a folded to 52 bits: an exact integer in JS and in SQLite, collisions are ~1 in 2^52. */
export function textHash(s: string): number {
  let h1 = 0x811c9dc5; let h2 = 0x01000193 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return (h1 >>> 0) * 0x100000 + ((h2 >>> 0) & 0xfffff);
}

/** The key shared by copies of one kernel line of one node. */
export function dupKey(node: string | null, message: string): number {
  return textHash(`${node ?? ''}\u0000${normaliseKernelMessage(message)}`);
}
