/**
 * One guard for every webContents the app ever gets (Element routes navigation the same way):
 * no navigation away from the renderer in any frame, no new windows, no <webview>. Web links are
 * not opened from here: the only way out is the renderer's confirmation dialog and the
 * `link.open` request, so a link can never open without the user having seen its full address.
 */
import type { WebContents } from 'electron';
import { createLogger } from '../log';

const log = createLogger('navigation');

export function guardWebContents(contents: WebContents, isRendererUrl: (url: string) => boolean) {
  contents.on('will-navigate', (event) => {
    if (isRendererUrl(event.url)) return;
    event.preventDefault();
    log.warn('blocked a navigation');
  });
  // will-navigate is the main frame's only; a subframe (were the CSP's frame-src ever loosened)
  // would otherwise navigate anywhere. The main frame gets both events, and both agree.
  contents.on('will-frame-navigate', (event) => {
    if (isRendererUrl(event.url)) return;
    event.preventDefault();
    if (!event.isMainFrame) log.warn('blocked a frame navigation');
  });
  contents.on('will-redirect', (event) => {
    if (!isRendererUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => {
    event.preventDefault();
    log.warn('blocked a <webview>');
  });
  contents.setWindowOpenHandler(() => {
    log.warn('blocked a new window');
    return { action: 'deny' };
  });
}
