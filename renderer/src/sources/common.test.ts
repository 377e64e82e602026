import { describe, expect, it } from 'vitest';
import { commonDir } from './paths.ts';

describe('source paths', () => {
  it('drops the bundle top directory all paths share', () => {
    expect(commonDir(['sos-x/var/log/messages', 'sos-x/var/log/kern.log', 'sos-x/sos_commands/kernel/dmesg'])).toBe('sos-x/');
    expect(commonDir(['var/log/a', 'var/log/ab'])).toBe('var/log/');
    expect(commonDir(['a', 'b'])).toBe('');
    expect(commonDir(['only/one'])).toBe('');
  });
});
