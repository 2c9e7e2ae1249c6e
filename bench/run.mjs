// `npm run bench`: runs every benchmark in this folder and prints one JSON line per figure,
// e.g. {"bench":"host-cold-start","value":812,"unit":"ms"}. Each script prints its own lines.
// `node bench/run.mjs flood signin` runs only the scripts whose names contain those words (after
// `npm run build`). Smaller sizes, to check a script quickly: BENCH_SIGNIN_COUNT,
// BENCH_FLOOD_COUNT, BENCH_INGEST_COUNT, BENCH_HISTORY_COUNT, BENCH_SEARCH_COUNT,
// BENCH_SEARCH_10M_COUNT. The 10,000,000-message search corpus is built only with
// HUTONG_BENCH_BUILD_10M=1 (see search-10m.bench.mjs).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
let failed = 0;
for (const file of readdirSync(here)
  .filter((f) => f.endsWith('.bench.mjs'))
  .sort()) {
  if (only.length && !only.some((o) => file.includes(o))) continue;
  const run = spawnSync(process.execPath, [path.join(here, file)], { stdio: 'inherit' });
  if (run.status !== 0) {
    failed += 1;
    console.error(`bench ${file} failed with status ${run.status}`);
  }
}
process.exit(failed ? 1 : 0);
