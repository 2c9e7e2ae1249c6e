/**
 * UI tests through the browser host (`npm run test:ui` builds first):
 *   npx playwright test -c tests/ui/playwright.config.ts
 * globalSetup starts one Prosody for the run; every test gets its own browser host with a fresh
 * data folder (fixtures.ts), so no signed-in session or pinned certificate leaks between tests.
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: '*.spec.ts',
  globalSetup: './globalSetup.ts',
  // One browser at a time on a two-core machine; the specs share one Prosody.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: process.env.CI ? 1 : 0,
  timeout: 45_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: '../../test-results/ui',
  use: {
    browserName: 'chromium',
    locale: 'en-US',
    viewport: { width: 1100, height: 720 },
    trace: 'on-first-retry',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.HUTONG_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
});
