import xml from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import {
  aggregatePresence,
  parsePresence,
  parseRosterItems,
  type ResourcePresence,
} from '../../electron/services/rosterModel';

const query = xml(
  'query',
  { xmlns: 'jabber:iq:roster' },
  xml(
    'item',
    { jid: 'Bob@LocalHost', name: 'Bob', subscription: 'both' },
    xml('group', {}, 'Friends'),
  ),
  xml('item', { jid: 'carol@localhost', subscription: 'none', ask: 'subscribe' }),
  xml('item', { jid: 'not a jid@@', subscription: 'both' }),
  xml('item', { jid: 'dave@localhost', subscription: 'weird' }),
);

describe('parseRosterItems', () => {
  it('parses items, normalizes JIDs, keeps groups and pending state, drops malformed items', () => {
    expect(parseRosterItems(query)).toEqual([
      {
        jid: 'bob@localhost',
        name: 'Bob',
        groups: ['Friends'],
        subscription: 'both',
        pending: false,
      },
      { jid: 'carol@localhost', groups: [], subscription: 'none', pending: true },
      { jid: 'dave@localhost', groups: [], subscription: 'none', pending: false },
    ]);
  });

  it('returns nothing for a missing query', () => {
    expect(parseRosterItems(undefined)).toEqual([]);
  });
});

describe('parsePresence', () => {
  it('reads show, status and priority', () => {
    const p = xml(
      'presence',
      { from: 'bob@localhost/a' },
      xml('show', {}, 'away'),
      xml('status', {}, '午饭'),
      xml('priority', {}, '5'),
    );
    expect(parsePresence(p)).toEqual({ show: 'away', status: '午饭', priority: 5 });
  });

  it('treats unknown show as available, unavailable as offline, and ignores subscriptions', () => {
    expect(parsePresence(xml('presence', {}, xml('show', {}, 'bogus')))?.show).toBe('available');
    expect(parsePresence(xml('presence', { type: 'unavailable' }))?.show).toBe('offline');
    expect(parsePresence(xml('presence', { type: 'subscribe' }))).toBeNull();
    expect(parsePresence(xml('presence', { type: 'error' }))).toBeNull();
  });
});

describe('aggregatePresence', () => {
  const map = (entries: [string, ResourcePresence][]) => new Map(entries);

  it('is offline with no resources', () => {
    expect(aggregatePresence(new Map())).toEqual({ show: 'offline' });
  });

  it('prefers higher priority, then the more available show', () => {
    expect(
      aggregatePresence(
        map([
          ['phone', { show: 'available', priority: 0 }],
          ['desk', { show: 'dnd', status: 'busy', priority: 10 }],
        ]),
      ),
    ).toEqual({ show: 'dnd', status: 'busy' });
    expect(
      aggregatePresence(
        map([
          ['a', { show: 'xa', priority: 1 }],
          ['b', { show: 'chat', priority: 1 }],
        ]),
      ).show,
    ).toBe('chat');
  });
});
