// Room peers for the group-chat benchmarks: entering a room with a bare client, configuring it
// (archiving off, so floods cost the server the same however long the run), flooding it, and
// filling it with a crowd of occupants (many users, many resources each: one full JID is one
// occupant). Run inside inProsodyChild (the CA is in NODE_EXTRA_CA_CERTS there).
import xml from '@xmpp/xml';
import { bareClient, epochNow, sendPresence } from './xmppPeers.mjs';

const MUC = 'http://jabber.org/protocol/muc';

/**
 * Enters `room` as `nick` with no history; resolves once the room confirmed (or refused). Send
 * initial presence before (see fillRoom).
 */
export async function enterRoom(c, room, nick) {
  const answer = new Promise((resolve, reject) => {
    const onStanza = (s) => {
      if (!s.is('presence') || s.attrs.from !== `${room}/${nick}`) return;
      c.removeListener('stanza', onStanza);
      if (s.attrs.type === 'error') reject(new Error(`${nick} refused by ${room}`));
      else resolve(s);
    };
    c.on('stanza', onStanza);
  });
  await c.send(
    xml(
      'presence',
      { to: `${room}/${nick}` },
      xml('x', { xmlns: MUC }, xml('history', { maxstanzas: '0' })),
    ),
  );
  return answer;
}

/** The owner's configuration: persistent, not archived (see the header), open to anyone. */
export async function configureRoom(owner, room, fields = {}) {
  const field = (name, value) => xml('field', { var: name }, xml('value', {}, value));
  const all = {
    'muc#roomconfig_persistentroom': '1',
    'muc#roomconfig_enablearchiving': '0',
    'muc#roomconfig_maxusers': '0',
    ...fields,
  };
  await owner.iqCaller.request(
    xml(
      'iq',
      { type: 'set', to: room },
      xml(
        'query',
        { xmlns: `${MUC}#owner` },
        xml(
          'x',
          { xmlns: 'jabber:x:data', type: 'submit' },
          field('FORM_TYPE', `${MUC}#roomconfig`),
          ...Object.entries(all).map(([name, value]) => field(name, value)),
        ),
      ),
    ),
  );
}

/** Sends `count` group messages to `room`, as fast as the socket takes them. */
export async function floodRoom(from, room, count, bodyOf) {
  for (let i = 0; i < count; i += 1) {
    await from.send(xml('message', { type: 'groupchat', to: room }, xml('body', {}, bodyOf(i))));
  }
}

/** Resolves with the epoch time at which `c` has received `count` group messages with `prefix`. */
export function receiveRoomCount(c, count, prefix) {
  let received = 0;
  return new Promise((resolve) => {
    const onStanza = (s) => {
      if (!s.is('message') || s.attrs.type !== 'groupchat') return;
      if (!s.getChildText('body')?.startsWith(prefix)) return;
      received += 1;
      if (received === count) {
        c.removeListener('stanza', onStanza);
        resolve(epochNow());
      }
    };
    c.on('stanza', onStanza);
  });
}

/**
 * Resolves once stream management is on. @xmpp/client fires 'online' before that, and stanzas
 * that arrive in between are counted, then the count is reset: its acks then claim fewer stanzas
 * than Prosody sent, Prosody ends the session, and the room removes the occupant (status 333).
 */
export async function smEnabled(c) {
  for (let i = 0; i < 500 && !c.streamManagement?.enabled; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The users a crowd signs in as (each with many resources). */
export const crowdUsers = (users) =>
  Array.from({ length: users }, (_, i) => ({ user: `crowd${i}`, password: `crowd${i}-pw` }));

/**
 * `count` occupants in `room`, entering `batch` at a time, spread over `users` accounts; some
 * nicknames are Chinese, as in the rooms we serve. Resolves with the clients (stop them after).
 */
export async function fillRoom(port, room, count, users, batch = 25) {
  const clients = [];
  for (let start = 0; start < count; start += batch) {
    const group = Array.from({ length: Math.min(batch, count - start) }, (_, k) => start + k);
    clients.push(
      ...(await Promise.all(
        group.map(async (i) => {
          const c = bareClient(port, `crowd${i % users}`, `r${i}`);
          // PLAIN over TLS: SCRAM-SHA-1 costs @xmpp/client ~0.3 s of CPU per login, which for a
          // crowd of a thousand is minutes of setup that measure nothing of ours.
          c.saslFactory._mechs = c.saslFactory._mechs.filter((m) => m.name === 'PLAIN');
          // A room of hundreds keeps the server busy broadcasting each arrival: more than the
          // 2 s @xmpp/client allows a stream to open.
          c.timeout = 60_000;
          await c.start();
          await smEnabled(c);
          // Available first: Prosody removes an occupant whose session refuses what the room
          // sends it (status 333), as a session without initial presence may.
          await sendPresence(c, -1);
          await enterRoom(c, room, i % 3 === 0 ? `访客${i}` : `guest ${i}`);
          return c;
        }),
      )),
    );
  }
  return clients;
}
