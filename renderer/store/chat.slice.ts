/**
 * Conversations, the loaded part of each conversation's history, the other party's chat state,
 * the link waiting for confirmation, and the jump target of a search hit. Messages are merged by
 * id: an upsert (state change, correction) replaces the stored copy in place. The bridge hands
 * over the messages and conversations of a batch of events at once (merging in chat.merge.ts).
 */
import type { ChatState, Conversation, HistoryPage, Message } from '../../shared/contract';
import type { UiErrorInfo, UiResult } from '../transport';
import { mergePage, unreadOf, upsertConversations, upsertIntoThreads } from './chat.merge';
import { convKey } from './chat.selectors';
import type { SliceCreator } from './types';
import type { ConvRef } from './ui.slice';

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
  readonly kind: ConvRef['kind'];
  readonly peer: string;
  readonly messageId: string;
  /** Bumped on every jump so the same message can be jumped to twice. */
  readonly seq: number;
}

export interface ChatSlice {
  readonly conversations: Readonly<Record<string, Conversation>>;
  readonly threads: Readonly<Record<string, Thread>>;
  readonly peerStates: Readonly<Record<string, ChatState>>;
  /** Unread messages of all conversations, kept as conversations change (the window title). */
  readonly unreadTotal: number;
  /**
   * The new incoming messages of the latest batch of events that had any: the newest of each
   * conversation (notifications watch it; a new object per such batch).
   */
  readonly incoming: { readonly messages: readonly Message[] } | null;
  readonly jump: JumpTarget | null;
  /** An http(s) URL the user clicked, waiting for confirmation. */
  readonly pendingLink: string | null;
  conversationsRequested(): Promise<void>;
  conversationChanged(conversation: Conversation): void;
  /** Conversation snapshots of one batch of events, applied together. */
  conversationsChanged(conversations: readonly Conversation[]): void;
  messageUpserted(message: Message): void;
  /** Messages of one batch of events (new or changed), applied together. */
  messagesUpserted(messages: readonly Message[]): void;
  /**
   * Events were lost (the link to the main process was down): loaded threads are dropped, and the
   * open conversation's newest page is loaded again.
   */
  threadsStale(): void;
  peerStateChanged(accountId: string, peer: string, state: ChatState): void;
  /**
   * Loads the newest page (or the page around `around`) and replaces the loaded window;
   * `background` for a conversation loaded ahead of being opened (see HistoryParams).
   */
  historyRequested(ref: ConvRef, around?: string, background?: boolean): Promise<void>;
  /** The next older page of a conversation whose history was requested before. */
  olderRequested(accountId: string, peer: string): Promise<void>;
  messageSendRequested(
    ref: ConvRef,
    body: string,
    correctionOf?: string,
  ): Promise<UiResult<Message>>;
  retryRequested(accountId: string, id: string): Promise<UiResult<Message>>;
  markReadRequested(ref: ConvRef): Promise<void>;
  ownStateChanged(ref: ConvRef, state: ChatState): void;
  jumpRequested(ref: ConvRef, messageId: string): void;
  jumpDone(): void;
  linkClicked(url: string): void;
  linkCancelled(): void;
  linkConfirmed(): Promise<void>;
}

const PAGE = 60;
/**
 * The most recent conversations get their newest page shortly after the list arrives, so that
 * opening one paints it at once instead of waiting for a round trip (events keep them current).
 */
const PREFETCH_RECENT = 8;
const PREFETCH_DELAY_MS = 500;

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
  /** The kind of each conversation whose history was asked for, for its older pages. */
  const kinds = new Map<string, ConvRef['kind']>();

  // A conversation opened from the contact list asks for its newest page in the same task as the
  // click, before React renders the pane: the request then travels while the pane renders. (The
  // pane asks by itself when it finds nothing loaded, e.g. for a search hit, which sets `jump`
  // before it selects the contact.)
  store.subscribe((state, previous) => {
    const { selected } = state;
    if (!selected || selected === previous.selected) return;
    const key = convKey(selected.accountId, selected.peer);
    if (
      state.threads[key] ||
      (state.jump && convKey(state.jump.accountId, state.jump.peer) === key)
    )
      return;
    void get().historyRequested(selected);
  });

  let prefetchTimer: ReturnType<typeof setTimeout> | undefined;
  /** One page at a time, most recent first, for those not loaded by then. */
  const prefetchRecent = () => {
    clearTimeout(prefetchTimer);
    prefetchTimer = setTimeout(async () => {
      const recent = Object.values(get().conversations)
        .filter((c) => c.lastMessage)
        .sort((a, b) => b.lastMessage!.sentAt - a.lastMessage!.sentAt)
        .slice(0, PREFETCH_RECENT);
      for (const { accountId, kind, peer } of recent) {
        if (get().threads[convKey(accountId, peer)]) continue;
        await get().historyRequested({ accountId, kind, peer }, undefined, true);
      }
    }, PREFETCH_DELAY_MS);
  };

  const patchThread = (key: string, patch: Partial<Thread>) =>
    set((state) => ({
      threads: { ...state.threads, [key]: { ...(state.threads[key] ?? EMPTY_THREAD), ...patch } },
    }));

  const pageLoaded = (key: string, page: HistoryPage, older: boolean) =>
    set((state) => {
      const thread = state.threads[key] ?? EMPTY_THREAD;
      // Events may have brought some of these already: merge rather than concatenate.
      const messages = mergePage(thread.messages, page.messages, older);
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

  /** A request's result: fills in a message that no event brought (MergeOptions.keepKnown). */
  const resultArrived = (message: Message) =>
    set((state) => {
      const { threads } = upsertIntoThreads(state.threads, [message], { keepKnown: true });
      return threads === state.threads ? state : { threads };
    });

  return {
    conversations: {},
    threads: {},
    peerStates: {},
    unreadTotal: 0,
    incoming: null,
    jump: null,
    pendingLink: null,

    conversationsRequested: async () => {
      const result = await api.request('chat.conversations', {});
      if (!result.ok) return;
      const conversations = Object.fromEntries(
        result.value.map((c) => [convKey(c.accountId, c.peer), c]),
      );
      set({ conversations, unreadTotal: unreadOf(conversations) });
      prefetchRecent();
    },

    conversationChanged: (conversation) => get().conversationsChanged([conversation]),

    conversationsChanged: (list) =>
      set((state) => upsertConversations(state.conversations, state.unreadTotal, list)),

    messageUpserted: (message) => get().messagesUpserted([message]),

    messagesUpserted: (messages) =>
      set((state) => {
        // A window opened around a search hit does not reach the present: new messages wait.
        const { threads, incoming } = upsertIntoThreads(state.threads, messages);
        if (incoming.length === 0) return threads === state.threads ? state : { threads };
        return { threads, incoming: { messages: incoming } };
      }),

    threadsStale: () => {
      const { selected, threads } = get();
      const key = selected ? convKey(selected.accountId, selected.peer) : null;
      const open = key === null ? undefined : threads[key];
      set({ threads: open && key !== null ? { [key]: open } : {} });
      if (selected && open && !open.hasNewer) void get().historyRequested(selected);
    },

    peerStateChanged: (accountId, peer, chatState) =>
      set((state) => ({
        peerStates: { ...state.peerStates, [convKey(accountId, peer)]: chatState },
      })),

    historyRequested: async ({ accountId, kind, peer }, around, background) => {
      const key = convKey(accountId, peer);
      const seq = ++historySeq;
      latestHistory.set(key, seq);
      kinds.set(key, kind);
      patchThread(key, { loading: true, error: null });
      const result = await api.request('chat.history', {
        accountId,
        kind,
        peer,
        around,
        limit: PAGE,
        ...(background && { background }),
      });
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
        kind: kinds.get(key) ?? 'chat',
        peer,
        before: thread.olderCursor,
        limit: PAGE,
      });
      if (latestHistory.get(key) !== seq) return;
      if (result.ok) pageLoaded(key, result.value, true);
      else patchThread(key, { loading: false, error: result.error });
    },

    messageSendRequested: async ({ accountId, kind, peer }, body, correctionOf) => {
      const result = await api.request('chat.send', { accountId, kind, peer, body, correctionOf });
      if (result.ok) resultArrived(result.value);
      return result;
    },

    retryRequested: async (accountId, id) => {
      const result = await api.request('chat.retry', { accountId, id });
      if (result.ok) resultArrived(result.value);
      return result;
    },

    markReadRequested: async ({ accountId, kind, peer }) => {
      const key = convKey(accountId, peer);
      const conversation = get().conversations[key];
      // Clear the badge at once; conversation.changed confirms (or corrects) it.
      if (conversation) get().conversationChanged({ ...conversation, unread: 0 });
      await api.request('chat.markRead', { accountId, kind, peer });
    },

    ownStateChanged: ({ accountId, kind, peer }, chatState) => {
      void api.request('chat.setState', { accountId, kind, peer, state: chatState });
    },

    jumpRequested: ({ accountId, kind, peer }, messageId) =>
      set((state) => ({
        jump: { accountId, kind, peer, messageId, seq: (state.jump?.seq ?? 0) + 1 },
      })),

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
