// Renders parsed Markdown as React elements: every string goes through React's escaping.
// Links show their text and target but are not followed (the renderer navigates nowhere).
import type { ReactNode } from 'react';
import { parseMarkdown, type Inline } from './parse.ts';

function inline(nodes: Inline[]): ReactNode[] {
  return nodes.map((n, i) => {
    switch (n.t) {
      case 'text': return n.v;
      case 'code': return <code key={i}>{n.v}</code>;
      case 'strong': return <strong key={i}>{inline(n.c)}</strong>;
      case 'em': return <em key={i}>{inline(n.c)}</em>;
      case 'link': return <span key={i} className="md-link" title={n.href}>{inline(n.c)} <span className="md-href">⟨{n.href}⟩</span></span>;
    }
  });
}

export function Markdown({ source }: { source: string }) {
  const blocks = parseMarkdown(source);
  return (
    <div className="md">
      {blocks.map((b, i) => {
        switch (b.t) {
          case 'p': return <p key={i}>{inline(b.c)}</p>;
          case 'h': return <div key={i} className={`md-h md-h${b.level}`}>{inline(b.c)}</div>;
          case 'ul': return <ul key={i}>{b.items.map((it, j) => <li key={j}>{inline(it)}</li>)}</ul>;
          case 'ol': return <ol key={i}>{b.items.map((it, j) => <li key={j}>{inline(it)}</li>)}</ol>;
          case 'quote': return <blockquote key={i}>{inline(b.c)}</blockquote>;
          case 'pre': return <pre key={i}>{b.v}</pre>;
        }
      })}
    </div>
  );
}
