/**
 * The main window: sandboxed, context-isolated, no Node in the page, and its bounds remembered
 * between runs without ever opening off-screen.
 */
import type { BrowserWindow } from 'electron';
import type * as ElectronApi from 'electron';
import { createLogger } from './log';
import type { RendererSource } from './shell/origin';
import { DEFAULT_SIZE, loadWindowState, MIN_SIZE, saveWindowState } from './shell/windowState';

const log = createLogger('window');

export interface MainWindowOptions {
  readonly source: RendererSource;
  /** Absolute path of the bundled preload (dist/electron/preload.cjs). */
  readonly preload: string;
  /** JSON file holding the last bounds (in userData). */
  readonly stateFile: string;
}

/** The Electron API the window needs (passed in, so that unit tests can pass a stand-in). */
export type WindowElectron = Pick<typeof ElectronApi, 'BrowserWindow' | 'screen'>;

export function createMainWindow(
  electron: WindowElectron,
  options: MainWindowOptions,
): BrowserWindow {
  const { BrowserWindow, screen } = electron;
  const workAreas = screen.getAllDisplays().map((display) => display.workArea);
  const saved = loadWindowState(options.stateFile, workAreas);

  const window = new BrowserWindow({
    ...(saved ? saved.bounds : DEFAULT_SIZE),
    minWidth: MIN_SIZE.width,
    minHeight: MIN_SIZE.height,
    title: 'Hutong',
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      // Linux downloads spellcheck dictionaries from Google's CDN, outside the user's proxy/Tor.
      spellcheck: false,
    },
  });
  if (saved?.maximized) window.maximize();

  window.once('ready-to-show', () => window.show());
  window.on('close', () => {
    try {
      saveWindowState(options.stateFile, {
        bounds: window.getNormalBounds(),
        maximized: window.isMaximized(),
      });
    } catch (error) {
      log.warn('could not save the window state', error);
    }
  });

  // Both sources are URLs: file:// for the built renderer, http://localhost for the dev server.
  window
    .loadURL(options.source.url)
    .catch((error: unknown) => log.error('the renderer failed to load', error));
  return window;
}
