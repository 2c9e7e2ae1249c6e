// History paging and write rate through the real storage module (SQLite, WAL, synchronous=FULL):
//   history-page-100k       newest page of 50 in a 100,000-message conversation (median, ms)
//   history-page-100k-deep  a page of 50 about 90,000 messages back, by cursor (median, ms)
//   store-insert-rate       messages/s stored one per transaction, as the chat service stores
//                           each incoming stanza before acknowledging it
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { importTs } from './bundle.mjs';

const { openStorage } = await importTs('electron/storage/index.ts');
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const dir = mkdtempSync(path.join(os.tmpdir(), 'hutong-bench-history-'));

try {
  const storage = openStorage(path.join(dir, 'history.sqlite'), { log: silent });
  const account = 'alice@example.org';
  const peer = 'bob@example.org';
  const start = Date.UTC(2022, 0, 1);
  const N = 100_000;
  for (let i = 0; i < N; i += 10_000) {
    storage.messages.insertMany(
      Array.from({ length: 10_000 }, (_, k) => ({
        id: `h${i + k}`,
        accountId: account,
        peer,
        direction: (i + k) % 2 ? 'in' : 'out',
        body: `message ${i + k} 你好 hello`,
        // Runs of ten on one second, as second-precision delay stamps give.
        sentAt: start + Math.floor((i + k) / 10) * 1000,
        state: (i + k) % 2 ? 'read' : 'delivered',
        via: 'archive',
        private: false,
        kind: 'chat',
        stanzaId: `s${i + k}`,
        archive: account,
      })),
    );
  }
  // Other conversations around it, so the index is not this conversation alone.
  for (let p = 0; p < 20; p += 1) {
    storage.messages.insertMany(
      Array.from({ length: 1000 }, (_, k) => ({
        id: `o${p}-${k}`,
        accountId: account,
        peer: `peer${p}@example.org`,
        direction: 'in',
        body: `other ${k}`,
        sentAt: start + k * 997,
        state: 'read',
        via: 'live',
        private: false,
        kind: 'chat',
      })),
    );
  }

  const latest = [];
  const deep = [];
  for (let round = 0; round < 21; round += 1) {
    let t = performance.now();
    const page = storage.messages.page(account, peer, { limit: 50 });
    latest.push(performance.now() - t);
    if (page.messages.length !== 50) throw new Error('short page');
    // A cursor deep in the conversation: the page before message h10000.
    const cursorPage = storage.messages.page(account, peer, { around: 'h10025', limit: 50 });
    t = performance.now();
    const older = storage.messages.page(account, peer, {
      before: cursorPage.olderCursor,
      limit: 50,
    });
    deep.push(performance.now() - t);
    if (older.messages.length !== 50 || !older.messages[0].id.startsWith('h')) {
      throw new Error('wrong deep page');
    }
  }
  const round2 = (x) => Math.round(x * 1000) / 1000;
  console.log(
    JSON.stringify({ bench: 'history-page-100k', value: round2(median(latest)), unit: 'ms' }),
  );
  console.log(
    JSON.stringify({ bench: 'history-page-100k-deep', value: round2(median(deep)), unit: 'ms' }),
  );

  const COUNT = 3000;
  const t = performance.now();
  for (let i = 0; i < COUNT; i += 1) {
    storage.messages.insert({
      id: `rate${i}`,
      accountId: account,
      peer: `peer${i % 20}@example.org`,
      direction: 'in',
      body: `incoming message number ${i}, 收到了吗？`,
      sentAt: Date.now(),
      state: 'received',
      via: 'live',
      private: false,
      kind: 'chat',
      stanzaId: `rate-s${i}`,
      archive: account,
    });
  }
  const rate = Math.round(COUNT / ((performance.now() - t) / 1000));
  console.log(JSON.stringify({ bench: 'store-insert-rate', value: rate, unit: 'messages/s' }));
  storage.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
