// Full-text search over a 1,000,000-message history (English, Chinese and mixed bodies across
// 3 accounts and 600 conversations): p95 and p50 of 300 varied queries through the real storage
// module, match ranges included. The database is built once into node_modules/.cache/hutong-bench/
// (2-3 minutes) and reused until the schema or this script changes.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { importTs } from './bundle.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { openStorage } = await importTs('electron/storage/index.ts');
const { MIGRATIONS } = await importTs('electron/storage/migrations.ts');
const silent = { debug() {}, info() {}, warn() {}, error() {} };

const TOTAL = 1_000_000;
const cacheDir = path.join(root, 'node_modules', '.cache', 'hutong-bench');
// Named for the schema and this generator, so a change to either builds a new one.
const schema = createHash('sha256')
  .update(JSON.stringify(MIGRATIONS) + readFileSync(fileURLToPath(import.meta.url)))
  .digest('hex')
  .slice(0, 12);
const file = path.join(cacheDir, `search-1m-${schema}.sqlite`);

// A small deterministic PRNG so every build and every run sees the same data and queries.
let seed = 42;
const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
/** Zipf-like: low indices far more often, as word frequencies are. */
const zipf = (list) => list[Math.floor(list.length * random() ** 2.5)];

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
const HAN =
  '的一是不了人我在有他这为之大来以个中上们到说国和地也子时道出而要于就下得可你年生自会那后能对着事其' +
  '里所去行过家十用发天如然作方成者多日都三小军二无同么经法当起与好看学进种将还分此心前面又定见只主没' +
  '公从明今晚饭吃喝茶咖啡朋友工作开会项目发布服务器消息账号密码网络周末火车机场酒店票天气下雨生日礼物' +
  '妈爸哥姐弟妹学校老师考试电脑手机屏幕厨房市场价格银行办公室报告计划问题答案音乐电影医院睡觉早晚';
const hanWords = Array.from({ length: 1500 }, () => {
  const n = random() < 0.8 ? 2 : random() < 0.5 ? 1 : 3;
  return Array.from({ length: n }, () => zipf([...HAN])).join('');
});

function body() {
  const kind = random();
  const words = 3 + Math.floor(random() * 12);
  if (kind < 0.55) return Array.from({ length: words }, () => zipf(EN)).join(' ');
  if (kind < 0.9) return Array.from({ length: words }, () => zipf(hanWords)).join('');
  return Array.from({ length: words }, () => (random() < 0.5 ? zipf(EN) : zipf(hanWords))).join(
    ' ',
  );
}

const accounts = ['alice@example.org', 'alice@work.example', 'a@jabber.example'];
const peers = Array.from({ length: 200 }, (_, i) => `contact${i}@example.net`);

function build() {
  const started = performance.now();
  const partial = `${file}.partial`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(partial + suffix, { force: true });
  const storage = openStorage(partial, { log: silent });
  const start = Date.UTC(2020, 0, 1);
  const batch = [];
  for (let i = 0; i < TOTAL; i += 1) {
    const incoming = random() < 0.5;
    batch.push({
      id: `b${i}`,
      accountId: accounts[i % 3],
      peer: zipf(peers),
      direction: incoming ? 'in' : 'out',
      body: body(),
      sentAt: start + i * 60_000 + Math.floor(random() * 1000),
      state: incoming ? 'read' : 'delivered',
      via: 'live',
      private: false,
      stanzaId: `s${i}`,
    });
    if (batch.length === 20_000) storage.messages.insertMany(batch.splice(0));
  }
  if (batch.length) storage.messages.insertMany(batch);
  storage.close();
  renameSync(partial, file);
  for (const suffix of ['-wal', '-shm']) rmSync(partial + suffix, { force: true });
  console.error(`built ${file} in ${Math.round((performance.now() - started) / 1000)} s`);
}

if (!existsSync(file)) {
  // Old builds are 400 MB each: keep only the current one.
  for (const old of readdirSync(cacheDir).filter((f) => f.startsWith('search-1m-'))) {
    rmSync(path.join(cacheDir, old), { force: true });
  }
  build();
}

const queries = [];
for (let i = 0; queries.length < 300; i += 1) {
  const kind = i % 6;
  const filter =
    i % 5 === 0 ? { accountId: accounts[i % 3] } : i % 7 === 0 ? { peer: zipf(peers) } : {};
  const word = EN[Math.floor(random() * EN.length)];
  const han = hanWords[Math.floor(random() * hanWords.length)];
  const query =
    kind === 0
      ? word.slice(0, Math.max(2, Math.min(word.length, 3 + Math.floor(random() * 3))))
      : kind === 1
        ? `${word} ${EN[Math.floor(random() * EN.length)]}`
        : kind === 2
          ? han.slice(0, 1)
          : kind === 3
            ? han
            : kind === 4
              ? `${HAN[Math.floor(random() * HAN.length)]}${han}`.slice(0, 3)
              : `${word} ${han}`;
  queries.push({ query, ...filter });
}

const storage = openStorage(file, { log: silent });
for (const q of queries.slice(0, 20)) storage.messages.search(q); // warm the page cache
const times = [];
let hits = 0;
for (const q of queries) {
  const t = performance.now();
  hits += storage.messages.search(q).length;
  times.push(performance.now() - t);
}
storage.close();
times.sort((a, b) => a - b);
const at = (p) =>
  Math.round(times[Math.min(times.length - 1, Math.floor(times.length * p))] * 10) / 10;
console.log(
  JSON.stringify({
    bench: 'search-1m-p95',
    value: at(0.95),
    unit: 'ms',
    p50: at(0.5),
    max: at(1),
    queries: queries.length,
    meanHits: Math.round(hits / queries.length),
  }),
);
