// A private PostgreSQL cluster for tests (the registration service's shared store): initdb in a
// temporary folder owned by the `postgres` user, listening on 127.0.0.1 only on a free port, its
// Unix socket inside that folder. Run as root, the server runs as `postgres` (setpriv); run as
// another user, it runs as that user. Debian's postgresql package (PostgreSQL 15) provides the
// binaries; scripts/ensure-deps.mjs installs it for the tests.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './processes.mjs';

const SETPRIV = '/usr/bin/setpriv';
const SUPERUSER = 'hutong';

/** The folder of initdb/pg_ctl: the newest /usr/lib/postgresql/<version>/bin. */
export function postgresBinDir() {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((name) => existsSync(join(root, name, 'bin', 'pg_ctl')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length === 0) {
    throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
  }
  return join(root, versions[0], 'bin');
}

function idsOf(user) {
  const line = execFileSync('getent', ['passwd', user], { encoding: 'utf8' }).split(':');
  return { uid: Number(line[2]), gid: Number(line[3]) };
}

/** Runs a PostgreSQL program as the cluster's owner. */
function runAs(owner, program, args) {
  const [file, argv] = owner
    ? [
        SETPRIV,
        [
          '--reuid',
          String(owner.uid),
          '--regid',
          String(owner.gid),
          '--clear-groups',
          program,
          ...args,
        ],
      ]
    : [program, args];
  const result = spawnSync(file, argv, { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
  if (result.status !== 0) {
    throw new Error(`${program} failed (${result.status}): ${result.stderr || result.stdout}`);
  }
  return result.stdout;
}

/**
 * Starts a cluster with one database and returns its connection URL and `stop()`.
 * @param {{ database?: string }} [options]
 */
export async function startPostgres(options = {}) {
  const bin = postgresBinDir();
  const database = options.database ?? 'hutong';
  const dir = mkdtempSync(join(tmpdir(), 'hutong-pg-'));
  const owner = process.getuid?.() === 0 ? idsOf('postgres') : undefined;
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const data = join(dir, 'data');
  const port = await freePort();
  const password = 'test-only';
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, password, { mode: 0o600 });
  if (owner) chownSync(pwfile, owner.uid, owner.gid);
  runAs(owner, join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    SUPERUSER,
    '--pwfile',
    pwfile,
    '--auth',
    'scram-sha-256',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  rmSync(pwfile);
  const settings = [
    `-c listen_addresses=127.0.0.1`,
    `-c port=${port}`,
    `-c unix_socket_directories=${dir}`,
    `-c fsync=off`,
    `-c log_statement=none`,
  ].join(' ');
  runAs(owner, join(bin, 'pg_ctl'), [
    '-D',
    data,
    '-l',
    join(dir, 'server.log'),
    '-o',
    settings,
    '-w',
    '-t',
    '60',
    'start',
  ]);
  const stop = () => {
    try {
      runAs(owner, join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    const env = { ...process.env, PGPASSWORD: password };
    execFileSync(
      join(bin, 'createdb'),
      ['-h', '127.0.0.1', '-p', String(port), '-U', SUPERUSER, database],
      { env },
    );
  } catch (error) {
    stop();
    throw error;
  }
  const url = `postgres://${SUPERUSER}:${password}@127.0.0.1:${port}/${database}`;
  return { url, port, database, dir, bin, password, user: SUPERUSER, stop };
}
