// Starts and stops private ejabberd 23.01 instances for the interoperability tests: the server
// that providers cluster when one machine is not enough. Plain ESM JavaScript like prosody.mjs
// (types in ejabberd.d.mts).
//
// ejabberd is an Erlang node. We start its VM ourselves, as ejabberdctl's `foreground` would, but
// under setpriv: it drops to the `ejabberd` system user and makes the kernel stop the VM when we
// die, even by SIGKILL (ejabberdctl runs the VM behind `su`, which loses that guarantee). Everything
// else (registering users, roster items) goes through ejabberdctl with the instance's own folders.
// ERL_DIST_PORT fixes the node's distribution port, so no epmd is started or left listening.
import { execFile, spawn } from 'node:child_process';
import { accessSync, chownSync, constants, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { ensureCertificates } from './certs.mjs';
import { ejabberdPaths, NODE, usersXml, writeInstanceFiles } from './ejabberdConfig.mjs';
import { canConnect, forget, freePorts, keepTrackOf, logTail, stopPid } from './processes.mjs';

export { ejabberdPaths, renderEjabberdConfig, usersXml } from './ejabberdConfig.mjs';

const run = promisify(execFile);
const EJABBERDCTL = process.env.HUTONG_EJABBERDCTL ?? '/usr/sbin/ejabberdctl';
const ERL = '/usr/bin/erl';
const SETPRIV = '/usr/bin/setpriv';
const SYSTEM_USER = 'ejabberd';
const START_TIMEOUT_MS = 30_000;

/** uid and gid of a system user, from /etc/passwd. */
function systemUser(name) {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`${name}:`));
  if (!line) throw new Error(`No "${name}" system user: is the ejabberd package installed?`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

function chownTree(path, { uid, gid }) {
  chownSync(path, uid, gid);
  if (!statSync(path).isDirectory()) return;
  for (const name of readdirSync(path)) chownTree(join(path, name), { uid, gid });
}

/**
 * The ejabberd user must be able to walk down to the data folder; a 0700 parent (mkdtemp's
 * default) makes the VM fail with nothing but a line in a log it cannot write. Say so plainly.
 */
function assertReachable(dir, owner) {
  for (let current = dirname(dir); ; current = dirname(current)) {
    const { mode, uid } = statSync(current);
    if (uid !== owner.uid && (mode & 0o001) === 0) {
      throw new Error(
        `The ${SYSTEM_USER} user cannot enter ${current} (mode ${(mode & 0o777).toString(8)}): ` +
          `give it o+x or put the ejabberd data folder elsewhere (e.g. under /tmp).`,
      );
    }
    if (current === dirname(current)) return;
  }
}

/** ERL_LIBS as the packaged ejabberdctl sets it (the folder that holds ejabberd-<version>). */
function erlLibs() {
  const match = /^ERL_LIBS='?([^'\n]+)'?$/m.exec(readFileSync(EJABBERDCTL, 'utf8'));
  return match?.[1] ?? '/usr/lib/x86_64-linux-gnu';
}

/** Arguments that point ejabberdctl at this instance (`--config` alone is silently ignored). */
function ctlArgs(paths) {
  return [
    '--config-dir',
    paths.conf,
    '--config',
    paths.config,
    '--ctl-config',
    paths.ctlConfig,
    '--spool',
    paths.spool,
    '--logs',
    paths.logs,
    '--node',
    NODE,
  ];
}

/**
 * Runs one ejabberdctl command against the instance. Each call boots a small Erlang VM that
 * connects to the node; its name has only three random characters, so two concurrent calls can
 * rarely collide and be refused: one retry covers that.
 */
export async function ejabberdctl(dataDir, ...args) {
  const paths = ejabberdPaths(dataDir);
  let lastError;
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const { stdout } = await run(EJABBERDCTL, [...ctlArgs(paths), ...args]);
      return stdout.trim();
    } catch (error) {
      lastError = error;
      if (!/nodedown|Failed RPC connection/i.test(`${error.stdout}${error.stderr}`)) break;
    }
  }
  const output = `${lastError.stdout ?? ''}${lastError.stderr ?? ''}`.trim() || lastError.message;
  throw new Error(`ejabberdctl ${args[0]} failed (exit ${lastError.code}): ${output}`);
}

/**
 * Same result as the import, on a spool that already has accounts: each user is created or gets
 * its password reset, and the pairs are made mutual contacts again (the roster item is replaced).
 */
async function provisionExisting(dataDir, domain, users, subscriptions) {
  const existing = new Set((await ejabberdctl(dataDir, 'registered_users', domain)).split('\n'));
  for (const { user, password } of users) {
    const command = existing.has(user) ? 'change_password' : 'register';
    await ejabberdctl(dataDir, command, user, domain, password);
  }
  for (const [a, b] of subscriptions) {
    for (const [from, to] of [
      [a, b],
      [b, a],
    ]) {
      await ejabberdctl(dataDir, 'add_rosteritem', from, domain, to, domain, to, '', 'both');
    }
  }
}

/**
 * Starts a private ejabberd and resolves once it accepts client connections and has its users.
 * @param {import('./ejabberd.d.mts').EjabberdOptions} options
 * @returns {Promise<import('./ejabberd.d.mts').EjabberdInstance>}
 */
export async function startEjabberd(options) {
  const { dataDir, domain = 'localhost', users = [], subscriptions = [] } = options;
  accessSync(EJABBERDCTL, constants.X_OK);
  if (process.getuid?.() !== 0) {
    throw new Error(`A private ejabberd needs root (ejabberdctl runs as the ${SYSTEM_USER} user)`);
  }
  const owner = systemUser(SYSTEM_USER);
  const [freeC2s, distPort] = await freePorts(2);
  const c2sPort = options.c2sPort ?? freeC2s;
  const paths = ejabberdPaths(dataDir);
  mkdirSync(paths.root, { recursive: true });
  assertReachable(paths.root, owner);
  // The import refuses existing users: a kept spool (a restart) is brought up to date instead.
  const fresh = !existsSync(join(paths.spool, 'schema.DAT'));
  const certs = await ensureCertificates(paths.root, domain);
  const cookie = writeInstanceFiles(paths, { domain, c2sPort, distPort, certs });
  chownTree(paths.root, owner);

  // What `ejabberdctl foreground` runs, minus `su`: see the header comment.
  const args = [
    ...['--reuid', String(owner.uid), '--regid', String(owner.gid), '--clear-groups'],
    ...['--pdeathsig', 'KILL', '--', ERL, '-sname', NODE, '+K', 'true', '+P', '250000'],
    ...['-setcookie', cookie, '-kernel', 'inet_dist_use_interface', '{127,0,0,1}'],
    ...['-erl_epmd_port', String(distPort), '-start_epmd', 'false'],
    ...['-mnesia', 'dir', JSON.stringify(paths.spool), '-s', 'ejabberd', '-noinput'],
  ];
  const env = {
    ...process.env,
    HOME: paths.spool,
    EJABBERD_CONFIG_PATH: paths.config,
    EJABBERD_LOG_PATH: paths.log,
    ERL_CRASH_DUMP: join(paths.logs, 'erl_crash.dump'),
    ERL_INETRC: paths.inetrc,
    ERL_MAX_PORTS: '32000',
    ERL_MAX_ETS_TABLES: '1400',
    ERL_LIBS: erlLibs(),
    ERL_DIST_PORT: String(distPort),
    SCRIPT_DIR: dirname(EJABBERDCTL),
  };
  const startedAt = Date.now();
  const child = spawn(SETPRIV, args, { cwd: paths.spool, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => (output = (output + chunk).slice(-4000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = false;
  child.once('exit', () => {
    exited = true;
    forget(child.pid);
  });
  const spawnError = new Promise((_, reject) => child.once('error', reject));
  spawnError.catch(() => {});
  keepTrackOf(child.pid);
  const pid = child.pid;
  const fail = async (why) => {
    if (!exited) await stopPid(pid);
    throw new Error(`ejabberd ${why}.\n${output}\n--- ${paths.log}:\n${logTail(paths.log)}`);
  };

  for (;;) {
    const ready = await Promise.race([canConnect(c2sPort), spawnError]);
    if (ready && !exited) break;
    if (exited) await fail(`exited with ${child.exitCode} before listening`);
    if (Date.now() - startedAt > START_TIMEOUT_MS) await fail('did not listen in time');
    await new Promise((r) => setTimeout(r, 50));
  }
  const listeningMs = Date.now() - startedAt;

  try {
    if (fresh && users.length > 0) {
      // One XEP-0227 import creates every account and roster item: a single ejabberdctl VM
      // instead of one per `register` / `add_rosteritem` (each boot costs ~0.3 s of CPU).
      writeFileSync(paths.users, usersXml(domain, users, subscriptions), { mode: 0o600 });
      chownSync(paths.users, owner.uid, owner.gid);
      // The c2s port listens before every Mnesia table exists: under load the import can come
      // first and fail with no_exists (the passwd table). Nothing is imported then: try again.
      for (let attempt = 1; ; attempt += 1) {
        try {
          await ejabberdctl(paths.root, 'import_piefxis', paths.users);
          break;
        } catch (error) {
          if (!/no_exists/.test(String(error?.message)) || attempt >= 40) throw error;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
    } else if (users.length > 0) {
      await provisionExisting(paths.root, domain, users, subscriptions);
    }
  } catch (error) {
    await fail(`started but could not be provisioned: ${error.message}`);
  }

  return {
    domain,
    host: '127.0.0.1',
    c2sPort,
    distPort,
    caPath: certs.caPath,
    certPath: certs.certPath,
    certFingerprint: certs.certFingerprint,
    dataDir: paths.root,
    configPath: paths.config,
    logPath: paths.log,
    pid,
    timings: { listeningMs, readyMs: Date.now() - startedAt },
    async stop() {
      await stopPid(pid);
      forget(pid);
    },
  };
}
