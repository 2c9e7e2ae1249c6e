#!/usr/bin/env node
/**
 * Builds everything that runs outside the renderer, in one go (`npm run build:main`):
 *   electron/main.ts    → dist/electron/main.cjs     CJS for Electron's main process
 *   electron/preload.ts → dist/electron/preload.cjs  CJS for a sandboxed preload (only 'electron')
 *   electron/host.ts    → dist/host/host.mjs         ESM for plain Node (the browser host)
 *   server/registration/service.ts   → dist/server/registration.mjs       the provider's
 *   server/registration/adminMain.ts → dist/server/registrationAdmin.mjs  registration service
 * Dependencies are bundled (the @xmpp/* packages are ESM-only; esbuild turns them into CJS);
 * 'electron' and native addons stay external, since they must be loaded from disk.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const at = (...parts) => path.join(root, ...parts);
const started = performance.now();

/** Packages with a compiled addon (binding.gyp / gypfile) cannot be bundled: keep them external. */
const nativeCache = new Map();
function isNativePackage(name) {
  if (!nativeCache.has(name)) {
    const dir = at('node_modules', name);
    let native = existsSync(path.join(dir, 'binding.gyp'));
    if (!native) {
      try {
        const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
        native = pkg.gypfile === true || pkg.binary !== undefined;
      } catch {
        native = false;
      }
    }
    nativeCache.set(name, native);
  }
  return nativeCache.get(name);
}

const externalNative = {
  name: 'external-native',
  setup(build) {
    build.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return undefined;
      const parts = args.path.split('/');
      const name = args.path.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
      return isNativePackage(name) ? { path: args.path, external: true } : undefined;
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  metafile: true,
  legalComments: 'none',
  // ws asks for these optional speed-ups inside try/catch; they are not installed.
  external: ['bufferutil', 'utf-8-validate'],
  plugins: [externalNative],
};

const builds = [
  {
    ...common,
    entryPoints: [at('electron/main.ts')],
    outfile: at('dist/electron/main.cjs'),
    format: 'cjs',
    external: [...common.external, 'electron'],
  },
  {
    ...common,
    entryPoints: [at('electron/preload.ts')],
    outfile: at('dist/electron/preload.cjs'),
    format: 'cjs',
    external: ['electron'],
    plugins: [],
  },
];

if (existsSync(at('electron/host.ts'))) {
  builds.push({
    ...common,
    entryPoints: [at('electron/host.ts')],
    outfile: at('dist/host/host.mjs'),
    format: 'esm',
    // Bundled CJS dependencies call require() and read __dirname; an ES module has neither.
    banner: {
      js: [
        "import { createRequire as __hutongCreateRequire } from 'node:module';",
        "import { fileURLToPath as __hutongFileURLToPath } from 'node:url';",
        "import { dirname as __hutongDirname } from 'node:path';",
        'const require = __hutongCreateRequire(import.meta.url);',
        'const __filename = __hutongFileURLToPath(import.meta.url);',
        'const __dirname = __hutongDirname(__filename);',
      ].join('\n'),
    },
  });
} else {
  console.log('build-main: electron/host.ts does not exist yet; skipping the browser host.');
}

// The provider's registration service and its operator tool run under plain Node, beside the
// XMPP server (server/README.md); ESM with the same require() shim as the host.
const esmShim = {
  js: [
    "import { createRequire as __hutongCreateRequire } from 'node:module';",
    'const require = __hutongCreateRequire(import.meta.url);',
  ].join('\n'),
};
for (const [entry, out] of [
  ['server/registration/service.ts', 'dist/server/registration.mjs'],
  ['server/registration/adminMain.ts', 'dist/server/registrationAdmin.mjs'],
]) {
  builds.push({
    ...common,
    entryPoints: [at(entry)],
    outfile: at(out),
    format: 'esm',
    banner: esmShim,
  });
}

/** A sandboxed preload gets a require() that knows only 'electron' (and a few polyfills). */
function checkPreload(result) {
  const inputs = Object.values(result.metafile.outputs)
    .flatMap((output) => output.imports)
    .filter((entry) => entry.external && entry.path !== 'electron');
  if (inputs.length > 0) {
    const names = [...new Set(inputs.map((entry) => entry.path))].join(', ');
    throw new Error(`preload must import only 'electron' at run time, but requires: ${names}`);
  }
  const code = readFileSync(at('dist/electron/preload.cjs'), 'utf8');
  const required = [...code.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1]);
  const others = required.filter((name) => name !== 'electron');
  if (others.length > 0) throw new Error(`preload requires ${others.join(', ')}`);
}

// Every bundle is attempted even when one fails, so each reports its own errors.
const results = await Promise.allSettled(builds.map((options) => esbuild.build(options)));
let failed = 0;
for (const [index, settled] of results.entries()) {
  const name = path.relative(root, builds[index].outfile);
  try {
    if (settled.status === 'rejected') throw settled.reason;
    if (builds[index].outfile.endsWith('preload.cjs')) checkPreload(settled.value);
    const bytes = settled.value.metafile.outputs[path.relative(root, builds[index].outfile)]?.bytes;
    console.log(`  ${name}${bytes ? `  ${Math.round(bytes / 1024)} KB` : ''}`);
  } catch (error) {
    // esbuild has already printed its diagnostics; add one summary line per failed bundle.
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    console.error(`  ${name}  FAILED: ${message}`);
    failed += 1;
  }
}
console.log(
  `build-main: ${failed ? `${failed} of ${builds.length} failed` : 'done'} in ` +
    `${Math.round(performance.now() - started)} ms`,
);
if (failed) process.exitCode = 1;
