/**
 * The Electron shell: composes services, IPC and the window, and owns the app's lifecycle. All
 * behaviour lives in the services (shared with the browser host); this file only wires them up.
 */
import { app, BrowserWindow, dialog, ipcMain, safeStorage, session, shell } from 'electron';
import path from 'node:path';
import { contentSecurityPolicy } from '../shared/csp';
import { createDispatch } from './ipc/dispatch';
import { bindElectronIpc, createElectronEmit } from './ipc/electronBinder';
import { createLogger } from './log';
import { createServices, type Services } from './services';
import { guardWebContents } from './shell/navigation';
import { isRendererUrl, resolveRendererSource } from './shell/origin';
import { hardenSession } from './shell/session';
import { createMainWindow } from './window';

const log = createLogger('main');
const DISPOSE_TIMEOUT_MS = 3000;

// Sandbox every renderer, including any we did not create ourselves: a page that is compromised
// then has no Node and no file system, only the allow-listed bridge of preload.ts.
app.enableSandbox();

// A separate profile (tests, a second identity) must be chosen before the single-instance lock,
// which is held per userData folder.
if (process.env.HUTONG_DATA_DIR) app.setPath('userData', path.resolve(process.env.HUTONG_DATA_DIR));

if (!app.requestSingleInstanceLock()) {
  // Another instance owns this profile; it gets a 'second-instance' event and shows itself.
  app.quit();
} else {
  start();
}

function start(): void {
  // main.cjs sits in dist/electron; the renderer build in dist/renderer.
  const rendererDir = path.join(__dirname, '..', 'renderer');
  const source = resolveRendererSource({
    indexHtml: path.join(rendererDir, 'index.html'),
    devUrl: process.env.HUTONG_DEV_URL,
    isPackaged: app.isPackaged,
  });
  const isOurs = (url: string) => isRendererUrl(source, url);
  const devOrigin = source.kind === 'dev' ? new URL(source.url).origin : undefined;

  let window: BrowserWindow | null = null;
  let services: Services | null = null;
  let disposed = false;
  const target = () => (window && !window.isDestroyed() ? window.webContents : null);

  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, isOurs));

  app.on('second-instance', () => {
    if (!window || window.isDestroyed()) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  });

  const openWindow = () => {
    window = createMainWindow({
      source,
      preload: path.join(__dirname, 'preload.cjs'),
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
    if (process.platform !== 'darwin') app.quit();
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
      services = createServices({
        dataDir: app.getPath('userData'),
        emit,
        version: app.getVersion(),
        transport: 'electron',
        locale: app.getLocale(),
        // Only valid after 'ready' (Linux picks its backend then), which is why it is passed here.
        keychain: safeStorage,
        // `npm start` builds better-sqlite3 for Electron's ABI beside node_modules (packaged builds
        // carry their own, rebuilt by electron-builder).
        ...(process.env.HUTONG_SQLITE_BINDING
          ? { sqliteBinding: process.env.HUTONG_SQLITE_BINDING }
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

process.on('unhandledRejection', (reason) => log.error('unhandled rejection', reason));
