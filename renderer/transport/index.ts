/**
 * Picks the transport. Inside Electron the preload exposes the contract's HutongApi as
 * `window.hutong`; in a browser we talk to the browser host over a WebSocket. Nothing past this
 * file knows which one it got. Either way, events reach the page at most once per frame
 * (./frames).
 */
import type { HutongApi } from '../../shared/contract';
import type { RendererApi } from './api';
import { eventsPerFrame } from './frames';
import { createWebSocketApi, takeToken } from './websocket';

declare global {
  interface Window {
    readonly hutong?: HutongApi;
  }
}

function fromPreload(api: HutongApi): RendererApi {
  return {
    request: (name, params) => api.request(name, params),
    onEvent: (listener) => api.onEvent(listener),
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
