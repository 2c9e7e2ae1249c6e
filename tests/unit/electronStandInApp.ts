/**
 * A stand-in for Electron's app, BrowserWindow, shell, dialog and screen, completing
 * electronStandIn.ts and electronStandInSession.ts (same rules: each class implements a Pick of
 * Electron's declaration; events and details are Electron's named types).
 * `createElectronStandIn()` returns one world: the API to hand to startShell, plus the windows it
 * opened and ways to drive app events.
 */
import { EventEmitter } from 'node:events';
import type {
  App,
  BrowserWindow,
  BrowserWindowConstructorOptions,
  Certificate,
  Display,
  Rectangle,
  SaveDialogReturnValue,
  Shell,
} from 'electron';
import type { ShellElectron } from '../../electron/shell/startShell';
import { electronEvent, FakeIpcMain, FakeWebContents } from './electronStandIn';
import { FakeSession } from './electronStandInSession';

export type { Permission } from './electronStandInSession';

const display = (workArea: Rectangle): Display => ({
  accelerometerSupport: 'unknown',
  bounds: workArea,
  colorDepth: 24,
  colorSpace: 'srgb',
  depthPerComponent: 8,
  detected: true,
  displayFrequency: 60,
  id: 1,
  internal: true,
  label: 'stand-in',
  maximumCursorSize: { width: 64, height: 64 },
  monochrome: false,
  nativeOrigin: { x: workArea.x, y: workArea.y },
  rotation: 0,
  scaleFactor: 1,
  size: workArea,
  touchSupport: 'unknown',
  workArea,
  workAreaSize: { width: workArea.width, height: workArea.height },
});

type AppPart = Pick<
  App,
  | 'enableSandbox'
  | 'setPath'
  | 'getPath'
  | 'requestSingleInstanceLock'
  | 'quit'
  | 'exit'
  | 'whenReady'
  | 'isReady'
  | 'getVersion'
  | 'getLocale'
  | 'isPackaged'
>;
type WindowPart = Pick<
  BrowserWindow,
  | 'isDestroyed'
  | 'isMinimized'
  | 'isMaximized'
  | 'restore'
  | 'show'
  | 'focus'
  | 'maximize'
  | 'getNormalBounds'
  | 'loadURL'
  | 'close'
>;

export function createElectronStandIn(options: { userData: string; singleInstance?: boolean }) {
  const ipcMain = new FakeIpcMain();
  const windows: FakeWindow[] = [];
  const openedExternally: string[] = [];
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  class FakeApp extends EventEmitter implements AppPart {
    isPackaged = false;
    ready = false;
    quitted = false;
    exitCode: number | undefined;
    readonly calls: string[] = [];
    private readonly paths = new Map([
      ['userData', options.userData],
      ['documents', options.userData],
    ]);
    enableSandbox = () => void this.calls.push('enableSandbox');
    setPath = (name: string, value: string) => void this.paths.set(name, value);
    getPath = (name: Parameters<App['getPath']>[0]) => this.paths.get(name) ?? `/stand-in/${name}`;
    requestSingleInstanceLock = () => (this.calls.push('lock'), options.singleInstance !== false);
    whenReady = () => ready;
    isReady = () => this.ready;
    getVersion = () => '9.9.9';
    getLocale = () => 'en-US';
    exit = (code?: number) => void (this.exitCode = code ?? 0);
    /** Electron asks before-quit first; preventDefault there keeps the app running. */
    quit = () => {
      const event = electronEvent({});
      this.emit('before-quit', event);
      if (!event.defaultPrevented) this.quitted = true;
    };
    /** Electron's 'ready': whenReady() resolves. */
    becomeReady() {
      this.ready = true;
      markReady();
      return ready.then(() => new Promise((resolve) => setImmediate(resolve)));
    }
    /** A server asks for a client certificate; without preventDefault Electron sends the first. */
    selectClientCertificate(
      contents: FakeWebContents | null,
      url: string,
      list: Certificate[],
    ): Certificate | undefined {
      let chosen: Certificate | undefined;
      const event = electronEvent({});
      this.emit(
        'select-client-certificate',
        event,
        contents,
        url,
        list,
        (c?: Certificate) => (chosen = c),
      );
      return event.defaultPrevented ? chosen : list[0];
    }
    /** A webContents the app did not create itself (a devtools page, a guest). */
    createWebContents(url?: string): FakeWebContents {
      const contents = new FakeWebContents(ipcMain, url);
      this.emit('web-contents-created', electronEvent({}), contents);
      return contents;
    }
  }
  const app = new FakeApp();

  class FakeWindow extends EventEmitter implements WindowPart {
    static getAllWindows = () => windows.filter((w) => !w.destroyed);
    readonly webContents = app.createWebContents();
    destroyed = false;
    minimized = false;
    maximized = false;
    shown = 0;
    constructor(readonly options: BrowserWindowConstructorOptions = {}) {
      super();
      windows.push(this);
    }
    isDestroyed = () => this.destroyed;
    isMinimized = () => this.minimized;
    isMaximized = () => this.maximized;
    restore = () => void (this.minimized = false);
    show = () => void this.shown++;
    focus = () => {};
    maximize = () => void (this.maximized = true);
    getNormalBounds = () => ({ x: 10, y: 20, width: 900, height: 600 });
    async loadURL(url: string): Promise<void> {
      this.webContents.load(url);
      setImmediate(() => this.emit('ready-to-show', electronEvent({})));
    }
    /** The user closes the window: 'close' (preventable), then 'closed' and, if last, 'window-all-closed'. */
    close = () => {
      const event = electronEvent({});
      this.emit('close', event);
      if (event.defaultPrevented) return;
      this.destroyed = true;
      this.webContents.destroy();
      this.emit('closed');
      if (FakeWindow.getAllWindows().length === 0) app.emit('window-all-closed');
    };
  }

  const shell: Pick<Shell, 'openExternal'> = {
    openExternal: async (url) => void openedExternally.push(url),
  };
  const defaultSession = new FakeSession();
  const saveAnswers: SaveDialogReturnValue[] = [];
  const electron = {
    app,
    BrowserWindow: FakeWindow,
    ipcMain,
    session: { defaultSession },
    shell,
    screen: { getAllDisplays: () => [display({ x: 0, y: 0, width: 1920, height: 1040 })] },
    dialog: { showSaveDialog: async () => saveAnswers.shift() ?? { canceled: true, filePath: '' } },
    safeStorage: { isEncryptionAvailable: () => false },
  };
  return {
    /** The API for startShell (the one cast: the stand-in covers only what the shell uses). */
    api: electron as unknown as ShellElectron,
    app,
    ipcMain,
    session: defaultSession,
    windows,
    openedExternally,
    saveAnswers,
  };
}
