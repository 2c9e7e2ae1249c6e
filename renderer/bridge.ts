/**
 * The one place where contract events enter the store: each event becomes a slice action. The
 * link status of the transport comes through here too, so a reconnect triggers a full refresh.
 *
 * Events come in batches (the transport hands over what arrived by the next animation frame, one
 * by one within one task): the bridge queues them and applies them in one store update at the
 * end of that task (a microtask), so React renders once per batch rather than once per event. The
 * messages and conversations of a batch go to the chat slice together. The transport hands over
 * the events sent before a request's answer ahead of the answer, so the caller of a request
 * always finds them in the store.
 */
import type { Conversation, EventMessage, Message } from '../shared/contract';
import type { AppStore } from './store';
import { inOneUpdate } from './store/batch';
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
    case 'archive.progress':
      state.archiveProgressed((message as EventMessage<'archive.progress'>).payload);
      return;
    case 'prefs.changed':
      state.prefsChanged((message as EventMessage<'prefs.changed'>).payload);
      return;
    case 'chat.state': {
      const {
        accountId,
        kind,
        peer,
        nick,
        state: chatState,
      } = (message as EventMessage<'chat.state'>).payload;
      if (kind === 'room' && nick !== undefined) {
        state.roomTypingChanged(accountId, peer, nick, chatState);
      } else state.peerStateChanged(accountId, peer, chatState);
      return;
    }
    case 'room.changed':
      state.roomChanged((message as EventMessage<'room.changed'>).payload);
      return;
    case 'room.removed':
      state.roomRemoved((message as EventMessage<'room.removed'>).payload);
      return;
    case 'room.occupants':
      state.occupantsChanged((message as EventMessage<'room.occupants'>).payload);
      return;
    case 'room.creation':
      state.roomCreationProgressed((message as EventMessage<'room.creation'>).payload);
      return;
    case 'invitations.replaced':
      state.invitationsReplaced(
        (message as EventMessage<'invitations.replaced'>).payload.invitations,
      );
      return;
    case 'otr.key':
      state.otrKeyChanged((message as EventMessage<'otr.key'>).payload);
      return;
    case 'otr.state':
      state.otrStateChanged((message as EventMessage<'otr.state'>).payload);
      return;
    case 'otr.smp':
      state.otrSmpChanged((message as EventMessage<'otr.smp'>).payload);
      return;
    case 'otr.notice':
      state.otrNoticed((message as EventMessage<'otr.notice'>).payload);
      return;
    case 'realname.progress':
      state.realnameProgressReceived((message as EventMessage<'realname.progress'>).payload);
      return;
    case 'realname.profile':
      state.realnameProfileChanged((message as EventMessage<'realname.profile'>).payload);
      return;
  }
}

/**
 * Applies a batch of events, in order, as one store update. One event that cannot be applied
 * (a bug) does not keep the others out.
 */
export function applyEvents(store: AppStore, batch: readonly EventMessage[]): void {
  inOneUpdate(store, () => {
    const messages: Message[] = [];
    const conversations: Conversation[] = [];
    for (const message of batch) {
      try {
        if (message.event === 'message.upserted') messages.push(message.payload);
        else if (message.event === 'conversation.changed') conversations.push(message.payload);
        else dispatch(store, message);
      } catch (error) {
        console.error(`event ${message.event} could not be applied`, error);
      }
    }
    // No other event touches messages or conversations, so applying them last changes nothing
    // but the cost: one merge per conversation, one copy of the conversations.
    if (conversations.length > 0) store.getState().conversationsChanged(conversations);
    if (messages.length > 0) store.getState().messagesUpserted(messages);
  });
}

/** Connects transport to store and loads the initial state; returns the disconnect function. */
export function connectBridge(api: RendererApi, store: AppStore): () => void {
  let queued: EventMessage[] = [];
  const applyQueued = () => {
    const batch = queued;
    queued = [];
    applyEvents(store, batch);
  };
  const offEvents = api.onEvent((message) => {
    queued.push(message);
    if (queued.length === 1) queueMicrotask(applyQueued);
  });
  let lastStatus: string | null = null;
  const offLink = api.onLinkStatus((status) => {
    // Events sent while the link was down are lost: what the loaded threads show may be stale.
    if (status === 'open' && lastStatus === 'closed') store.getState().threadsStale();
    lastStatus = status;
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
