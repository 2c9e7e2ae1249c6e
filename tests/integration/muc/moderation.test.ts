// Moderation on the real Prosody: the owner (quinn) bans an address and reads the ban list,
// kicks an occupant (rosa), and rosa's self-ping (XEP-0410) tells in, then out. quinn and rosa
// belong to muc/*.test.ts (globalSetup); this file uses rooms of its own.
import type { Element } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import {
  buildAffiliationList,
  buildSetAffiliation,
  buildSetRole,
  readAffiliationList,
} from '../../../electron/muc/admin';
import { readRoomPresence } from '../../../electron/muc/presence';
import { buildSelfPing, selfPingOutcome } from '../../../electron/muc/selfPing';
import type { XmppClient } from '../../../electron/xmpp/client';
import { makeClient, server } from '../xmpp/helpers';
import { configure, enter } from './helpers';

const service = `conference.${server.domain}`;

async function selfPing(client: XmppClient, room: string, nick: string) {
  try {
    return selfPingOutcome(await client.iqCaller.request(buildSelfPing(room, nick), 5000));
  } catch (error) {
    const condition = (error as { condition?: string }).condition;
    return selfPingOutcome(condition ? { condition } : 'timeout');
  }
}

describe('room moderation', () => {
  it('bans and lists, kicks, and the kicked occupant finds out by self-ping', async () => {
    const quinn = makeClient('quinn', { resource: 'moderation' });
    const rosa = makeClient('rosa', { resource: 'moderation' });
    await Promise.all([quinn.start(), rosa.start()]);
    const room = `council-${Math.random().toString(36).slice(2, 8)}@${service}`;
    await enter(quinn, room, 'quinn');
    // Accept the default configuration: an instant room (XEP-0045 §10.1.2).
    await configure(quinn, room);

    await quinn.iqCaller.request(
      buildSetAffiliation(room, `troll@${server.domain}`, 'outcast', 'Spam'),
    );
    const bans = readAffiliationList(
      await quinn.iqCaller.request(buildAffiliationList(room, 'outcast')),
    );
    // Prosody keeps the reason to itself in the list.
    expect(bans).toEqual([
      expect.objectContaining({ jid: `troll@${server.domain}`, affiliation: 'outcast' }),
    ]);

    expect(readRoomPresence(await enter(rosa, room, 'rosa'))).toMatchObject({ self: true });
    expect(await selfPing(rosa, room, 'rosa')).toBe('joined');

    const kicked = new Promise<Element>((resolve) =>
      rosa.entity.on('stanza', (stanza: Element) => {
        const ours = stanza.attrs.from === `${room}/rosa`;
        if (stanza.is('presence') && ours && stanza.attrs.type === 'unavailable') resolve(stanza);
      }),
    );
    await quinn.iqCaller.request(buildSetRole(room, 'rosa', 'none', 'Out you go'));
    expect(readRoomPresence(await kicked)).toMatchObject({
      self: true,
      available: false,
      codes: expect.arrayContaining([307]),
    });
    expect(await selfPing(rosa, room, 'rosa')).toBe('not-joined');
  });
});
