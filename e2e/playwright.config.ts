// End-to-end specs of the real UI, in browser mode on Debian's Chromium (never `npx playwright
// install`: the machine has no network for browser downloads), and — where an Electron binary
// exists — the same specs against the desktop app through `_electron`.
import { defineConfig } from '@playwright/test';

// Flags for a shared CI box: no GPU, nothing phoning home, no first-run UI.
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  outputDir: './test-results',
  globalSetup: './global-setup.ts',
  // One worker: the machine has 2 cores shared with the engine under test and its import.
  workers: 1,
  fullyParallel: false,
  timeout: 90_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  use: {
    viewport: { width: 1600, height: 1000 },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
      },
    },
    {
      // The fixture in e2e/fixtures.ts launches Electron instead of a browser page here, and skips
      // with a message where no Electron binary is installed.
      name: 'electron',
      use: { browserName: 'chromium', launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS } },
      metadata: { electron: true },
    },
  ],
});
