// Looks at the UI: opens a running `crashlens serve` URL in Debian's Chromium (headless) at
// 1600×1000 and saves screenshots of the screens, for a human (or an agent) to view.
// Usage: node renderer/tools/screenshot.mjs <url> <out-dir> [steps…]
// Steps: wait:<ms> | shot:<name> | click:<css> | key:<key> | type:<css>=<text> | theme:light|dark | hash:<hash>
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [url, out = '/tmp/crashlens-shots', ...steps] = process.argv.slice(2);
if (!url) { console.error('usage: screenshot.mjs <url> <out-dir> [steps…]'); process.exit(2); }
mkdirSync(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') console.log(`[console.${m.type()}] ${m.text()}`); });
page.on('pageerror', (e) => console.log(`[pageerror] ${e.message}`));
await page.goto(url);
await page.waitForTimeout(1500);
for (const s of steps.length ? steps : ['shot:main']) {
  const i = s.indexOf(':');
  const op = s.slice(0, i), arg = s.slice(i + 1);
  if (op === 'wait') await page.waitForTimeout(Number(arg));
  else if (op === 'shot') { await page.screenshot({ path: join(out, `${arg}.png`) }); console.log(`saved ${join(out, `${arg}.png`)}`); }
  else if (op === 'clip') { const [name, box] = arg.split('@'); const [x, y, width, height] = box.split(',').map(Number); await page.screenshot({ path: join(out, `${name}.png`), clip: { x, y, width, height } }); console.log(`saved ${join(out, `${name}.png`)}`); }
  else if (op === 'drag') { const [x0, y0, x1, y1] = arg.split(',').map(Number); await page.mouse.move(x0, y0); await page.mouse.down(); await page.mouse.move(x1, y1, { steps: 8 }); await page.mouse.up(); }
  else if (op === 'mclick') { const [x, y] = arg.split(',').map(Number); await page.mouse.click(x, y); }
  else if (op === 'select') { const j = arg.indexOf(']=') + 1; await page.selectOption(arg.slice(0, j), arg.slice(j + 1)); }
  else if (op === 'move') { const [x, y] = arg.split(',').map(Number); await page.mouse.move(x, y); }
  else if (op === 'click') await page.click(arg, { timeout: 20000 }).catch((e) => console.log(`click ${arg}: ${e.message.split('\n')[0]}`));
  else if (op === 'key') await page.keyboard.press(arg);
  else if (op === 'type') { const j = arg.indexOf(']=') + 1; const css = arg.slice(0, j), text = arg.slice(j + 1); await page.fill(css, text); await page.press(css, 'Enter'); }
  else if (op === 'eval') console.log(await page.evaluate(arg));
}
await browser.close();
