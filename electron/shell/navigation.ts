/**
 * One guard for every webContents the app ever gets (Element routes navigation the same way):
 * no navigation away from the renderer, no new windows, no <webview>. Web links go to the system
 * browser; everything else is dropped.
 */
import { shell, type WebContents } from 'electron';
import { createLogger } from '../log';
import { isExternalWebUrl } from './origin';

const log = createLogger('navigation');

export function openExternalSafely(url: string): void {
  if (!isExternalWebUrl(url)) {
    log.warn('refused to open a non-web URL externally');
    return;
  }
  shell.openExternal(new URL(url).href).catch((error: unknown) => {
    log.warn('openExternal failed', error);
  });
}

export function guardWebContents(contents: WebContents, isRendererUrl: (url: string) => boolean) {
  const refuse = (event: Electron.Event, url: string) => {
    if (isRendererUrl(url)) return;
    event.preventDefault();
    // A link the user clicked: show it in their browser rather than inside the app.
    if (isExternalWebUrl(url)) openExternalSafely(url);
    else log.warn('blocked a navigation');
  };
  contents.on('will-navigate', (event) => refuse(event, event.url));
  contents.on('will-redirect', (event) => {
    if (!isRendererUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('blocked a <webview>');
  });
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalWebUrl(url)) openExternalSafely(url);
    return { action: 'deny' };
  });
}
