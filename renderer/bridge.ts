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
    case 'subscriptions.replaced':
      state.subscriptionsReplaced(
        (message as EventMessage<'subscriptions.replaced'>).payload.requests,
      );
      return;
    case 'secrets.changed':
      state.secretsChanged((message as EventMessage<'secrets.changed'>).payload);
      return;
    case 'message.upserted':
      state.messageUpserted((message as EventMessage<'message.upserted'>).payload);
      return;
    case 'conversation.changed':
      state.conversationChanged((message as EventMessage<'conversation.changed'>).payload);
      return;
    case 'chat.state': {
      const { accountId, peer, state: chatState } = (message as EventMessage<'chat.state'>).payload;
      state.peerStateChanged(accountId, peer, chatState);
      return;
    }
  }
}

/** Connects transport to store and loads the initial state; returns the disconnect function. */
export function connectBridge(api: RendererApi, store: AppStore): () => void {
  const offEvents = api.onEvent((message) => dispatch(store, message));
  const offLink = api.onLinkStatus((status) => {
    store.getState().linkStatusChanged(status);
    // Unread counts may have changed while the link was down (and on the first open).
    if (status === 'open') void store.getState().conversationsRequested();
  });
  void store.getState().appStarted();
  return () => {
    offEvents();
    offLink();
  };
}
