/**
 * The one place where contract events enter the store: each event becomes a slice action. The
 * link status of the transport comes through here too, so a reconnect triggers a full refresh.
 */
import type { EventMessage } from '../shared/contract';
import type { AppStore } from './store';
import type { RendererApi } from './transport';

function dispatch(store: AppStore, message: EventMessage): void {
  const state = store.getState();
  switch (message.event) {
    case 'account.changed': {
      const snapshot = (message as EventMessage<'account.changed'>).payload;
      state.accountChanged(snapshot);
      // A reconnect after a drop brings a fresh roster with it; ask in case the event came first.
      const before = state.accounts[snapshot.accountId];
      if (snapshot.status === 'online' && before && before.status !== 'online') {
        void state.rosterRequested(snapshot.accountId);
      }
      return;
    }
    case 'account.removed':
      state.accountRemoved((message as EventMessage<'account.removed'>).payload.accountId);
      return;
    case 'roster.replaced': {
      const { accountId, contacts } = (message as EventMessage<'roster.replaced'>).payload;
      state.rosterReplaced(accountId, contacts);
      return;
    }
    case 'contact.presence': {
      const { accountId, jid, presence } = (message as EventMessage<'contact.presence'>).payload;
      state.contactPresenceChanged(accountId, jid, presence);
      return;
    }
  }
}

/** Connects transport to store and loads the initial state; returns the disconnect function. */
export function connectBridge(api: RendererApi, store: AppStore): () => void {
  const offEvents = api.onEvent((message) => dispatch(store, message));
  const offLink = api.onLinkStatus((status) => store.getState().linkStatusChanged(status));
  void store.getState().appStarted();
  return () => {
    offEvents();
    offLink();
  };
}
