// The keyword filter must never miss a key, wherever it sits in the text (it reads only every
// third position), and must not invent one.
import { describe, expect, it } from 'vitest';
import { KeywordFilter, wordsStart } from './prefilter.ts';
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

  it('finds exactly the keys a text holds, in its UTF-8 bytes inside a larger buffer, whatever the script', () => {
    const texts: string[] = [];
    for (const key of keys) {
      for (let pad = 0; pad < 7; pad++) texts.push(`${'é'.repeat(pad)}${key} → 日本`, `${'x'.repeat(pad)}${key}`, `${key.slice(0, -1)}\u{1F600}${key.slice(-1)}`);
    }
    texts.push('', 'ab', 'May 05 13:59:56 node-1 systemd[1]: Started Session 123 of user core.', 'BUG: x', 'ÀBUG: ', 'BUG:');
    const buf = Buffer.alloc(1 << 16);
    for (const text of texts) {
      // Keys right before and after the text's bytes, which are not part of it.
      const start = buf.write('Kernel panic - not syncing', 0) + (text.length % 5);
      const end = start + buf.write(text, start, 'utf8');
      buf.write('table full, dropping packet', end);
      const holds = keys.flatMap((k, i) => (text.includes(k) ? [i] : []));
      expect([...filter.findBytes(text, buf, start, end)].sort((a, b) => a - b), JSON.stringify(text)).toEqual(holds);
      expect([...filter.find(text)].sort((a, b) => a - b), JSON.stringify(text)).toEqual(holds);
    }
    expect(() => new KeywordFilter(['naïve key'])).toThrow(/not ASCII/);
  });

  it('finds nothing in ordinary chatter, and several keys in one text', () => {
    expect(filter.find('May 05 13:59:56 node-1 systemd[1]: Started Session 123 of user core.')).toEqual([]);
    expect(filter.find('')).toEqual([]);
    const two = filter.find('nf_conntrack: table full, dropping packet\nKernel panic - not syncing: Fatal exception');
    expect(two.map((i) => keys[i])).toEqual(expect.arrayContaining(['table full, dropping packet', 'Kernel panic']));
  });

  it('skips the klog and logrus headers, which hold no key, and nothing else', () => {
    const klog = 'I0313 16:02:43.934473    1450 kubelet.go:1778] skipping pod synchronization - [PLEG is not healthy: pleg was last seen active 3m5.3s ago]';
    expect(klog.slice(wordsStart(klog))).toMatch(/^skipping pod/);
    expect(filter.find(klog, wordsStart(klog)).map((i) => keys[i])).toContain('PLEG is not healthy');
    const logrus = 'time="2021-09-15T21:17:10.220731Z" level=error msg="failed to dial: lookup registry on 10.0.0.2:53: i/o timeout"';
    expect(logrus.slice(wordsStart(logrus))).toMatch(/^msg=/);
    expect(wordsStart('INFO: task docker:20744 blocked for more than 120 seconds.')).toBe(0);
    expect(wordsStart('Killed process 1012 (heapster)')).toBe(0);
  });

  it('refuses keys too short to prefilter on, and keeps the short ones that each cost a scan few', () => {
    expect(() => new KeywordFilter(['QI'])).toThrow(/shorter than/);
    expect(filter.shortKeys.map((i) => keys[i])).toEqual(['BUG: ']);
  });
});
