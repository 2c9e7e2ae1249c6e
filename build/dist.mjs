#!/usr/bin/env node
/**
 * `npm run dist` (after `npm run build`): the installers, by electron-builder with
 * build/electron-builder.yml; extra arguments go to electron-builder (e.g. `-- --win`).
 *
 * electron-builder rebuilds native modules for Electron in place, in this checkout's node_modules.
 * Afterwards better-sqlite3 holds an addon for Electron's ABI (or none, when the rebuild failed),
 * and everything that runs under Node here (tests, the browser host) could no longer open a
 * database; so the Node build is restored whenever it no longer loads.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const builder = path.join(root, 'node_modules', 'electron-builder', 'cli.js');

// npm passes its config to scripts as npm_config_*; a `nodedir` there (a global npmrc) makes the
// rebuild compile against Node's headers while reporting success for Electron (FINDINGS.md).
const builderEnv = Object.fromEntries(
  Object.entries(process.env).filter(([name]) => name.toLowerCase() !== 'npm_config_nodedir'),
);

const run = (args, env = process.env) =>
  spawnSync(process.execPath, args, { cwd: root, env, stdio: 'inherit' }).status ?? 1;

const loadsUnderNode = () =>
  spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], {
    cwd: root,
    stdio: 'ignore',
  }).status === 0;

const status = run(
  [
    builder,
    '--config',
    'build/electron-builder.yml',
    '--publish',
    'never',
    ...process.argv.slice(2),
  ],
  builderEnv,
);

if (!loadsUnderNode()) {
  console.log('dist: rebuilding better-sqlite3 for Node (electron-builder rebuilt it in place)');
  // npm_execpath is npm's own CLI when run through `npm run`; fall back to the one beside node.
  const npm = process.env.npm_execpath ?? path.join(path.dirname(process.execPath), 'npm');
  const rebuilt = run([npm, 'rebuild', 'better-sqlite3']);
  if (rebuilt !== 0) console.error('dist: run `npm rebuild better-sqlite3` before testing');
}
process.exit(status);
