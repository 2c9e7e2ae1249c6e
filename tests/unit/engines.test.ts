/**
 * `npm ci` on the Node version we promise (package.json `engines`, named again in the README)
 * installs every package without an EBADENGINE warning. Checked offline from package-lock.json,
 * which records each package's `engines`, so an upgrade that raises the floor past ours fails here
 * instead of in the next person's terminal. (Under Node 20, Electron 42+ and its downloader,
 * i18next 27 and @electron/rebuild 4 all warned; Vite's wasm runtime and eslint-visitor-keys 5
 * want 22.13: hence the floor.)
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
    expect(refusing()).toEqual([]);
  });

  it('pins a Node for machines whose own is older (scripts/use-node.sh) that meets the floor', () => {
    const script = read('scripts/use-node.sh');
    const pinned = /^HUTONG_NODE_VERSION=(\S+)$/m.exec(script)?.[1] ?? '';
    expect(semver.satisfies(pinned, pkg.engines.node)).toBe(true);
    // Its own check of the running Node names the same floor as package.json.
    const [major, minor] = floor.split('.');
    expect(script).toContain(`a > ${major} || (a === ${major} && b >= ${minor})`);
    expect(read('.ci/run')).toMatch(/source scripts\/use-node\.sh[\s\S]*npm ci/);
  });
});
