// Every format's own sample lines (lnav's habit): a format whose samples do not parse to what
// they claim fails here, loudly.
import { describe, expect, it } from 'vitest';
import { FORMATS } from './index.ts';
import { pick, runFormat } from './test-helpers.ts';

describe('format samples', () => {
  for (const spec of FORMATS) {
    describe(spec.id, () => {
      it('has samples', () => { expect(spec.samples.length).toBeGreaterThan(0); });
      spec.samples.forEach((s, i) => {
        it(`sample ${i + 1}: ${s.lines.split('\n')[0]!.slice(0, 70)}`, () => {
          const { records } = runFormat(spec, s.lines, s.time);
          expect(records.length).toBeGreaterThan(0);
          const want = s.expect.line ?? 1;
          const rec = records.find((r) => r.line === want) ?? records[0]!;
          expect(pick(rec, s.expect)).toEqual(s.expect);
        });
      });
    });
  }
});
