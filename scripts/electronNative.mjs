// better-sqlite3 is a native module: the copy in node_modules is built for Node (the browser
// host and the tests use it), and Electron needs one built against its own ABI. Packaged builds
// get theirs from electron-builder (it rebuilds native dependencies for Electron); for
// `npm start` with an Electron binary we build a second copy under .data/ and point the app at it
// (HUTONG_SQLITE_BINDING), leaving node_modules untouched. Needs Electron's headers, so it works
// where the network reaches them (not on the offline build machines).
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The path of a better_sqlite3.node built for this Electron, building it once if needed. */
export function ensureElectronSqlite() {
  const electron = JSON.parse(
    readFileSync(path.join(root, 'node_modules/electron/package.json'), 'utf8'),
  ).version;
  const sqlite = JSON.parse(
    readFileSync(path.join(root, 'node_modules/better-sqlite3/package.json'), 'utf8'),
  ).version;
  const dir = path.join(
    root,
    '.data',
    'electron-native',
    `better-sqlite3-${sqlite}-electron-${electron}`,
  );
  const binding = path.join(dir, 'build', 'Release', 'better_sqlite3.node');
  if (existsSync(binding)) return binding;

  rmSync(dir, { recursive: true, force: true });
  cpSync(path.join(root, 'node_modules/better-sqlite3'), dir, {
    recursive: true,
    filter: (src) => !src.includes(`${path.sep}build${path.sep}`),
  });
  // node-gyp itself, not through npm: npm passes its config on (this machine's npmrc pins
  // nodedir to Node's own headers, which would silently build for Node instead; FINDINGS).
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (/^npm_config_/i.test(key)) delete env[key];
  const npmRoot = spawnSync('npm', ['root', '-g'], { encoding: 'utf8' }).stdout.trim();
  const nodeGyp = path.join(npmRoot, 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
  const run = spawnSync(
    process.execPath,
    [
      nodeGyp,
      'rebuild',
      '--release',
      `--target=${electron}`,
      '--runtime=electron',
      '--dist-url=https://electronjs.org/headers',
    ],
    { cwd: dir, env, stdio: 'inherit' },
  );
  // A module that loads in this Node was built for Node's ABI, not Electron's: refuse it rather
  // than let Electron fail on it at start.
  if (run.status !== 0 || !existsSync(binding) || loadsInNode(binding)) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`building better-sqlite3 for Electron ${electron} failed (see above)`);
  }
  return binding;
}

function loadsInNode(binding) {
  const probe = spawnSync(process.execPath, [
    '-e',
    `process.dlopen({ exports: {} }, ${JSON.stringify(binding)})`,
  ]);
  return probe.status === 0;
}
