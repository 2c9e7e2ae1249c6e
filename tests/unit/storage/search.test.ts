import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { isStorageError, openStorage } from '../../../electron/storage';
import { scopeTokens } from '../../../electron/storage/searchScope';
import { A, B, msg, quiet, tempStorage } from './helpers';

const C = 'carol@example.org';

function setup() {
  const storage = tempStorage();
  const add = (body: string, extra: Parameters<typeof msg>[0] = {}) =>
    storage.messages.insert(msg({ body, ...extra })).message.id;
  return { storage, add, find: storage.messages.search };
}

const ids = (hits: { message: { id: string } }[]) => hits.map((h) => h.message.id);

describe('search', () => {
  it('finds English words by prefix, case-insensitively, newest first', () => {
    const { add, find } = setup();
    const older = add('Hello world', { sentAt: 1000 });
    const newer = add('they said HELLO', { sentAt: 2000 });
    add('shell game', { sentAt: 3000 });
    expect(ids(find({ query: 'hel' }))).toEqual([newer, older]);
    expect(ids(find({ query: 'HELLO wor' }))).toEqual([older]);
    expect(find({ query: 'ello' })).toEqual([]);
  });

  it('finds Chinese by substrings of one, two and three characters', () => {
    const { add, find } = setup();
    const today = add('今天你好吗');
    const other = add('你们好');
    expect(ids(find({ query: '你好' }))).toEqual([today]);
    expect(ids(find({ query: '好' })).sort()).toEqual([today, other].sort());
    expect(ids(find({ query: '天你好' }))).toEqual([today]);
    expect(find({ query: '好你' })).toEqual([]);
  });

  it('finds mixed text and reports where each word matched', () => {
    const { add, find } = setup();
    const id = add('😀 Meeting 明天下午 at 3pm, 𠀀会议室');
    const [hit] = find({ query: 'meet 下午 会议' });
    expect(hit?.message.id).toBe(id);
    const body = hit!.message.body;
    expect(hit!.matches.map(([s, e]) => body.slice(s, e))).toEqual(['Meeting', '下午', '会议']);
    expect(ids(find({ query: '3pm' }))).toEqual([id]);
  });

  it('treats FTS5 syntax in the query as text and never throws', () => {
    const { add, find } = setup();
    const quoted = add('she said "hi" (twice) a*b');
    const nasty = [
      '"',
      '""',
      '*',
      'hi"',
      '"hi',
      'NEAR(hi twice)',
      'text:hi',
      'hi OR twice',
      'AND',
      '^hi',
      '-hi',
      '(',
      'hi)',
      '{text}: hi',
      "'; DROP TABLE messages; --",
      '\u0000',
      '💥',
    ];
    for (const query of nasty) expect(() => find({ query })).not.toThrow();
    expect(ids(find({ query: '"hi"' }))).toEqual([quoted]);
    expect(ids(find({ query: '(twice)' }))).toEqual([quoted]);
    expect(ids(find({ query: 'a*b' }))).toEqual([quoted]);
    expect(find({ query: '***' })).toEqual([]);
    expect(find({ query: 'hi OR nothing' })).toEqual([]);
  });

  it('filters by account and peer and honours the limit', () => {
    const { add, find } = setup();
    const ab = add('ping one');
    const ac = add('ping two', { peer: C });
    const cb = add('ping three', { accountId: C });
    expect(ids(find({ query: 'ping' })).sort()).toEqual([ab, ac, cb].sort());
    expect(ids(find({ query: 'ping', accountId: A })).sort()).toEqual([ab, ac].sort());
    expect(ids(find({ query: 'ping', accountId: A, peer: C }))).toEqual([ac]);
    expect(ids(find({ query: 'ping', peer: B })).sort()).toEqual([ab, cb].sort());
    expect(find({ query: 'ping', limit: 2 })).toHaveLength(2);
  });

  it('follows corrections: the old text is gone from the index, the new one found', () => {
    const { storage, add, find } = setup();
    const id = add('typo here');
    storage.messages.update(id, { body: '更正 fixed', editedAt: 9 });
    expect(find({ query: 'typo' })).toEqual([]);
    expect(ids(find({ query: '更正' }))).toEqual([id]);
    expect(ids(find({ query: 'fix' }))).toEqual([id]);
  });

  it('keeps the index intact', () => {
    const { storage, add } = setup();
    add('a');
    add('b');
    const id = add('c');
    storage.messages.update(id, { body: 'd' });
    storage.messages.insert(msg({ body: 'd', stanzaId: 'dup' }));
    storage.messages.insert(msg({ body: 'd', stanzaId: 'dup' }));
    const raw = new Database(storage.file);
    // FTS5's own consistency check throws when the index disagrees with itself.
    expect(() =>
      raw.prepare("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')").run(),
    ).not.toThrow();
    expect(raw.prepare('SELECT count(*) AS n FROM messages_fts').get()).toEqual({ n: 4 });
    raw.close();
    expect(storage.messages.search({ query: 'd' })).toHaveLength(2);
  });
});

describe('search: private messages', () => {
  it('never finds a private message, as stored or after a correction', () => {
    const { storage, add, find } = setup();
    const open = add('meeting at the gate 见面');
    const secret = add('meeting in secret 见面', { private: true });
    expect(ids(find({ query: 'meeting' }))).toEqual([open]);
    expect(ids(find({ query: '见面', accountId: A, peer: B }))).toEqual([open]);
    storage.messages.update(secret, { body: 'corrected secret text', editedAt: 7 });
    expect(find({ query: 'corrected' })).toEqual([]);
    expect(find({ query: 'secret' })).toEqual([]);
    // Still stored and shown in its conversation, just not indexed.
    expect(storage.messages.get(secret)?.body).toBe('corrected secret text');
    const raw = new Database(storage.file);
    expect(raw.prepare('SELECT count(*) AS n FROM messages_fts').get()).toEqual({ n: 1 });
    expect(() =>
      raw.prepare("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')").run(),
    ).not.toThrow();
    raw.close();
  });
});

describe('search: conversations of every kind', () => {
  const ROOM = 'tea@conference.example.org';
  const NICK = 'Lǎo Wáng 老王 "x" (away) & <b>';
  const OCCUPANT = `${ROOM}/${NICK}`;
  const OTHER = `${ROOM}/Lǎo Wáng 老王`;

  function rooms() {
    const { add, find } = setup();
    const inRoom = add('tea time 喝茶', { kind: 'room', peer: ROOM });
    const privately = add('tea for two 喝茶', { kind: 'occupant', peer: OCCUPANT });
    const other = add('tea again 喝茶', { kind: 'occupant', peer: OTHER });
    const chat = add('tea with bob 喝茶');
    return { find, inRoom, privately, other, chat };
  }

  it('filters by a room or by one occupant, whose nickname is kept verbatim', () => {
    const { find, inRoom, privately, other, chat } = rooms();
    expect(ids(find({ query: '喝茶' })).sort()).toEqual([inRoom, privately, other, chat].sort());
    expect(ids(find({ query: 'tea', kind: 'room', peer: ROOM }))).toEqual([inRoom]);
    expect(ids(find({ query: '喝茶', kind: 'occupant', peer: OCCUPANT }))).toEqual([privately]);
    expect(ids(find({ query: 'tea', accountId: A, kind: 'occupant', peer: OTHER }))).toEqual([
      other,
    ]);
    expect(ids(find({ query: 'tea', kind: 'chat', peer: B }))).toEqual([chat]);
    // The peer is taken in its normal form for the kind: the room's domain in any case.
    expect(ids(find({ query: 'tea', kind: 'room', peer: 'Tea@Conference.Example.org' }))).toEqual([
      inRoom,
    ]);
    // The nickname's case tells occupants apart.
    expect(find({ query: 'tea', kind: 'occupant', peer: `${ROOM}/lǎo wáng 老王` })).toEqual([]);
  });

  it('refuses a peer that does not name a conversation of its kind', () => {
    const { find } = rooms();
    let error: unknown;
    try {
      find({ query: 'tea', kind: 'occupant', peer: ROOM });
    } catch (caught) {
      error = caught;
    }
    expect(isStorageError(error) && error.code).toBe('invalid-params');
  });
});

describe('search: pairs of CJK characters', () => {
  it('finds exactly what the phrase of single characters finds, on random text', () => {
    // A tiny alphabet, so that every pair and many phrases occur; Latin words, digits,
    // punctuation and spaces break or do not break runs as they do in real text.
    let state = 7;
    const random = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    const han = [...'的一是你好吗'];
    const other = ['ok', '42', '，', ' ', '。', 'Ab'];
    const text = (n: number) =>
      Array.from({ length: n }, () => (random() < 0.75 ? pick(han) : pick(other))).join('');
    const storage = tempStorage();
    for (let i = 0; i < 400; i += 1) {
      storage.messages.insert(msg({ body: text(2 + Math.floor(random() * 14)), sentAt: 1000 + i }));
    }
    const queries = Array.from({ length: 150 }, () => text(2 + Math.floor(random() * 3)));
    const run = () => queries.map((query) => ids(storage.messages.search({ query, limit: 200 })));
    const withPairs = run();
    expect(withPairs.some((hits) => hits.length > 0)).toBe(true);
    expect(withPairs.some((hits, i) => hits.length === 0 && queries[i]!.trim())).toBe(true);

    // The same database as if its index were still being upgraded: single characters only.
    const raw = new Database(storage.file);
    raw.prepare('INSERT INTO index_upgrade (below_seq) VALUES (0)').run();
    raw.close();
    storage.close();
    const reopened = openStorage(storage.file, { log: quiet });
    const withoutPairs = queries.map((query) =>
      ids(reopened.messages.search({ query, limit: 200 })),
    );
    reopened.close();
    expect(withPairs).toEqual(withoutPairs);
  });
});

describe('search: filters by token or by SQL', () => {
  it('puts only a selective filter into the index query, and filters right either way', () => {
    const storage = tempStorage();
    const big = 'busy@example.org';
    const small = 'quiet@example.org';
    // busy holds nine tenths of the history, quiet one tenth, in one conversation each.
    for (let i = 0; i < 200; i += 1) {
      const accountId = i % 10 === 0 ? small : big;
      storage.messages.insert(msg({ accountId, peer: B, body: `tea ${i}`, sentAt: 1000 + i }));
    }
    const raw = new Database(storage.file, { readonly: true });
    expect(scopeTokens(raw, { accountId: big })).toEqual({ account: false, peer: false });
    expect(scopeTokens(raw, { accountId: small })).toEqual({ account: true, peer: false });
    expect(scopeTokens(raw, { peer: B })).toEqual({ account: false, peer: false });
    expect(scopeTokens(raw, { peer: 'nobody@example.org' })).toEqual({
      account: false,
      peer: true,
    });
    raw.close();

    const found = (accountId: string) =>
      storage.messages.search({ query: 'tea', accountId, limit: 200 }).map((h) => h.message);
    expect(found(big)).toHaveLength(180);
    expect(found(big).every((m) => m.accountId === big)).toBe(true);
    expect(found(small)).toHaveLength(20);
    expect(found(small).every((m) => m.accountId === small)).toBe(true);
    expect(storage.messages.search({ query: 'tea', peer: C })).toEqual([]);
  });
});
