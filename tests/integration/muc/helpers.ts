// Helpers of the group-chat integration tests (muc/*.test.ts).
import type { Element } from '@xmpp/xml';
import { buildJoin } from '../../../electron/muc/stanzas';
import type { XmppClient } from '../../../electron/xmpp/client';

/** Sends our entering presence (buildJoin) and resolves with the room's answer to it. */
export function enter(
  client: XmppClient,
  room: string,
  nick: string,
  password?: string,
): Promise<Element> {
  const answer = new Promise<Element>((resolve) => {
    const on = (stanza: Element) => {
      if (stanza.is('presence') && stanza.attrs.from === `${room}/${nick}`) {
        client.entity.removeListener('stanza', on);
        resolve(stanza);
      }
    };
    client.entity.on('stanza', on);
  });
  return client.entity
    .send(buildJoin({ room, nick, history: 'none', ...(password && { password }) }))
    .then(() => answer);
}
