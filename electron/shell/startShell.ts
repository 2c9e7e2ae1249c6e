/**
 * The Electron shell's wiring: composes services, IPC and the window, and owns the app's
 * lifecycle. It takes the Electron API as a parameter (main.ts passes the real module) so that
 * every handler it registers runs in a unit test against a stand-in of that API
 * (tests/unit/electronStandIn.ts): the real binary cannot run on every machine.
 */
import type { BrowserWindow } from 'electron';
import type * as ElectronApi from 'electron';
import path from 'node:path';
import { contentSecurityPolicy } from '../../shared/csp';
import { createDispatch } from '../ipc/dispatch';
import { bindElectronIpc, createElectronEmit } from '../ipc/electronBinder';
import { createLogger } from '../log';
import type { Services, ServicesOptions } from '../services';
import { createMainWindow } from '../window';
import { guardWebContents } from './navigation';
import { isRendererUrl, resolveRendererSource } from './origin';
import { hardenSession } from './session';

const log = createLogger('main');
const DISPOSE_TIMEOUT_MS = 3000;

/** The parts of Electron's main-process API the shell uses. */
export type ShellElectron = Pick<
  typeof ElectronApi,
  'app' | 'BrowserWindow' | 'dialog' | 'ipcMain' | 'safeStorage' | 'screen' | 'session' | 'shell'
>;

export interface ShellDeps {
  readonly createServices: (options: ServicesOptions) => Services;
  /** Folder of the main bundle (dist/electron): preload.cjs beside it, the renderer in ../renderer. */
  readonly bundleDir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly platform: NodeJS.Platform;
}

export function startShell(electron: ShellElectron, deps: ShellDeps): void {
  const { app } = electron;
  // Sandbox every renderer, including any we did not create ourselves: a page that is compromised
  // then has no Node and no file system, only the allow-listed bridge of preload.ts.
  app.enableSandbox();

  // A separate profile (tests, a second identity) must be chosen before the single-instance lock,
  // which is held per userData folder.
  if (deps.env.HUTONG_DATA_DIR) app.setPath('userData', path.resolve(deps.env.HUTONG_DATA_DIR));

  if (!app.requestSingleInstanceLock()) {
    // Another instance owns this profile; it gets a 'second-instance' event and shows itself.
    app.quit();
    return;
  }
  wire(electron, deps);
}

function wire(electron: ShellElectron, deps: ShellDeps): void {
  const { app, dialog, ipcMain, session, shell } = electron;
  const rendererDir = path.join(deps.bundleDir, '..', 'renderer');
  const source = resolveRendererSource({
    indexHtml: path.join(rendererDir, 'index.html'),
    devUrl: deps.env.HUTONG_DEV_URL,
    isPackaged: app.isPackaged,
  });
  const isOurs = (url: string) => isRendererUrl(source, url);
  const devOrigin = source.kind === 'dev' ? new URL(source.url).origin : undefined;

  let window: BrowserWindow | null = null;
  let services: Services | null = null;
  let disposed = false;
  const target = () => (window && !window.isDestroyed() ? window.webContents : null);

  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, isOurs));

  // Electron's default answers a server's request for a client certificate with the first one in
  // the user's store, identifying them to whoever asks. The renderer reaches no https server (see
  // session.ts), so no page of ours ever needs one: answer with none.
  app.on('select-client-certificate', (event, _contents, _url, _list, callback) => {
    event.preventDefault();
    callback();
    log.warn('refused to send a client certificate');
  });

  app.on('second-instance', () => {
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });

  const openWindow = () => {
    window = createMainWindow(electron, {
      source,
      preload: path.join(deps.bundleDir, 'preload.cjs'),
      stateFile: path.join(app.getPath('userData'), 'window-state.json'),
    });
    window.on('closed', () => {
      window = null;
    });
  };

  app.on('before-quit', (event) => {
    if (disposed || !services) return;
    // Sign accounts out cleanly before the process goes; quit again once that is done.
    event.preventDefault();
    const running = services;
    services = null;
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, DISPOSE_TIMEOUT_MS));
    Promise.race([running.dispose(), timeout])
      .catch((error: unknown) => log.error('dispose failed', error))
      .finally(() => {
        disposed = true;
        app.quit();
      });
  });

  app.on('window-all-closed', () => {
    // macOS apps stay alive without windows; elsewhere closing the window quits.
    if (deps.platform !== 'darwin') app.quit();
  });

  app.on('activate', () => {
    if (app.isReady() && !window && services) openWindow();
  });

  app
    .whenReady()
    .then(() => {
      hardenSession(session.defaultSession, {
        csp: contentSecurityPolicy({ devOrigin }),
        devOrigin,
        fileRoot: rendererDir,
        isRendererUrl: isOurs,
      });
      const emit = createElectronEmit(target);
      services = deps.createServices({
        dataDir: app.getPath('userData'),
        emit,
        version: app.getVersion(),
        transport: 'electron',
        locale: app.getLocale(),
        // Only valid after 'ready' (Linux picks its backend then), which is why it is passed here.
        keychain: electron.safeStorage,
        // `npm start` builds better-sqlite3 for Electron's ABI beside node_modules (packaged builds
        // carry their own, rebuilt by electron-builder).
        ...(deps.env.HUTONG_SQLITE_BINDING
          ? { sqliteBinding: deps.env.HUTONG_SQLITE_BINDING }
          : {}),
        // Only after the user confirmed the link in the renderer; the service allows http(s) only.
        openExternal: (url) => shell.openExternal(url),
        // The native save dialog, over our window; the service writes the file (0600).
        chooseSavePath: async (suggestedName) => {
          const options = { defaultPath: path.join(app.getPath('documents'), suggestedName) };
          const chosen = window
            ? await dialog.showSaveDialog(window, options)
            : await dialog.showSaveDialog(options);
          return chosen.canceled ? undefined : chosen.filePath;
        },
      });
      bindElectronIpc({
        ipcMain,
        dispatch: createDispatch(services.handlers),
        target,
        isRendererUrl: isOurs,
        flushEvents: emit.flush,
      });
      openWindow();
    })
    .catch((error: unknown) => {
      log.error('startup failed', error);
      app.exit(1);
    });
}
