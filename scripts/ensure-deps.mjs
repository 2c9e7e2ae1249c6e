#!/usr/bin/env node
// Checks the Debian packages that Hutong needs beside npm at run and test time, and installs the
// missing ones with apt-get when we run as root. Quick when all is present: it only looks for the
// binaries, and asks dpkg/apt only when one is missing.
//
//   node scripts/ensure-deps.mjs [--for test|start]
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Debian's multiarch directory for this machine (where architecture-specific libraries go). */
const MULTIARCH = process.arch === 'arm64' ? 'aarch64-linux-gnu' : 'x86_64-linux-gnu';

/** Debian package → binaries it provides that we use (absolute paths are plain files). */
const PACKAGES = {
  prosody: ['prosody', 'prosodyctl'],
  openssl: ['openssl'],
  chromium: ['chromium'],
  microsocks: ['microsocks'],
  // The interoperability tests also run against ejabberd 23.01 (tests/integration/ejabberd).
  ejabberd: ['/usr/sbin/ejabberdctl', 'erl'],
  // Chinese text in the UI (and its screenshots) needs a CJK font; installs skip recommends.
  'fonts-wqy-microhei': ['/usr/share/fonts/truetype/wqy/wqy-microhei.ttc'],
  // People send emoji; without a font they show as empty boxes.
  'fonts-noto-color-emoji': ['/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf'],
  // OTR interoperability is tested against libotr 4.1, the reference, through a small C peer
  // (tests/otr/libotrPeer.c) built by the tests.
  gcc: ['cc'],
  'libotr5-dev': ['/usr/include/libotr/proto.h'],
  // The registration service's PostgreSQL store is tested on a private cluster
  // (server/scripts/postgres.mjs runs initdb/pg_ctl from /usr/lib/postgresql/<version>/bin).
  // Debian 12's postgresql is PostgreSQL 15.
  postgresql: ['/usr/lib/postgresql/15/bin/initdb', '/usr/lib/postgresql/15/bin/pg_ctl'],
  // The fault-injection test's Prosody keeps its 10,000-message archives in SQLite.
  'lua-dbi-sqlite3': [`/usr/lib/${MULTIARCH}/lua/5.4/dbd/sqlite3.so`],
};

/** What each purpose needs. `start` is `npm start` / `npm run host`; `test` is the full suite. */
const NEEDS = {
  start: ['prosody', 'openssl', 'fonts-wqy-microhei', 'fonts-noto-color-emoji'],
  test: [
    'prosody',
    'openssl',
    'chromium',
    'microsocks',
    'ejabberd',
    'fonts-wqy-microhei',
    'fonts-noto-color-emoji',
    'gcc',
    'libotr5-dev',
    'postgresql',
    'lua-dbi-sqlite3',
  ],
};

function onPath(binary) {
  if (binary.startsWith('/')) {
    try {
      accessSync(binary, constants.R_OK);
      return true;
    } catch {
      return false;
    }
  }
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(delimiter)) {
    try {
      accessSync(join(dir, binary), constants.X_OK);
      return true;
    } catch {
      // keep looking
    }
  }
  return false;
}

/** The packages among `packages` whose binaries are missing. */
export function missingPackages(packages) {
  return packages.filter((name) => !PACKAGES[name].every(onPath));
}

/**
 * Makes sure the Debian packages for `purpose` are installed. Installs missing ones when running
 * as root with apt-get; otherwise throws an Error naming them.
 * @param {{ for?: 'test' | 'start', quiet?: boolean }} [options]
 * @returns {Promise<string[]>} the packages it installed
 */
export async function ensureDeps(options = {}) {
  const wanted = NEEDS[options.for ?? 'test'];
  if (!wanted) throw new Error(`Unknown purpose "${options.for}": use test or start`);
  const missing = missingPackages(wanted);
  if (missing.length === 0) return [];

  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !onPath('apt-get')) {
    throw new Error(
      `Missing system packages: ${missing.join(' ')}.\n` +
        `Install them, e.g.: sudo apt-get install --no-install-recommends ${missing.join(' ')}`,
    );
  }
  const log = options.quiet ? () => {} : (line) => process.stderr.write(`${line}\n`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const stdio = options.quiet ? 'ignore' : ['ignore', 'inherit', 'inherit'];
  log(`ensure-deps: installing ${missing.join(' ')} with apt-get`);
  execFileSync('apt-get', ['update'], { env, stdio });
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { env, stdio });
  const still = missingPackages(missing);
  if (still.length > 0) throw new Error(`apt-get did not provide: ${still.join(' ')}`);
  return missing;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = process.argv.indexOf('--for');
  const purpose = at > 0 ? process.argv[at + 1] : 'test';
  ensureDeps({ for: purpose }).then(
    (installed) => {
      if (installed.length > 0) console.log(`ensure-deps: installed ${installed.join(' ')}`);
    },
    (error) => {
      console.error(`ensure-deps: ${error.message}`);
      process.exit(1);
    },
  );
}
