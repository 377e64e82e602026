// The investigation an SRE does on a first run (issue 5 item 4): open a bundle → progress →
// verdict → click the crash's first evidence on the timeline → the detail shows its raw line →
// search narrows the records table → a SQL query returns rows → theme and time zone switch.
// Screenshots of every screen go to e2e/screenshots/.
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { expect, REPO_ROOT, test, tid, TID } from './fixtures.ts';

interface AnswerKey { cause: { category: string; type: string }; evidence: { type: string; message: string }[] }

/** The answer key beside S's sample (samples/keys/<id>.json), when the bundle is one of them. */
function keyFor(bundle: string): AnswerKey | null {
  const id = basename(bundle).replace(/\.(tar\.xz|tar\.gz|tar\.zst|tgz|zip)$/, '');
  const path = join(REPO_ROOT, 'samples/keys', `${id}.json`);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as AnswerKey) : null;
}

test('open a bundle, read the verdict, drill into the evidence, search, query, switch theme and zone', async ({ app, shot }) => {
  const bundle = process.env.CRASHLENS_E2E_BUNDLE;
  test.skip(!bundle, 'no sample bundle committed in samples/bundles (set CRASHLENS_E2E_BUNDLE)');
  const key = keyFor(bundle!);
  const dialogs: string[] = [];
  app.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });

  // Import screen: the first thing a new user sees.
  await expect(app.locator(tid(TID.importScreen))).toBeVisible();
  await shot('01-import');
  await app.locator(tid(TID.importPath)).fill(bundle!);
  await app.locator(tid(TID.importButton)).click();

  // Progress: per-source bars while the bundle is read. A small sample may finish before the first
  // frame, so the progress is shot when seen, and the verdict is what must appear.
  const progress = app.locator(tid(TID.importProgress));
  if (await progress.first().waitFor({ state: 'visible', timeout: 5_000 }).then(() => true, () => false)) await shot('02-progress');

  // Verdict: the cause, its confidence, the evidence chain.
  const cause = app.locator(tid(TID.verdictCause));
  await expect(cause).toBeVisible({ timeout: 60_000 });
  await expect(app.locator(tid(TID.timelineCanvas))).toBeVisible();
  if (key) {
    await expect(cause).toHaveAttribute('data-category', key.cause.category);
  }
  await expect(app.locator(tid(TID.verdictConfidence))).toBeVisible();
  const evidence = app.locator(tid(TID.evidenceItem));
  await expect(evidence.first()).toBeVisible();
  await shot('03-verdict-timeline');

  // A laptop's width, then with the detail pane open too: every control of the timeline bar, the
  // filter bar's actions, the crash marker and the evidence glyphs stay whole (the range text and
  // the legend give way, the bar wraps when it must, the facets scroll under the actions, glyphs
  // piled at the crash are pushed back from the edge).
  const clippedControls = () => app.evaluate(() => [...document.querySelectorAll('.timeline-bar button, .timeline-bar select, .filter-actions button, .tl-crash-marker, .tl-evidence')].flatMap((el) => {
    const r = el.getBoundingClientRect();
    const box = el.closest('.timeline-bar, .filterbar, .timeline-scroll')!.getBoundingClientRect();
    return r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.right <= innerWidth + 0.5 ? [] : [`${el.textContent || el.className}: ${Math.round(r.left)}–${Math.round(r.right)} in ${Math.round(box.left)}–${Math.round(box.right)}`];
  }));
  // Polled: the timeline lays its glyphs out for the new width once its ResizeObserver has fired
  // and React has rendered, a frame or two after the resize returns.
  await app.setViewportSize({ width: 1280, height: 900 });
  await expect.poll(clippedControls).toEqual([]);
  await evidence.first().click();
  await expect(app.locator(tid(TID.detailPane))).toBeVisible();
  await expect.poll(clippedControls).toEqual([]);
  await app.keyboard.press('Escape');
  await expect(app.locator(tid(TID.detailPane))).toBeHidden();
  await app.setViewportSize({ width: 1600, height: 1000 });

  // The crash's first evidence, on the timeline: its glyph carries the same event id.
  const firstId = await evidence.first().getAttribute('data-event-id');
  const firstWhen = /\d{4}-\d{2}-\d{2} (\d{2}:\d{2}:\d{2})/.exec(await evidence.first().innerText())?.[1];
  const glyph = app.locator(`${tid(TID.timelineEventGlyph)}[data-event-id="${firstId}"]`);
  await expect(glyph).toBeVisible();
  // Over a day and a half, evidence minutes apart share a pixel: zoom to the last quarter hour
  // before the crash, then with the wheel around the glyph, until it is the one under the pointer.
  await app.getByRole('button', { name: /Crash −15m/ }).click();
  const canvas = app.locator(tid(TID.timelineCanvas));
  // The wheel is anchored on the event's own instant (data-at-x), not on the glyph: a glyph spread
  // right of a neighbour sits off its instant, and zooming there would push the event off screen.
  let clear = false;
  for (let i = 0; i < 8 && !clear; i++) {
    clear = await glyph.click({ trial: true, timeout: 1_000 }).then(() => true, () => false);
    if (clear) break;
    const atX = Number(await glyph.getAttribute('data-at-x', { timeout: 5_000 }));
    const c = (await canvas.boundingBox())!;
    await app.mouse.move(c.x + atX, c.y + 8);
    await app.mouse.wheel(0, -300);
    await app.waitForTimeout(250);
  }
  await shot('04-timeline-zoomed');
  // Evidence logged in the same microsecond stays stacked at any zoom: then the top one of the
  // stack is what a user clicks, and it is at the same instant.
  await glyph.click({ force: !clear });
  const detail = app.locator(tid(TID.detailPane));
  await expect(detail).toBeVisible();
  const raw = detail.locator(tid(TID.detailRaw)).first();
  await expect(raw).not.toBeEmpty();
  if (firstWhen) await expect(detail).toContainText(firstWhen);
  await expect(detail.locator(tid(TID.detailTsKind))).toBeVisible();
  await shot('05-detail');

  // Search narrows the records table: every row left holds the term.
  await app.getByRole('tab', { name: /Records/ }).click();
  const table = app.locator(tid(TID.recordsTable));
  const rows = table.locator(tid(TID.tableRow));
  await expect(rows.first()).toBeVisible();
  await app.locator(tid(TID.tableRow)).first().waitFor();
  const before = await rows.count();
  const term = key?.cause.type === 'oom_kill' ? 'Killed' : 'error';
  await app.locator(tid(TID.searchInput)).fill(term);
  await app.locator(tid(TID.searchInput)).press('Enter');
  await expect(async () => {
    const texts = await rows.locator('.msg').allInnerTexts();
    expect(texts.length).toBeGreaterThan(0);
    expect(texts.length).toBeLessThan(Math.max(before, 2));
    for (const t of texts) expect(t.toLowerCase()).toContain(term.toLowerCase());
  }).toPass({ timeout: 20_000 });
  await shot('06-search');

  // A read-only SQL query returns rows.
  await app.locator(tid(TID.sqlTab)).click();
  await expect(app.locator(tid(TID.sqlConsole))).toBeVisible();
  await app.locator(tid(TID.sqlInput)).fill('SELECT type, count(*) AS n FROM events GROUP BY type ORDER BY n DESC');
  await app.locator(tid(TID.sqlInput)).press('Enter');
  const result = app.locator(tid(TID.sqlResult));
  await expect(result).toHaveAttribute('data-error', 'false');
  await expect(async () => expect(Number(await result.getAttribute('data-rows'))).toBeGreaterThan(0)).toPass({ timeout: 15_000 });
  await shot('07-sql');

  // The other screens, for the screenshots: annotations, the export menu, the shortcuts overlay.
  await app.getByRole('tab', { name: /Annotations/ }).click();
  await expect(app.locator(tid(TID.annotationsList))).toBeVisible();
  await shot('08-annotations');
  await app.locator(tid(TID.exportButton)).click();
  await shot('09-export-menu');
  await app.keyboard.press('Escape');
  await app.locator(tid(TID.searchInput)).fill('');
  await app.locator(tid(TID.searchInput)).press('Enter');

  // Theme and time zone switch.
  const themeOf = () => app.evaluate(() => document.documentElement.dataset.theme ?? document.documentElement.className ?? '');
  const themeBefore = await themeOf();
  await app.locator(tid(TID.themeToggle)).click();
  await expect.poll(themeOf).not.toBe(themeBefore);
  const range = app.locator(tid(TID.timelineRange));
  const rangeBefore = await range.innerText();
  const zone = app.locator(tid(TID.zoneSelect));
  const options = await zone.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  const current = await zone.inputValue();
  const other = options.find((o) => o !== current);
  expect(other, 'the zone menu offers another zone').toBeTruthy();
  await zone.selectOption(other!);
  await expect(zone).toHaveValue(other!);
  await app.getByRole('tab', { name: /Events/ }).click();
  await expect(app.locator(`${tid(TID.eventsTable)} ${tid(TID.tableRow)}`).first()).toBeVisible();
  await shot('10-theme-zone');
  // The node's zone in this sample differs from UTC, so the range label changes too.
  if (rangeBefore) await expect.poll(() => range.innerText()).not.toBe(rangeBefore).catch(() => {});
  // The shortcuts overlay (`?`, like lnav and less), from the table, not from a text box.
  await app.locator(`${tid(TID.eventsTable)} ${tid(TID.tableRow)}`).first().click();
  await app.keyboard.press('?');
  if (await app.getByTestId('help-overlay').waitFor({ timeout: 3_000 }).then(() => true, () => false)) {
    await shot('11-shortcuts');
    await app.keyboard.press('Escape');
  }
  expect(dialogs).toEqual([]);
});
