/**
 * `npm ci` on the Node version we promise (package.json `engines`, named again in the README)
 * installs every package without an EBADENGINE warning. Checked offline from package-lock.json,
 * which records each package's `engines`, so an upgrade that raises a floor (i18next 27 and
 * react-i18next 18 asked for Node 22; electron-builder 26.1+ pulls @electron/rebuild 4, which
 * asks for 22.12) fails here instead of in the next person's terminal.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

// semver is in node_modules through the build tools (node-abi, electron-builder); the tests may
// lean on it, the app never imports it. Typed here: the project has no @types/semver.
const semver = createRequire(import.meta.url)('semver') as {
  minVersion(range: string): { version: string } | null;
  satisfies(version: string, range: string, options?: { includePrerelease?: boolean }): boolean;
};

/**
 * Electron itself, from 42 on, asks for Node 22.12 for its binary downloader (@electron/get 5 and
 * its zip extractor), which runs only where the binary is fetched (never offline here). Every
 * Electron major whose package accepts Node 20 (41 and older) is out of security support, and the
 * installed `electron` decides which Chromium the installers ship, so we keep a supported Electron
 * and accept exactly these warnings until the project moves to Node 22.12 (Node 20 reached its
 * end of life in April 2026). The test fails when this list is wrong in either direction.
 */
const ELECTRON_DOWNLOADER: readonly string[] = [
  'node_modules/electron',
  'node_modules/@electron/get',
  'node_modules/@electron-internal/extract-zip',
];

const pkg = JSON.parse(read('package.json')) as { engines: { node: string } };
const lock = JSON.parse(read('package-lock.json')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } }>;
};
const floor = semver.minVersion(pkg.engines.node)?.version ?? '';

/** Lockfile entries whose engines.node refuses the promised floor. */
function refusing(): string[] {
  return Object.entries(lock.packages)
    .filter(([key, entry]) => key !== '' && entry.engines?.node !== undefined)
    .filter(([, entry]) => !semver.satisfies(floor, entry.engines?.node ?? '*'))
    .map(([key, entry]) => `${key}@${entry.version} wants node ${entry.engines?.node}`);
}

describe('engines', () => {
  it('names one Node floor in package.json and the README', () => {
    expect(floor).toMatch(/^\d+\.\d+\.\d+$/);
    const named = /Node\.js (\d+\.\d+(?:\.\d+)?) or newer/.exec(read('README.md'))?.[1];
    expect(named, 'the README says "Node.js X.Y or newer"').toBeDefined();
    expect(semver.minVersion(named ?? '')?.version).toBe(floor);
  });

  it('installs every locked package on that Node without an engine warning', () => {
    const unexpected = refusing().filter(
      (line) => !ELECTRON_DOWNLOADER.some((key) => line.startsWith(`${key}@`)),
    );
    expect(unexpected).toEqual([]);
  });

  it("accepts only Electron's downloader, and only while it still refuses", () => {
    const accepted = refusing().filter((line) =>
      ELECTRON_DOWNLOADER.some((key) => line.startsWith(`${key}@`)),
    );
    const keys = accepted.map((line) => line.slice(0, line.lastIndexOf('@')));
    expect(keys.sort()).toEqual([...ELECTRON_DOWNLOADER].sort());
  });
});
