/** The corrections outbox: saved with the new text in one transaction, kept across restarts. */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { isStorageError, openStorage } from '../../../electron/storage';
import type { OutboxCorrection } from '../../../electron/storage/types';
import { A, B, msg, quiet, tempStorage } from './helpers';

const C = 'carol@example.org';

function correction(messageId: string, extra: Partial<OutboxCorrection> = {}): OutboxCorrection {
  return {
    id: `fix-${messageId}-${extra.body ?? 'fixed'}`,
    accountId: A,
    kind: 'chat',
    peer: B,
    messageId,
    body: 'fixed',
    createdAt: 5000,
    ...extra,
  };
}

describe('corrections outbox', () => {
  it('stores the correction and the new text together, and returns the message', () => {
    const storage = tempStorage();
    const { messages } = storage;
    const sent = msg({ direction: 'out', state: 'sent', body: 'tpyo' });
    messages.insert(sent);
    const updated = messages.addCorrection(correction(sent.id, { body: '更正 typo' }));
    expect(updated).toMatchObject({ id: sent.id, body: '更正 typo', editedAt: 5000 });
    expect(messages.get(sent.id)).toEqual(updated);
    expect(messages.search({ query: 'tpyo' })).toEqual([]);
    expect(messages.search({ query: '更正' }).map((h) => h.message.id)).toEqual([sent.id]);
    expect(messages.corrections(A)).toEqual([correction(sent.id, { body: '更正 typo' })]);

    // It survives a restart, like the message outbox.
    storage.close();
    const again = openStorage(storage.file, { log: quiet });
    expect(again.messages.corrections(A)).toHaveLength(1);
    again.messages.removeCorrection(correction(sent.id, { body: '更正 typo' }).id);
    expect(again.messages.corrections(A)).toEqual([]);
    expect(again.messages.get(sent.id)?.body).toBe('更正 typo');
    again.close();
  });

  it('lists the account’s corrections in the order they were asked for', () => {
    const { messages } = tempStorage();
    const one = msg({ direction: 'out', state: 'sent' });
    const two = msg({ direction: 'out', state: 'pending', peer: C });
    const elsewhere = msg({ direction: 'out', state: 'sent', accountId: C });
    for (const m of [one, two, elsewhere]) messages.insert(m);
    // Creation times from a clock that stepped back: the order asked for still wins.
    messages.addCorrection(correction(two.id, { peer: C, createdAt: 9000, body: 'a' }));
    messages.addCorrection(correction(one.id, { createdAt: 1000, body: 'b' }));
    messages.addCorrection(correction(one.id, { createdAt: 2000, body: 'c' }));
    messages.addCorrection(correction(elsewhere.id, { accountId: C, body: 'd' }));
    expect(messages.corrections(A).map((c) => c.body)).toEqual(['a', 'b', 'c']);
    expect(messages.corrections(C).map((c) => c.body)).toEqual(['d']);
    expect(messages.get(one.id)).toMatchObject({ body: 'c', editedAt: 2000 });
  });

  it('corrects only our own message in the conversation named, else stores nothing', () => {
    const { messages } = tempStorage();
    const theirs = msg({ body: 'theirs' });
    const ours = msg({ direction: 'out', state: 'sent', body: 'ours' });
    messages.insert(theirs);
    messages.insert(ours);
    expect(messages.addCorrection(correction(theirs.id))).toBeUndefined();
    expect(messages.addCorrection(correction(ours.id, { peer: C }))).toBeUndefined();
    expect(messages.addCorrection(correction(ours.id, { accountId: C }))).toBeUndefined();
    expect(messages.addCorrection(correction('missing'))).toBeUndefined();
    expect(messages.corrections(A)).toEqual([]);
    expect(messages.get(theirs.id)?.body).toBe('theirs');
    expect(messages.get(ours.id)).not.toHaveProperty('editedAt');
  });

  it('refuses a bad correction or a reused id, leaving the message as it was', () => {
    const { messages } = tempStorage();
    const ours = msg({ direction: 'out', state: 'sent', body: 'ours' });
    messages.insert(ours);
    messages.addCorrection(correction(ours.id, { body: 'first' }));
    for (const bad of [
      correction(ours.id, { body: 'first' }),
      correction(ours.id, { kind: 'group' as never, body: 'x' }),
      correction(ours.id, { id: '', body: 'y' }),
      correction(ours.id, { createdAt: Number.NaN, body: 'z' }),
    ]) {
      let error: unknown;
      try {
        messages.addCorrection({ ...bad, body: 'changed' });
      } catch (caught) {
        error = caught;
      }
      expect(isStorageError(error) && error.code).toBe('invalid-params');
    }
    expect(messages.get(ours.id)?.body).toBe('first');
    expect(messages.corrections(A)).toHaveLength(1);
  });

  it('keeps a private message out of the index when it is corrected', () => {
    const storage = tempStorage();
    const secret = msg({ direction: 'out', state: 'sent', private: true, body: 'secret' });
    storage.messages.insert(secret);
    storage.messages.addCorrection(correction(secret.id, { body: 'hidden words' }));
    expect(storage.messages.search({ query: 'hidden' })).toEqual([]);
    const raw = new Database(storage.file, { readonly: true });
    expect(raw.prepare('SELECT count(*) FROM messages_fts').pluck().get()).toBe(0);
    raw.close();
  });
});
