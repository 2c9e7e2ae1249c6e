// Holes the archive catch-up must fill, found by the fault-injection test: under a new
// session's live messages, under an earlier owed session's, above re-sent copies and above our
// own messages (none of which prove the walk reached stored history), and what an earlier walk
// of the same app already checked. hana, hedy, hilde, holly and hugh are this file's alone.
import { describe, expect, it } from 'vitest';
import { bare, connect, openStore, token } from './helpers';
import { IVAN, phone, sendMany, sendWithIds, signIn, storedOnce } from './catchUpHelpers';

describe('archive catch-up, holes', () => {
  it('fills a hole under the messages the new session received live before its first page', async () => {
    // The old session dies with messages unacknowledged; the server drops them since its archive
    // has them (Prosody does). Here the phone takes them instead: the archive alone brings them.
    const ivan = await connect('ivan', token('writer'));
    const { storage } = openStore();
    const first = await signIn('hana', storage);
    const before = await sendMany(ivan, 'hana', 30, 'before');
    await first.recorder.message((m) => m.body === before.at(-1));
    await first.chat.whenCaughtUp(bare('hana'));
    first.detach();
    await first.client.stop();
    const hanaPhone = await phone('hana');
    const hole = await sendMany(ivan, 'hana', 20, 'hole');
    await hanaPhone.received(hole);

    // More messages than the newest page holds arrive live before that page is asked for.
    let live: string[] = [];
    const again = await signIn('hana', storage, async (n, session) => {
      if (n !== 1) return;
      live = await sendMany(ivan, 'hana', 60, 'live');
      await session.recorder.message((m) => m.body === live.at(-1));
    });
    await again.chat.whenCaughtUp(bare('hana'));
    // Walked on past the live ones, filled the hole, and stopped at the old session's messages.
    storedOnce(storage, 'hana', [...before, ...hole, ...live]);
    expect(again.queries).toHaveLength(2);
  });

  it('fills a hole under an earlier session whose catch-up was cut off before its first page', async () => {
    const ivan = await connect('ivan', token('writer'));
    const { storage } = openStore();
    const first = await signIn('hedy', storage);
    const before = await sendMany(ivan, 'hedy', 30, 'before');
    await first.recorder.message((m) => m.body === before.at(-1));
    await first.chat.whenCaughtUp(bare('hedy'));
    first.detach();
    await first.client.stop();
    const hedyPhone = await phone('hedy');
    const hole = await sendMany(ivan, 'hedy', 20, 'hole');
    await hedyPhone.received(hole);

    // A new session gets more live messages than a page holds, then its connection is lost
    // before its first archive query goes out: no page stored, so no gap left behind.
    let live: string[] = [];
    const second = await signIn(
      'hedy',
      storage,
      async (n, session) => {
        if (n !== 1) return;
        live = await sendMany(ivan, 'hedy', 60, 'live');
        await session.recorder.message((m) => m.body === live.at(-1));
        session.detach();
        await session.client.stop();
      },
      first,
    );
    await second.chat.whenCaughtUp(bare('hedy'));
    expect(storage.messages.archiveGaps(bare('hedy'), bare('hedy'))).toEqual([]);

    // The next session of the same app meets the earlier session's live messages first: they
    // prove nothing about what lies under them, so it walks on through the hole.
    const third = await signIn('hedy', storage, undefined, second);
    await third.chat.whenCaughtUp(bare('hedy'));
    storedOnce(storage, 'hedy', [...before, ...hole, ...live]);
    expect(third.queries).toHaveLength(2);
  });

  it('walks past messages re-sent after a lost session, which the archive holds twice', async () => {
    const ivan = await connect('ivan', token('writer'));
    const { storage } = openStore();
    const first = await signIn('hilde', storage);
    const prefix = token('before');
    const before = Array.from({ length: 60 }, (_, i) => `${prefix}-${i}`);
    await sendWithIds(ivan, 'hilde', before);
    await first.recorder.message((m) => m.body === before.at(-1));
    await first.chat.whenCaughtUp(bare('hilde'));
    first.detach();
    await first.client.stop();
    const hildePhone = await phone('hilde');
    const hole = await sendMany(ivan, 'hilde', 20, 'hole');
    await hildePhone.received(hole);
    // The sender lost its session and sends again what it could not know arrived: the archive
    // now has a second, newer copy of each, above the hole.
    await sendWithIds(ivan, 'hilde', before);
    await hildePhone.received(before);

    // A newest page of copies of stored messages is no sign that the catch-up is over.
    const again = await signIn('hilde', storage);
    await again.chat.whenCaughtUp(bare('hilde'));
    storedOnce(storage, 'hilde', [...before, ...hole]);
    expect(again.queries).toHaveLength(2);
  });

  it('walks past our own messages, which it cannot place in the archive', async () => {
    const ivan = await connect('ivan', token('writer'));
    const { storage } = openStore();
    const first = await signIn('holly', storage);
    const before = await sendMany(ivan, 'holly', 30, 'before');
    await first.recorder.message((m) => m.body === before.at(-1));
    await first.chat.whenCaughtUp(bare('holly'));
    first.detach();
    await first.client.stop();
    const hollyPhone = await phone('holly');
    const hole = await sendMany(ivan, 'holly', 20, 'hole');
    await hollyPhone.received(hole);

    // Back, she writes more than a page before the catch-up's first query, which never goes:
    // the app quits. Her messages are stored as sent, with no archive id, above the hole.
    const prefix = token('mine');
    const mine = Array.from({ length: 60 }, (_, i) => `${prefix}-${i}`);
    await signIn('holly', storage, async (n, session) => {
      if (n !== 1) return;
      for (const body of mine) session.chat.send({ accountId: bare('holly'), peer: IVAN, body });
      await session.recorder.message((m) => m.body === mine.at(-1) && m.state !== 'pending');
      session.detach();
      await session.client.stop();
    });

    // Started again (nothing remembered of that session): a page of her own messages is no
    // sign of having reached what was stored before.
    const again = await signIn('holly', storage);
    await again.chat.whenCaughtUp(bare('holly'));
    storedOnce(storage, 'holly', [...before, ...hole, ...mine]);
    expect(again.queries).toHaveLength(2);
  });

  it('does not walk again where an earlier session of the same app walked', async () => {
    const ivan = await connect('ivan', token('writer'));
    const hughPhone = await phone('hugh');
    const old = await sendMany(ivan, 'hugh', 200, 'old');
    await hughPhone.received(old);

    // More live messages than a page holds arrive before the first query; the walk goes one
    // page further, then the connection is lost while the third query waits.
    const { storage } = openStore();
    let live: string[] = [];
    const first = await signIn('hugh', storage, async (n, session) => {
      if (n === 1) {
        live = await sendMany(ivan, 'hugh', 60, 'live');
        await session.recorder.message((m) => m.body === live.at(-1));
      }
      if (n === 3) {
        session.detach();
        await session.client.stop();
      }
    });
    await first.chat.whenCaughtUp(bare('hugh'));
    const [gap] = storage.messages.archiveGaps(bare('hugh'), bare('hugh'));
    expect(gap).toBeDefined();

    // Still owed, so the first session's live messages prove nothing... except where that
    // session's walk already went: the next one stops there and takes up the gap.
    const second = await signIn('hugh', storage, undefined, first);
    await second.chat.whenCaughtUp(bare('hugh'));
    expect(second.queries.slice(0, 2)).toEqual(['', gap!.before]);
    storedOnce(storage, 'hugh', [...old, ...live]);
  });
});
