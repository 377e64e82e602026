// The same kernel line as the journal, rsyslog's messages and dmesg print it.
import { describe, expect, it } from 'vitest';
import { dupKey, normaliseKernelMessage, textHash } from './dup-key.ts';

describe('dup key', () => {
  const journal = 'Out of memory: Killed process 4242 (java) total-vm:1000kB, anon-rss:900kB';
  it('matches a line across sources whatever stamp or spacing it carries', () => {
    expect(normaliseKernelMessage('[ 6123.456789] Out of memory:  Killed process 4242 (java) total-vm:1000kB, anon-rss:900kB'))
      .toBe(journal);
    expect(dupKey('n', `kernel: ${journal}`)).toBe(dupKey('n', journal));
    expect(dupKey('n', `[  600.000000] ${journal}`)).toBe(dupKey('n', journal));
  });
  it('tells nodes and messages apart, and stays an exact integer', () => {
    expect(dupKey('a', journal)).not.toBe(dupKey('b', journal));
    expect(dupKey('a', journal)).not.toBe(dupKey('a', journal.replace('4242', '4243')));
    expect(Number.isSafeInteger(dupKey('a', journal))).toBe(true);
  });
  it('hashes in place, in one pass, exactly what the replaces normalise', () => {
    // Pieces that exercise each part of the normalisation: stamps whole and broken, `kernel:` at
    // the start and elsewhere, every kind of JavaScript whitespace, and plain text.
    const pieces = ['[', ']', ' ', '  ', '\t', '\n', '\u00a0', '\u2003', '\u3000', '\ufeff', '\u200b', '12', '.', '345678',
      'kernel:', 'kernel', ':', 'Out of memory', 'é', '[ 6123.456789]', '[12.5]', '[.5]', '[5.]', 'x'];
    let seed = 42;
    const rand = (n: number) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed % n; };
    const cases = ['', ' ', 'kernel:', '[1.2]', ' [1.2] kernel:  x  ', ' kernel: x', 'kernel:x', '[1.2]kernel:\tOops'];
    for (let k = 0; k < 5000; k++) {
      let m = '';
      for (let j = rand(9); j >= 0; j--) m += pieces[rand(pieces.length)];
      cases.push(m);
    }
    for (const m of cases) {
      for (const node of ['node-a', null]) expect(dupKey(node, m), JSON.stringify(m)).toBe(textHash(`${node ?? ''}\u0000${normaliseKernelMessage(m)}`));
    }
  });
});
