import { describe, expect, it } from 'vitest';
import { batchOf, readRow, RecordBatchBuilder, sourceOf, type RecordValues } from './record-batch.ts';

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
    const got = rows.map((_, i) => { const out: unknown[] = []; readRow(batch, i, out, 0); return out; });
    expect(got).toEqual(rows);
    expect(sourceOf(batch, 42)).toBe(3);
    expect(b.n).toBe(0); // the builder starts over
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
