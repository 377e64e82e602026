// Draws the timeline on a canvas from aggregated buckets: the cost depends on the pixel width and
// the number of lanes, never on how many events are in range (a million events are ~2000 buckets).
// Buckets are drawn at their own times through the current scale, so a pan or zoom redraws at
// once with the last answer while the engine computes the next one.
import type { Annotation, Boot, Micros, Span, TimelineData } from '../../../core/api/types.ts';
import { axisDateLabel, ticks, type Scale } from '../time/axis.ts';
import { formatRelative } from '../time/format.ts';
import { COVER_GAP, COVER_H, coverageSlot, GUTTER, laneLabel, type Layout } from './layout.ts';

export interface Palette {
  bg: string; panel: string; raised: string; border: string; text: string; dim: string; faint: string; accent: string;
  crash: string; sev: string[]; outage: string; link: string; boot: string; coverage: string; hist: string; histHi: string; star: string; good: string;
}

export function readPalette(el: Element): Palette {
  const cs = getComputedStyle(el);
  const v = (n: string) => cs.getPropertyValue(n).trim() || '#888';
  return {
    bg: v('--bg'), panel: v('--bg-panel'), raised: v('--bg-raised'), border: v('--border'), text: v('--text'), dim: v('--text-dim'),
    faint: v('--text-faint'), accent: v('--accent'), crash: v('--crash'),
    sev: ['transparent', v('--sev-info'), v('--sev-warning'), v('--sev-error'), v('--sev-critical')],
    outage: v('--span-outage'), link: v('--span-link'), boot: v('--span-boot'), coverage: v('--coverage'), hist: v('--hist'),
    histHi: v('--hist-hi'), star: v('--star'), good: v('--good'),
  };
}

export interface DrawInput {
  width: number; // CSS px, whole canvas
  layout: Layout;
  scale: Scale; // plot area: x = 0 at GUTTER
  zone: string | null;
  lanes: TimelineData | null;
  density: TimelineData | null; // records per node
  spans: Span[];
  boots: Boot[];
  annotations: Annotation[];
  crash: Micros | null;
  selected: Micros | null;
  hover: { x: number; y: number } | null;
  brush: { x0: number; x1: number } | null;
  hideEndings: boolean; // training: do not tell how boots ended
  palette: Palette;
}

const nodeKey = (n: string | null) => n ?? '';

const OUTAGE_KINDS = new Set(['not_ready', 'apiserver_unreachable', 'etcd_no_leader']);

export function draw(ctx: CanvasRenderingContext2D, d: DrawInput): void {
  const { palette: p, layout, scale } = d;
  const plotW = d.width - GUTTER;
  const X = (us: Micros) => GUTTER + scale.x(us);
  ctx.clearRect(0, 0, d.width, layout.height);
  ctx.fillStyle = p.panel;
  ctx.fillRect(0, 0, d.width, layout.height);
  ctx.font = '11px system-ui, sans-serif';
  ctx.textBaseline = 'middle';

  // node blocks: alternate backgrounds so lanes of one node read as a group
  layout.nodeBlocks.forEach((b, i) => {
    ctx.fillStyle = i % 2 ? p.panel : p.bg;
    ctx.fillRect(0, b.y, d.width, b.h);
  });

  // boots: a faint band per boot, a dashed line at its start, an ending mark
  ctx.save();
  ctx.beginPath();
  ctx.rect(GUTTER, 0, plotW, layout.height);
  ctx.clip();
  for (const boot of d.boots) {
    const block = layout.nodeBlocks.find((b) => nodeKey(b.node) === nodeKey(boot.node));
    if (!block) continue;
    const x0 = boot.start !== null ? X(boot.start) : GUTTER;
    const x1 = boot.end !== null ? X(boot.end) : d.width;
    if (x1 < GUTTER || x0 > d.width) continue;
    ctx.fillStyle = p.boot;
    ctx.fillRect(x0, block.y, Math.max(1, x1 - x0), block.h);
    if (boot.start !== null) {
      ctx.strokeStyle = p.faint;
      ctx.setLineDash([3, 3]);
      ctx.beginPath(); ctx.moveTo(x0 + 0.5, block.y); ctx.lineTo(x0 + 0.5, block.y + block.h); ctx.stroke();
      ctx.setLineDash([]);
    }
    if (boot.end !== null && !d.hideEndings) {
      const colour = boot.ending === 'crash' ? p.crash : boot.ending === 'clean' ? p.good : p.faint;
      ctx.fillStyle = colour;
      ctx.fillRect(x1 - 1, block.y, 2, 6);
    }
  }
  ctx.restore();

  // rows
  for (const row of layout.rows) {
    if (row.kind === 'node') {
      ctx.fillStyle = p.text;
      ctx.font = '600 12px system-ui, sans-serif';
      ctx.fillText(truncate(ctx, row.label, GUTTER - 14), 8, row.y + 10);
      ctx.font = '11px system-ui, sans-serif';
      ctx.fillStyle = p.faint;
      ctx.fillText('records', 8, row.y + 23);
      drawDensity(ctx, d, row.node, row.y + 2, row.h - 4, X);
    } else if (row.kind === 'coverage') {
      ctx.fillStyle = p.faint;
      ctx.fillText(`${row.sources.length} source${row.sources.length > 1 ? 's' : ''}`, 8, row.y + row.h / 2);
      row.sources.forEach((s, i) => {
        const y = row.y + 1 + coverageSlot(i) * (COVER_H + COVER_GAP);
        const x0 = Math.max(GUTTER, X(s.firstTs!));
        const x1 = Math.min(d.width, X(s.lastTs!));
        if (x1 < GUTTER || x0 > d.width) return;
        ctx.fillStyle = p.coverage;
        ctx.fillRect(x0, y, Math.max(2, x1 - x0), COVER_H);
      });
    } else if (row.kind === 'spans') {
      for (const s of d.spans) {
        if (nodeKey(s.node) !== nodeKey(row.node) || s.kind === 'boot' || s.kind === 'source_coverage') continue;
        const x0 = Math.max(GUTTER, s.start !== null ? X(s.start) : GUTTER);
        const x1 = Math.min(d.width, s.end !== null ? X(s.end) : d.width);
        if (x1 < GUTTER || x0 > d.width) continue;
        const outage = OUTAGE_KINDS.has(s.kind);
        ctx.fillStyle = outage ? p.sev[4]! : p.sev[2]!;
        ctx.globalAlpha = 0.85;
        ctx.fillRect(x0, row.y + 3, Math.max(2, x1 - x0), row.h - 6);
        ctx.globalAlpha = 1;
        // the outage also shades the whole node block, faintly
        const block = layout.nodeBlocks.find((b) => nodeKey(b.node) === nodeKey(row.node));
        if (block) { ctx.fillStyle = outage ? p.outage : p.link; ctx.fillRect(x0, block.y, Math.max(2, x1 - x0), block.h); }
        if (x1 - x0 > 60) {
          ctx.fillStyle = p.text;
          ctx.font = '10px system-ui, sans-serif';
          ctx.fillText(truncate(ctx, s.label, x1 - x0 - 6), x0 + 3, row.y - 4);
          ctx.font = '11px system-ui, sans-serif';
        }
      }
    } else {
      ctx.fillStyle = p.dim;
      ctx.fillText(truncate(ctx, laneLabel(row.lane.label, row.node), GUTTER - 22), 18, row.y + row.h / 2);
      ctx.strokeStyle = p.border;
      ctx.beginPath(); ctx.moveTo(GUTTER, row.y + row.h - 0.5); ctx.lineTo(d.width, row.y + row.h - 0.5); ctx.stroke();
      drawGlyphs(ctx, d, row.lane.counts, row.lane.worst, row.y + row.h / 2, X);
    }
  }

  // gutter border
  ctx.fillStyle = p.border;
  ctx.fillRect(GUTTER - 1, 0, 1, layout.height);

  drawAxis(ctx, d, X);

  ctx.save();
  ctx.beginPath();
  ctx.rect(GUTTER, 0, plotW, layout.height);
  ctx.clip();
  // annotations: a star or flag at the top, and a shaded range for range notes
  for (const a of d.annotations) {
    if (a.target.kind === 'range') {
      const x0 = X(a.target.from), x1 = X(a.target.to);
      ctx.fillStyle = p.star;
      ctx.globalAlpha = 0.12;
      ctx.fillRect(x0, 0, Math.max(2, x1 - x0), layout.height);
      ctx.globalAlpha = 1;
      ctx.fillRect(x0, 0, Math.max(2, x1 - x0), 3);
    } else if (a.ts !== null) {
      const x = X(a.ts);
      ctx.fillStyle = p.star;
      ctx.fillText(a.star ? '★' : '◆', x - 4, 16);
    }
  }
  // the crash instant
  if (d.crash !== null) {
    const x = Math.round(X(d.crash)) + 0.5;
    ctx.strokeStyle = p.crash;
    ctx.lineWidth = 2;
    ctx.beginPath(); ctx.moveTo(x, 0); ctx.lineTo(x, layout.height); ctx.stroke();
    ctx.lineWidth = 1;
  }
  if (d.selected !== null) {
    const x = Math.round(X(d.selected)) + 0.5;
    ctx.strokeStyle = p.accent;
    ctx.setLineDash([4, 2]);
    ctx.beginPath(); ctx.moveTo(x, AXIS_TOP); ctx.lineTo(x, layout.height); ctx.stroke();
    ctx.setLineDash([]);
  }
  if (d.brush) {
    const x0 = Math.min(d.brush.x0, d.brush.x1), x1 = Math.max(d.brush.x0, d.brush.x1);
    ctx.fillStyle = p.accent;
    ctx.globalAlpha = 0.15;
    ctx.fillRect(x0, 0, x1 - x0, layout.height);
    ctx.globalAlpha = 1;
    ctx.strokeStyle = p.accent;
    ctx.strokeRect(x0 + 0.5, 0.5, x1 - x0, layout.height - 1);
  }
  if (d.hover && d.hover.x >= GUTTER) {
    ctx.strokeStyle = p.faint;
    ctx.beginPath(); ctx.moveTo(d.hover.x + 0.5, AXIS_TOP); ctx.lineTo(d.hover.x + 0.5, layout.height); ctx.stroke();
    const t = scale.t(d.hover.x - GUTTER);
    const rel = formatRelative(t, d.crash);
    if (rel) {
      ctx.fillStyle = p.text;
      ctx.font = '600 10.5px system-ui, sans-serif';
      const w = ctx.measureText(rel).width + 8;
      ctx.fillStyle = p.raised;
      ctx.fillRect(d.hover.x + 4, AXIS_TOP + 2, w, 14);
      ctx.fillStyle = t < d.crash! ? p.text : p.crash;
      ctx.fillText(rel, d.hover.x + 8, AXIS_TOP + 9);
    }
  }
  ctx.restore();
}

const AXIS_TOP = 26;

function drawAxis(ctx: CanvasRenderingContext2D, d: DrawInput, X: (us: Micros) => number): void {
  const p = d.palette;
  ctx.fillStyle = p.raised;
  ctx.fillRect(0, 0, d.width, AXIS_TOP);
  ctx.fillStyle = p.border;
  ctx.fillRect(0, AXIS_TOP - 1, d.width, 1);
  ctx.fillStyle = p.dim;
  ctx.font = '600 11px system-ui, sans-serif';
  ctx.fillText(axisDateLabel(d.scale.from, d.zone), 8, 13);
  ctx.font = '11px ui-monospace, monospace';
  for (const t of ticks({ from: d.scale.from, to: d.scale.to }, d.width - GUTTER, d.zone)) {
    const x = Math.round(X(t.us)) + 0.5;
    ctx.strokeStyle = t.major ? p.dim : p.border;
    ctx.beginPath(); ctx.moveTo(x, AXIS_TOP - 7); ctx.lineTo(x, d.layout.height); ctx.globalAlpha = t.major ? 0.6 : 0.45; ctx.stroke(); ctx.globalAlpha = 1;
    ctx.fillStyle = t.major ? p.text : p.dim;
    const label = t.major ? `${axisDateLabel(t.us, d.zone).slice(5)} ${t.label}` : t.label;
    ctx.fillText(label, x + 4, 13);
  }
}

function drawDensity(ctx: CanvasRenderingContext2D, d: DrawInput, node: string | null, y: number, h: number, X: (us: Micros) => number): void {
  const lane = d.density?.lanes.find((l) => nodeKey(l.node) === nodeKey(node));
  if (!lane || !d.density) return;
  const { from, bucketMicros } = d.density;
  let max = 0;
  for (const c of lane.counts) if (c > max) max = c;
  if (max === 0) return;
  // log scale: a storm of 100 k lines must not flatten the quiet minutes before it to nothing
  const lmax = Math.log1p(max);
  for (let i = 0; i < lane.counts.length; i++) {
    const c = lane.counts[i]!;
    if (c === 0) continue;
    const x0 = X(from + i * bucketMicros);
    const x1 = X(from + (i + 1) * bucketMicros);
    if (x1 < GUTTER || x0 > d.width) continue;
    const bh = Math.max(1, (Math.log1p(c) / lmax) * h);
    ctx.fillStyle = c / max > 0.5 ? d.palette.histHi : d.palette.hist;
    ctx.fillRect(Math.max(GUTTER, x0), y + h - bh, Math.max(1, x1 - x0 - 0.5), bh);
  }
}

function drawGlyphs(ctx: CanvasRenderingContext2D, d: DrawInput, counts: number[], worst: number[] | undefined, cy: number, X: (us: Micros) => number): void {
  if (!d.lanes) return;
  const { from, bucketMicros } = d.lanes;
  let max = 1;
  for (const c of counts) if (c > max) max = c;
  const lmax = Math.log1p(max);
  // merge buckets narrower than 3 px so glyphs do not paint over each other
  let lastX = -10;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i]!;
    if (c === 0) continue;
    const x = X(from + (i + 0.5) * bucketMicros);
    if (x < GUTTER - 4 || x > d.width + 4) continue;
    const sev = worst?.[i] ?? 1;
    const r = 2.5 + (Math.log1p(c) / lmax) * 4;
    if (x - lastX < 2 && sev < 3) continue;
    lastX = x;
    ctx.fillStyle = d.palette.sev[Math.max(1, Math.min(4, sev))]!;
    if (sev >= 4) { // critical: a diamond, so it reads without colour too
      ctx.beginPath(); ctx.moveTo(x, cy - r - 1); ctx.lineTo(x + r + 1, cy); ctx.lineTo(x, cy + r + 1); ctx.lineTo(x - r - 1, cy); ctx.closePath(); ctx.fill();
    } else {
      ctx.beginPath(); ctx.arc(x, cy, r, 0, Math.PI * 2); ctx.fill();
    }
  }
}

const truncCache = new Map<string, string>();
function truncate(ctx: CanvasRenderingContext2D, s: string, max: number): string {
  const key = `${max}|${ctx.font}|${s}`;
  const hit = truncCache.get(key);
  if (hit !== undefined) return hit;
  let out = s;
  if (ctx.measureText(s).width > max) {
    let lo = 0, hi = s.length;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (ctx.measureText(s.slice(0, mid) + '…').width <= max) lo = mid; else hi = mid - 1; }
    out = s.slice(0, lo) + '…';
  }
  if (truncCache.size > 2000) truncCache.clear();
  truncCache.set(key, out);
  return out;
}
