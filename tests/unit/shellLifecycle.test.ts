/**
 * The rest of what startShell registers, on the Electron stand-in: the sandbox and the profile
 * lock before anything else, the isolated window and its remembered bounds, the app events
 * (second instance, windows closed, activate, client certificates) and the quit sequence.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Certificate } from 'electron';
import { BUNDLE_DIR, cleanUpLaunches, launch, OURS } from './shellLaunch';

afterEach(() => {
  vi.useRealTimers();
  cleanUpLaunches();
});

describe('start-up', () => {
  it('sandboxes every renderer, then locks the profile chosen by HUTONG_DATA_DIR', async () => {
    const shell = await launch();
    expect(shell.app.calls).toEqual(['enableSandbox', 'lock']);
    expect(shell.app.getPath('userData')).toBe(path.resolve(shell.userData));
    expect(shell.services()).toMatchObject({
      dataDir: path.resolve(shell.userData),
      transport: 'electron',
      version: '9.9.9',
      locale: 'en-US',
    });
  });

  it('leaves to the instance that holds the profile: quits, registers nothing', async () => {
    const shell = await launch({ singleInstance: false });
    expect(shell.app.quitted).toBe(true);
    expect(shell.windows).toEqual([]);
    expect(shell.ipcMain.handlers.size).toBe(0);
    expect(shell.app.listenerCount('web-contents-created')).toBe(0);
    expect(shell.services()).toBeUndefined();
  });

  it('opens one isolated, sandboxed window with our preload', async () => {
    const prefs = (await launch()).window().options.webPreferences;
    expect(prefs).toEqual(
      expect.objectContaining({
        preload: path.join(BUNDLE_DIR, 'preload.cjs'),
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        nodeIntegrationInWorker: false,
        nodeIntegrationInSubFrames: false,
        webSecurity: true,
        allowRunningInsecureContent: false,
        webviewTag: false,
        navigateOnDragDrop: false,
        spellcheck: false,
      }),
    );
  });

  it('uses a dev server only unpackaged and on loopback', async () => {
    const dev = await launch({ env: { HUTONG_DEV_URL: 'http://localhost:5173/' } });
    const contents = dev.window().webContents;
    expect(contents.getURL()).toBe('http://localhost:5173/');
    expect(contents.navigate('http://localhost:5173/src/main.tsx')).toBe(true);
    expect(contents.navigate('http://localhost:5174/')).toBe(false);
    expect(contents.navigate(OURS)).toBe(false);
    const packaged = await launch({
      packaged: true,
      env: { HUTONG_DEV_URL: 'http://localhost:5173/' },
    });
    expect(packaged.window().webContents.getURL()).toBe(OURS);
    const remote = await launch({ env: { HUTONG_DEV_URL: 'http://evil.example:5173/' } });
    expect(remote.window().webContents.getURL()).toBe(OURS);
  });

  it('shows the window when it is ready, and remembers its bounds on close', async () => {
    const shell = await launch();
    await vi.waitFor(() => expect(shell.window().shown).toBe(1));
    shell.window().close();
    const saved = JSON.parse(readFileSync(path.join(shell.userData, 'window-state.json'), 'utf8'));
    expect(saved).toEqual({ bounds: { x: 10, y: 20, width: 900, height: 600 }, maximized: false });
  });

  it('exits when start-up fails', async () => {
    const shell = await launch({ ready: false });
    vi.spyOn(shell.session, 'setPermissionRequestHandler').mockImplementation(() => {
      throw new Error('no session');
    });
    await shell.app.becomeReady();
    expect(shell.app.exitCode).toBe(1);
    expect(shell.windows).toEqual([]);
  });
});

describe('app events', () => {
  it('never hands a client certificate to a server that asks for one', async () => {
    const shell = await launch();
    const certificate = { subjectName: 'Alice', fingerprint: 'sha256/x' } as Certificate;
    const contents = shell.window().webContents;
    expect(
      shell.app.selectClientCertificate(contents, 'https://evil.example/', [certificate]),
    ).toBe(undefined);
    expect(shell.app.selectClientCertificate(null, 'https://evil.example/', [certificate])).toBe(
      undefined,
    );
  });

  it("leaves Electron's refusing defaults for bad certificates and basic auth", async () => {
    // With no listener, Electron rejects a certificate it cannot verify and cancels every login:
    // a listener here could only weaken that.
    const shell = await launch();
    for (const emitter of [shell.app, shell.window().webContents]) {
      expect(emitter.listenerCount('certificate-error')).toBe(0);
      expect(emitter.listenerCount('login')).toBe(0);
    }
  });

  it('shows the existing window to a second instance', async () => {
    const shell = await launch();
    const window = shell.window();
    window.minimized = true;
    const shownBefore = window.shown;
    shell.app.emit('second-instance');
    expect(window.minimized).toBe(false);
    expect(window.shown).toBe(shownBefore + 1);
    window.close();
    expect(() => shell.app.emit('second-instance')).not.toThrow();
  });

  it('quits when the last window closes, except on macOS, where activate reopens it', async () => {
    const linux = await launch({ platform: 'linux' });
    linux.window().close();
    await vi.waitFor(() => expect(linux.app.quitted).toBe(true));
    const mac = await launch({ platform: 'darwin' });
    mac.window().close();
    expect(mac.app.quitted).toBe(false);
    mac.app.emit('activate');
    expect(mac.windows.filter((w) => !w.destroyed)).toHaveLength(1);
    expect(mac.window().webContents.getURL()).toBe(OURS);
    // A reopened window is our renderer again: IPC and the guard apply to it.
    expect(mac.window().webContents.navigate('https://evil.example/')).toBe(false);
    await expect(
      mac.window().webContents.invoke('hutong:request', ['app.info', {}]),
    ).resolves.toMatchObject({
      ok: true,
      value: { version: '9.9.9', transport: 'electron' },
    });
    mac.app.emit('activate');
    expect(mac.windows.filter((w) => !w.destroyed)).toHaveLength(1);
  });
});

describe('quit', () => {
  it('signs accounts out before the process goes, once', async () => {
    let finish = () => {};
    const shell = await launch({
      dispose: () => new Promise<void>((resolve) => (finish = resolve)),
    });
    shell.app.quit();
    expect(shell.app.quitted).toBe(false);
    expect(shell.dispose).toHaveBeenCalledTimes(1);
    shell.app.quit();
    expect(shell.dispose).toHaveBeenCalledTimes(1);
    finish();
    await vi.waitFor(() => expect(shell.app.quitted).toBe(true));
  });

  it('quits anyway when signing out fails or hangs', async () => {
    const failing = await launch({ dispose: () => Promise.reject(new Error('socket')) });
    failing.app.quit();
    await vi.waitFor(() => expect(failing.app.quitted).toBe(true));
    const hanging = await launch({ dispose: () => new Promise<void>(() => {}) });
    vi.useFakeTimers();
    hanging.app.quit();
    expect(hanging.app.quitted).toBe(false);
    await vi.advanceTimersByTimeAsync(3000);
    expect(hanging.app.quitted).toBe(true);
  });
});
