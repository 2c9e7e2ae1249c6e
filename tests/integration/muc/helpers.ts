// Helpers of the group-chat integration tests (muc/*.test.ts).
import type { Element } from '@xmpp/xml';
import { buildConfigure } from '../../../electron/muc/admin';
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

/**
 * The owner submits the room's configuration: these muc#roomconfig fields, or none at all (an
 * instant room with the defaults).
 */
export async function configure(
  client: XmppClient,
  room: string,
  fields: Record<string, string> = {},
): Promise<void> {
  const entries = Object.entries(fields);
  const field = (name: string, value: string, type: 'hidden' | 'text-single' = 'text-single') => ({
    type,
    var: name,
    required: false,
    values: [value],
    options: [],
  });
  await client.iqCaller.request(
    buildConfigure(room, {
      type: 'submit',
      instructions: [],
      fields: entries.length
        ? [
            field('FORM_TYPE', 'http://jabber.org/protocol/muc#roomconfig', 'hidden'),
            ...entries.map(([name, value]) => field(name, value)),
          ]
        : [],
    }),
  );
}
