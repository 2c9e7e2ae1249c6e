/**
 * Picks the transport. Inside Electron the preload exposes the contract's HutongApi as
 * `window.hutong`; in a browser we talk to the browser host over a WebSocket. Nothing past this
 * file knows which one it got. Either way, answers and events are checked against the contract
 * as they arrive (./check), and events reach the page at most once per frame (./frames).
 */
import type { HutongApi } from '../../shared/contract';
import type { RendererApi, UiResult } from './api';
import { checkAnswer, checkIncomingEvent } from './check';
import { eventsPerFrame } from './frames';
import { createWebSocketApi, takeToken } from './websocket';

declare global {
  interface Window {
    readonly hutong?: HutongApi;
  }
}

/** The preload's API with what it hands over checked: its types are only the contract's claim. */
export function fromPreload(api: HutongApi): RendererApi {
  return {
    request: async (name, params) =>
      checkAnswer(name, (await api.request(name, params)) as unknown) as UiResult<never>,
    onEvent: (listener) =>
      api.onEvent((raw: unknown) => {
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
