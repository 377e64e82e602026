import { describe, expect, it } from 'vitest';
import { storeText } from './raw-text.ts';
import { batchBuffers, batchOf, readRow, RecordBatchBuilder, reuseBatchBuffers, rowText, sourceOf, type RecordValues } from './record-batch.ts';

const row = (i: number): RecordValues => [
  3, i * 2 + 1, i * 2 + 2, i % 3 ? 1_764_000_000_000_000 + i : null, i % 6, i % 4 ? null : 12.345678, i % 5 ? 6 : null,
  i % 2 ? 'kubelet' : null, i % 7 ? 100 + i : null, 'node-a', i % 2 ? 'b0' : 'b1', `message ${i}`, i % 3 ? 'Nov 27 ' : null,
  i % 9 ? null : `raw\n${i}`, i % 8 ? null : 2 ** 52 - i,
];

describe('record batches', () => {
  it('gives back every value of every row, nulls included, across growth', () => {
    const rows = Array.from({ length: 100 }, (_, i) => row(i));
    const b = new RecordBatchBuilder(8); // grows 8 → 128
    for (const r of rows) b.addRow(r);
    const batch = b.take();
    expect(batch.n).toBe(100);
    expect([...batch.dict].sort()).toEqual(['b0', 'b1', 'kubelet', 'node-a']);
    // Numbers and words as bound; each text column as its UTF-8 bytes, a view of the batch's.
    const got = rows.map((_, i) => {
      const out: unknown[] = []; expect(readRow(batch, i, out, 0)).toBe(15);
      for (const v of out.slice(11, 14)) if (v !== null) expect((v as Uint8Array).buffer).toBe(batch.text.buffer);
      const text = (v: unknown) => (v === null ? null : Buffer.from(v as Uint8Array).toString('utf8'));
      return [...out.slice(0, 11), text(out[11]), text(out[12]), text(out[13]), out[14]];
    });
    expect(got).toEqual(rows);
    expect(rows.map((_, i) => rowText(batch, i))).toEqual(rows.map((r) => ({ message: r[11], prefix: r[12], raw: r[13] })));
    expect(sourceOf(batch, 42)).toBe(3);
    expect(b.n).toBe(0); // the builder starts over
  });

  it('fills the buffers of a batch handed back, and no value of the old batch shows through', () => {
    const b = new RecordBatchBuilder(64);
    for (let i = 0; i < 64; i++) b.addRow(row(i));
    const first = b.take();
    // As the pool does once the writer is done: the buffers go back (transferred: the first batch's
    // views are detached).
    const [num, text] = batchBuffers(first);
    const back = structuredClone({ num, text }, { transfer: [num!, text!] });
    reuseBatchBuffers(back.num, back.text);
    // The batch being filled got its buffers at the first take(): the spares serve the one after.
    for (let i = 0; i < 64; i++) b.addRow(row(i));
    b.take();
    // Rows 1..64 where rows 0..63 were: every slot differs from what the buffers held.
    const rows = Array.from({ length: 64 }, (_, i) => row(i + 1));
    for (const r of rows) b.addRow(r);
    const third = b.take();
    expect(third.num.buffer).toBe(back.num);
    expect(third.text.buffer).toBe(back.text);
    expect(rows.map((_, i) => rowText(third, i))).toEqual(rows.map((r) => ({ message: r[11], prefix: r[12], raw: r[13] })));
    expect(rows.map((_, i) => { const out: unknown[] = []; readRow(third, i, out, 0); return out.slice(0, 11); })).toEqual(rows.map((r) => r.slice(0, 11)));
  });

  it('keeps text of any length and script, empty strings apart from nulls, across text growth', () => {
    const texts = ['', 'é', 'ü'.repeat(5000), '日本語のログ', '\u{1F600} emoji', 'lone \ud800 surrogate', 'nul \u0000 inside', 'x'.repeat(300_000)];
    const b = new RecordBatchBuilder(2);
    texts.forEach((t, i) => b.add(1, i + 1, i + 1, null, 0, null, null, null, null, null, null, t, i % 2 ? '' : null, i % 3 ? null : t, null));
    const batch = b.take();
    const back = texts.map((_, i) => rowText(batch, i));
    // A lone surrogate is not UTF-8: it becomes U+FFFD, as better-sqlite3 did when binding a string.
    expect(back.map((r) => r.message)).toEqual(texts.map((t) => t.replace('\ud800', '\ufffd')));
    expect(back.map((r) => r.prefix)).toEqual(texts.map((_, i) => (i % 2 ? '' : null)));
    expect(back.map((r) => r.raw)).toEqual(texts.map((t, i) => (i % 3 ? null : t.replace('\ud800', '\ufffd'))));
  });

  it('writes a parsed record\'s kept text from its raw bytes as storeText keeps it, whatever the script', () => {
    // Pieces that make every layout: the message at the end or inside, host, ident and exact stamps
    // cut (next to each other too), marks in the text, chars of two and three bytes, surrogates.
    const ts = Date.UTC(2026, 10, 27, 9, 51, 30) * 1000 + 123_456;
    const pieces = ['2026-11-27T09:51:30.123456', '2026-11-27T09:51:30.123457', 'node-a', 'kubelet', ' ', ': ', '{"msg":"', '"}',
      '\u0001', '\u0003', 'x', 'msg', 'é', '日本', '\u{1F600}', '\ud800'];
    let seed = 3;
    const rand = (n: number) => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return (seed >>> 8) % n; };
    const records = Array.from({ length: 6000 }, () => {
      const raw = Array.from({ length: 1 + rand(8) }, () => pieces[rand(pieces.length)]!).join('');
      const at = rand(raw.length + 1);
      const message = rand(3) ? raw.slice(at) : raw.slice(rand(at + 1), at);
      const host = rand(3) ? 'node-a' : null, ident = rand(3) ? pieces[rand(pieces.length)]! : null;
      return { raw, message, host, ident, stamp: rand(2) ? ts : null };
    });
    const b = new RecordBatchBuilder(16);
    records.forEach((r, i) => b.addParsed(1, i + 1, i + 1, ts, 0, null, null, r.ident, null, r.host, null, r.raw, r.message, r.stamp, null));
    const batch = b.take();
    const utf8 = (s: string | null) => (s === null ? null : Buffer.from(s, 'utf8').toString('utf8'));
    const kept = records.map((r) => { const s = storeText(r.raw, r.message, r.host, r.ident, r.stamp); return { message: utf8(r.message), prefix: utf8(s.prefix), raw: utf8(s.raw) }; });
    expect(records.map((_, i) => rowText(batch, i))).toEqual(kept);
    // Told the raw texts hold no marks (the source had no such bytes), the same for those that hold none.
    const clean = records.filter((r) => !/[\u0001-\u0003]/.test(r.raw) && !/[\u0001-\u0003]/.test(r.ident ?? ''));
    const c = new RecordBatchBuilder(16);
    clean.forEach((r, i) => c.addParsed(1, i + 1, i + 1, ts, 0, null, null, r.ident, null, r.host, null, r.raw, r.message, r.stamp, null, true));
    const cleanBatch = c.take();
    expect(clean.length).toBeGreaterThan(2000);
    expect(clean.map((_, i) => rowText(cleanBatch, i))).toEqual(clean.map((r) => kept[records.indexOf(r)]));
    expect(kept.filter((k) => k.prefix?.includes('\u0001\u0001')).length).toBeGreaterThan(50); // stamps were cut
    expect(kept.filter((k) => k.prefix?.includes('\u0003')).length).toBeGreaterThan(100); // and inner messages
  });

  it('finds the record holding a line, multi-line records included', () => {
    const b = new RecordBatchBuilder(4);
    for (let i = 0; i < 10; i++) b.addRow(row(i)); // record i covers lines 2i+1 … 2i+2
    expect(b.indexOfLine(1)).toBe(0);
    expect(b.indexOfLine(8)).toBe(3);
    expect(b.indexOfLine(20)).toBe(9);
    expect(b.indexOfLine(21)).toBe(-1);
  });

  it('builds a batch from rows as tests and tools write them', () => {
    expect(batchOf([row(1), row(2)]).n).toBe(2);
  });
});
