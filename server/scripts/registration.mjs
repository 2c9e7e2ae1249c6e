// Runs the provider's registration service (server/registration, built to dist/server/) beside
// a private Prosody: writes its configuration into the instance's data folder, starts it as a
// child process (or detached, for the dev server) and waits until Prosody accepted it.
// Plain ESM so that prosody.mjs and server.mjs use it directly; types in registration.d.mts.
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isRunning } from './processes.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SERVICE_ENTRY = join(repoRoot, 'dist', 'server', 'registration.mjs');
export const ADMIN_ENTRY = join(repoRoot, 'dist', 'server', 'registrationAdmin.mjs');
const SETPRIV = '/usr/bin/setpriv';
const READY_LINE = 'registration service ready';
const START_TIMEOUT_MS = 20_000;

/** Files of the service inside an instance's data folder. */
export function registrationPaths(dataDir) {
  const root = join(resolve(dataDir), 'registration');
  return {
    root,
    config: join(root, 'registration.json'),
    key: join(root, 'registration.key'),
    store: join(root, 'registrations.sqlite'),
    log: join(root, 'service.log'),
    pid: join(root, 'service.pid'),
  };
}

/** Builds dist/ when the service has not been built yet (a fresh clone's `server:start`). */
export function ensureServiceBuilt() {
  if (existsSync(SERVICE_ENTRY) && existsSync(ADMIN_ENTRY)) return;
  execFileSync(process.execPath, [join(repoRoot, 'build', 'build-main.mjs')], { stdio: 'inherit' });
}

/**
 * Writes the service's configuration for `domain`: component realname.<domain> on
 * 127.0.0.1:`port` with a new secret, the store and a key file (made once, kept across starts so
 * that the records stay readable) in the data folder, and the given policy and form.
 * @param {import('./registration.d.mts').RegistrationSetup} setup
 */
export function writeRegistrationConfig(dataDir, domain, port, setup) {
  const paths = registrationPaths(dataDir);
  mkdirSync(paths.root, { recursive: true, mode: 0o700 });
  if (!existsSync(paths.key)) {
    writeFileSync(paths.key, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  const jid = `realname.${domain}`;
  const secret = randomBytes(24).toString('hex');
  const config = {
    component: { jid, secret, host: '127.0.0.1', port },
    policy: { services: [`conference.${domain}`], ...setup.policy },
    ...(setup.form && { form: setup.form }),
    store: setup.store ?? { sqlite: 'registrations.sqlite' },
    encryptionKeyFile: 'registration.key',
  };
  writeFileSync(paths.config, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  return { jid, secret, port, services: config.policy.services, paths };
}

/** The pid of the service that runs for this data folder, if any. */
export function runningServicePid(dataDir) {
  const { pid: file, config } = registrationPaths(dataDir);
  try {
    const pid = Number(readFileSync(file, 'utf8'));
    if (!isRunning(pid)) return undefined;
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(config)
      ? pid
      : undefined;
  } catch {
    return undefined;
  }
}

async function waitForReady(logPath, offset, child) {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const text = existsSync(logPath) ? readFileSync(logPath, 'utf8').slice(offset) : '';
    if (text.includes(READY_LINE)) return;
    if (child.exitCode !== null) break;
    await new Promise((done) => setTimeout(done, 50));
  }
  const text = existsSync(logPath) ? readFileSync(logPath, 'utf8').slice(offset) : '';
  throw new Error(`The registration service did not start:\n${text.slice(-2000)}`);
}

/**
 * Starts the service for an instance whose configuration writeRegistrationConfig wrote; resolves
 * once it is connected. Not detached: it dies with us (setpriv --pdeathsig), like Prosody.
 */
export async function startRegistrationService(dataDir, { detached = false } = {}) {
  ensureServiceBuilt();
  const paths = registrationPaths(dataDir);
  const offset = existsSync(paths.log) ? readFileSync(paths.log).length : 0;
  const out = openSync(paths.log, 'a', 0o600);
  const args = [SERVICE_ENTRY, '--config', paths.config];
  const watched = !detached && existsSync(SETPRIV);
  const child = spawn(
    watched ? SETPRIV : process.execPath,
    watched ? ['--pdeathsig', 'TERM', process.execPath, ...args] : args,
    { detached, stdio: ['ignore', out, out] },
  );
  writeFileSync(paths.pid, String(child.pid));
  if (detached) child.unref();
  try {
    await waitForReady(paths.log, offset, child);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    pid: child.pid,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((done) => setTimeout(done, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

/** Runs the operator tool against an instance's service; resolves with its exit code and output. */
export function runRegistrationAdmin(dataDir, args) {
  const { config } = registrationPaths(dataDir);
  try {
    const out = execFileSync(process.execPath, [ADMIN_ENTRY, '--config', config, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return { code: 0, out: out.trimEnd() };
  } catch (error) {
    return { code: error.status ?? 1, out: `${error.stdout ?? ''}${error.stderr ?? ''}`.trimEnd() };
  }
}
