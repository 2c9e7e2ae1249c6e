// A receiving device that dies by SIGKILL between receiving a message and committing it: spawned
// by archive.test.ts. It stores what arrives until a body contains "KILLME", then kills itself
// just before that insert (or the batch holding it) (what a crash or power cut at that instant leaves behind).
import { readFileSync } from 'node:fs';
import xml from '@xmpp/xml';
import { importTs } from '../../../bench/bundle.mjs';

const { DB, PORT, CA, DOMAIN, PASSWORD } = process.env;
const { openStorage } = await importTs('electron/storage/index.ts');
const { ChatService } = await importTs('electron/chat/chatService.ts');
const { createXmppClient } = await importTs('electron/xmpp/client.ts');

const storage = openStorage(DB);
const store = storage.messages;
const insert = store.insert.bind(store);
const insertMany = store.insertMany.bind(store);
const dieOn = (message) => {
  if (message.body.includes('KILLME')) process.kill(process.pid, 'SIGKILL');
};
store.insert = (message) => {
  dieOn(message);
  return insert(message);
};
store.insertMany = (messages) => {
  messages.forEach(dieOn);
  return insertMany(messages);
};
const client = createXmppClient({
  jid: { local: 'alice', domain: DOMAIN, resource: '' },
  password: PASSWORD,
  host: '127.0.0.1',
  port: Number(PORT),
  tls: 'starttls',
  ca: readFileSync(CA),
  resource: 'crashy',
});
const { boundJid } = await client.start();
const chat = new ChatService({ store, emit: () => {} });
const features = {
  server: ['urn:xmpp:carbons:2'],
  account: ['urn:xmpp:mam:2'],
  streamManagement: true,
};
chat.attach(`alice@${DOMAIN}`, client, { boundJid, features, resumed: false });
await client.entity.send(xml('presence'));
await chat.whenSynced(`alice@${DOMAIN}`);
process.stdout.write(`READY ${boundJid}\n`);
