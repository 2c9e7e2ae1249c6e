/**
 * Binds the contract to Electron IPC: one invoke channel for requests, one send channel for events
 * (names in ./channels). The binder checks who is asking; dispatch checks what is asked.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { EmitEvent, EventMessage } from '../../shared/contract';
import { createLogger } from '../log';
import { CHANNELS } from './channels';
import type { Dispatch } from './dispatch';

const log = createLogger('ipc');

export interface ElectronBinderOptions {
  readonly ipcMain: IpcMain;
  readonly dispatch: Dispatch;
  /** Our renderer's webContents, or null while there is no window. */
  readonly target: () => WebContents | null;
  /** Whether a URL is our renderer page (see shell/origin.ts). */
  readonly isRendererUrl: (url: string) => boolean;
}

/**
 * A request is served only when it comes from our window's main frame while it shows our page:
 * not from a subframe, not from another webContents, not after a navigation elsewhere.
 */
export function isTrustedSender(
  event: IpcMainInvokeEvent,
  target: WebContents | null,
  isRendererUrl: (url: string) => boolean,
): boolean {
  if (!target || target.isDestroyed() || event.sender !== target) return false;
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  return isRendererUrl(frame.url);
}

/** Registers the request handler; returns a function that removes it. */
export function bindElectronIpc(options: ElectronBinderOptions): () => void {
  options.ipcMain.handle(CHANNELS.request, async (event, name: unknown, params: unknown) => {
    if (!isTrustedSender(event, options.target(), options.isRendererUrl)) {
      log.warn('refused a request from an untrusted sender');
      // Rejects the invoke in that page; our own renderer never gets here.
      throw new Error('Refused');
    }
    return options.dispatch(name, params);
  });
  return () => options.ipcMain.removeHandler(CHANNELS.request);
}

/** An EmitEvent that sends to our renderer, dropping events while there is no window. */
export function createElectronEmit(target: () => WebContents | null): EmitEvent {
  return (event, payload) => {
    const contents = target();
    if (!contents || contents.isDestroyed()) return;
    const message: EventMessage = { event, payload } as EventMessage;
    contents.send(CHANNELS.event, message);
  };
}
