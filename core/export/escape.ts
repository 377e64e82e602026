// Escaping for each target: log text is attacker-controlled and must reach a report as text, never
// as markup (an `<img onerror>` in a line, a `</script>`, a pipe breaking a table).

/** For HTML and SVG text and attribute values (double-quoted). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;'));
}

/** Control characters (ANSI colour codes, NULs, a stray ESC) would be invisible or break a paste. */
export function stripControls(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]/g, '').replace(/[\x00-\x08\x0b-\x1f\x7f]/g, '');
}

/** A Markdown table cell: one line, pipes and backticks escaped, HTML-looking text neutralised
 *  (GitHub and Confluence render inline HTML in cells; Jira shows the backslashes as written). */
export function mdCell(s: string): string {
  return stripControls(s).replace(/\r?\n/g, ' ').replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/`/g, '\\`')
    .replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\*/g, '\\*').replace(/_/g, '\\_').replace(/\[/g, '\\[').replace(/\]/g, '\\]');
}

/** Inline Markdown text outside tables (headings, list items). */
export function mdText(s: string): string {
  return stripControls(s).replace(/\r?\n/g, ' ').replace(/\\/g, '\\\\').replace(/`/g, '\\`').replace(/</g, '&lt;').replace(/>/g, '&gt;')
    .replace(/\*/g, '\\*').replace(/_/g, '\\_').replace(/\[/g, '\\[').replace(/\]/g, '\\]').replace(/^#/, '\\#');
}

/** A fenced code block that the quoted text cannot close: the fence is longer than any backtick
 *  run inside it (CommonMark's rule). */
export function mdFence(lines: string[], info = 'text'): string {
  const body = lines.map(stripControls).join('\n');
  const longest = Math.max(0, ...[...body.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${info}\n${body}\n${fence}`;
}
