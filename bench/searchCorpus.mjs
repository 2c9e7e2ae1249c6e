// The full-text search benchmark, shared by search.bench.mjs (1,000,000 messages) and
// search-10m.bench.mjs (10,000,000): a deterministic corpus of English, Chinese and mixed bodies
// across 3 accounts and 200 contacts, built once into .data/bench/ and reused until the schema or
// this generator changes; then p95/p50 of 300 varied queries through the real storage module,
// match ranges included.
//
// The build is a fast path: the real storage module creates the schema and stores the first
// rows; the rest go in through one prepared INSERT per row, 20,000 rows per transaction (as the
// module's insertMany batches were, so the full-text index gets the same segments), with
// synchronous=OFF and no journal for the build only. The index rows are made by the functions the
// message store uses (ftsText, ftsScope), so the database is the one the app would have written.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importTs } from './bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CACHE_DIR = path.join(root, '.data', 'bench');
const silent = { debug() {}, info() {}, warn() {}, error() {} };
const BATCH = 20_000;
/** Stored through the real module, as the reference for what a row must hold. */
const THROUGH_MODULE = 1_000;
const QUERIES = 300;
const SPAN_MS = 2 * 365 * 24 * 3600 * 1000;

/** A small deterministic PRNG (LCG): the same data and queries in every build and every run. */
function prng(seed) {
  let state = seed;
  return () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
}

const EN = (
  'the be to of and a in that have it for not on with he as you do at this but his by from they ' +
  'we say her she or an will my one all would there their what so up out if about who get which ' +
  'go me when make can like time no just him know take people into year your good some could ' +
  'them see other than then now look only come its over think also back after use two how our ' +
  'work first well way even new want because any these give day most us meeting tomorrow ' +
  'project release server message account password network weekend dinner coffee lunch train ' +
  'airport hotel ticket weather rain sunny birthday party gift family mother father brother ' +
  'sister friend school teacher student homework exam library computer phone battery charger ' +
  'keyboard screen window kitchen garden market price money bank office manager report deadline ' +
  'schedule holiday vacation beach mountain river bridge street station bicycle music movie ' +
  'concert guitar piano football basketball doctor hospital medicine health sleep morning ' +
  'evening night question answer problem solution idea plan budget invoice contract customer'
).split(' ');
const HAN = [
  ...('的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生自会那后能对着事其' +
    '里所去行过家十用发天如然作方成者多日都三小军二无同么经法当起与好看学进种将还分此心前面又定见只主没' +
    '公从明今晚饭吃喝茶咖啡朋友工作开会项目发布服务器消息账号密码网络周末火车机场酒店票天气下雨生日礼物' +
    '妈爸哥姐弟妹学校老师考试电脑手机屏幕厨房市场价格银行办公室报告计划问题答案音乐电影医院睡觉早晚'),
];
const ACCOUNTS = ['alice@example.org', 'alice@work.example', 'a@jabber.example'];
const PEERS = Array.from({ length: 200 }, (_, i) => `contact${i}@example.net`);

/** Zipf-like: low indices far more often, as word frequencies are. */
const zipf = (random, list) => list[Math.floor(list.length * random() ** 2.5)];

const hanWords = (() => {
  const random = prng(7);
  return Array.from({ length: 1500 }, () => {
    const n = random() < 0.8 ? 2 : random() < 0.5 ? 1 : 3;
    return Array.from({ length: n }, () => zipf(random, HAN)).join('');
  });
})();

function body(random) {
  const kind = random();
  const words = 3 + Math.floor(random() * 12);
  const pick = () => zipf(random, EN);
  if (kind < 0.55) return Array.from({ length: words }, pick).join(' ');
  if (kind < 0.9) return Array.from({ length: words }, () => zipf(random, hanWords)).join('');
  return Array.from({ length: words }, () =>
    random() < 0.5 ? pick() : zipf(random, hanWords),
  ).join(' ');
}

/** The corpus, one message at a time (i in order; the PRNG makes it the same every time). */
function* corpus(total) {
  const random = prng(42);
  const start = Date.UTC(2022, 0, 1);
  // About two years of history whatever the size, so no message lies in the future.
  const step = Math.max(2_000, Math.floor(SPAN_MS / total));
  for (let i = 0; i < total; i += 1) {
    const incoming = random() < 0.5;
    yield {
      id: `b${i}`,
      accountId: ACCOUNTS[i % 3],
      kind: 'chat',
      peer: zipf(random, PEERS),
      direction: incoming ? 'in' : 'out',
      body: body(random),
      // `step` apart plus jitter under a second: every sentAt is distinct.
      sentAt: start + i * step + Math.floor(random() * 1000),
      state: incoming ? 'read' : 'delivered',
      via: 'live',
      private: false,
      stanzaId: `s${i}`,
      archive: ACCOUNTS[i % 3],
    };
  }
}

/** 300 queries: prefixes, two words, single Han characters, Han words, mixed; some filtered. */
export function queries() {
  const random = prng(1234);
  const list = [];
  for (let i = 0; list.length < QUERIES; i += 1) {
    const kind = i % 6;
    const filter =
      i % 5 === 0
        ? { accountId: ACCOUNTS[i % 3] }
        : i % 7 === 0
          ? { peer: zipf(random, PEERS) }
          : {};
    const word = EN[Math.floor(random() * EN.length)];
    const han = hanWords[Math.floor(random() * hanWords.length)];
    const query = [
      () => word.slice(0, Math.max(2, Math.min(word.length, 3 + Math.floor(random() * 3)))),
      () => `${word} ${EN[Math.floor(random() * EN.length)]}`,
      () => han.slice(0, 1),
      () => han,
      () => `${HAN[Math.floor(random() * HAN.length)]}${han}`.slice(0, 3),
      () => `${word} ${han}`,
    ][kind]();
    list.push({ query, ...filter });
  }
  return list;
}

/** The cached database for `total` messages, named for the schema and this generator. */
export async function corpusFile(label, total) {
  const { MIGRATIONS } = await importTs('electron/storage/migrations.ts');
  const hash = createHash('sha256')
    .update(JSON.stringify(MIGRATIONS) + readFileSync(fileURLToPath(import.meta.url)) + total)
    .digest('hex')
    .slice(0, 12);
  return path.join(CACHE_DIR, `search-${label}-${hash}.sqlite`);
}

/** Builds the corpus into `file` (via a .partial file, renamed when complete); returns seconds. */
export async function buildCorpus(file, total) {
  const started = performance.now();
  const { openStorage } = await importTs('electron/storage/index.ts');
  const { ftsScope, ftsText } = await importTs('electron/storage/ftsText.ts');
  mkdirSync(CACHE_DIR, { recursive: true });
  const partial = `${file}.partial`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
  const messages = corpus(total);
  const head = [];
  for (let i = 0; i < Math.min(THROUGH_MODULE, total); i += 1) head.push(messages.next().value);
  const storage = openStorage(partial, { log: silent });
  storage.messages.insertMany(head);
  storage.close();

  const db = new Database(partial);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144'); // 256 MB
  db.function('hutong_fts_text', { deterministic: true }, (b) =>
    typeof b === 'string' ? ftsText(b) : '',
  );
  db.function('hutong_fts_scope', { deterministic: true }, (a, p) =>
    ftsScope(String(a), String(p)),
  );
  // seq = sentAt * 1000 as the module allocates it for the first message of a millisecond.
  const insert = db.prepare(
    `INSERT INTO messages (seq, id, account_id, kind, peer, direction, body, sent_at, state, via,
                           private, stanza_id, archive)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)`,
  );
  const index = db.prepare('INSERT INTO messages_fts (rowid, text, scope) VALUES (?, ?, ?)');
  const insertBatch = db.transaction((batch) => {
    for (const m of batch) {
      index.run(m.sentAt * 1000, ftsText(m.body), ftsScope(m.accountId, m.peer));
      insert.run(
        m.sentAt * 1000,
        m.id,
        m.accountId,
        m.kind,
        m.peer,
        m.direction,
        m.body,
        m.sentAt,
        m.state,
        m.via,
        m.stanzaId,
        m.archive,
      );
    }
  });
  let batch = [];
  let done = head.length;
  for (const m of messages) {
    batch.push(m);
    if (batch.length < BATCH) continue;
    insertBatch(batch);
    if (Math.floor((done + batch.length) / 1e6) > Math.floor(done / 1e6)) {
      const s = Math.round((performance.now() - started) / 1000);
      console.error(`search corpus: ${done + batch.length} of ${total} after ${s} s`);
    }
    done += batch.length;
    batch = [];
  }
  if (batch.length) insertBatch(batch);
  // What the message store does per transaction (schema 3), once for the whole corpus; the bare
  // kind column comes from the row that holds max(seq).
  db.exec(`INSERT INTO conversations (account_id, peer, kind, last_seq, unread)
           SELECT account_id, peer, kind, max(seq), sum(direction = 'in' AND state = 'received')
           FROM messages GROUP BY account_id, peer
           ON CONFLICT (account_id, peer) DO UPDATE SET
             kind = excluded.kind, last_seq = excluded.last_seq, unread = excluded.unread`);
  db.pragma('journal_mode = WAL');
  db.close();
  checkCorpus(partial, total, openStorage);
  renameSync(partial, file);
  for (const suffix of ['-wal', '-shm']) rmSync(partial + suffix, { force: true });
  return (performance.now() - started) / 1000;
}

/**
 * The fast path wrote what the module would have: every row is there, and a row written by the
 * fast path reads back with the same fields as one the module stored.
 */
function checkCorpus(file, total, openStorage) {
  const db = new Database(file, { readonly: true });
  const { n } = db.prepare('SELECT count(*) AS n FROM messages').get();
  db.close();
  if (n !== total) throw new Error(`corpus holds ${n} messages, expected ${total}`);
  const storage = openStorage(file, { log: silent });
  try {
    const viaModule = storage.messages.get('b0');
    const viaFastPath = storage.messages.get(`b${total - 1}`);
    const shape = (m) => (m ? Object.keys(m).sort().join() : 'missing');
    if (shape(viaModule) !== shape(viaFastPath)) {
      throw new Error(`fast-path row differs: ${shape(viaFastPath)} vs ${shape(viaModule)}`);
    }
  } finally {
    storage.close();
  }
}

/** Removes older builds of this label (each up to gigabytes), keeping `keep`. */
export function pruneOldCorpora(label, keep) {
  // Builds before .data/bench/ were kept with the bundles.
  const legacy = path.join(root, 'node_modules', '.cache', 'hutong-bench');
  if (existsSync(legacy)) {
    for (const name of readdirSync(legacy).filter((f) => f.startsWith('search-1m-'))) {
      rmSync(path.join(legacy, name), { force: true });
    }
  }
  if (!existsSync(CACHE_DIR)) return;
  for (const name of readdirSync(CACHE_DIR)) {
    if (name.startsWith(`search-${label}-`) && !name.startsWith(path.basename(keep))) {
      rmSync(path.join(CACHE_DIR, name), { force: true });
    }
  }
}

/** Runs the queries against `file`; returns the JSON line's figures. */
export async function measureSearch(file) {
  const { openStorage } = await importTs('electron/storage/index.ts');
  const list = queries();
  const storage = openStorage(file, { log: silent });
  const times = [];
  let hits = 0;
  try {
    for (const q of list.slice(0, 20)) storage.messages.search(q); // warm the page cache
    for (const q of list) {
      const t = performance.now();
      hits += storage.messages.search(q).length;
      times.push(performance.now() - t);
    }
  } finally {
    storage.close();
  }
  times.sort((a, b) => a - b);
  const at = (p) =>
    Math.round(times[Math.min(times.length - 1, Math.floor(times.length * p))] * 10) / 10;
  return {
    value: at(0.95),
    unit: 'ms',
    p50: at(0.5),
    max: at(1),
    queries: list.length,
    meanHits: Math.round(hits / list.length),
  };
}
