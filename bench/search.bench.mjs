// Full-text search over a 1,000,000-message history (English, Chinese and mixed bodies across
// 3 accounts and 200 conversations): p95 and p50 of 300 varied queries through the real storage
// module, match ranges included (goal p95 < 50 ms). The corpus is built once into .data/bench/
// (see searchCorpus.mjs) and reused until the schema or the generator changes.
// BENCH_SEARCH_COUNT=<n> runs it on a smaller corpus (a file of its own), to check the script.
import { existsSync } from 'node:fs';
import { buildCorpus, corpusFile, measureSearch, pruneOldCorpora } from './searchCorpus.mjs';

const TOTAL = Number(process.env.BENCH_SEARCH_COUNT ?? 1_000_000);
const label = TOTAL === 1_000_000 ? '1m' : `n${TOTAL}`;

const file = await corpusFile(label, TOTAL);
let builtIn;
if (!existsSync(file)) {
  pruneOldCorpora(label, file);
  builtIn = Math.round(await buildCorpus(file, TOTAL));
  console.error(`built ${file} in ${builtIn} s`);
}
const figures = await measureSearch(file);
console.log(
  JSON.stringify({
    bench: TOTAL === 1_000_000 ? 'search-1m-p95' : `search-${TOTAL}-p95`,
    ...figures,
    messages: TOTAL,
    ...(builtIn !== undefined && { corpusBuiltInS: builtIn }),
  }),
);
