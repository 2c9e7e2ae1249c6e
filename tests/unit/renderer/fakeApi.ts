/**
 * A stand-in transport for the store and bridge: the test answers requests (anything it does not
 * answer fails as not-supported, which the slices treat as "nothing there") and delivers events
 * the way both real transports do, one by one within one task.
 */
import type {
  Contact,
  EventMessage,
  RequestName,
  SubscriptionRequest,
} from '../../../shared/contract';
import type { LinkStatus, RendererApi, UiResult } from '../../../renderer/transport';

type Answer = (params: unknown) => UiResult<unknown> | Promise<UiResult<unknown>>;

export interface FakeApi extends RendererApi {
  /** Requests in the order they were made. */
  readonly requests: { name: RequestName; params: unknown }[];
  answer(name: RequestName, answer: Answer): void;
  /** Delivers a batch of events, as a transport does with one frame. */
  deliver(batch: readonly EventMessage[]): void;
  setLink(status: LinkStatus): void;
}

export function fakeApi(): FakeApi {
  const answers = new Map<RequestName, Answer>();
  const eventListeners = new Set<(message: EventMessage) => void>();
  const linkListeners = new Set<(status: LinkStatus) => void>();
  const requests: { name: RequestName; params: unknown }[] = [];
  let link: LinkStatus = 'open';
  return {
    requests,
    answer: (name, answer) => answers.set(name, answer),
    deliver(batch) {
      for (const message of batch) for (const listener of eventListeners) listener(message);
    },
    setLink(status) {
      link = status;
      for (const listener of linkListeners) listener(status);
    },
    request: (async (name: RequestName, params: unknown) => {
      requests.push({ name, params });
      const answer = answers.get(name);
      if (answer) return answer(params);
      return { ok: false, error: { code: 'not-supported', message: 'not in this test' } };
    }) as RendererApi['request'],
    onEvent(listener) {
      eventListeners.add(listener);
      return () => eventListeners.delete(listener);
    },
    onLinkStatus(listener) {
      linkListeners.add(listener);
      listener(link);
      return () => linkListeners.delete(listener);
    },
  };
}

/** Lets every pending promise callback and microtask run. */
export const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** A refused request, as the transport answers it. */
export const fail = (code: string) => ({
  ok: false as const,
  error: { code, message: code } as never,
});

/** A mutual contact, available. */
export const contact = (jid: string) =>
  ({
    jid,
    subscription: 'both',
    groups: [],
    presence: { show: 'available' },
  }) as unknown as Contact;

export const request = (accountId: string, jid: string): SubscriptionRequest => ({
  accountId,
  jid,
  receivedAt: 1,
});
