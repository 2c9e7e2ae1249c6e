/**
 * The sandboxed preload: the whole of what the renderer can reach in the main process. It exposes
 * an allow-list (request + onEvent) and never ipcRenderer itself, so a compromised page cannot
 * send on arbitrary channels. Sandboxed preloads may only `require('electron')` at run time; the
 * build bundles everything else in and checks that nothing else is required.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { EventMessage, HutongApi } from '../shared/contract';
import { fail } from '../shared/errors';
import { CHANNELS } from './ipc/channels';

type Listener = (message: EventMessage) => void;

const api: HutongApi = {
  request(name, params) {
    if (typeof name !== 'string') {
      return Promise.resolve(fail('invalid-params', 'Request name must be a string'));
    }
    // The main process validates name and params against the contract; here we only make sure
    // the page cannot choose the channel.
    return ipcRenderer.invoke(CHANNELS.request, name, params);
  },
  onEvent(listener: Listener) {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    // Wrap so the page never receives the IpcRendererEvent (it carries `sender`, an ipcRenderer).
    // Events come in batches (electron/ipc/eventBatch.ts); the listener gets them one by one in
    // this one task, and the page's bridge applies them together once the task's calls are done.
    const wrapped = (_event: IpcRendererEvent, batch: unknown) => {
      if (!Array.isArray(batch)) return;
      for (const message of batch as EventMessage[]) listener(message);
    };
    ipcRenderer.on(CHANNELS.event, wrapped);
    return () => {
      ipcRenderer.removeListener(CHANNELS.event, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('hutong', api);
