// Holes the archive catch-up must fill, found by the fault-injection test: under a new
// session's live messages, under an earlier owed session's, above re-sent copies and above our
// own messages (none of which prove the walk reached stored history), and what an earlier walk
// of the same app already checked. hana, hedy, hilde, holly, hugh and hildur are this file's
// alone.
import { describe, expect, it } from 'vitest';
import type { XmppClient } from '../../../electron/xmpp/client';
import { NS } from '../../../shared/namespaces';
import { bare, openStore, token, xml } from './helpers';
import {
  awayHistory,
  holeAfterFirstSession,
  IVAN,
  sendMany,
  sendWithIds,
  signIn,
  storedOnce,
} from './catchUpHelpers';

describe('archive catch-up, holes', () => {
  it('fills a hole under the messages the new session received live before its first page', async () => {
    const { ivan, storage, before, hole } = await holeAfterFirstSession('hana');

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
    const { ivan, storage, first, before, hole } = await holeAfterFirstSession('hedy');

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
    const prefix = token('before');
    const ids = Array.from({ length: 60 }, (_, i) => `${prefix}-${i}`);
    const withIds = async (ivan: XmppClient) => {
      await sendWithIds(ivan, 'hilde', ids);
      return ids;
    };
    const {
      ivan,
      storage,
      before,
      hole,
      phone: hildePhone,
    } = await holeAfterFirstSession('hilde', withIds);
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
    const { storage, before, hole } = await holeAfterFirstSession('holly');

    // Back, she has more than a page on the server before the catch-up's first query, which
    // never goes: the app quits. Her messages are stored as sent, with no archive id, above
    // the hole. (The app itself sends nothing before that first page; a session cut off
    // between its first page and a later one leaves the same above a hole it found later.)
    const prefix = token('mine');
    const mine = Array.from({ length: 60 }, (_, i) => `${prefix}-${i}`);
    await signIn('holly', storage, async (n, session) => {
      if (n !== 1) return;
      for (const body of mine) {
        storage.messages.insert({
          id: body,
          accountId: bare('holly'),
          kind: 'chat',
          peer: IVAN,
          direction: 'out',
          body,
          sentAt: Date.now(),
          state: 'sent',
          via: 'live',
          private: false,
          originId: body,
        });
        await session.client.entity.send(
          xml(
            'message',
            { to: IVAN, type: 'chat', id: body },
            xml('body', {}, body),
            xml('origin-id', { xmlns: NS.sid, id: body }),
          ),
        );
      }
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
    const { ivan, bodies: old } = await awayHistory('hugh', 200, 'old');

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

  it('stops at what an earlier session received after its first page, though still owed', async () => {
    const { ivan, phone: hildurPhone, bodies: old } = await awayHistory('hildur', 200, 'old');

    // The first session stores its newest page; while its next query waits, 60 messages arrive
    // live, then the connection is lost: the catch-up stays owed, with a gap under that page.
    const { storage } = openStore();
    let live: string[] = [];
    const first = await signIn('hildur', storage, async (n, session) => {
      if (n !== 2) return;
      live = await sendMany(ivan, 'hildur', 60, 'live');
      await session.recorder.message((m) => m.body === live.at(-1));
      session.detach();
      await session.client.stop();
    });
    await first.chat.whenCaughtUp(bare('hildur'));
    const [gap] = storage.messages.archiveGaps(bare('hildur'), bare('hildur'));
    expect(gap).toBeDefined();
    const hole = await sendMany(ivan, 'hildur', 20, 'hole');
    await hildurPhone.received(hole);

    // What came after that first page reached the first session in order: the next session's
    // newest page (the hole and 30 of them) is enough, and it takes up the gap next.
    const second = await signIn('hildur', storage, undefined, first);
    await second.chat.whenCaughtUp(bare('hildur'));
    expect(second.queries.slice(0, 2)).toEqual(['', gap!.before]);
    storedOnce(storage, 'hildur', [...old, ...live, ...hole]);
  });
});
