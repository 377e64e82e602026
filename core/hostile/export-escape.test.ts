// Issue 8 item 6: a hostile log line and a hostile note reach every text export as text. The line
// is an OOM kill whose process name is markup (the verdict quotes it as evidence); the note on it
// carries Markdown and HTML. No export may contain live markup or an escape sequence.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LocalCaseApi } from '../api/local.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'crashlens-escape-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const EVIL = '<img src=x onerror=alert(1)></script><script>alert(2)</script>';
const OOM = `Out of memory: Killed process 4242 (${EVIL}) total-vm:1000kB, anon-rss:900kB, file-rss:0kB, shmem-rss:0kB, UID:0 pgtables:20kB oom_score_adj:0`;

describe('exports escape hostile log text', () => {
  it('md, html and json: the line and the note quoted as text, no markup, no ESC', async () => {
    const dir = path.join(tmp, 'sosreport-esc');
    fs.mkdirSync(path.join(dir, 'var/log'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'var/log/messages'), [
      'Nov 27 09:41:00 node-e kernel: Linux version 5.14.0-427.el9.x86_64 (mockbuild@x) (gcc 11)',
      `Nov 27 09:51:00 node-e kernel: ${OOM}`,
      'Nov 27 09:51:01 node-e app[7]: \x1b[31mred\x1b[0m \x1b]0;pwned\x07 title',
    ].join('\n') + '\n');
    const api = new LocalCaseApi({ workers: 1 });
    await api.createCase(path.join(tmp, 'case.sqlite'));
    const { importId } = await api.importBundles([dir]);
    expect(await api.waitForImport(importId)).not.toBeNull();
    const rec = (await api.records({ text: 'onerror', limit: 5 })).rows[0];
    expect(rec, 'the hostile line was indexed').toBeDefined();
    await api.annotate({ target: { kind: 'record', recordId: rec!.id }, tags: ['root-cause'], comment: `note ${EVIL} [x](javascript:alert(3)) \`\`\`\n| a | b |` });
    for (const format of ['md', 'html', 'json'] as const) {
      const out = (await api.exportReport({ format })).content;
      expect(out, `${format} quotes the line`).toMatch(/onerror/);
      // JSON is data, not markup: it keeps the line exactly (its reader escapes); md and html may not hold markup.
      if (format !== 'json') expect(out, format).not.toMatch(/<img|<script|<\/script/i);
      expect(out, format).not.toContain('\x1b');
      if (format === 'html') expect(out).not.toMatch(/href\s*=\s*["']?javascript:/i);
      // An escaped "\\[x\\](…)" is text; only an unescaped "](javascript:" would be a link.
      if (format === 'md') expect(out).not.toMatch(/(?<!\\)\](\(javascript:)/);
      if (format === 'json') expect(JSON.stringify(JSON.parse(out))).toContain(JSON.stringify(EVIL).slice(1, -1));
    }
    await api.closeCase();
  });
});
