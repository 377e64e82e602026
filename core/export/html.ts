// The report as ONE self-contained HTML file: inline CSS, the timeline as inline SVG, no script,
// no font, image or style sheet fetched from anywhere (a Content-Security-Policy says so to the
// browser as well), print CSS for "Save as PDF". Every piece of log text goes through escapeHtml.
import type { ReportItem, ReportModel } from './model.ts';
import { escapeHtml as h, stripControls } from './escape.ts';
import { offsetFromCrash, utc } from './time.ts';
import { timelineSvg } from './timeline-svg.ts';

const pct = (c: number) => `${Math.round(c * 100)}&nbsp;%`;
const t = (s: string) => h(stripControls(s));

const CSS = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #1c2329; margin: 24px auto; max-width: 1240px; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 6px; } h2 { font-size: 18px; margin: 26px 0 8px; border-bottom: 1px solid #d6dde3; padding-bottom: 3px; } h3 { font-size: 15px; margin: 16px 0 6px; }
.meta { color: #546e7a; font-size: 12px; }
.banner { background: #fff3e0; border: 1px solid #ffb74d; padding: 8px 12px; margin: 10px 0; border-radius: 4px; }
table { border-collapse: collapse; width: 100%; font-size: 12.5px; margin: 6px 0 12px; }
th, td { border: 1px solid #d6dde3; padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #eef2f5; } tr.note td { background: #f7f1fb; } tr.evidence td:first-child { border-left: 3px solid #000; }
td.msg { word-break: break-word; font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
.sev-critical { color: #b71c1c; font-weight: 600; } .sev-error { color: #e65100; font-weight: 600; }
pre { background: #f5f7f9; border: 1px solid #dde3e8; padding: 6px 8px; white-space: pre-wrap; word-break: break-all; font-size: 12px; margin: 4px 0 10px; }
.tag { display: inline-block; background: #ede7f6; color: #4527a0; border-radius: 3px; padding: 0 4px; margin-right: 3px; font-size: 11px; }
.accepted { color: #2e7d32; font-weight: 600; } .rejected { color: #c62828; font-weight: 600; text-decoration: line-through; }
.timeline svg { width: 100%; height: auto; border: 1px solid #d6dde3; }
.comment { white-space: pre-wrap; }
@media print {
  body { margin: 0; max-width: none; font-size: 11px; }
  h2 { break-after: avoid; } tr, pre, .timeline { break-inside: avoid; }
  .timeline svg { border: none; }
  a { color: inherit; text-decoration: none; }
}
@page { size: A4 landscape; margin: 12mm; }
`;

function noteHtml(it: ReportItem): string {
  const n = it.note;
  if (!n) return it.evidence ? '<span class="tag">evidence</span>' : '';
  return [
    n.star ? '<span title="starred">★</span> ' : '',
    ...n.tags.map((tag) => `<span class="tag">${t(tag)}</span>`),
    n.choice ? `<span class="${n.choice}">evidence ${n.choice}</span> ` : '',
    n.comment ? `<div class="comment">${t(n.comment)}</div>` : '',
  ].join('');
}

export function renderHtml(model: ReportModel, svgSize = { width: 1200, height: Math.max(220, 70 + 60 * Math.max(1, model.view?.lanes.length ?? model.nodes.length)) }): string {
  const o: string[] = [];
  o.push('<!DOCTYPE html>', '<html lang="en"><head><meta charset="utf-8">',
    // Nothing may load: no scripts, no images, fonts or styles from anywhere but this file.
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${t(model.title)}</title><style>${CSS}</style></head><body>`);
  o.push(`<h1>${t(model.title)}</h1>`);
  o.push(`<div class="meta">Case <code>${t(model.caseFile)}</code> · generated ${utc(model.generatedAt)} UTC · ${model.counts.records} records, ${model.counts.events} events, ${model.counts.annotations} notes${model.range ? ` · range ${utc(model.range.from)} → ${utc(model.range.to)}` : ''}</div>`);
  if (model.redacted) o.push('<div class="banner" data-redacted="true"><strong>Redacted:</strong> addresses, host names, e-mail addresses and secrets are replaced by pseudonyms (host-N, ip-N, email-N, secret-N), the same value the same name throughout this report.</div>');
  if (model.sosCleaned) o.push('<div class="banner">The bundle was cleaned by <code>sos clean</code>: its own pseudonyms are kept as they are.</div>');

  o.push('<h2>Summary</h2>');
  if (!model.crashes.length) o.push('<p>No crash was found in this case.</p>');
  else {
    o.push('<table><thead><tr><th>Node</th><th>Crash time (UTC)</th><th>Outcome</th><th>Cause</th><th>Confidence</th></tr></thead><tbody>');
    for (const c of model.crashes) o.push(`<tr><td>${t(c.node)}</td><td>${utc(c.time)}</td><td>${t(c.outcome.replace(/_/g, ' '))}</td><td>${c.cause ? `${t(c.cause.category)} / ${t(c.cause.type)}` : '—'}</td><td>${c.cause ? pct(c.cause.confidence) : '—'}</td></tr>`);
    o.push('</tbody></table>');
  }

  o.push('<h2>Timeline</h2>', `<div class="timeline" data-section="timeline">${timelineSvg(model, svgSize)}</div>`);
  if (model.focus) {
    o.push(`<h3>Before the crash: ${utc(model.focus.from)} → ${utc(model.focus.to)}</h3>`,
      `<div class="timeline" data-section="timeline-focus">${timelineSvg(model, svgSize, 'focus')}</div>`);
  }

  model.crashes.forEach((c, i) => {
    o.push(`<h2>${model.crashes.length > 1 ? `Crash ${i + 1}: ` : 'Crash: '}${t(c.node)}</h2>`);
    o.push(`<p><strong>${c.cause ? `${t(c.cause.category)} / ${t(c.cause.type)}` : 'No cause named'}</strong>${c.cause ? ` (confidence ${pct(c.cause.confidence)})` : ''} — crash at ${utc(c.time)} UTC, ${t(c.outcome.replace(/_/g, ' '))}.</p>`);
    o.push(`<p>${t(c.cause?.summary || c.summary)}</p>`);
    if (c.cause?.evidence.length) {
      o.push('<h3>Evidence</h3><ol>');
      for (const e of c.cause.evidence) {
        o.push(`<li data-event-id="${e.eventId}">${e.offset ? `<strong>${t(e.offset)}</strong> · ` : ''}${utc(e.ts)} · ${t(e.node ?? '')} · <span class="sev-${t(e.severity)}">${t(e.type)}</span>${e.choice ? ` · <span class="${e.choice}">${e.choice} by the user</span>` : ''}`
          + `<div class="meta">${t(e.source ? `${e.source}:${e.line}` : e.message)}</div><pre>${t(e.raw ?? e.message)}</pre></li>`);
      }
      o.push('</ol>');
    }
    if (c.alternatives.length) {
      o.push('<h3>Other candidates</h3><ul>');
      for (const a of c.alternatives) o.push(`<li>${t(a.category)} / ${t(a.type)} (${pct(a.confidence)}): ${t(a.summary)}</li>`);
      o.push('</ul>');
    }
    if (c.missing.length) {
      o.push('<h3>Missing evidence</h3><ul>');
      for (const m of c.missing) o.push(`<li>${t(m)}</li>`);
      o.push('</ul>');
    }
  });

  if (model.choices.length) {
    o.push('<h2>Evidence reviewed by the user</h2><ul>');
    for (const ch of model.choices) o.push(`<li><span class="${ch.choice}">${ch.choice}</span>: ${t(ch.message)}</li>`);
    o.push('</ul>');
  }

  o.push('<h2>Key events and notes</h2>');
  if (!model.timeline.length) o.push('<p>No key events or notes.</p>');
  else {
    o.push(`<p class="meta">In time order${model.crashTime !== null ? `; offsets from the crash at ${utc(model.crashTime)} UTC` : ''}.</p>`);
    o.push('<table data-section="events"><thead><tr><th>T</th><th>Time (UTC)</th><th>Node</th><th>What</th><th>Message</th><th>Note</th></tr></thead><tbody>');
    for (const it of model.timeline) {
      const what = it.kind === 'annotation' ? `note on ${it.what}` : it.what;
      const cls = [it.kind === 'annotation' ? 'note' : '', it.evidence ? 'evidence' : ''].filter(Boolean).join(' ');
      o.push(`<tr${cls ? ` class="${cls}"` : ''}><td>${t(it.offset || '—')}</td><td>${utc(it.ts)}${it.endTs !== null && it.endTs !== it.ts ? ` → ${utc(it.endTs)}` : ''}</td><td>${t(it.node ?? '')}</td>`
        + `<td${it.severity ? ` class="sev-${t(it.severity)}"` : ''}>${t(what)}</td><td class="msg">${t(it.message)}</td><td>${noteHtml(it)}</td></tr>`);
    }
    o.push('</tbody></table>');
  }

  o.push('<h2>Sources covered</h2>');
  if (!model.sources.length) o.push('<p>No sources.</p>');
  else {
    o.push('<table><thead><tr><th>Node</th><th>Source</th><th>Format</th><th>From (UTC)</th><th>To (UTC)</th><th>Span</th><th>Records</th></tr></thead><tbody>');
    for (const s of model.sources) {
      const span = s.firstTs !== null && s.lastTs !== null ? offsetFromCrash(s.lastTs, s.firstTs).replace(/^T\+?/, '') : '—';
      o.push(`<tr><td>${t(s.node ?? '')}</td><td class="msg">${t(s.path)}</td><td>${t(s.format)}</td><td>${utc(s.firstTs)}</td><td>${utc(s.lastTs)}</td><td>${t(span)}</td><td>${s.records}</td></tr>`);
    }
    o.push('</tbody></table>');
  }
  o.push(`<p class="meta">Report schema ${model.schemaVersion}, made by Crashlens.</p></body></html>`);
  return o.join('\n');
}
