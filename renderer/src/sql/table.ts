// SQL results drawn as a text table for the terminal, like `sqlite3 -box`: every cell sanitised,
// kept on one line, and cut to a width so one huge `raw` column does not wreck the grid.
import type { SqlResult } from '../../../core/api/types.ts';
import { sanitizeCell } from './sanitize.ts';

/** Display width of a string in terminal cells: wide East Asian characters take two. */
export function cellWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1faff) || (c >= 0x20000 && c <= 0x3fffd) ? 2 : 1;
  }
  return w;
}

/** Cuts to at most `max` cells, with an ellipsis when cut. */
export function fit(s: string, max: number): string {
  if (cellWidth(s) <= max) return s;
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = cellWidth(ch);
    if (w + cw > max - 1) break;
    out += ch;
    w += cw;
  }
  return out + '…';
}

export function cellText(v: unknown): string {
  if (v === null || v === undefined) return 'NULL';
  if (typeof v === 'object') return sanitizeCell(JSON.stringify(v));
  return sanitizeCell(String(v));
}

const pad = (s: string, w: number, right: boolean) => {
  const gap = ' '.repeat(Math.max(0, w - cellWidth(s)));
  return right ? gap + s : s + gap;
};

/** Lines of a box table; numbers right-aligned. `maxCol` caps one column's width. */
export function formatTable(result: Pick<SqlResult, 'columns' | 'rows'>, maxCol = 60): string[] {
  const cols = result.columns.map((c) => fit(sanitizeCell(c), maxCol));
  const cells = result.rows.map((r) => cols.map((_, i) => fit(cellText(r[i]), maxCol)));
  const numeric = cols.map((_, i) => result.rows.length > 0 && result.rows.every((r) => r[i] === null || typeof r[i] === 'number'));
  const widths = cols.map((c, i) => Math.max(cellWidth(c), ...cells.map((r) => cellWidth(r[i]!))));
  const line = (l: string, m: string, r: string) => l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r;
  const out = [line('┌', '┬', '┐')];
  out.push('│' + cols.map((c, i) => ` ${pad(c, widths[i]!, false)} `).join('│') + '│');
  out.push(line('├', '┼', '┤'));
  for (const r of cells) out.push('│' + r.map((c, i) => ` ${pad(c, widths[i]!, numeric[i]!)} `).join('│') + '│');
  out.push(line('└', '┴', '┘'));
  return out;
}

/** Command history with up/down recall, like a shell: duplicates of the last entry not stored. */
export class History {
  private items: string[] = [];
  private pos = 0;
  constructor(initial: string[] = [], private readonly max = 200) { this.items = initial.slice(-max); this.pos = this.items.length; }
  push(cmd: string): void {
    const c = cmd.trim();
    if (c && this.items[this.items.length - 1] !== c) this.items.push(c);
    if (this.items.length > this.max) this.items.shift();
    this.pos = this.items.length;
  }
  up(): string | null { if (this.pos === 0) return this.items.length ? this.items[0]! : null; this.pos--; return this.items[this.pos]!; }
  down(): string { if (this.pos < this.items.length) this.pos++; return this.items[this.pos] ?? ''; }
  all(): string[] { return this.items.slice(); }
}
