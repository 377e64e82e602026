// Log text is attacker-controlled (issue 5 acceptance, issue 8 item 6): a line holding
// `<img src=x onerror=alert(1)>` and lines holding terminal escapes (OSC 0 title, OSC 52 clipboard,
// OSC 8 hyperlink, CSI clear) must show as inert text in every view: no dialog, no element made
// from them, no title change, no link.
import type { Page } from '@playwright/test';
import { expect, test, tid, TID } from './fixtures.ts';
import { HOSTILE_LINES } from './hostile.ts';

test.use({ server: 'hostile' });

/** Nothing a hostile line could have made: elements, links, a changed title. */
async function assertInert(app: Page, title: string): Promise<void> {
  const made = await app.evaluate(() => ({
    img: document.querySelectorAll('img[src="x"], img[onerror]').length,
    script: [...document.querySelectorAll('script')].filter((s) => !s.src).length,
    links: document.querySelectorAll('a[href*="evil.example"]').length,
    title: document.title,
  }));
  expect(made).toEqual({ img: 0, script: 0, links: 0, title });
}

test('hostile log text stays text in the records table, the detail pane, the events and the SQL console', async ({ app, shot }) => {
  const dialogs: string[] = [];
  app.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
  const title = await app.title();
  const html = HOSTILE_LINES.find((l) => l.name === 'html')!;

  // The case was made from the hostile log by `crashlens serve <dir>`: wait for its records.
  const recordsTab = app.getByRole('tab', { name: /Records/ });
  await expect(recordsTab).toBeVisible({ timeout: 60_000 });
  await recordsTab.click();
  const rows = app.locator(`${tid(TID.recordsTable)} ${tid(TID.tableRow)}`);
  await expect(async () => expect(await rows.count()).toBeGreaterThanOrEqual(HOSTILE_LINES.length - 1)).toPass({ timeout: 60_000 });

  // Records table: the HTML is shown literally.
  const htmlRow = rows.filter({ hasText: html.marker });
  await expect(htmlRow).toHaveCount(1);
  for (const l of HOSTILE_LINES) await expect(rows.filter({ hasText: l.marker }).first()).toBeVisible();
  await assertInert(app, title);
  await shot('hostile-01-records');

  // Detail pane: the raw line, literally, with its escapes shown or dropped but never acted on.
  await htmlRow.click();
  const raw = app.locator(`${tid(TID.detailPane)} ${tid(TID.detailRaw)}`).first();
  await expect(raw).toContainText(html.marker);
  await assertInert(app, title);
  for (const l of HOSTILE_LINES.filter((x) => x.name.startsWith('osc'))) {
    await rows.filter({ hasText: l.marker }).first().click();
    await expect(raw).toContainText(l.marker);
    await assertInert(app, title);
  }
  await shot('hostile-02-detail');

  // Events table and verdict: the OOM line is an event; nothing else leaks from the page.
  await app.getByRole('tab', { name: /Events/ }).click();
  await assertInert(app, title);
  await shot('hostile-03-events');

  // SQL console (xterm): the rows holding escapes are printed; the terminal title, the clipboard
  // and links stay untouched.
  await app.locator(tid(TID.sqlTab)).click();
  const input = app.locator(tid(TID.sqlInput));
  await input.fill("SELECT id, message FROM records WHERE message LIKE '%title%' OR message LIKE '%clip%' OR message LIKE '%click-me%' OR message LIKE '%onerror%' OR message LIKE '%wipe%'");
  await input.press('Enter');
  const result = app.locator(tid(TID.sqlResult));
  await expect(result).toHaveAttribute('data-error', 'false');
  await expect(async () => expect(Number(await result.getAttribute('data-rows'))).toBeGreaterThanOrEqual(5)).toPass({ timeout: 15_000 });
  const terminal = app.locator(`${tid(TID.sqlConsole)} .xterm`);
  await expect(terminal).toContainText('onerror');
  await expect(terminal).toContainText('click-me');
  expect(await terminal.innerText()).not.toContain('PWNED-TITLE\n'); // the OSC payload is not a title…
  await assertInert(app, title); // …and the document title never changed
  await shot('hostile-04-sql');

  expect(dialogs).toEqual([]);
});
