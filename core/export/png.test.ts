// The PNG export at a chosen size: a real PNG of exactly that size, drawn by the Chromium on this
// machine; skipped with a message where none is installed (md, html and json do not need one).
import { describe, expect, it } from 'vitest';
import { chromiumPath, renderPng } from './png.ts';
import { REPORT_SCHEMA_VERSION, type ReportModel } from './model.ts';

const CRASH = Date.UTC(2025, 2, 14, 2, 41, 9) * 1000;
const model: ReportModel = {
  schemaVersion: REPORT_SCHEMA_VERSION, title: 't', caseFile: 'c', generatedAt: CRASH, redacted: false, sosCleaned: false, range: null,
  nodes: ['n1', 'n2'], crashTime: CRASH,
  crashes: [{ node: 'n1', time: CRASH, outcome: 'panic', summary: '', cause: null, alternatives: [], missing: [] }],
  timeline: [{ kind: 'event', ts: CRASH - 60e6, endTs: null, offset: 'T−1m 00s', node: 'n2', what: 'oom_kill', severity: 'critical', message: '<b>x</b>', note: null, evidence: false }],
  sources: [], choices: [],
  view: { from: CRASH - 600e6, to: CRASH + 60e6, buckets: 2, lanes: [{ node: 'n1', counts: [1, 2], worst: [0, 4] }, { node: 'n2', counts: [0, 3], worst: [0, 3] }] },
  counts: { records: 0, events: 1, annotations: 0 },
};

describe('PNG', () => {
  const exe = chromiumPath();
  it.skipIf(!exe)(`is a PNG of the chosen size (Chromium: ${exe ?? 'none installed, skipped'})`, async () => {
    const png = await renderPng(model, 900, 300);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    // IHDR: width and height as big-endian words at bytes 16 and 20.
    expect(png.readUInt32BE(16)).toBe(900);
    expect(png.readUInt32BE(20)).toBe(300);
    expect(png.length).toBeGreaterThan(2000); // lanes, marks and text, not a blank frame
  });
});
