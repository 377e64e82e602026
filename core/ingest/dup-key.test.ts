// The same kernel line as the journal, rsyslog's messages and dmesg print it.
import { describe, expect, it } from 'vitest';
import { dupKey, normaliseKernelMessage } from './dup-key.ts';

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
});
