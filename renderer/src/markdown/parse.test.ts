import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown } from './parse.ts';

describe('comment markdown', () => {
  it('reads emphasis, code and links into data', () => {
    expect(parseInline('OOM **killed** `etcd` see [runbook](https://wiki/x) *now*')).toEqual([
      { t: 'text', v: 'OOM ' }, { t: 'strong', c: [{ t: 'text', v: 'killed' }] }, { t: 'text', v: ' ' },
      { t: 'code', v: 'etcd' }, { t: 'text', v: ' see ' },
      { t: 'link', c: [{ t: 'text', v: 'runbook' }], href: 'https://wiki/x' }, { t: 'text', v: ' ' },
      { t: 'em', c: [{ t: 'text', v: 'now' }] },
    ]);
  });
  it('keeps HTML as text', () => {
    expect(parseMarkdown('<img src=x onerror=alert(1)>')).toEqual([{ t: 'p', c: [{ t: 'text', v: '<img src=x onerror=alert(1)>' }] }]);
  });
  it('reads headings, lists, quotes and fences', () => {
    const b = parseMarkdown('# Root cause\n- disk sdb\n- fs ro\n\n> kernel: EXT4-fs error\n```\nraw <b>line</b>\n```\n1. first');
    expect(b.map((x) => x.t)).toEqual(['h', 'ul', 'quote', 'pre', 'ol']);
    expect(b[1]).toEqual({ t: 'ul', items: [[{ t: 'text', v: 'disk sdb' }], [{ t: 'text', v: 'fs ro' }]] });
    expect(b[3]).toEqual({ t: 'pre', v: 'raw <b>line</b>' });
  });
  it('leaves a lone asterisk alone', () => {
    expect(parseInline('load * 2 = x')).toEqual([{ t: 'text', v: 'load * 2 = x' }]);
  });
});
