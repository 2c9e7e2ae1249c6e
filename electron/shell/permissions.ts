/**
 * Which web permissions the renderer gets: desktop notifications, and only for our own page in
 * our own window's main frame. Everything else (camera, microphone, location, clipboard,
 * openExternal...) stays denied: a message is written by a stranger, and the one way out of the
 * app is the confirmed `link.open` request. No `electron` import beyond types: tested under Node.
 */
import type { WebContents } from 'electron';

/** Permissions the renderer may use. Notifications are how an incoming message is announced. */
const GRANTED = new Set<string>(['notifications']);

export interface PermissionAsk {
  readonly permission: string;
  /** The asking page's webContents; Electron passes null for some checks (then: denied). */
  readonly contents: Pick<WebContents, 'getURL'> | null;
  readonly isMainFrame: boolean;
  /** The asking frame's URL; missing for checks not made for a document. */
  readonly requestingUrl?: string | undefined;
}

export function isPermissionGranted(
  ask: PermissionAsk,
  isRendererUrl: (url: string) => boolean,
): boolean {
  if (!GRANTED.has(ask.permission) || !ask.isMainFrame || !ask.contents) return false;
  // file: origins are opaque ("file://"), so ask about the URLs themselves, as IPC does.
  if (ask.requestingUrl !== undefined && !isRendererUrl(ask.requestingUrl)) return false;
  return isRendererUrl(ask.contents.getURL());
}
