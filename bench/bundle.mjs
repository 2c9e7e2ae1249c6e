// Bundles a TypeScript module of the app for a benchmark, so benches run the same code the app
// ships (esbuild, as in build/build-main.mjs), without a separate build step.
import { build } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function importTs(relativePath) {
  const outfile = path.join(mkdtempSync(path.join(os.tmpdir(), 'hutong-bench-')), 'm.mjs');
  await build({
    entryPoints: [path.join(root, relativePath)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    packages: 'external',
    logLevel: 'error',
  });
  return import(pathToFileURL(outfile).href);
}
