/**
 * Composes the main-process services. Both the Electron shell (electron/main.ts) and the browser
 * host (electron/host.ts) call this, so the renderer gets the same behaviour over either transport.
 */
import type { EmitEvent, RequestHandlers } from '../../shared/contract';
import type { OsKeychain } from '../secrets/types';

import type { ChooseSavePath } from './privateFile';

export interface ServicesOptions {
  /** Folder for the app's own data (pins, settings). Created when missing. */
  readonly dataDir: string;
  /** Sends an event to every connected renderer. */
  readonly emit: EmitEvent;
  readonly version: string;
  readonly transport: 'electron' | 'browser';
  /** System locale, e.g. from app.getLocale() or Intl. */
  readonly locale: string;
  /** Electron's safeStorage (the shell passes it); absent in the browser host. */
  readonly keychain?: OsKeychain;
  /** Browser host without a keychain: 'keyfile' (default) or 'passphrase' (HUTONG_SECRETS). */
  readonly secretsMode?: 'keyfile' | 'passphrase';
  /** better-sqlite3's native module for this runtime, when not the one in node_modules. */
  readonly sqliteBinding?: string;
  /** Opens an http(s) URL in the system browser (Electron's shell.openExternal). */
  readonly openExternal?: (url: string) => Promise<void>;
  /**
   * Where to save a file holding a secret (Electron's save dialog); the browser host saves in
   * <dataDir>/exports instead.
   */
  readonly chooseSavePath?: ChooseSavePath;
}

export interface Services {
  readonly handlers: RequestHandlers;
  /** Signs every account out; called on quit. */
  dispose(): Promise<void>;
}

export { createServices } from './compose';
