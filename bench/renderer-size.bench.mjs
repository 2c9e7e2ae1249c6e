// Renderer JavaScript shipped, gzipped: what a user downloads or Electron parses at start.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../dist/renderer');

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : [full];
  });
}

const js = files(root).filter((f) => f.endsWith('.js'));
if (js.length === 0) throw new Error(`no JavaScript in ${root}; run npm run build first`);
const gzipped = js.reduce((sum, f) => sum + gzipSync(readFileSync(f), { level: 9 }).length, 0);
const raw = js.reduce((sum, f) => sum + statSync(f).size, 0);
console.log(
  JSON.stringify({
    bench: 'renderer-js-gzip',
    value: +(gzipped / 1024).toFixed(1),
    unit: 'KB',
    target: 250,
  }),
);
console.log(
  JSON.stringify({ bench: 'renderer-js-raw', value: +(raw / 1024).toFixed(1), unit: 'KB' }),
);
