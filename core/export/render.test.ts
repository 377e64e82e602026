// Each renderer on a report whose log text is hostile: an <img onerror>, a </script>, pipes and
// backtick runs must come out as text — no markup, no broken table row, no closed fence.
import { describe, expect, it } from 'vitest';
import { REPORT_SCHEMA_VERSION, clipQuote, type ReportModel } from './model.ts';
import { renderMarkdown } from './markdown.ts';
import { renderHtml } from './html.ts';
import { renderJson } from './index.ts';
import { timelineSvg } from './timeline-svg.ts';
import { offsetFromCrash } from './time.ts';

const CRASH = Date.UTC(2025, 2, 14, 2, 41, 9) * 1000;
const MIN = 60e6;
const HOSTILE = 'kubelet: pod "a|b" said `rm -rf` ``` </script><img src=x onerror=alert(1)> | done';

function model(): ReportModel {
  return {
    schemaVersion: REPORT_SCHEMA_VERSION, title: 'Crash report: wrk|eu<b>03</b>', caseFile: 'x.case', generatedAt: CRASH + 3600e6,
    redacted: false, sosCleaned: false, range: null, nodes: ['wrk-eu-03'], crashTime: CRASH,
    crashes: [{
      node: 'wrk-eu-03', time: CRASH, outcome: 'hard_reset', summary: 'Memory ran out <b>twice</b>', missing: ['no vmcore | kdump off'],
      alternatives: [{ category: 'kernel', type: 'hung_task', confidence: 0.16, summary: 'Tasks hung' }],
      cause: {
        category: 'memory', type: 'oom_kill', confidence: 0.62, summary: 'Memory ran out: 3 OOM kills in 9 minutes',
        evidence: [{ eventId: 7, ts: CRASH - 9 * MIN, offset: offsetFromCrash(CRASH - 9 * MIN, CRASH), node: 'wrk-eu-03', type: 'oom_kill', severity: 'error',
          message: 'OOM', raw: HOSTILE, source: 'var/log/messages', line: 12, choice: 'accepted' }],
      },
    }],
    timeline: [
      { kind: 'event', ts: CRASH - 9 * MIN, endTs: null, offset: offsetFromCrash(CRASH - 9 * MIN, CRASH), node: 'wrk-eu-03', what: 'oom_kill', severity: 'error', message: HOSTILE, note: null, evidence: true },
      { kind: 'annotation', ts: CRASH - 9 * MIN, endTs: null, offset: offsetFromCrash(CRASH - 9 * MIN, CRASH), node: 'wrk-eu-03', what: 'event', severity: null, message: HOSTILE,
        note: { id: 1, star: true, tags: ['root-cause'], comment: 'the `java` | pod <script>alert(2)</script>', choice: 'accepted' }, evidence: true },
      { kind: 'annotation', ts: CRASH - 5 * MIN, endTs: CRASH - 2 * MIN, offset: offsetFromCrash(CRASH - 5 * MIN, CRASH), node: null, what: 'range', severity: null, message: 'range',
        note: { id: 2, star: false, tags: [], comment: 'kubelet flapping here', choice: null }, evidence: false },
    ],
    sources: [{ node: 'wrk-eu-03', path: 'var/log/messages|x', format: 'syslog-rfc3164', firstTs: CRASH - 3600e6, lastTs: CRASH, records: 10, warnings: 0 }],
    choices: [{ eventId: 7, choice: 'accepted', message: 'OOM' }],
    view: { from: CRASH - 15 * MIN, to: CRASH + MIN, buckets: 4, lanes: [{ node: 'wrk-eu-03', counts: [1, 0, 5, 2], worst: [1, 0, 3, 4] }] },
    counts: { records: 10, events: 2, annotations: 2 },
  };
}

/** Table cells split on unescaped pipes. */
const cells = (row: string) => row.split(/(?<!\\)\|/).length - 2;

describe('Markdown', () => {
  const md = renderMarkdown(model());
  it('keeps every table row to its columns and no markup', () => {
    const rows = md.split('\n').filter((l) => l.startsWith('|'));
    expect(rows.length).toBeGreaterThan(6);
    for (const r of rows) {
      const header = md.split('\n').find((l) => l.startsWith('|') && md.indexOf(l) <= md.indexOf(r) && l.split('|').length === cells(r) + 2);
      expect(header, r).toBeDefined();
    }
    const timelineRows = rows.filter((r) => r.startsWith('| T'));
    expect(timelineRows).toHaveLength(4); // the header and three items
    for (const r of timelineRows) expect(cells(r), r).toBe(6);
    // Inside a fence the line is literal text; outside, no markup may remain.
    const outsideFences = md.replace(/^( *)(`{3,})text\n[\s\S]*?\n\1\2$/gm, '');
    expect(outsideFences.length).toBeLessThan(md.length);
    expect(outsideFences).not.toMatch(/<img|<script|<\/script>|<b>/);
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });
  it('quotes the evidence line whole in a fence it cannot close', () => {
    const fence = /^( *)(`{4,})text$/m.exec(md);
    expect(fence).not.toBeNull(); // the line holds ```, so the fence is longer
    expect(md).toContain(`${fence![1]}${HOSTILE}\n${fence![1]}${fence![2]}\n`);
  });
  it('holds the summary, notes, choices, missing evidence and sources', () => {
    expect(md).toContain('| wrk-eu-03 | 2025-03-14 02:41:09.000Z | hard reset | memory / oom\\_kill | 62 % |');
    expect(md).toMatch(/\| T−9m 00s \|.*★ #root-cause evidence accepted — the \\`java\\` \\\| pod &lt;script&gt;/);
    expect(md).toContain('kubelet flapping here');
    expect(md).toContain('accepted by the user');
    expect(md).toContain('- no vmcore | kdump off');
    expect(md).toContain('var/log/messages\\|x');
  });
});

describe('HTML', () => {
  const html = renderHtml(model());
  it('is one file with no script, no external reference, and a CSP that forbids loading', () => {
    expect(html).not.toMatch(/<script|<img|<link|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/<[a-z][^>]*\s(src|href)=/i);
    expect(html).toContain("default-src 'none'");
    expect(html).toContain('@media print');
  });
  it('escapes every quoted text', () => {
    expect(html).toContain('&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('the `java` | pod &lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).toContain('<title>Crash report: wrk|eu&lt;b&gt;03&lt;/b&gt;</title>');
  });
  it('draws the timeline as inline SVG with the crash, the notes and the evidence', () => {
    const svg = /<svg[\s\S]*?<\/svg>/.exec(html)?.[0] ?? '';
    expect(svg).toContain('crash wrk-eu-03');
    expect(svg).toMatch(/fill="#fbc02d"/); // the starred note
    expect(svg).toMatch(/fill-opacity="0.12"/); // the noted range
    expect(svg).toMatch(/stroke="#000"/); // the evidence dot
    expect(svg).toContain('T−5m');
  });
});

describe('SVG alone', () => {
  it('says so when there is nothing to draw', () => {
    expect(timelineSvg({ ...model(), view: null }, { width: 400, height: 200 })).toContain('No timed events');
  });
});

describe('JSON', () => {
  it('round-trips the model with its schema version', () => {
    const m = model();
    const back = JSON.parse(renderJson(m)) as ReportModel;
    expect(back.schemaVersion).toBe(REPORT_SCHEMA_VERSION);
    expect(back).toEqual(m);
  });
});

describe('quotes and offsets', () => {
  it('clips a long kernel report to its head and tail', () => {
    const raw = Array.from({ length: 40 }, (_, i) => `line ${i}`).join('\n');
    const q = clipQuote(raw).split('\n');
    expect(q).toHaveLength(19);
    expect(q[14]).toBe('… 22 lines not shown …');
    expect(q[18]).toBe('line 39');
    expect(clipQuote('a\nb')).toBe('a\nb');
  });
  it('counts down to the crash', () => {
    expect(offsetFromCrash(CRASH - 3723e6, CRASH)).toBe('T−1h 02m 03s');
    expect(offsetFromCrash(CRASH + 12e6, CRASH)).toBe('T+12s');
    expect(offsetFromCrash(CRASH, CRASH)).toBe('T0');
    expect(offsetFromCrash(null, CRASH)).toBe('');
  });
});
