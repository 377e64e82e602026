// Notes to report (issue 6): star two evidence events, tag one root-cause, comment the visible
// range → export Markdown and HTML from the UI → both files hold those notes and the verdict; the
// HTML opened in Chromium makes no request at all, and its screenshot shows the timeline
// (e2e/screenshots/chromium-annotations-*.png).
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import type { Page } from '@playwright/test';
import { expect, SCREENSHOTS, test, tid, TID } from './fixtures.ts';
import { sampleBundle, startServe } from './global-setup.ts';

// A server of its own, opened on the sample bundle: the shared one belongs to the flow spec, whose
// first screen must stay the import screen.
let server: { child: ChildProcess; url: string } | null = null;
let home = '';

test.beforeAll(async ({}, info) => {
  if (info.project.metadata?.electron) return;
  const bundle = process.env.CRASHLENS_E2E_BUNDLE ?? sampleBundle();
  if (!bundle) return;
  home = mkdtempSync(join(tmpdir(), 'crashlens-e2e-notes-'));
  server = await startServe([bundle, '--case-dir', join(home, 'cases')], { ...process.env, CRASHLENS_HOME: home });
});

test.afterAll(async () => {
  if (server?.child.exitCode === null) {
    server.child.kill('SIGTERM');
    await new Promise((r) => { const t = setTimeout(() => { server!.child.kill('SIGKILL'); r(null); }, 5000); server!.child.once('exit', () => { clearTimeout(t); r(null); }); });
  }
  if (home) rmSync(home, { recursive: true, force: true });
});

async function download(page: Page, format: 'md' | 'html'): Promise<string> {
  await page.locator(tid(TID.exportButton)).click();
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.locator(`${tid(TID.exportFormat)}[data-format="${format}"]`).click(),
  ]);
  expect(file.suggestedFilename()).toMatch(new RegExp(`\\.${format}$`));
  return readFileSync((await file.path())!, 'utf8');
}

test('star, tag and comment, then export Markdown and HTML that hold them and the verdict', async ({ page }, info) => {
  test.skip(!!info.project.metadata?.electron, 'browser mode only: the export arrives as a download');
  test.skip(!server, 'no sample bundle committed in samples/bundles (set CRASHLENS_E2E_BUNDLE)');
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(server!.url);

  // The verdict of the sample: its cause and at least two evidence events.
  const cause = page.locator(tid(TID.verdictCause));
  await expect(cause).toBeVisible({ timeout: 90_000 });
  const evidence = page.locator(tid(TID.evidenceItem));
  await expect(evidence.nth(1)).toBeVisible();
  const causeType = await cause.getAttribute('data-type');
  const causeCategory = await cause.getAttribute('data-category');

  // Star two events; tag the second one root-cause. Each click is saved at once.
  const starred: string[] = [];
  for (const i of [0, 1]) {
    const item = evidence.nth(i);
    starred.push((await item.getAttribute('data-event-id'))!);
    await item.click();
    const star = page.locator(tid(TID.annotateStar));
    await expect(star).toBeVisible();
    await star.click();
    await expect(star).toHaveAttribute('aria-pressed', 'true');
  }
  const rootCause = page.locator(`${tid(TID.annotateTag)}[data-tag="root-cause"]`);
  await rootCause.click();
  await expect(rootCause).toHaveClass(/\bon\b/);

  // Comment the visible range: the quarter hour before the crash.
  await page.getByRole('button', { name: /Crash −15m/ }).click();
  await page.getByRole('tab', { name: /Annotations/ }).click();
  const RANGE_NOTE = 'memory pressure window before the reset';
  await page.locator(tid(TID.rangeComment)).fill(RANGE_NOTE);
  await page.locator(tid(TID.rangeComment)).press('Enter');
  const list = page.locator(tid(TID.annotationsList));
  await expect(list.locator('.annot-item')).toHaveCount(3);
  await expect(list).toContainText(RANGE_NOTE);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, 'chromium-annotations-01-notes.png') });

  // Markdown: the notes (two stars, the tag, the range comment) and the verdict.
  const md = await download(page, 'md');
  expect(md.match(/★/g)?.length ?? 0).toBeGreaterThanOrEqual(2);
  expect(md).toContain('#root-cause');
  expect(md).toContain(RANGE_NOTE);
  expect(md).toContain('## Summary');
  if (causeType) expect(md).toContain(causeType.replace(/_/g, '\\_'));
  if (causeCategory) expect(md).toContain(causeCategory);
  expect(md).toContain('### Evidence');

  // HTML: the same, one file.
  const html = await download(page, 'html');
  expect(html).toContain('<span class="tag">root-cause</span>');
  expect(html).toContain(RANGE_NOTE);
  if (causeType) expect(html).toContain(causeType);
  for (const id of starred) expect(html).toContain(`data-event-id="${id}"`);
  expect(errors).toEqual([]);

  // Opened in Chromium, the report asks for nothing: no script, font, image or style from anywhere.
  const report = await page.context().newPage();
  const requests: string[] = [];
  report.on('request', (r) => requests.push(r.url()));
  await report.setViewportSize({ width: 1400, height: 1000 });
  await report.setContent(html, { waitUntil: 'load' });
  await report.waitForTimeout(500); // anything lazy (a CSS background, a font) would have asked by now
  expect(requests).toEqual([]);
  const svg = report.locator('[data-section="timeline"] svg');
  await expect(svg).toBeVisible();
  const box = (await svg.boundingBox())!;
  expect(box.width).toBeGreaterThan(600);
  expect(box.height).toBeGreaterThan(150);
  // Stars, the noted range and the crash line are drawn in it.
  await expect(svg.locator('path[fill="#fbc02d"]')).not.toHaveCount(0);
  await expect(svg.locator('rect[fill-opacity="0.12"]')).toHaveCount(1);
  await expect(svg.locator('line[stroke="#b71c1c"]')).not.toHaveCount(0);
  await svg.screenshot({ path: join(SCREENSHOTS, 'chromium-annotations-02-report-timeline.png') });
  await report.screenshot({ path: join(SCREENSHOTS, 'chromium-annotations-03-report.png'), fullPage: false });
  await report.close();
});
