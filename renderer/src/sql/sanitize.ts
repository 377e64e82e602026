// Text from a case reaches the SQL console's terminal, and log text is attacker-controlled: a line
// can carry escape sequences that retitle the window (OSC 0/2), write the clipboard (OSC 52), plant
// hyperlinks (OSC 8), move the cursor to overwrite what was printed (CSI H/A/J…), or talk to the
// terminal through DCS/APC/PM/SOS strings. xterm.js honours many of these. Only SGR colours
// (CSI … m) survive; every other sequence is removed whole, as are C0 controls (bar \n and \t),
// DEL and the C1 range (U+0080–U+009F, where 0x9B is an 8-bit CSI and 0x9D an 8-bit OSC).

const ESC = 0x1b;

/** True for the characters we let through as text: printable, \n, \t. */
function isControl(c: number): boolean {
  return (c < 0x20 && c !== 0x0a && c !== 0x09) || c === 0x7f || (c >= 0x80 && c <= 0x9f);
}

/** Index just past a string sequence (OSC, DCS, SOS, PM, APC) that starts its payload at `i`:
 *  it ends at BEL, ESC \ (ST) or 8-bit ST (0x9C). An unterminated one swallows the rest of the
 *  text, as a terminal would. */
function skipString(s: string, i: number): number {
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x07 || c === 0x9c) return i + 1;
    if (c === ESC && s.charCodeAt(i + 1) === 0x5c) return i + 2;
  }
  return s.length;
}

/** Parses a CSI body starting at `i` (after ESC [ or 0x9B). Returns the end index and whether it
 *  is a plain SGR (only digits, ';' and ':' as parameters, final 'm'). */
function readCsi(s: string, i: number): { end: number; sgr: boolean; body: string } {
  const start = i;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c >= 0x40 && c <= 0x7e) {
      const body = s.slice(start, i);
      return { end: i + 1, sgr: c === 0x6d && /^[0-9;:]*$/.test(body), body };
    }
    if (c < 0x20 || c > 0x3f) return { end: i, sgr: false, body: '' }; // malformed: drop the introducer
    i++;
  }
  return { end: s.length, sgr: false, body: '' };
}

/** Strips every control sequence except SGR colours. Safe to write to xterm. */
export function sanitizeForTerminal(s: string): string {
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === ESC) {
      const n = s.charCodeAt(i + 1);
      if (n === 0x5b) { // ESC [ : CSI
        const csi = readCsi(s, i + 2);
        if (csi.sgr) out += `\x1b[${csi.body}m`;
        i = csi.end;
      } else if (n === 0x5d || n === 0x50 || n === 0x58 || n === 0x5e || n === 0x5f) { // OSC, DCS, SOS, PM, APC
        i = skipString(s, i + 2);
      } else if (n >= 0x20 && n <= 0x2f) { // ESC with intermediates (charset designation …): skip to the final byte
        let j = i + 1;
        while (j < s.length && s.charCodeAt(j) >= 0x20 && s.charCodeAt(j) <= 0x2f) j++;
        i = Math.min(s.length, j + 1);
      } else {
        i += Number.isNaN(n) ? 1 : 2; // two-byte sequences: ESC 7/8 (cursor save/restore), ESC c (reset)…
      }
      continue;
    }
    if (c === 0x9b) { const csi = readCsi(s, i + 1); if (csi.sgr) out += `\x1b[${csi.body}m`; i = csi.end; continue; }
    if (c === 0x9d || c === 0x90 || c === 0x98 || c === 0x9e || c === 0x9f) { i = skipString(s, i + 1); continue; }
    if (isControl(c)) { i++; continue; }
    out += s[i];
    i++;
  }
  return out;
}

/** One table cell on one terminal line: sanitised, with line breaks and tabs made visible so a
 *  multi-line record cannot break the table's grid, and no colours (they would bleed across cells). */
export function sanitizeCell(s: string): string {
  return sanitizeForTerminal(s).replace(/\x1b\[[0-9;:]*m/g, '').replace(/\r?\n/g, '⏎').replace(/\t/g, '→');
}
