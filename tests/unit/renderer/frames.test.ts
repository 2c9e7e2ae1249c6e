/**
 * Events at most once per frame: what arrives before the next frame reaches the listeners
 * together at that frame, and a request's answer hands over the events that came before it first.
 */
import { describe, expect, it } from 'vitest';
import type { EventMessage } from '../../../shared/contract';
import { eventsPerFrame } from '../../../renderer/transport/frames';
import { fakeApi } from './fakeApi';

const removed = (accountId: string): EventMessage => ({
  event: 'account.removed',
  payload: { accountId },
});

function setup() {
  const inner = fakeApi();
  const frames: (() => void)[] = [];
  const api = eventsPerFrame(inner, (fn) => frames.push(fn));
  const seen: string[] = [];
  api.onEvent((message) =>
    seen.push(`event ${(message.payload as { accountId: string }).accountId}`),
  );
  const frame = () => {
    for (const fn of frames.splice(0)) fn();
  };
  return { inner, api, seen, frame, frames };
}

describe('events per frame', () => {
  it('hands over what came by the next frame, together, in order', () => {
    const { inner, seen, frame, frames } = setup();
    inner.deliver([removed('a'), removed('b')]);
    inner.deliver([removed('c')]);
    expect(seen).toEqual([]);
    expect(frames).toHaveLength(1);
    frame();
    expect(seen).toEqual(['event a', 'event b', 'event c']);
    frame();
    expect(seen).toHaveLength(3);
  });

  it("hands over the events sent before a request's answer ahead of the answer", async () => {
    const { inner, api, seen, frame } = setup();
    inner.answer('chat.conversations', () => {
      inner.deliver([removed('a')]);
      return { ok: true, value: [] };
    });
    await api.request('chat.conversations', {}).then(() => seen.push('result'));
    expect(seen).toEqual(['event a', 'result']);
    frame();
    expect(seen).toEqual(['event a', 'result']);
  });
});
