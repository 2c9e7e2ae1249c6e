/**
 * Starts the shell's real wiring (electron/shell/startShell.ts) on the Electron stand-in, with
 * services reduced to what the shell's own behaviour needs: app.info, an account.remove that
 * emits an event before answering, and the real link.open handler (so a link's way out is tested
 * end to end: IPC sender check, dispatch, the http(s) check, shell.openExternal).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { vi } from 'vitest';
import type { RequestHandlers } from '../../shared/contract';
import { ok } from '../../shared/errors';
import type { ServicesOptions } from '../../electron/services';
import { linkHandlers } from '../../electron/services/linkHandlers';
import { startShell } from '../../electron/shell/startShell';
import { createElectronStandIn } from './electronStandInApp';

export const BUNDLE_DIR = path.resolve('/app/dist/electron');
export const OURS = pathToFileURL(path.resolve('/app/dist/renderer/index.html')).href;
export const REQUEST = 'hutong:request';

export interface LaunchOptions {
  readonly env?: Record<string, string>;
  readonly platform?: NodeJS.Platform;
  readonly singleInstance?: boolean;
  readonly packaged?: boolean;
  /** Stands in for signing every account out. */
  readonly dispose?: () => Promise<void>;
  /** Stops before 'ready', to look at what is registered before it. */
  readonly ready?: boolean;
}

const profiles: string[] = [];

/** Removes the profiles of every launch so far (call from afterEach). */
export function cleanUpLaunches(): void {
  for (const dir of profiles.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export async function launch(options: LaunchOptions = {}) {
  const userData = mkdtempSync(path.join(tmpdir(), 'hutong-shell-'));
  profiles.push(userData);
  const world = createElectronStandIn({
    userData: '/stand-in/default-profile',
    singleInstance: options.singleInstance ?? true,
  });
  world.app.isPackaged = options.packaged ?? false;
  let given: ServicesOptions | undefined;
  const dispose = vi.fn(options.dispose ?? (async () => {}));
  const served = vi.fn();
  startShell(world.api, {
    createServices: (servicesOptions) => {
      given = servicesOptions;
      const handlers = {
        // A whole AppInfo: the main process checks every answer against the contract.
        'app.info': async () => {
          served('app.info');
          const { version, locale } = servicesOptions;
          return ok({ version, transport: 'electron' as const, locale, defaults: {} });
        },
        'account.remove': async ({ accountId }: { accountId: string }) => {
          served('account.remove');
          servicesOptions.emit('account.removed', { accountId });
          return ok(null);
        },
        ...linkHandlers(servicesOptions.openExternal),
      };
      return { handlers: handlers as unknown as RequestHandlers, dispose };
    },
    bundleDir: BUNDLE_DIR,
    env: { HUTONG_DATA_DIR: userData, ...options.env },
    platform: options.platform ?? 'linux',
  });
  if (options.ready !== false) await world.app.becomeReady();
  const window = () => {
    const last = world.windows.at(-1);
    if (!last) throw new Error('no window');
    return last;
  };
  return { ...world, userData, dispose, served, window, services: () => given };
}
