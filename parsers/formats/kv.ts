// key=value tails: logfmt (containerd, CRI-O, logrus) and klog's structured logging
// (`"msg" key="value" key2=value pods=["a","b"]`). Quoted values with \-escapes, bracketed values
// ([…], {…}) kept whole, bare values up to the next blank. Never throws: junk is skipped.

/** Reads a "…" string at s[i] (s[i] is '"'); returns [value, index after the closing quote]. */
export function readQuoted(s: string, i: number): [string, number] {
  let out = '';
  let from = i + 1;
  for (let p = i + 1; p < s.length; p++) {
    const c = s.charCodeAt(p);
    if (c === 92) { // backslash
      out += s.slice(from, p);
      const n = s[p + 1];
      out += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : n ?? '';
      p++;
      from = p + 1;
    } else if (c === 34) {
      return [out + s.slice(from, p), p + 1];
    }
  }
  return [out + s.slice(from), s.length]; // unterminated: take the rest
}

function bracketEnd(s: string, i: number): number {
  let depth = 0, inStr = false;
  for (let p = i; p < s.length; p++) {
    const c = s.charCodeAt(p);
    if (inStr) { if (c === 92) p++; else if (c === 34) inStr = false; continue; }
    if (c === 34) inStr = true;
    else if (c === 91 || c === 123) depth++;
    else if (c === 93 || c === 125) { if (--depth === 0) return p + 1; }
  }
  return s.length;
}

/** Parses key=value pairs from s[start..] into `into`; returns the number of pairs found. */
export function parseKv(s: string, start: number, into: Record<string, string>): number {
  let p = start, n = 0, eq = -1;
  const len = s.length;
  // The next backslash, looked up again only once passed (len when there is none): most quoted
  // values hold none and are then one slice up to their closing quote, not a char-by-char copy.
  let bs = -1;
  while (p < len) {
    while (p < len && s.charCodeAt(p) === 32) p++;
    // The next '=' is looked up again only once passed: a long run of plain words before one
    // '=' stays linear (attacker-controlled lines).
    if (eq < p) eq = s.indexOf('=', p);
    if (eq < 0) break;
    const sp = s.indexOf(' ', p);
    if (sp >= 0 && sp < eq) { p = sp + 1; continue; } // a word without '=': skip it
    const key = s.slice(p, eq);
    let v: string;
    const c = s.charCodeAt(eq + 1);
    if (c === 34) {
      const close = s.indexOf('"', eq + 2);
      if (bs < eq + 2) { bs = s.indexOf('\\', eq + 2); if (bs < 0) bs = len; }
      if (close >= 0 && bs > close) { v = s.slice(eq + 2, close); p = close + 1; } else { const r = readQuoted(s, eq + 1); v = r[0]; p = r[1]; }
    }
    else if (c === 91 || c === 123) { const e = bracketEnd(s, eq + 1); v = s.slice(eq + 1, e); p = e; }
    else { const e = s.indexOf(' ', eq + 1); v = s.slice(eq + 1, e < 0 ? len : e); p = e < 0 ? len : e; }
    if (key.length > 0) { into[key] = v; n++; }
  }
  return n;
}
