/**
 * Hardens the renderer's session: every permission denied except notifications for our own page,
 * the CSP added to every http(s) response, no web requests except to the dev server, and no files
 * outside the renderer's folder.
 * The renderer has no business on the network — the main process does all networking (through
 * the user's proxy when one is set), so a request from the page would leak around it.
 */
import type { Session, WebRequest } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLogger } from '../log';
import { isPermissionGranted } from './permissions';

const log = createLogger('session');

export interface SessionPolicy {
  readonly csp: string;
  /** Origin of the Vite dev server, the one http(s) origin the renderer may load from. */
  readonly devOrigin?: string | undefined;
  /** Folder of the built renderer: the only files the page may load (file: gets extra rights). */
  readonly fileRoot: string;
  /** Whether a URL is our renderer page: the only page that may be granted a permission. */
  readonly isRendererUrl: (url: string) => boolean;
}

/** What hardenSession sets on a session (a Pick, so tests pass a stand-in). */
export type HardenedSession = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
> & { readonly webRequest: Pick<WebRequest, 'onBeforeRequest' | 'onHeadersReceived'> };

export function hardenSession(session: HardenedSession, policy: SessionPolicy): void {
  // Both handlers are needed: Notification.permission asks the check handler,
  // Notification.requestPermission() the request handler, and each denies unless ours.
  session.setPermissionRequestHandler((contents, permission, callback, details) => {
    const ask = { permission, contents, ...askedBy(details) };
    const granted = isPermissionGranted(ask, policy.isRendererUrl);
    if (!granted) log.debug(`denied permission request: ${permission}`);
    callback(granted);
  });
  session.setPermissionCheckHandler((contents, permission, _origin, details) =>
    isPermissionGranted({ permission, contents, ...askedBy(details) }, policy.isRendererUrl),
  );
  session.setDevicePermissionHandler(() => false);

  // Electron keeps one listener per webRequest event: this one decides for every scheme.
  session.webRequest.onBeforeRequest(
    { urls: ['http://*/*', 'https://*/*', 'ws://*/*', 'wss://*/*', 'file://*/*'] },
    (details, callback) => {
      const allowed = isAllowedRequest(details.url, policy);
      if (!allowed)
        log.warn(`blocked a ${new URL(details.url).protocol} request from the renderer`);
      callback({ cancel: !allowed });
    },
  );

  session.webRequest.onHeadersReceived((details, callback) => {
    const headers = { ...details.responseHeaders };
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === 'content-security-policy') delete headers[name];
    }
    headers['Content-Security-Policy'] = [policy.csp];
    callback({ responseHeaders: headers });
  });
}

/** The frame that asks, from Electron's details (typed loosely: they differ per permission). */
function askedBy(details: { isMainFrame?: boolean; requestingUrl?: string }) {
  return { isMainFrame: details.isMainFrame === true, requestingUrl: details.requestingUrl };
}

export function isAllowedRequest(
  url: string,
  policy: Pick<SessionPolicy, 'devOrigin' | 'fileRoot'>,
): boolean {
  try {
    const parsed = new URL(url);
    if (parsed.protocol === 'file:') {
      // fileURLToPath decodes %2e%2e and throws on remote hosts (file://server/share).
      const file = path.resolve(fileURLToPath(parsed));
      return file.startsWith(path.resolve(policy.fileRoot) + path.sep);
    }
    return policy.devOrigin !== undefined && sameHost(url, policy.devOrigin);
  } catch {
    return false;
  }
}

/** Same host and port (the dev server's HMR socket is ws: on the http: origin's host). */
function sameHost(url: string, origin: string): boolean {
  try {
    return new URL(url).host === new URL(origin).host;
  } catch {
    return false;
  }
}
