// A tiny Markdown reader for annotation comments. It builds a tree of plain data that React then
// renders as elements, so a comment (or a log line quoted in one) can never become HTML: no
// dangerouslySetInnerHTML, no raw HTML passthrough, and links are shown, not followed.
// Supported: paragraphs, # headings, - / * / 1. lists, > quotes, ``` fences, `code`, **bold**,
// *em*, [text](url).

export type Inline =
  | { t: 'text'; v: string }
  | { t: 'code'; v: string }
  | { t: 'strong'; c: Inline[] }
  | { t: 'em'; c: Inline[] }
  | { t: 'link'; c: Inline[]; href: string };

export type Block =
  | { t: 'p'; c: Inline[] }
  | { t: 'h'; level: number; c: Inline[] }
  | { t: 'ul' | 'ol'; items: Inline[][] }
  | { t: 'quote'; c: Inline[] }
  | { t: 'pre'; v: string };

export function parseInline(s: string): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const flush = () => { if (text) { out.push({ t: 'text', v: text }); text = ''; } };
  let i = 0;
  while (i < s.length) {
    const ch = s[i]!;
    if (ch === '\\' && i + 1 < s.length && /[\\`*_[\]()#>-]/.test(s[i + 1]!)) { text += s[i + 1]; i += 2; continue; }
    if (ch === '`') {
      const end = s.indexOf('`', i + 1);
      if (end > i) { flush(); out.push({ t: 'code', v: s.slice(i + 1, end) }); i = end + 1; continue; }
    }
    if (ch === '*' && s[i + 1] === '*') {
      const end = s.indexOf('**', i + 2);
      if (end > i + 2) { flush(); out.push({ t: 'strong', c: parseInline(s.slice(i + 2, end)) }); i = end + 2; continue; }
    }
    if ((ch === '*' || ch === '_') && s[i + 1] !== ch && s[i + 1] !== ' ') {
      const end = s.indexOf(ch, i + 1);
      if (end > i + 1) { flush(); out.push({ t: 'em', c: parseInline(s.slice(i + 1, end)) }); i = end + 1; continue; }
    }
    if (ch === '[') {
      const m = /^\[([^\]]*)\]\(([^)\s]*)\)/.exec(s.slice(i));
      if (m) { flush(); out.push({ t: 'link', c: parseInline(m[1]!), href: m[2]! }); i += m[0].length; continue; }
    }
    text += ch;
    i++;
  }
  flush();
  return out;
}

export function parseMarkdown(src: string): Block[] {
  const lines = src.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Block[] = [];
  let para: string[] = [];
  const flushPara = () => { if (para.length) { blocks.push({ t: 'p', c: parseInline(para.join(' ')) }); para = []; } };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*```/.test(line)) {
      flushPara();
      const body: string[] = [];
      for (i++; i < lines.length && !/^\s*```/.test(lines[i]!); i++) body.push(lines[i]!);
      blocks.push({ t: 'pre', v: body.join('\n') });
      continue;
    }
    const h = /^(#{1,4})\s+(.*)$/.exec(line);
    if (h) { flushPara(); blocks.push({ t: 'h', level: h[1]!.length, c: parseInline(h[2]!) }); continue; }
    const li = /^\s*([-*+]|\d+[.)])\s+(.*)$/.exec(line);
    if (li) {
      flushPara();
      const kind = /\d/.test(li[1]!) ? 'ol' : 'ul';
      const last = blocks[blocks.length - 1];
      if (last && last.t === kind) last.items.push(parseInline(li[2]!));
      else blocks.push({ t: kind, items: [parseInline(li[2]!)] });
      continue;
    }
    const q = /^>\s?(.*)$/.exec(line);
    if (q) { flushPara(); blocks.push({ t: 'quote', c: parseInline(q[1]!) }); continue; }
    if (line.trim() === '') { flushPara(); continue; }
    para.push(line.trim());
  }
  flushPara();
  return blocks;
}
