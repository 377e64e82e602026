// The keyword filter must never miss a key, wherever it sits in the text (it reads only every
// third position), and must not invent one.
import { describe, expect, it } from 'vitest';
import { KeywordFilter } from './prefilter.ts';
import { RULES } from './table/index.ts';

describe('KeywordFilter', () => {
  const keys = [...new Set(RULES.flatMap((r) => r.keys))];
  const filter = new KeywordFilter(keys);

  it('finds every rule key at every alignment, at the start, middle and end of a line', () => {
    for (const [k, key] of keys.entries()) {
      for (let pad = 0; pad < 7; pad++) {
        for (const text of ['x'.repeat(pad) + key, `${'x'.repeat(pad)}${key} trailing words`, `May 05 13:59:56 node-1 kernel: ${'.'.repeat(pad)}${key}`]) {
          expect(filter.find(text), `${JSON.stringify(key)} in ${JSON.stringify(text)}`).toContain(k);
        }
      }
    }
  });

  it('finds nothing in ordinary chatter, and several keys in one text', () => {
    expect(filter.find('May 05 13:59:56 node-1 systemd[1]: Started Session 123 of user core.')).toEqual([]);
    expect(filter.find('')).toEqual([]);
    const two = filter.find('nf_conntrack: table full, dropping packet\nKernel panic - not syncing: Fatal exception');
    expect(two.map((i) => keys[i])).toEqual(expect.arrayContaining(['table full, dropping packet', 'Kernel panic']));
  });

  it('refuses keys too short to prefilter on', () => {
    expect(() => new KeywordFilter(['QID'])).toThrow(/shorter than/);
  });
});
