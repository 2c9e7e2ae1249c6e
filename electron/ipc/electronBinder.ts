/**
 * Binds the contract to Electron IPC: one invoke channel for requests, one send channel for event
 * batches (names in ./channels; batching in ./eventBatch). The binder checks who is asking;
 * dispatch checks what is asked.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import type { EmitEvent, EventMessage } from '../../shared/contract';
import { createLogger } from '../log';
import { CHANNELS } from './channels';
import type { Dispatch } from './dispatch';
import { createEventBatcher } from './eventBatch';

const log = createLogger('ipc');

/** What the binder needs of our renderer's webContents (a Pick, so tests pass a stand-in). */
export type RendererContents = Pick<WebContents, 'isDestroyed' | 'send'>;

export interface ElectronBinderOptions {
  readonly ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>;
  readonly dispatch: Dispatch;
  /** Our renderer's webContents, or null while there is no window. */
  readonly target: () => RendererContents | null;
  /** Whether a URL is our renderer page (see shell/origin.ts). */
  readonly isRendererUrl: (url: string) => boolean;
  /**
   * Sends the events queued so far (ElectronEmit.flush): called before a result is returned, so
   * the result never overtakes an event emitted before it.
   */
  readonly flushEvents?: () => void;
}

/**
 * A request is served only when it comes from our window's main frame while it shows our page:
 * not from a subframe, not from another webContents, not after a navigation elsewhere.
 */
export function isTrustedSender(
  event: IpcMainInvokeEvent,
  target: RendererContents | null,
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
    const result = await options.dispatch(name, params);
    options.flushEvents?.();
    return result;
  });
  return () => options.ipcMain.removeHandler(CHANNELS.request);
}

/** An EmitEvent that batches; `flush` sends what is queued (pass it to bindElectronIpc). */
export type ElectronEmit = EmitEvent & { readonly flush: () => void };

/**
 * An EmitEvent that sends batches of events to our renderer, dropping them while there is no
 * window. (An IPC message is structured-cloned: the batch is an array of EventMessages.)
 */
export function createElectronEmit(
  target: () => RendererContents | null,
  schedule?: (flush: () => void) => void,
): ElectronEmit {
  const batcher = createEventBatcher({
    send: (batch) => {
      const contents = target();
      if (!contents || contents.isDestroyed()) return;
      contents.send(CHANNELS.event, batch);
    },
    ...(schedule ? { schedule } : {}),
  });
  const emit: EmitEvent = (event, payload) => batcher.push({ event, payload } as EventMessage);
  return Object.assign(emit, { flush: batcher.flush });
}
