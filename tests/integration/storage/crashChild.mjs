// Child of crash.test.ts: writes messages in a loop through the real storage module and reports
// each one on stdout only after the call returned (committed). The parent SIGKILLs it at a random
// moment. stdout is a pipe, which Node writes synchronously on Linux, so a reported line was
// committed before it left.
// argv: <bundled storage module> <database file> <run number>
import { pathToFileURL } from 'node:url';

const [bundle, file, run] = process.argv.slice(2);
const { openStorage } = await import(pathToFileURL(bundle).href);
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const storage = openStorage(file, { log: silent });
const report = (line) => process.stdout.write(`${line}\n`);

const peers = ['bob@example.org', 'carol@example.org', '老王@example.org'];
const bodies = ['hello there', '今天你好吗', 'ok 👍', 'see you tomorrow 明天见'];
report('ready');
for (let i = 0; ; i += 1) {
  const id = `r${run}-${i}`;
  const base = {
    accountId: 'alice@example.org',
    peer: peers[i % peers.length],
    body: `${bodies[i % bodies.length]} ${id}`,
    sentAt: Date.now(),
    via: 'live',
    private: false,
    kind: 'chat',
  };
  if (i % 3 === 0) {
    // What the chat service does when sending: into the outbox, then sent once acknowledged.
    storage.messages.insert({ ...base, id, originId: id, direction: 'out', state: 'pending' });
    report(`stored ${id}`);
    storage.messages.update(id, { state: 'sent', stanzaId: `s-${id}`, archive: base.accountId });
    report(`sent ${id}`);
  } else if (i % 7 === 1) {
    const batch = [0, 1, 2].map((k) => ({
      ...base,
      id: `${id}.${k}`,
      stanzaId: `s-${id}.${k}`,
      archive: base.accountId,
      direction: 'in',
      state: 'received',
      via: 'archive',
    }));
    storage.messages.insertMany(batch);
    for (const m of batch) report(`stored ${m.id}`);
  } else {
    storage.messages.insert({
      ...base,
      id,
      stanzaId: `s-${id}`,
      archive: base.accountId,
      direction: 'in',
      state: 'received',
    });
    report(`stored ${id}`);
  }
}
