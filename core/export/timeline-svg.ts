// The timeline picture of a report as one inline SVG: a lane per node with its event density,
// key events as dots coloured by severity (evidence ringed), notes as flags (a star when starred),
// noted ranges as shaded bands, the crash as a red line, the axis counted in T−x from the crash.
// No script, no font file, no external reference: it must render the same in a mail client, a
// printed PDF and the PNG export.
import type { ReportItem, ReportModel } from './model.ts';
import { escapeHtml } from './escape.ts';
import { offsetFromCrash, utc } from './time.ts';

export interface SvgSize { width: number; height: number }

const SEVERITY_COLOUR: Record<string, string> = { critical: '#c62828', error: '#ef6c00', warning: '#f9a825', info: '#1e88e5' };
const WORST_COLOUR = ['#cfd8dc', '#90caf9', '#ffe082', '#ffb74d', '#e57373'];
const NOTE_COLOUR = '#6a1b9a';

const f = (n: number) => (Math.round(n * 10) / 10).toString();

/** Tick step (µs) giving about `want` ticks over `spanMicros`. */
function tickStep(spanMicros: number, want: number): number {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800].map((s) => s * 1e6);
  return steps.find((s) => spanMicros / s <= want) ?? steps[steps.length - 1]!;
}

/** `which`: the whole span of the report, or the closer look at the chain before the crash. */
export function timelineSvg(model: ReportModel, size: SvgSize = { width: 1200, height: 360 }, which: 'view' | 'focus' = 'view'): string {
  const W = Math.max(320, Math.round(size.width)); const H = Math.max(160, Math.round(size.height));
  const view = which === 'focus' ? model.focus ?? null : model.view;
  const head = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" role="img" aria-label="Timeline of key events and notes" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="11">`;
  if (!view) {
    return `${head}<rect width="${W}" height="${H}" fill="#fff"/><text x="${W / 2}" y="${H / 2}" text-anchor="middle" fill="#555">No timed events or notes to draw</text></svg>`;
  }
  const left = 120; const right = 16; const top = 28; const bottom = 34;
  const lanesByNode = new Map(view.lanes.map((l, i) => [l.node, i]));
  const laneNames = view.lanes.length ? view.lanes.map((l) => l.node) : (model.nodes.length ? model.nodes : ['case']);
  for (const n of model.nodes) if (!lanesByNode.has(n) && !laneNames.includes(n)) laneNames.push(n);
  const laneOf = (node: string | null) => { const i = node === null ? -1 : laneNames.indexOf(node); return i < 0 ? 0 : i; };
  const laneH = (H - top - bottom) / laneNames.length;
  const span = Math.max(1, view.to - view.from);
  const x = (ts: number) => left + ((ts - view.from) / span) * (W - left - right);
  const inView = (ts: number | null): ts is number => ts !== null && ts >= view.from && ts <= view.to;
  const parts: string[] = [head, `<rect width="${W}" height="${H}" fill="#ffffff"/>`];

  // Lanes, their labels and the event density behind the marks.
  laneNames.forEach((name, i) => {
    const y0 = top + i * laneH;
    parts.push(`<rect x="${left}" y="${f(y0)}" width="${W - left - right}" height="${f(laneH)}" fill="${i % 2 ? '#fafafa' : '#f3f5f7'}"/>`);
    parts.push(`<text x="${left - 8}" y="${f(y0 + laneH / 2 + 4)}" text-anchor="end" fill="#263238">${escapeHtml(name.length > 18 ? `${name.slice(0, 17)}…` : name)}</text>`);
    const lane = view.lanes.find((l) => l.node === name);
    if (lane && lane.counts.length) {
      const max = Math.max(1, ...lane.counts);
      const bw = (W - left - right) / lane.counts.length;
      lane.counts.forEach((c, b) => {
        if (!c) return;
        const h = Math.max(1, (Math.log1p(c) / Math.log1p(max)) * (laneH * 0.45));
        parts.push(`<rect x="${f(left + b * bw)}" y="${f(y0 + laneH - h)}" width="${f(Math.max(1, bw - 0.3))}" height="${f(h)}" fill="${WORST_COLOUR[lane.worst[b] ?? 0] ?? WORST_COLOUR[0]}"/>`);
      });
    }
  });

  // Axis: T−x from the crash when there is one, else UTC clock times.
  const step = tickStep(span, Math.max(3, Math.floor((W - left - right) / 110)));
  const anchor = model.crashTime ?? view.from;
  const first = anchor - Math.floor((anchor - view.from) / step) * step;
  for (let t = first; t <= view.to; t += step) {
    const X = x(t);
    parts.push(`<line x1="${f(X)}" y1="${top}" x2="${f(X)}" y2="${H - bottom}" stroke="#dde3e8" stroke-width="1"/>`);
    const label = model.crashTime !== null ? offsetFromCrash(t, model.crashTime).replace(/ 00s$/, '').replace(/ 00m$/, '') : utc(t).slice(11, 19);
    parts.push(`<text x="${f(X)}" y="${H - bottom + 14}" text-anchor="middle" fill="#455a64">${escapeHtml(label)}</text>`);
  }
  parts.push(`<text x="${left}" y="${H - 6}" fill="#78909c">${escapeHtml(`${utc(view.from)} → ${utc(view.to)} (UTC)`)}</text>`);

  // Noted ranges first (under the marks).
  for (const it of model.timeline) {
    if (it.kind !== 'annotation' || it.what !== 'range' || it.ts === null) continue;
    const a = Math.max(view.from, it.ts); const b = Math.min(view.to, it.endTs ?? it.ts);
    if (b < a) continue;
    const rows = it.node === null ? [0, laneNames.length] : [laneOf(it.node), laneOf(it.node) + 1];
    parts.push(`<rect x="${f(x(a))}" y="${f(top + rows[0]! * laneH)}" width="${f(Math.max(2, x(b) - x(a)))}" height="${f((rows[1]! - rows[0]!) * laneH)}" fill="${NOTE_COLOUR}" fill-opacity="0.12" stroke="${NOTE_COLOUR}" stroke-opacity="0.5"><title>${escapeHtml(noteTitle(it))}</title></rect>`);
  }

  // Crash lines.
  for (const c of model.crashes) {
    if (!inView(c.time)) continue;
    const X = x(c.time);
    parts.push(`<line x1="${f(X)}" y1="${top - 6}" x2="${f(X)}" y2="${H - bottom}" stroke="#b71c1c" stroke-width="2" stroke-dasharray="5 3"/>`);
    const nearEnd = X > (left + W) / 2;
    parts.push(`<text x="${f(nearEnd ? X - 4 : X + 4)}" y="${top - 10}" text-anchor="${nearEnd ? 'end' : 'start'}" fill="#b71c1c" font-weight="bold">${escapeHtml(`crash ${c.node} ${utc(c.time).slice(11, 19)}`)}</text>`);
  }

  // Events, then notes on top of them.
  for (const it of model.timeline) {
    if (it.kind !== 'event' || !inView(it.ts)) continue;
    const cy = top + laneOf(it.node) * laneH + laneH * 0.42;
    const colour = SEVERITY_COLOUR[it.severity ?? 'info'] ?? '#1e88e5';
    parts.push(`<circle cx="${f(x(it.ts))}" cy="${f(cy)}" r="${it.evidence ? 5 : 3.5}" fill="${colour}"${it.evidence ? ' stroke="#000" stroke-width="1.5"' : ''}><title>${escapeHtml(`${utc(it.ts)} ${it.offset} ${it.what}: ${it.message}`)}</title></circle>`);
  }
  for (const it of model.timeline) {
    if (it.kind !== 'annotation' || it.what === 'range' || !inView(it.ts)) continue;
    const X = x(it.ts); const y0 = top + laneOf(it.node) * laneH + 3;
    const title = `<title>${escapeHtml(noteTitle(it))}</title>`;
    if (it.note?.star) {
      parts.push(`<path d="${starPath(X, y0 + 7, 7)}" fill="#fbc02d" stroke="#795548" stroke-width="0.8">${title}</path>`);
    } else {
      parts.push(`<path d="M${f(X)} ${f(y0)} L${f(X)} ${f(y0 + 14)} M${f(X)} ${f(y0)} L${f(X + 8)} ${f(y0 + 3.5)} L${f(X)} ${f(y0 + 7)} Z" fill="${NOTE_COLOUR}" stroke="${NOTE_COLOUR}" stroke-width="1.2">${title}</path>`);
    }
  }
  parts.push(legend(W, H));
  parts.push('</svg>');
  return parts.join('');
}

function noteTitle(it: ReportItem): string {
  const n = it.note;
  const tags = n?.tags.length ? ` [${n.tags.join(', ')}]` : '';
  return `${utc(it.ts)} ${it.offset}${n?.star ? ' ★' : ''}${tags} ${n?.comment ?? ''} — ${it.message}`;
}

function starPath(cx: number, cy: number, r: number): string {
  const pts: string[] = [];
  for (let i = 0; i < 10; i++) {
    const a = -Math.PI / 2 + (i * Math.PI) / 5; const rr = i % 2 ? r * 0.45 : r;
    pts.push(`${f(cx + rr * Math.cos(a))} ${f(cy + rr * Math.sin(a))}`);
  }
  return `M${pts.join(' L')} Z`;
}

function legend(W: number, H: number): string {
  const items: [string, string][] = [['critical', SEVERITY_COLOUR.critical!], ['error', SEVERITY_COLOUR.error!], ['warning', SEVERITY_COLOUR.warning!], ['note', NOTE_COLOUR]];
  let X = W - 16 - items.length * 70 - 60; const y = H - 10;
  const out: string[] = [];
  for (const [label, colour] of items) {
    out.push(`<circle cx="${X}" cy="${y - 4}" r="4" fill="${colour}"/><text x="${X + 7}" y="${y}" fill="#455a64">${label}</text>`);
    X += 70;
  }
  out.push(`<path d="${starPath(X, y - 4, 5)}" fill="#fbc02d" stroke="#795548" stroke-width="0.6"/><text x="${X + 8}" y="${y}" fill="#455a64">starred</text>`);
  return out.join('');
}
