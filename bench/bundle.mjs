// Bundles a TypeScript module of the app for a benchmark, so benches run the same code the app
// ships (esbuild, as in build/build-main.mjs), without a separate build step.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

export async function importTs(relativePath) {
  // Inside the project, so that the bundle's imports of npm packages resolve.
  const name = relativePath.replace(/[/\\.]/g, '_');
  const outfile = path.join(root, 'node_modules', '.cache', 'hutong-bench', `${name}.mjs`);
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
