#!/usr/bin/env node
// A demo contact for the local dev server: signs in as bob and stays online, so that a person
// signing in as alice sees a contact online at once. Accepts subscription requests and answers
// chat messages with an echo. It also keeps a demo room (lounge@conference.<domain>: public,
// persistent, archived) with a subject and a little activity: a line now and then, and an answer
// to whoever mentions Bob. It is a demo peer beside the server, not part of the app, so it uses
// plain @xmpp/client with the server's CA given through NODE_EXTRA_CA_CERTS.
//
//   NODE_EXTRA_CA_CERTS=<ca.crt> node server/scripts/demoPeer.mjs <port> <domain> <user> <password>
import { client, xml } from '@xmpp/client';

const [port, domain, username, password] = process.argv.slice(2);
if (!password) {
  console.error('usage: demoPeer.mjs <port> <domain> <user> <password>');
  process.exit(2);
}

const xmpp = client({
  service: `xmpp://127.0.0.1:${port}`,
  domain,
  username,
  password,
  resource: 'demo-peer',
});

const ROOM = `lounge@conference.${domain}`;
const NICK = 'Bob';
const MUC = 'http://jabber.org/protocol/muc';
const MUC_USER = `${MUC}#user`;
/** Lines Bob says in the room now and then (English and Chinese, as the app's users write). */
const LINES = [
  'Anyone up for tea later?',
  '今天的胡同真热闹。',
  'The archive keeps this room: join later and you still see what you missed.',
  '有人在吗？',
  'Tip: right-click a contact or a person in the room for more actions.',
  '这个群不需要实名，只需要一个昵称。',
];
const EVERY_MS = 90_000;

function roomConfig() {
  const field = (name, value) => xml('field', { var: name }, xml('value', {}, value));
  return xml(
    'iq',
    { type: 'set', to: ROOM, id: 'demo-config' },
    xml(
      'query',
      { xmlns: `${MUC}#owner` },
      xml(
        'x',
        { xmlns: 'jabber:x:data', type: 'submit' },
        field('FORM_TYPE', `${MUC}#roomconfig`),
        field('muc#roomconfig_roomname', 'Hutong lounge · 胡同茶馆'),
        field('muc#roomconfig_roomdesc', 'A demo room of the local server: say hello'),
        field('muc#roomconfig_persistentroom', '1'),
        field('muc#roomconfig_publicroom', '1'),
      ),
    ),
  );
}

let said = 0;
const say = (body) =>
  xmpp.send(xml('message', { to: ROOM, type: 'groupchat' }, xml('body', {}, body)));

xmpp.on('error', (error) => console.error(`demo peer: ${error.message}`));
xmpp.on('online', async () => {
  // @xmpp/client fires 'online' before stream management is on, and counts what arrives in
  // between wrongly: Prosody then ends the session (and the room drops Bob). Wait for it.
  for (let i = 0; i < 500 && !xmpp.streamManagement?.enabled; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await xmpp.send(
    xml('presence', {}, xml('status', {}, 'Demo contact: online while the dev server runs')),
  );
  await xmpp.send(
    xml(
      'presence',
      { to: `${ROOM}/${NICK}` },
      xml('x', { xmlns: MUC }, xml('history', { maxstanzas: '0' })),
    ),
  );
});
setInterval(() => {
  if (xmpp.status === 'online') say(LINES[(said += 1) % LINES.length]).catch(() => undefined);
}, EVERY_MS).unref();

xmpp.on('stanza', async (stanza) => {
  const from = String(stanza.attrs.from ?? '');
  if (stanza.is('presence') && from === `${ROOM}/${NICK}`) {
    const codes = (stanza.getChild('x', MUC_USER)?.getChildren('status') ?? []).map(
      (s) => s.attrs.code,
    );
    // A new room (the first run): configure it, then give it a subject and a first line.
    if (codes.includes('201')) {
      await xmpp.send(roomConfig());
      await xmpp.send(
        xml(
          'message',
          { to: ROOM, type: 'groupchat' },
          xml('subject', {}, 'Welcome to the demo room · 欢迎'),
        ),
      );
      await say(LINES[0]);
    }
    return;
  }
  if (stanza.is('message') && stanza.attrs.type === 'groupchat' && from.startsWith(`${ROOM}/`)) {
    const nick = from.slice(ROOM.length + 1);
    const body = stanza.getChildText('body') ?? '';
    const live = !stanza.getChild('delay', 'urn:xmpp:delay');
    if (live && nick !== NICK && /\bbob\b/i.test(body)) {
      await say(`Hi ${nick.slice(0, 100)}! 你好！`);
    }
    return;
  }
  if (stanza.is('presence') && stanza.attrs.type === 'subscribe') {
    await xmpp.send(xml('presence', { to: stanza.attrs.from, type: 'subscribed' }));
  } else if (stanza.is('message') && stanza.attrs.type === 'chat' && stanza.getChildText('body')) {
    const body = stanza.getChildText('body').slice(0, 1000);
    await xmpp.send(xml('message', { to: stanza.attrs.from, type: 'chat' }, xml('body', {}, body)));
  }
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    xmpp.stop().finally(() => process.exit(0));
  });
}

await xmpp.start();
