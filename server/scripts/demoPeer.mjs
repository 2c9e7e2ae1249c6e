#!/usr/bin/env node
// A demo contact for the local dev server: signs in as bob and stays online, so that a person
// signing in as alice sees a contact online at once. Accepts subscription requests and answers
// chat messages with an echo. It is a demo peer beside the server, not part of the app, so it
// uses plain @xmpp/client with the server's CA given through NODE_EXTRA_CA_CERTS.
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

xmpp.on('error', (error) => console.error(`demo peer: ${error.message}`));
xmpp.on('online', async () => {
  await xmpp.send(
    xml('presence', {}, xml('status', {}, 'Demo contact: online while the dev server runs')),
  );
});
xmpp.on('stanza', async (stanza) => {
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
