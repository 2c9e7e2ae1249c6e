// Full-text search over a 10,000,000-message history: the corpus and queries of
// search.bench.mjs (see searchCorpus.mjs), ten times larger (goal p95 < 50 ms).
//
// Building the corpus costs about 85 µs per message on the 2-core development VM (400,000 in
// 34 s under load), so roughly 15-20 minutes, and about 6 GB in .data/bench/: longer than the
// rest of `npm run bench`, so it is built only when asked: HUTONG_BENCH_BUILD_10M=1. Once built,
// every run measures it (about a second). Without a corpus and without the variable, the bench prints a line that says it
// was not measured and why (never a silent skip) and succeeds.
// BENCH_SEARCH_10M_COUNT=<n> builds and measures a smaller corpus instead, to check the script.
import { existsSync } from 'node:fs';
import { buildCorpus, corpusFile, measureSearch, pruneOldCorpora } from './searchCorpus.mjs';

const TOTAL = Number(process.env.BENCH_SEARCH_10M_COUNT ?? 10_000_000);
const full = TOTAL === 10_000_000;
const label = full ? '10m' : `n${TOTAL}`;
const bench = full ? 'search-10m-p95' : `search-${TOTAL}-p95`;

const file = await corpusFile(label, TOTAL);
let builtIn;
if (!existsSync(file)) {
  if (full && process.env.HUTONG_BENCH_BUILD_10M !== '1') {
    const why = 'no corpus in .data/bench/; HUTONG_BENCH_BUILD_10M=1 builds it once (see header)';
    console.error(`${bench}: not measured: ${why}`);
    console.log(JSON.stringify({ bench, value: null, unit: 'ms', skipped: why }));
    process.exit(0);
  }
  pruneOldCorpora(label, file);
  builtIn = Math.round(await buildCorpus(file, TOTAL));
  console.error(`built ${file} in ${builtIn} s`);
}
const figures = await measureSearch(file);
console.log(
  JSON.stringify({
    bench,
    ...figures,
    messages: TOTAL,
    ...(builtIn !== undefined && { corpusBuiltInS: builtIn }),
  }),
);
