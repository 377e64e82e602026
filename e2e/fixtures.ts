// The `app` fixture: the Crashlens window under test. In the chromium project it is a browser tab
// on the `crashlens serve` started by global-setup.ts; in the electron project it is the desktop
// app's first window, launched through Playwright's `_electron` (skipped where no binary exists).
import { test as base, _electron, type Page, type ElectronApplication } from '@playwright/test';
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TID } from '../renderer/src/testids.ts';

export { expect } from '@playwright/test';
export { TID };

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SCREENSHOTS = join(REPO_ROOT, 'e2e/screenshots');

/** The Electron binary's path, or why there is none (`npm install` could not download it here). */
export function electronBinary(): { path: string } | { missing: string } {
  try {
    const p = createRequire(import.meta.url)('electron') as unknown;
    if (typeof p === 'string' && existsSync(p)) return { path: p };
    return { missing: 'the electron package has no binary' };
  } catch (e) {
    return { missing: `no Electron binary (${(e as Error).message.split('\n')[0]})` };
  }
}

export const tid = (id: string) => `[data-testid="${id}"]`;

type Fixtures = {
  /** The window under test, already on the app. */
  app: Page;
  /** 'browser' or 'electron': a few checks (HTTP headers) exist only in browser mode. */
  mode: 'browser' | 'electron';
  /** Save a screenshot of the whole window as e2e/screenshots/<project>-<name>.png. */
  shot: (name: string) => Promise<void>;
  /** Which server the browser tab opens: the empty case (default) or the hostile log's case. */
  server: 'main' | 'hostile' | 'upload';
};

export const test = base.extend<Fixtures>({
  server: ['main', { option: true }],
  mode: async ({}, use, info) => { await use(info.project.metadata?.electron ? 'electron' : 'browser'); },
  app: async ({ page, mode, server }, use, info) => {
    if (mode === 'browser') {
      // Read at run time: global-setup.ts sets these after the spec files were first loaded.
      const serverUrl = { main: process.env.CRASHLENS_E2E_URL, hostile: process.env.CRASHLENS_E2E_HOSTILE_URL, upload: process.env.CRASHLENS_E2E_UPLOAD_URL }[server];
      if (!serverUrl) throw new Error('global setup did not start crashlens serve');
      // An uncaught error in the app is a failure of the spec, named with its message (a blank
      // screenshot alone says nothing).
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await page.goto(serverUrl);
      await use(page);
      if (errors.length) throw new Error(`the app threw in the page:\n${errors.join('\n')}`);
      return;
    }
    const bin = electronBinary();
    info.skip('missing' in bin, `electron project skipped: ${'missing' in bin ? bin.missing : ''}`);
    if ('missing' in bin) return;
    const startScript = '../scripts/start.js'; // plain JS (no types): imported through a variable
    const { buildElectron } = (await import(startScript)) as { buildElectron: () => Promise<string> };
    const main = await buildElectron();
    let electronApp: ElectronApplication | null = null;
    try {
      electronApp = await _electron.launch({ executablePath: bin.path, args: [main, ...(server === 'hostile' && process.env.CRASHLENS_E2E_HOSTILE_BUNDLE ? [process.env.CRASHLENS_E2E_HOSTILE_BUNDLE] : [])], env: { ...process.env, CRASHLENS_HOME: process.env.CRASHLENS_E2E_HOME ?? '' } as Record<string, string> });
      const win = await electronApp.firstWindow();
      await win.setViewportSize({ width: 1600, height: 1000 });
      await use(win);
    } finally {
      await electronApp?.close();
    }
  },
  shot: async ({ app }, use, info) => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    await use(async (name) => {
      await app.screenshot({ path: join(SCREENSHOTS, `${info.project.name}-${name}.png`) });
    });
  },
});
