/**
 * Picks the transport. Inside Electron the preload exposes the contract's HutongApi as
 * `window.hutong`; in a browser we talk to the browser host over a WebSocket. Nothing past this
 * file knows which one it got. Either way, answers and events are checked against the contract
 * as they arrive (./check), and events reach the page at most once per frame (./frames).
 */
import type { RendererApi, UiResult } from './api';
import { checkAnswer, checkIncomingEvent } from './check';
import { eventsPerFrame } from './frames';
import { createWebSocketApi, takeToken } from './websocket';

/**
 * The preload's HutongApi (electron/preload.ts) as the page receives it: what comes out of it is
 * only the contract's claim until checked, so here it is `unknown`.
 */
export interface PreloadApi {
  request(name: string, params: unknown): Promise<unknown>;
  onEvent(listener: (message: unknown) => void): () => void;
}

declare global {
  interface Window {
    readonly hutong?: PreloadApi;
  }
}

/** The preload's API with what it hands over checked against the contract. */
export function fromPreload(api: PreloadApi): RendererApi {
  return {
    request: async (name, params) =>
      checkAnswer(name, await api.request(name, params)) as UiResult<never>,
    onEvent: (listener) =>
      api.onEvent((raw) => {
        const message = checkIncomingEvent(raw);
        if (message) listener(message);
      }),
    onLinkStatus: (listener) => {
      listener('open');
      return () => undefined;
    },
  };
}

export function createTransport(): RendererApi {
  if (window.hutong) return eventsPerFrame(fromPreload(window.hutong));
  const token = takeToken();
  const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
  const url = `${scheme}://${window.location.host}/ws?token=${encodeURIComponent(token)}`;
  return eventsPerFrame(createWebSocketApi(url));
}

export type { RendererApi, UiErrorInfo, UiResult, LinkStatus, UiErrorCode } from './api';
