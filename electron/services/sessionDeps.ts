/** What an AccountSession needs from the outside, passed in so it runs under plain Node and tests. */
import type { ServerFeatures } from '../../shared/contract';
import type { DiscoService } from '../disco';
import type { createXmppClient, XmppClient } from '../xmpp/client';
import type { AccountSession } from './accountSession';
import type { PinStore } from './pinStore';
import type { RosterEvents } from './roster';

/** The chat service's side of a session (electron/chat). */
export interface ChatAttach {
  attach(
    accountId: string,
    client: XmppClient,
    info: { boundJid: string; features: ServerFeatures; resumed: boolean; disco: DiscoService },
  ): () => void;
}

/**
 * One attach made of several, in order (chats first, then rooms); the detach undoes them in
 * reverse order.
 */
export function attachAll(...parts: readonly ChatAttach[]): ChatAttach {
  return {
    attach(accountId, client, info) {
      const detaches = parts.map((part) => part.attach(accountId, client, info));
      return () => {
        for (const detach of detaches.reverse()) detach();
      };
    },
  };
}

export interface SessionDeps {
  readonly pins: PinStore;
  readonly createClient: typeof createXmppClient;
  readonly chat?: ChatAttach;
  /** Extra trusted CA; tests only. */
  readonly ca?: string;
  readonly now: () => number;
  readonly random: () => number;
  /** The session's snapshot changed: emit it (and save what must be saved). */
  changed(session: AccountSession): void;
  rosterEvents(session: AccountSession): RosterEvents;
}
