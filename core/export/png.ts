// The timeline as a PNG at a chosen size: the very SVG of the HTML report, rasterised by headless
// Chromium (Debian's /usr/bin/chromium or $CHROMIUM_PATH, driven by playwright-core, which the e2e
// tooling already installs). Chromium draws the SVG exactly as the HTML report shows it; the
// pure-JS rasterisers on npm either need a native build (canvas, resvg bindings) or lack text.
// Where no Chromium exists (a laptop without it), the error says so and names the other formats.
import fs from 'node:fs';
import type { ReportModel } from './model.ts';
import { timelineSvg } from './timeline-svg.ts';

export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export class PngUnavailableError extends Error {}

export function chromiumPath(): string | null {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((p): p is string => !!p && fs.existsSync(p)) ?? null;
}

interface Browser { newPage(o: { viewport: { width: number; height: number } }): Promise<Page>; close(): Promise<void> }
interface Page {
  route(url: string, handler: (route: { abort(): Promise<void> }) => Promise<void>): Promise<void>;
  setContent(html: string): Promise<void>;
  screenshot(o: { type: 'png'; clip: { x: number; y: number; width: number; height: number } }): Promise<Buffer>;
}

export async function renderPng(model: ReportModel, width = 1600, height = 400): Promise<Buffer> {
  const W = Math.min(8000, Math.max(320, Math.round(width))); const H = Math.min(8000, Math.max(160, Math.round(height)));
  const exe = chromiumPath();
  if (!exe) throw new PngUnavailableError('PNG export needs Chromium (looked for $CHROMIUM_PATH, /usr/bin/chromium, /usr/bin/chromium-browser, /usr/bin/google-chrome) and none is installed here; export md, html or json instead (the HTML holds the same timeline as SVG)');
  let pw: { chromium: { launch(o: { executablePath: string; args: string[]; headless: boolean }): Promise<Browser> } };
  try {
    const spec = 'playwright-core'; // a dev tool, loaded only for PNG
    pw = (await import(spec)) as typeof pw;
  } catch {
    throw new PngUnavailableError('PNG export needs the playwright-core package (npm install) to drive Chromium; export md, html or json instead');
  }
  const browser = await pw.chromium.launch({ executablePath: exe, args: CHROMIUM_FLAGS, headless: true });
  try {
    const page = await browser.newPage({ viewport: { width: W, height: H } });
    await page.route('**/*', (route) => route.abort()); // the picture needs nothing from anywhere
    await page.setContent(`<!DOCTYPE html><html><head><meta charset="utf-8"><style>html,body{margin:0;padding:0;background:#fff}svg{display:block}</style></head><body>${timelineSvg(model, { width: W, height: H })}</body></html>`);
    return await page.screenshot({ type: 'png', clip: { x: 0, y: 0, width: W, height: H } });
  } finally {
    await browser.close();
  }
}
