/**
 * The real Electron app, driven through Playwright's `_electron`:
 *   npm run build && npx playwright test -c tests/electron/playwright.config.ts
 * Without an Electron binary (it cannot be downloaded on every machine) the tests are skipped,
 * visibly, with the reason. Without a display they run on an Xvfb server (apt `xvfb`).
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  // One app at a time: it holds a single-instance lock and the machine has two cores.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: '../../test-results/electron',
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
});
