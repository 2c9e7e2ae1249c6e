/**
 * The main side of event batching: the events of one turn leave as one batch, in order; a full
 * batch leaves at once; a conversation's later snapshot replaces its earlier one in the batch;
 * flush sends now; nothing leaves after close.
 */
import { describe, expect, it } from 'vitest';
import type { EventMessage } from '../../shared/contract';
import { createEventBatcher } from '../../electron/ipc/eventBatch';

const removed = (accountId: string): EventMessage => ({
  event: 'account.removed',
  payload: { accountId },
});
const changed = (peer: string, unread: number): EventMessage => ({
  event: 'conversation.changed',
  payload: { accountId: 'alice@x', kind: 'chat', peer, unread },
});

function setup(maxEvents?: number) {
  const sent: (readonly EventMessage[])[] = [];
  const turns: (() => void)[] = [];
  const batcher = createEventBatcher({
    send: (batch) => sent.push(batch),
    schedule: (flush) => turns.push(flush),
    ...(maxEvents ? { maxEvents } : {}),
  });
  const endTurn = () => {
    for (const flush of turns.splice(0)) flush();
  };
  return { sent, batcher, endTurn, turns };
}

describe('event batches', () => {
  it('sends the events of one turn as one batch, in order, on one scheduled flush', () => {
    const { sent, batcher, endTurn, turns } = setup();
    batcher.push(removed('a'));
    batcher.push(removed('b'));
    expect(turns).toHaveLength(1);
    expect(sent).toEqual([]);
    endTurn();
    expect(sent).toEqual([[removed('a'), removed('b')]]);
    endTurn();
    expect(sent).toHaveLength(1);
  });

  it('sends a full batch at once', () => {
    const { sent, batcher, endTurn } = setup(3);
    for (const id of ['a', 'b', 'c', 'd']) batcher.push(removed(id));
    expect(sent).toEqual([[removed('a'), removed('b'), removed('c')]]);
    endTurn();
    expect(sent[1]).toEqual([removed('d')]);
  });

  it("keeps only a conversation's latest snapshot, where its first one was", () => {
    const { sent, batcher, endTurn } = setup();
    batcher.push(changed('bob@x', 1));
    batcher.push(removed('a'));
    batcher.push(changed('carol@x', 1));
    batcher.push(changed('bob@x', 2));
    endTurn();
    expect(sent).toEqual([[changed('bob@x', 2), removed('a'), changed('carol@x', 1)]]);
  });

  it('flush sends what is queued now; close drops it and stops', () => {
    const { sent, batcher, endTurn } = setup();
    batcher.flush();
    expect(sent).toEqual([]);
    batcher.push(removed('a'));
    batcher.flush();
    expect(sent).toEqual([[removed('a')]]);
    batcher.push(removed('b'));
    batcher.close();
    endTurn();
    batcher.push(removed('c'));
    batcher.flush();
    expect(sent).toHaveLength(1);
  });
});
