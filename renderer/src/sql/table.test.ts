import { describe, expect, it } from 'vitest';
import { cellWidth, fit, formatTable, History } from './table.ts';

describe('sql result table', () => {
  it('draws a box with numbers right-aligned and NULLs named', () => {
    const lines = formatTable({ columns: ['severity', 'n'], rows: [['err', 12], [null, 3456]] });
    expect(lines).toEqual([
      '┌──────────┬──────┐',
      '│ severity │ n    │',
      '├──────────┼──────┤',
      '│ err      │   12 │',
      '│ NULL     │ 3456 │',
      '└──────────┴──────┘',
    ]);
  });
  it('keeps hostile cells on one line without escapes', () => {
    const lines = formatTable({ columns: ['message'], rows: [['a\x1b]0;title\x07b\nc\x1b[2J']] });
    expect(lines[3]).toBe('│ ab⏎c    │');
    expect(lines.join('')).not.toContain('\x1b');
  });
  it('cuts wide columns and counts wide characters as two cells', () => {
    expect(cellWidth('日本a')).toBe(5);
    expect(fit('abcdefgh', 5)).toBe('abcd…');
    const lines = formatTable({ columns: ['raw'], rows: [['x'.repeat(100)]] }, 10);
    expect(lines[3]).toBe('│ xxxxxxxxx… │');
  });
});

describe('console history', () => {
  it('recalls with up and down like a shell', () => {
    const h = new History();
    h.push('select 1'); h.push('select 2'); h.push('select 2');
    expect(h.all()).toEqual(['select 1', 'select 2']);
    expect(h.up()).toBe('select 2');
    expect(h.up()).toBe('select 1');
    expect(h.up()).toBe('select 1');
    expect(h.down()).toBe('select 2');
    expect(h.down()).toBe('');
  });
});
