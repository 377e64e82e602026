// Raw lines stored as what is left around their message, and read back byte for byte.
import { describe, expect, it } from 'vitest';
import { rawText, storeText } from './raw-text.ts';

const TS = Date.UTC(2026, 10, 27, 9, 51, 30) * 1000 + 123_456;
const CRI_STAMP = '2026-11-27T09:51:30.123456';
const cases: { what: string; raw: string; message: string; host: string | null; ident: string | null; stamp?: number }[] = [
  { what: 'journal line', raw: 'Nov 27 09:51:00 node-a kernel: Out of memory: Killed process 4242 (java)', message: 'Out of memory: Killed process 4242 (java)', host: 'node-a', ident: 'kernel' },
  { what: 'CRI line around etcd JSON', raw: '2026-11-27T09:51:30.123456789Z stderr F {"level":"info","msg":"raft.node: elected leader 91bc at term 5"}', message: 'raft.node: elected leader 91bc at term 5', host: null, ident: 'etcd' },
  { what: 'host and ident repeated in the message', raw: 'Nov 27 09:50:00 kubelet kubelet[2211]: kubelet on kubelet started', message: 'kubelet on kubelet started', host: 'kubelet', ident: 'kubelet' },
  { what: 'multi-line record', raw: 'BUG: unable to handle page fault\nCall Trace:\n dump_stack+0x5c/0x80', message: 'BUG: unable to handle page fault\n Call Trace: dump_stack', host: null, ident: 'kernel' },
  { what: 'text holding the marks', raw: 'x\u0001y node-a: z', message: 'z', host: 'node-a', ident: null },
  { what: 'bare message', raw: 'plain text', message: 'plain text', host: null, ident: null },
  { what: 'message holding the marks', raw: 'Nov 27 09:51:00 node-a app: a\u0003b\u0001c', message: 'a\u0003b\u0001c', host: 'node-a', ident: 'app' },
  { what: 'marks after an inner message', raw: '2026-11-27T09:51:30Z stdout F {"msg":"m","x":"\u0001\u0003"}', message: 'm', host: null, ident: 'etcd' },
  { what: 'ident holding a replacement pattern', raw: 'Nov 27 09:51:00 node-a a$&b[1]: hi', message: 'hi', host: 'node-a', ident: 'a$&b' },
  { what: 'CRI line around etcd JSON, stamped exactly', raw: `${CRI_STAMP}123Z stderr F {"level":"info","ts":"${CRI_STAMP}Z","msg":"compacted","rev":5}`, message: 'compacted', host: null, ident: null, stamp: TS },
  { what: 'exact stamp written in another zone', raw: '2026-11-27T10:51:30.123456+01:00 node-a app: hi', message: 'hi', host: 'node-a', ident: 'app', stamp: TS },
  { what: 'host right after the stamp', raw: `${CRI_STAMP}node-a: hi`, message: 'hi', host: 'node-a', ident: null, stamp: TS },
  { what: 'host holding a mark, after clean hosts', raw: 'Nov 27 09:51:00 no\u0001de app: hi', message: 'hi', host: 'no\u0001de', ident: 'app' },
  { what: 'ident holding a mark, after clean idents', raw: 'Nov 27 09:51:00 node-a a\u0002pp: hi', message: 'hi', host: 'node-a', ident: 'a\u0002pp' },
  { what: 'stamp twice in a row', raw: `${CRI_STAMP}${CRI_STAMP} x: hi`, message: 'hi', host: null, ident: 'x', stamp: TS },
];

describe('stored text', () => {
  for (const c of cases) {
    it(`reads back a ${c.what} exactly`, () => {
      const s = storeText(c.raw, c.message, c.host, c.ident, c.stamp ?? null);
      expect(rawText({ ...s, message: c.message, host: c.host, ident: c.ident, ts: c.stamp ?? null })).toBe(c.raw);
    });
  }
  it('keeps no second copy of the message or the host', () => {
    const s = storeText(cases[0]!.raw, cases[0]!.message, 'node-a', 'kernel');
    expect(s).toEqual({ prefix: 'Nov 27 09:51:00 \u0001 \u0002: ', raw: null });
    const cri = storeText(cases[1]!.raw, cases[1]!.message, null, 'etcd');
    expect(cri.raw).toBeNull();
    expect(cri.prefix!.length).toBe(cases[1]!.raw.length - cases[1]!.message.length + 1);
  });
  it('keeps an exact stamp as a mark, read back from ts; an inferred one (no stamp given) as text', () => {
    const c = cases.find((x) => x.what.startsWith('CRI line around etcd JSON, stamped'))!;
    const s = storeText(c.raw, c.message, null, null, TS);
    expect(s.prefix).toBe('\u0001\u0001123Z stderr F {"level":"info","ts":"\u0001\u0001Z","msg":"\u0003","rev":5}');
    expect(storeText(c.raw, c.message, null, null, null).prefix).toContain(CRI_STAMP);
    expect(storeText(c.raw, c.message, null, null, TS + 1).prefix).toContain(CRI_STAMP); // another instant: not this text
    expect(storeText(cases[11]!.raw, 'hi', 'node-a', null, TS).prefix).toBe(`${CRI_STAMP}\u0001: `); // beside the host mark: text
  });
  it('marks exact stamps rendered as Date renders them, across days, years and midnights', () => {
    let seed = 7;
    const rand = (n: number) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed % n; };
    const instants = [0, 86_399_999_999, 86_400_000_000, Date.UTC(2026, 11, 31, 23, 59, 59) * 1000 + 999_999, Date.UTC(2027, 0, 1) * 1000];
    for (let k = 0; k < 3000; k++) instants.push((rand(2 ** 31) * 1000 + rand(1000)) * 1000 + rand(1000)); // 1970..2038, µs
    for (const ts of instants) {
      const iso = `${new Date(Math.floor(ts / 1000)).toISOString().slice(0, 19)}.${String(ts % 1_000_000).padStart(6, '0')}`;
      const raw = `${iso}123Z stdout F {"ts":"${iso}Z","msg":"compacted"}`;
      const s = storeText(raw, 'compacted', null, null, ts);
      expect(s.prefix, iso).toBe('\u0001\u0001123Z stdout F {"ts":"\u0001\u0001Z","msg":"\u0003"}');
      expect(rawText({ ...s, message: 'compacted', host: null, ident: null, ts })).toBe(raw);
    }
  });
  it('reads a prefix made before stamps were marked (one host mark) as it was', () => {
    expect(rawText({ raw: null, prefix: 'Nov 27 \u0001 \u0002: ', message: 'm', host: 'h', ident: 'i', ts: TS })).toBe('Nov 27 h i: m');
  });
});
