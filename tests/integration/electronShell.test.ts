/**
 * The built Electron main bundle (dist/electron/main.cjs) under plain Node, with a stand-in for
 * the 'electron' module. The real binary cannot be downloaded on every machine; this still proves
 * the composition: the window's isolation settings, the IPC sender check and round trip, the
 * session's deny-all policy, the navigation guard, the window state and the quit sequence.
 * (`npm run test:integration` builds main first.)
 */
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const mainBundle = path.join(root, 'dist/electron/main.cjs');
const rendererUrl = pathToFileURL(path.join(root, 'dist/renderer/index.html')).href;

type Handler = (...args: unknown[]) => unknown;

class FakeWebContents extends EventEmitter {
  send = vi.fn();
  openHandler: Handler | undefined;
  isDestroyed = () => false;
  setWindowOpenHandler(handler: Handler) {
    this.openHandler = handler;
  }
}

function createFakeElectron(userData: { dir: string }) {
  const windows: FakeWindow[] = [];
  const calls: string[] = [];
  class FakeApp extends EventEmitter {
    isPackaged = false;
    quitted = false;
    enableSandbox = () => calls.push('enableSandbox');
    setPath = (name: string, value: string) => {
      if (name === 'userData') userData.dir = value;
    };
    getPath = () => userData.dir;
    requestSingleInstanceLock = () => (calls.push('lock'), true);
    whenReady = () => Promise.resolve();
    isReady = () => true;
    getVersion = () => '9.9.9';
    getLocale = () => 'en-US';
    exit = vi.fn();
    quit = () => {
      const event = {
        defaultPrevented: false,
        preventDefault: () => (event.defaultPrevented = true),
      };
      this.emit('before-quit', event);
      if (!event.defaultPrevented) this.quitted = true;
    };
  }
  const app = new FakeApp();
  class FakeWindow extends EventEmitter {
    static getAllWindows = () => windows;
    webContents = new FakeWebContents();
    loaded: string | undefined;
    constructor(
      public options: Record<string, unknown> & { webPreferences: Record<string, unknown> },
    ) {
      super();
      windows.push(this);
      app.emit('web-contents-created', {}, this.webContents);
      setImmediate(() => this.emit('ready-to-show'));
    }
    loadURL = async (url: string) => void (this.loaded = url);
    isDestroyed = () => false;
    isMinimized = () => false;
    isMaximized = () => false;
    getNormalBounds = () => ({ x: 10, y: 20, width: 900, height: 600 });
    show = vi.fn();
    focus = vi.fn();
    restore = vi.fn();
    maximize = vi.fn();
  }
  const handlers = new Map<string, Handler>();
  const session = {
    permissionRequest: undefined as Handler | undefined,
    permissionCheck: undefined as Handler | undefined,
    beforeRequest: undefined as Handler | undefined,
    headersReceived: undefined as Handler | undefined,
  };
  const defaultSession = {
    setPermissionRequestHandler: (h: Handler) => (session.permissionRequest = h),
    setPermissionCheckHandler: (h: Handler) => (session.permissionCheck = h),
    setDevicePermissionHandler: vi.fn(),
    webRequest: {
      onBeforeRequest: (_filter: unknown, h: Handler) => (session.beforeRequest = h),
      onHeadersReceived: (h: Handler) => (session.headersReceived = h),
    },
  };
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    ipcMain: {
      handle: (channel: string, h: Handler) => handlers.set(channel, h),
      removeHandler: (channel: string) => handlers.delete(channel),
    },
    session: { defaultSession },
    screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1040 } }] },
    shell: { openExternal: vi.fn(async () => {}) },
  };
  return { electron, app, windows, handlers, session, calls };
}

const userData = { dir: '' };
const fake = createFakeElectron(userData);
const ModuleWithLoad = Module as unknown as {
  _load: (request: string, ...rest: unknown[]) => unknown;
};
const originalLoad = ModuleWithLoad._load;
let profile = '';

beforeAll(async () => {
  if (!existsSync(mainBundle))
    throw new Error('dist/electron/main.cjs is missing: npm run build:main');
  profile = mkdtempSync(path.join(tmpdir(), 'hutong-shell-'));
  process.env.HUTONG_DATA_DIR = profile;
  process.env.HUTONG_DEFAULT_JID = 'alice@localhost';
  // Never let the bundle reach the real 'electron' package: requiring it starts a download.
  ModuleWithLoad._load = function (request: string, ...rest: unknown[]) {
    if (request === 'electron') return fake.electron;
    return originalLoad.call(this, request, ...rest);
  };
  createRequire(import.meta.url)(mainBundle);
  await vi.waitFor(() => expect(fake.windows).toHaveLength(1));
});

afterAll(() => {
  ModuleWithLoad._load = originalLoad;
  delete process.env.HUTONG_DATA_DIR;
  delete process.env.HUTONG_DEFAULT_JID;
  rmSync(profile, { recursive: true, force: true });
});

const request = (sender: unknown, url: string, name: unknown, params: unknown = {}) =>
  fake.handlers.get('hutong:request')!(
    { sender, senderFrame: { url, parent: null } },
    name,
    params,
  );

describe('electron shell (main bundle, stand-in electron)', () => {
  it('sandboxes, locks the profile and uses HUTONG_DATA_DIR', () => {
    expect(fake.calls).toEqual(['enableSandbox', 'lock']);
    expect(userData.dir).toBe(path.resolve(profile));
  });

  it('opens one isolated, sandboxed window on the built renderer', () => {
    const [window] = fake.windows;
    const prefs = window!.options.webPreferences;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
    });
    expect(prefs.preload).toBe(path.join(root, 'dist/electron/preload.cjs'));
    expect(existsSync(prefs.preload as string)).toBe(true);
    expect(window!.loaded).toBe(rendererUrl);
  });

  it('answers our page over IPC and refuses anyone else', async () => {
    const ours = fake.windows[0]!.webContents;
    await expect(request(ours, rendererUrl, 'app.info')).resolves.toMatchObject({
      ok: true,
      value: { transport: 'electron', version: '9.9.9', defaults: { jid: 'alice@localhost' } },
    });
    await expect(request(ours, rendererUrl, 'no.such')).resolves.toMatchObject({
      ok: false,
      error: { code: 'unknown-request' },
    });
    await expect(request(ours, 'https://evil.example/', 'app.info')).rejects.toThrow();
    await expect(request(new FakeWebContents(), rendererUrl, 'app.info')).rejects.toThrow();
  });

  it('denies permissions but our notifications, denies web requests, and sets the CSP', () => {
    const granted = vi.fn();
    fake.session.permissionRequest!({}, 'media', granted, {});
    expect(granted).toHaveBeenCalledWith(false);
    expect(fake.session.permissionCheck!({}, 'notifications', 'file://', {})).toBe(false);
    // Notifications only for our own page, as main.ts wires the renderer check in.
    const page = (url: string) => ({ getURL: () => url });
    const frame = (url: string) => ({ isMainFrame: true, requestingUrl: url });
    const check = fake.session.permissionCheck!;
    expect(check(page(rendererUrl), 'notifications', 'file://', frame(rendererUrl))).toBe(true);
    expect(check(page(rendererUrl), 'media', 'file://', frame(rendererUrl))).toBe(false);
    const evil = 'https://evil.example/';
    expect(check(page(evil), 'notifications', evil, frame(evil))).toBe(false);
    const cancel = vi.fn();
    fake.session.beforeRequest!({ url: 'https://tracker.example/pixel' }, cancel);
    fake.session.beforeRequest!({ url: 'file:///etc/passwd' }, cancel);
    fake.session.beforeRequest!({ url: rendererUrl }, cancel);
    expect(cancel.mock.calls).toEqual([
      [{ cancel: true }],
      [{ cancel: true }],
      [{ cancel: false }],
    ]);
    const headers = vi.fn();
    fake.session.headersReceived!(
      { responseHeaders: { 'content-security-policy': ['x'] } },
      headers,
    );
    const csp = headers.mock.calls[0]![0].responseHeaders['Content-Security-Policy'][0] as string;
    expect(csp).toContain("default-src 'none'");
    expect(headers.mock.calls[0]![0].responseHeaders['content-security-policy']).toBeUndefined();
  });

  it('keeps navigation inside and never opens a link without the confirmed link.open request', () => {
    const contents = fake.windows[0]!.webContents;
    const navigate = (url: string) => {
      const event = { url, preventDefault: vi.fn() };
      contents.emit('will-navigate', event);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(navigate('https://xmpp.org/')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate(`${rendererUrl}#/chat`)).toBe(false);
    expect(contents.openHandler!({ url: 'https://xmpp.org/' })).toEqual({ action: 'deny' });
    expect(contents.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(fake.electron.shell.openExternal).not.toHaveBeenCalled();
  });

  it('remembers the window bounds on close', () => {
    fake.windows[0]!.emit('close');
    const saved = JSON.parse(readFileSync(path.join(profile, 'window-state.json'), 'utf8'));
    expect(saved).toEqual({ bounds: { x: 10, y: 20, width: 900, height: 600 }, maximized: false });
  });

  it('disposes the services before quitting', async () => {
    fake.app.quit();
    expect(fake.app.quitted).toBe(false);
    await vi.waitFor(() => expect(fake.app.quitted).toBe(true));
  });
});
