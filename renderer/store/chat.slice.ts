/**
 * Conversations, the loaded part of each conversation's history, the other party's chat state,
 * the link waiting for confirmation, and the jump target of a search hit. Messages are merged by
 * id: an upsert (state change, correction) replaces the stored copy in place.
 */
import type { ChatState, Conversation, HistoryPage, Message } from '../../shared/contract';
import type { UiErrorInfo, UiResult } from '../transport';
import { convKey } from './chat.selectors';
import type { SliceCreator } from './types';

/** The loaded window of one conversation, oldest first. */
export interface Thread {
  readonly messages: readonly Message[];
  /** Cursor for the next older page; undefined once the start of history is loaded. */
  readonly olderCursor: string | undefined;
  /** True when the window was opened around a search hit and newer messages exist after it. */
  readonly hasNewer: boolean;
  readonly loading: boolean;
  readonly error: UiErrorInfo | null;
}

/** A message to scroll to and highlight (a search result or notification click). */
export interface JumpTarget {
  readonly accountId: string;
  readonly peer: string;
  readonly messageId: string;
  /** Bumped on every jump so the same message can be jumped to twice. */
  readonly seq: number;
}

export interface ChatSlice {
  readonly conversations: Readonly<Record<string, Conversation>>;
  readonly threads: Readonly<Record<string, Thread>>;
  readonly peerStates: Readonly<Record<string, ChatState>>;
  /** The newest incoming message seen through an event (notifications watch it). */
  readonly lastIncoming: Message | null;
  readonly jump: JumpTarget | null;
  /** An http(s) URL the user clicked, waiting for confirmation. */
  readonly pendingLink: string | null;
  conversationsRequested(): Promise<void>;
  conversationChanged(conversation: Conversation): void;
  messageUpserted(message: Message): void;
  peerStateChanged(accountId: string, peer: string, state: ChatState): void;
  /** Loads the newest page (or the page around `around`) and replaces the loaded window. */
  historyRequested(accountId: string, peer: string, around?: string): Promise<void>;
  olderRequested(accountId: string, peer: string): Promise<void>;
  messageSendRequested(
    accountId: string,
    peer: string,
    body: string,
    correctionOf?: string,
  ): Promise<UiResult<Message>>;
  retryRequested(accountId: string, id: string): Promise<UiResult<Message>>;
  markReadRequested(accountId: string, peer: string): Promise<void>;
  ownStateChanged(accountId: string, peer: string, state: ChatState): void;
  jumpRequested(accountId: string, peer: string, messageId: string): void;
  jumpDone(): void;
  linkClicked(url: string): void;
  linkCancelled(): void;
  linkConfirmed(): Promise<void>;
}

const PAGE = 60;

/** Puts a message in place by id, or in time order (ties keep arrival order). */
export function insertMessage(list: readonly Message[], message: Message): readonly Message[] {
  const at = list.findIndex((m) => m.id === message.id);
  if (at >= 0) return list.with(at, message);
  let index = list.length;
  while (index > 0 && (list[index - 1]?.sentAt ?? 0) > message.sentAt) index -= 1;
  return index === list.length ? [...list, message] : list.toSpliced(index, 0, message);
}
const EMPTY_THREAD: Thread = {
  messages: [],
  olderCursor: undefined,
  hasNewer: false,
  loading: false,
  error: null,
};

export const createChatSlice: SliceCreator<ChatSlice> = (api) => (set, get, store) => {
  /** The latest history request of each conversation: an answer to an older one is dropped. */
  const latestHistory = new Map<string, number>();
  let historySeq = 0;

  // A conversation opened from the contact list asks for its newest page in the same task as the
  // click, before React renders the pane: the request then travels while the pane renders. (The
  // pane asks by itself when it finds nothing loaded, e.g. for a search hit, which sets `jump`
  // before it selects the contact.)
  store.subscribe((state, previous) => {
    const { activeAccountId: accountId, selectedJid: peer } = state;
    if (!accountId || !peer) return;
    if (accountId === previous.activeAccountId && peer === previous.selectedJid) return;
    const key = convKey(accountId, peer);
    if (
      state.threads[key] ||
      (state.jump && convKey(state.jump.accountId, state.jump.peer) === key)
    )
      return;
    void get().historyRequested(accountId, peer);
  });

  const patchThread = (key: string, patch: Partial<Thread>) =>
    set((state) => ({
      threads: { ...state.threads, [key]: { ...(state.threads[key] ?? EMPTY_THREAD), ...patch } },
    }));

  const pageLoaded = (key: string, page: HistoryPage, older: boolean) =>
    set((state) => {
      const thread = state.threads[key] ?? EMPTY_THREAD;
      // Events may have brought some of these already: merge rather than concatenate.
      let messages: readonly Message[] = older ? thread.messages : [];
      for (const message of page.messages) messages = insertMessage(messages, message);
      return {
        threads: {
          ...state.threads,
          [key]: {
            messages,
            olderCursor: page.olderCursor,
            hasNewer: older ? thread.hasNewer : page.hasNewer,
            loading: false,
            error: null,
          },
        },
      };
    });

  return {
    conversations: {},
    threads: {},
    peerStates: {},
    lastIncoming: null,
    jump: null,
    pendingLink: null,

    conversationsRequested: async () => {
      const result = await api.request('chat.conversations', {});
      if (!result.ok) return;
      set({
        conversations: Object.fromEntries(
          result.value.map((c) => [convKey(c.accountId, c.peer), c]),
        ),
      });
    },

    conversationChanged: (conversation) =>
      set((state) => ({
        conversations: {
          ...state.conversations,
          [convKey(conversation.accountId, conversation.peer)]: conversation,
        },
      })),

    messageUpserted: (message) => {
      const key = convKey(message.accountId, message.peer);
      set((state) => {
        const thread = state.threads[key];
        const known = thread?.messages.some((m) => m.id === message.id) ?? false;
        const isNewIncoming = message.direction === 'in' && !known && !message.editedAt;
        const next: Partial<ChatSlice> = isNewIncoming ? { lastIncoming: message } : {};
        // A window opened around a search hit does not reach the present: new messages wait.
        if (!thread || (thread.hasNewer && !known)) return next;
        return {
          ...next,
          threads: {
            ...state.threads,
            [key]: { ...thread, messages: insertMessage(thread.messages, message) },
          },
        };
      });
    },

    peerStateChanged: (accountId, peer, chatState) =>
      set((state) => ({
        peerStates: { ...state.peerStates, [convKey(accountId, peer)]: chatState },
      })),

    historyRequested: async (accountId, peer, around) => {
      const key = convKey(accountId, peer);
      const seq = ++historySeq;
      latestHistory.set(key, seq);
      patchThread(key, { loading: true, error: null });
      const result = await api.request('chat.history', { accountId, peer, around, limit: PAGE });
      if (latestHistory.get(key) !== seq) return;
      if (result.ok) pageLoaded(key, result.value, false);
      else patchThread(key, { loading: false, error: result.error });
    },

    olderRequested: async (accountId, peer) => {
      const key = convKey(accountId, peer);
      const thread = get().threads[key];
      if (!thread || thread.loading || thread.olderCursor === undefined) return;
      const seq = ++historySeq;
      latestHistory.set(key, seq);
      patchThread(key, { loading: true });
      const result = await api.request('chat.history', {
        accountId,
        peer,
        before: thread.olderCursor,
        limit: PAGE,
      });
      if (latestHistory.get(key) !== seq) return;
      if (result.ok) pageLoaded(key, result.value, true);
      else patchThread(key, { loading: false, error: result.error });
    },

    messageSendRequested: async (accountId, peer, body, correctionOf) => {
      const result = await api.request('chat.send', { accountId, peer, body, correctionOf });
      if (result.ok) get().messageUpserted(result.value);
      return result;
    },

    retryRequested: async (accountId, id) => {
      const result = await api.request('chat.retry', { accountId, id });
      if (result.ok) get().messageUpserted(result.value);
      return result;
    },

    markReadRequested: async (accountId, peer) => {
      const key = convKey(accountId, peer);
      const conversation = get().conversations[key];
      // Clear the badge at once; conversation.changed confirms (or corrects) it.
      if (conversation) get().conversationChanged({ ...conversation, unread: 0 });
      await api.request('chat.markRead', { accountId, peer });
    },

    ownStateChanged: (accountId, peer, chatState) => {
      void api.request('chat.setState', { accountId, peer, state: chatState });
    },

    jumpRequested: (accountId, peer, messageId) =>
      set((state) => ({ jump: { accountId, peer, messageId, seq: (state.jump?.seq ?? 0) + 1 } })),

    jumpDone: () => set({ jump: null }),

    linkClicked: (url) => set({ pendingLink: url }),
    linkCancelled: () => set({ pendingLink: null }),
    linkConfirmed: async () => {
      const url = get().pendingLink;
      set({ pendingLink: null });
      if (!url) return;
      const result = await api.request('link.open', { url });
      // The browser host cannot open the system browser; the page opens a detached tab itself.
      if (!result.ok && result.error.code === 'not-supported') {
        window.open(url, '_blank', 'noopener,noreferrer');
      }
    },
  };
};
