/**
 * The packaging configuration (build/electron-builder.yml), checked offline: electron-builder
 * packs the built app for Linux (`--dir`) against a stand-in Electron, a file holding only the
 * fuse wire that @electron/fuses looks for. Native modules are not rebuilt (that downloads
 * Electron's headers). An unknown key fails the run; a file the app needs and the asar lacks,
 * a native addon left inside the asar or a fuse set wrong fails an assertion.
 * (`npm run test:integration` builds dist/ first.)
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CONFIG = 'build/electron-builder.yml';
const builderBin = path.join(root, 'node_modules/electron-builder/cli.js');
// electron-builder's own readers of what it wrote (its dependencies, so the same versions).
const builderRequire = createRequire(createRequire(builderBin).resolve('app-builder-lib'));
const asar = builderRequire('@electron/asar') as {
  listPackage(archive: string, options: { isPack: boolean }): string[];
};
const fuses = builderRequire('@electron/fuses') as {
  getCurrentFuseWire(binary: string): Promise<Record<string, number | string>>;
};

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const [DISABLE, ENABLE] = [48, 49];
/** Fuse wire v1 as Electron ships it (index order of @electron/fuses' FuseV1Options). */
const SHIPPED_WIRE = [ENABLE, DISABLE, ENABLE, ENABLE, DISABLE, DISABLE, DISABLE, ENABLE];
const FUSE = {
  runAsNode: 0,
  cookieEncryption: 1,
  nodeOptions: 2,
  nodeCliInspect: 3,
  asarIntegrity: 4,
  onlyLoadAppFromAsar: 5,
  fileProtocolPrivileges: 7,
};

const execFileAsync = promisify(execFile);
let tmp = '';

/** Runs electron-builder on the repository with the stand-in Electron; resolves to its output. */
async function pack(output: string, ...extra: string[]) {
  const standIn = path.join(tmp, 'electron-dist');
  mkdirSync(standIn, { recursive: true });
  const wire = Buffer.from([1, SHIPPED_WIRE.length, ...SHIPPED_WIRE]);
  writeFileSync(path.join(standIn, 'electron'), Buffer.concat([Buffer.from(SENTINEL), wire]), {
    mode: 0o755,
  });
  const args = [
    builderBin,
    ...['--config', CONFIG, '--linux', '--dir', '--publish', 'never'],
    `-c.electronDist=${standIn}`,
    `-c.directories.output=${output}`,
    '-c.npmRebuild=false',
    ...extra,
  ];
  const env = { ...process.env, CI: '1', ELECTRON_BUILDER_OFFLINE: '1' };
  return execFileAsync(process.execPath, args, { cwd: root, env, maxBuffer: 16 * 1024 * 1024 });
}

let appDir = '';
let entries: Set<string>;

beforeAll(async () => {
  for (const file of ['dist/electron/main.cjs', 'dist/renderer/index.html']) {
    if (!existsSync(path.join(root, file))) throw new Error(`${file} is missing: npm run build`);
  }
  tmp = mkdtempSync(path.join(tmpdir(), 'hutong-packaging-'));
  const output = path.join(tmp, 'release');
  await pack(output);
  appDir = path.join(output, 'linux-unpacked');
  const archive = path.join(appDir, 'resources/app.asar');
  entries = new Set(
    asar.listPackage(archive, { isPack: false }).map((e) => e.replaceAll('\\', '/')),
  );
}, 120_000);

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

describe('packaging configuration', () => {
  it('packs what the app loads: main, preload, the renderer and its assets', () => {
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      main: string;
    };
    const html = readFileSync(path.join(root, 'dist/renderer/index.html'), 'utf8');
    const assets = [...html.matchAll(/(?:src|href)="\.\/([^"]+)"/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThan(1);
    const needed = [
      'package.json',
      pkg.main,
      // main.ts loads the preload and the renderer beside its own bundle.
      'dist/electron/preload.cjs',
      'dist/renderer/index.html',
      ...assets.map((asset) => `dist/renderer/${asset}`),
      'node_modules/better-sqlite3/package.json',
      'node_modules/better-sqlite3/lib/index.js',
      // better-sqlite3 finds its addon through `bindings`.
      'node_modules/bindings/package.json',
    ];
    expect(needed.filter((file) => !entries.has(`/${path.posix.normalize(file)}`))).toEqual([]);
  });

  it('leaves out what the desktop app does not run', () => {
    const ours = [...entries].filter((e) => !e.startsWith('/node_modules'));
    const outside = ours.filter(
      (e) => !/^\/(dist|dist\/(electron|renderer)(\/.*)?|package\.json)$/.test(e),
    );
    expect(outside).toEqual([]);
    expect(ours.filter((e) => e.endsWith('.map'))).toEqual([]);
    expect([...entries].filter((e) => e.endsWith('.c') || e.endsWith('.cpp'))).toEqual([]);
  });

  it('packs no server-only or development package', () => {
    const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { dev?: boolean }>;
    };
    // A package folder's manifest, at any depth of node_modules/ (keys as package-lock.json has them).
    const manifest = /^\/((?:node_modules\/(?:@[^/]+\/)?[^/]+\/?)+)package\.json$/;
    const packed = [...entries].flatMap((e) => manifest.exec(e)?.[1]?.replace(/\/$/, '') ?? []);
    expect(packed).toContain('node_modules/better-sqlite3');
    // The registration service (server/) runs from the repository, bundled into dist/server/ with
    // pg and @xmpp/component inside: the desktop app never loads them.
    const serverOnly = /^node_modules\/(pg|pg-[^/]+|pgpass|@xmpp\/component(-core)?)$/;
    expect(packed.filter((key) => serverOnly.test(key))).toEqual([]);
    // electron-builder re-hoists the tree, so compare names: flag a package of which every copy
    // in the lockfile is a development one.
    const nameOf = (key: string) => key.slice(key.lastIndexOf('node_modules/') + 13);
    const production = new Set(
      Object.entries(lock.packages)
        .filter(([key, entry]) => key !== '' && entry.dev !== true)
        .map(([key]) => nameOf(key)),
    );
    expect(packed.filter((key) => !production.has(nameOf(key)))).toEqual([]);
  });

  it('keeps the native addon outside the asar, where Electron can load it', () => {
    const addon = 'node_modules/better-sqlite3/build/Release/better_sqlite3.node';
    expect(existsSync(path.join(appDir, 'resources/app.asar.unpacked', addon))).toBe(true);
  });

  it('sets the release fuses', async () => {
    const wire = await fuses.getCurrentFuseWire(path.join(appDir, 'hutong'));
    expect(wire[FUSE.runAsNode]).toBe(DISABLE);
    expect(wire[FUSE.nodeOptions]).toBe(DISABLE);
    // Release builds cannot be debugged; a Playwright build overrides this one (see the config).
    expect(wire[FUSE.nodeCliInspect]).toBe(DISABLE);
    expect(wire[FUSE.cookieEncryption]).toBe(ENABLE);
    expect(wire[FUSE.asarIntegrity]).toBe(ENABLE);
    expect(wire[FUSE.onlyLoadAppFromAsar]).toBe(ENABLE);
    expect(wire[FUSE.fileProtocolPrivileges]).toBe(ENABLE);
  });

  it('is validated: electron-builder refuses a key it does not know', async () => {
    const failure = await pack(path.join(tmp, 'invalid'), '-c.notAnElectronBuilderKey=1').then(
      () => 'packed',
      (error: { stdout?: string; stderr?: string }) => `${error.stdout}${error.stderr}`,
    );
    expect(failure).toContain("unknown property 'notAnElectronBuilderKey'");
  }, 60_000);
});
