/**
 * The packaged shape of the app: the real Electron binary, our main/preload bundles and the built
 * renderer. Checks the sign-in screen appears and that the page has no Node, only the bridge.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  _electron as electron,
  expect,
  test,
  type ElectronApplication,
  type Page,
} from '@playwright/test';
import { electronBinaryMissingReason, electronBinaryPath } from '../../scripts/electron.mjs';
import { acquireDisplay, type Display } from './display';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const binary = electronBinaryPath();
const skipReason = `SKIPPED: no Electron binary on this machine (${electronBinaryMissingReason()})`;
if (!binary) console.log(skipReason);

/** What the page may see of the bridge; the tests run under Node's types, not the DOM's. */
interface PageGlobals {
  hutong?: Record<string, unknown> & {
    request(
      name: string,
      params: unknown,
    ): Promise<{ ok: boolean; value?: { transport?: string } }>;
  };
  open(url: string): unknown;
}

test.describe('Electron app', () => {
  test.skip(!binary, skipReason);

  let display: Display | undefined;
  let app: ElectronApplication;
  let page: Page;
  let profile: string;

  test.beforeAll(async () => {
    for (const file of [
      'dist/electron/main.cjs',
      'dist/electron/preload.cjs',
      'dist/renderer/index.html',
    ]) {
      if (!existsSync(path.join(root, file)))
        throw new Error(`${file} is missing: run npm run build`);
    }
    const acquired = await acquireDisplay();
    if ('missing' in acquired) throw new Error(`cannot show a window: ${acquired.missing}`);
    display = acquired;
    profile = mkdtempSync(path.join(tmpdir(), 'hutong-electron-'));
    const args = [root, '--lang=en-US'];
    // Chromium's OS sandbox refuses root; the renderer stays sandboxed by Electron itself.
    if (process.getuid?.() === 0) args.push('--no-sandbox');
    app = await electron.launch({
      executablePath: binary ?? undefined,
      args,
      cwd: root,
      env: {
        ...process.env,
        DISPLAY: display.display,
        LANG: 'en_US.UTF-8',
        HUTONG_DATA_DIR: profile,
        HUTONG_LOG: 'warn',
      },
    });
    page = await app.firstWindow();
  });

  test.afterAll(async () => {
    await app?.close();
    await display?.stop();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  test('shows the sign-in screen', async () => {
    await expect(page.getByRole('button', { name: /sign in/i })).toBeVisible();
    expect(page.url()).toMatch(/^file:.*\/dist\/renderer\/index\.html/);
  });

  test('the page has no Node, only the allow-listed bridge', async () => {
    const seen = await page.evaluate(() => {
      const page = globalThis as unknown as PageGlobals;
      return {
        require: typeof require,
        process: typeof process,
        request: typeof page.hutong?.request,
        keys: Object.keys(page.hutong ?? {}).sort(),
      };
    });
    expect(seen).toEqual({
      require: 'undefined',
      process: 'undefined',
      request: 'function',
      keys: ['onEvent', 'request'],
    });
  });

  test('requests travel over IPC and come back as results', async () => {
    const result = await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).hutong?.request('app.info', {}),
    );
    expect(result).toMatchObject({ ok: true, value: { transport: 'electron' } });
  });

  test('the window is sandboxed and isolated', async () => {
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0]?.webContents;
      // Undocumented but long-standing: the preferences the page was actually created with.
      const read = contents as unknown as {
        getLastWebPreferences?: () => Record<string, unknown> | null;
      };
      const p = read?.getLastWebPreferences?.();
      if (!p) return null;
      const { contextIsolation, sandbox, nodeIntegration, webviewTag } = p;
      return { contextIsolation, sandbox, nodeIntegration, webviewTag };
    });
    test.skip(prefs === null, 'this Electron does not expose getLastWebPreferences');
    expect(prefs).toEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webviewTag: false,
    });
  });

  test('the page cannot open windows', async () => {
    const opened = await page.evaluate(() =>
      (globalThis as unknown as PageGlobals).open('file:///etc/hostname'),
    );
    expect(opened).toBeNull();
    expect(app.windows()).toHaveLength(1);
  });
});
