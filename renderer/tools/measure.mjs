// Measures the UI's latency on an open case (issue 5 acceptance: zoom/pan redraw ≤ 50 ms, opening a
// search result ≤ 200 ms, smooth records scrolling), each next to a baseline taken in the same run.
// Usage: node renderer/tools/measure.mjs <url-of-crashlens-serve> [search-term]
import { chromium } from 'playwright-core';

const [url, term = 'error'] = process.argv.slice(2);
if (!url) { console.error('usage: measure.mjs <url> [search-term]'); process.exit(2); }
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
await page.goto(url);
await page.waitForSelector('[data-testid=timeline-canvas]', { timeout: 120_000 });
await page.waitForTimeout(1500);

const stats = (xs) => { const s = [...xs].sort((a, b) => a - b); return { median: s[Math.floor(s.length / 2)], p95: s[Math.floor(s.length * 0.95)], max: s[s.length - 1] }; };
const f = (x) => x.toFixed(1);

// Baseline: one animation frame with nothing to do, in this browser, now.
const idleFrames = await page.evaluate(async () => {
  const out = [];
  for (let i = 0; i < 30; i++) { const t = performance.now(); await new Promise((r) => requestAnimationFrame(() => r())); out.push(performance.now() - t); }
  return out;
});
const idle = stats(idleFrames);

// Zoom and pan: wheel and drag events dispatched in the page (no CDP round trip in the figure);
// time from the input to the second animation frame after it (the one that shows the redraw).
const { redraw, drawCost } = await page.evaluate(async () => {
  const c = document.querySelector('[data-testid=timeline-canvas]');
  const r = c.getBoundingClientRect();
  const x = r.left + r.width * 0.6, y = r.top + 60;
  const frame = () => new Promise((res) => requestAnimationFrame(() => res()));
  const redraw = [], drawCost = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    if (i % 3 === 2) {
      c.dispatchEvent(new MouseEvent('mousedown', { clientX: x, clientY: y, button: 0, bubbles: true }));
      c.dispatchEvent(new MouseEvent('mousemove', { clientX: x - 80, clientY: y, bubbles: true }));
      c.dispatchEvent(new MouseEvent('mouseup', { clientX: x - 80, clientY: y, button: 0, bubbles: true }));
    } else c.dispatchEvent(new WheelEvent('wheel', { deltaY: i % 2 ? 240 : -240, clientX: x, clientY: y, bubbles: true, cancelable: true }));
    await frame(); await frame();
    redraw.push(performance.now() - t);
    drawCost.push(Number(c.dataset.drawMs));
    await new Promise((res) => setTimeout(res, 150));
  }
  return { redraw, drawCost };
});
const z = stats(redraw), d = stats(drawCost);
console.log(`timeline zoom/pan: input→frame median ${f(z.median)} ms, p95 ${f(z.p95)} ms, max ${f(z.max)} ms; canvas draw median ${f(d.median)} ms, max ${f(d.max)} ms`);
console.log(`  baseline idle frame (2 rAF): median ${f(idle.median * 2)} ms → ratio ${f(z.median / (idle.median * 2))}×`);

// Baseline for the search: one engine round trip (summary) from the page.
const rtt = await page.evaluate(async () => {
  const t = performance.now();
  await fetch('/api/call/summary', { method: 'POST', headers: { 'content-type': 'application/json', 'x-crashlens-token': sessionStorage.getItem('crashlens-token') ?? '' }, body: '[]' });
  return performance.now() - t;
});
// Search: Enter in the box → the first matching row in the records table.
await page.fill('[data-testid=search-input]', term);
const searchMs = await page.evaluate(async (q) => {
  const input = document.querySelector('[data-testid=search-input]');
  const t = performance.now();
  input.form.requestSubmit();
  return new Promise((resolve) => {
    const check = () => {
      const tools = document.querySelector('[data-testid=records-table] .vtable-tools');
      const row = document.querySelector('[data-testid=records-table] [data-testid=table-row] .msg');
      if (tools && tools.textContent.includes(q) && row && row.textContent.toLowerCase().includes(q.toLowerCase())) resolve(performance.now() - t);
      else if (performance.now() - t > 20000) resolve(NaN);
      else requestAnimationFrame(check);
    };
    check();
  });
}, term);
console.log(`search "${term}": Enter → first matching row ${f(searchMs)} ms; baseline one API round trip ${f(rtt)} ms → ratio ${f(searchMs / rtt)}×`);

// Open a search result: click a row → the detail pane shows its raw line.
const openMs = await page.evaluate(async () => {
  const rows = document.querySelectorAll('[data-testid=records-table] [data-testid=table-row]');
  const row = rows[Math.min(3, rows.length - 1)];
  if (!row) return NaN;
  const t = performance.now();
  row.click();
  return new Promise((resolve) => {
    const check = () => {
      const raw = document.querySelector('[data-testid=detail-raw]');
      if (raw && raw.textContent) resolve(performance.now() - t);
      else if (performance.now() - t > 20000) resolve(NaN);
      else requestAnimationFrame(check);
    };
    check();
  });
});
console.log(`open a search result: click → raw line in the detail ${f(openMs)} ms (target ≤ 200 ms)`);

// Scrolling the records table: frame intervals while scrolling 40 screens.
await page.fill('[data-testid=search-input]', '');
await page.press('[data-testid=search-input]', 'Enter');
await page.waitForTimeout(1500);
const frames = await page.evaluate(async () => {
  const body = document.querySelector('[data-testid=records-table] .vtable-body');
  if (!body) return [];
  const out = [];
  let last = performance.now();
  for (let i = 0; i < 120; i++) {
    body.scrollTop += body.clientHeight / 3;
    await new Promise((r) => requestAnimationFrame(() => r()));
    const now = performance.now();
    out.push(now - last);
    last = now;
  }
  return out;
});
if (frames.length) {
  const s = stats(frames);
  console.log(`records scroll: frame interval median ${f(s.median)} ms, p95 ${f(s.p95)} ms, max ${f(s.max)} ms; baseline idle frame ${f(idle.median)} ms → ratio ${f(s.median / idle.median)}×`);
}
await browser.close();
