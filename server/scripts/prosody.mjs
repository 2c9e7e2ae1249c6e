// Starts and stops private Prosody instances for `npm start` and the integration tests.
// Plain ESM JavaScript so that it runs under `node` directly and imports from TypeScript (types in
// prosody.d.mts).
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { ensureCertificates } from './certs.mjs';
import {
  canConnect,
  forget,
  freePort,
  freePorts,
  isRunning,
  keepTrackOf,
  logTail,
  stopPid,
} from './processes.mjs';
import { renderConfig, seedSubscriptions } from './prosodyConfig.mjs';
import {
  runRegistrationAdmin,
  startRegistrationService,
  writeRegistrationConfig,
} from './registration.mjs';

const run = promisify(execFile);
const PROSODY = process.env.HUTONG_PROSODY ?? 'prosody';
const PROSODYCTL = process.env.HUTONG_PROSODYCTL ?? 'prosodyctl';
const SETPRIV = '/usr/bin/setpriv';
const START_TIMEOUT_MS = 20_000;

/** Files of one instance inside its data folder. */
export function instancePaths(dataDir) {
  const root = resolve(dataDir);
  return {
    root,
    config: join(root, 'prosody.cfg.lua'),
    pid: join(root, 'prosody.pid'),
    log: join(root, 'prosody.log'),
    output: join(root, 'prosody.out'),
    data: join(root, 'data'),
    certDir: join(root, 'certs'),
  };
}

/** The pid in an instance's pidfile, when the process runs with that instance's config. */
export function runningPid(dataDir) {
  const paths = instancePaths(dataDir);
  try {
    const pid = Number(readFileSync(paths.pid, 'utf8').trim());
    return isRunning(pid, paths.config) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Creates or updates an account (prosodyctl overwrites the password of an existing one, so this is
 * idempotent). Works whether the server runs or not: it writes the internal storage directly.
 */
export async function registerUser(configPath, user, domain, password) {
  try {
    await run(PROSODYCTL, ['--config', configPath, 'register', user, domain, password]);
  } catch (error) {
    throw new Error(
      `prosodyctl register ${user}@${domain} failed: ${error.stderr || error.message}`,
    );
  }
}

/** What Prosody logged since `from` (bytes), for this start only. */
function readLogFrom(file, from) {
  return existsSync(file) ? readFileSync(file).subarray(from).toString('utf8') : '';
}

/**
 * Starts a private Prosody instance and resolves once it accepts connections.
 * @param {import('./prosody.d.mts').ProsodyOptions} options
 * @returns {Promise<import('./prosody.d.mts').ProsodyInstance>}
 */
export async function startProsody(options) {
  // Ports picked here are free when picked, not yet when Prosody binds them: a server another
  // test file starts at the same moment can take one first, and a client then reaches the wrong
  // server (CI saw the registration component greeted "does not serve realname.localhost" by a
  // c2s port). Such a start is retried on other ports; ports the caller chose are its own.
  const picked =
    !options.c2sPort ||
    !options.directTlsPort ||
    (options.registration !== undefined && !options.registration.componentPort);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOnce(options);
    } catch (error) {
      if (!(error instanceof PortTaken) || !picked || attempt >= 3) throw error;
    }
  }
}

class PortTaken extends Error {}

async function startOnce(options) {
  const {
    dataDir,
    domain = 'localhost',
    users = [],
    subscriptions = [],
    tls = true,
    detached = false,
    mucHosts = [],
    archiveStore,
  } = options;
  const [c2sPort, directTlsPort] = await resolvePorts(options.c2sPort, options.directTlsPort);
  const paths = instancePaths(dataDir);
  mkdirSync(paths.data, { recursive: true });
  mkdirSync(paths.certDir, { recursive: true });
  const registration =
    options.registration &&
    writeRegistrationConfig(
      paths.root,
      domain,
      options.registration.componentPort ?? (await freePort()),
      options.registration,
    );

  const certs = tls ? await ensureCertificates(paths.root, domain) : undefined;
  writeFileSync(
    paths.config,
    renderConfig({
      domain,
      c2sPort,
      directTlsPort,
      tls,
      paths: { ...paths, certPath: certs?.certPath, keyPath: certs?.keyPath },
      mucHosts,
      archiveStore,
      registration: registration && { ...registration, configPath: registration.paths.config },
    }),
  );
  await Promise.all(
    users.map(({ user, password }) => registerUser(paths.config, user, domain, password)),
  );
  seedSubscriptions(paths.data, domain, subscriptions);

  const stale = runningPid(paths.root);
  if (stale) throw new Error(`Prosody already runs for ${paths.root} (pid ${stale})`);

  const logStart = existsSync(paths.log) ? statSync(paths.log).size : 0;
  const out = detached ? openSync(paths.output, 'a') : 'pipe';
  // setpriv (util-linux) makes the kernel stop Prosody when we die, even by SIGKILL; it execs, so
  // the pid stays Prosody's. A detached server is meant to outlive us.
  const args = ['-F', '--config', paths.config];
  const watched = !detached && existsSync(SETPRIV);
  const child = spawn(
    watched ? SETPRIV : PROSODY,
    watched ? ['--pdeathsig', 'TERM', PROSODY, ...args] : args,
    {
      cwd: paths.root,
      detached,
      stdio: ['ignore', out, out],
    },
  );
  let output = '';
  child.stdout?.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  child.stderr?.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  let exited = false;
  child.once('exit', () => {
    exited = true;
    forget(child.pid);
  });
  const spawnError = new Promise((_, reject) => child.once('error', reject));
  spawnError.catch(() => {});
  if (detached) {
    child.unref();
  } else {
    keepTrackOf(child.pid);
  }

  const ports = tls ? [c2sPort, directTlsPort] : [c2sPort];
  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const ready = await Promise.race([
      Promise.all(ports.map((port) => canConnect(port))).then((oks) => oks.every(Boolean)),
      spawnError,
    ]);
    if (ready && !exited) break;
    if (exited || Date.now() > deadline) {
      if (!exited) await stopPid(child.pid);
      throw new Error(
        `Prosody did not start (${exited ? `exited with ${child.exitCode}` : 'timeout'}).\n` +
          `${output}${detached ? logTail(paths.output) : ''}\n--- ${paths.log}:\n${logTail(paths.log)}`,
      );
    }
    await new Promise((done) => setTimeout(done, 50));
  }

  const pid = child.pid;
  // A port taken by another server also accepts connections: Prosody's own word settles it.
  await new Promise((done) => setTimeout(done, 100));
  if (readLogFrom(paths.log, logStart).includes('Failed to open server port')) {
    await stopPid(pid);
    throw new PortTaken(`a port of Prosody at ${paths.root} was taken`);
  }
  let service;
  if (registration) {
    try {
      service = await startRegistrationService(paths.root, { detached });
    } catch (error) {
      await stopPid(pid);
      const wrongServer = String(error).includes('does not serve');
      throw wrongServer ? new PortTaken(String(error)) : error;
    }
  }
  return {
    domain,
    host: '127.0.0.1',
    c2sPort,
    directTlsPort: tls ? directTlsPort : undefined,
    caPath: certs?.caPath,
    certPath: certs?.certPath,
    caFingerprint: certs?.caFingerprint,
    certFingerprint: certs?.certFingerprint,
    dataDir: paths.root,
    configPath: paths.config,
    logPath: paths.log,
    pid,
    registration: registration && {
      jid: registration.jid,
      port: registration.port,
      services: registration.services,
      configPath: registration.paths.config,
      storePath: registration.paths.store,
      logPath: registration.paths.log,
      pid: service.pid,
      admin: (args) => runRegistrationAdmin(paths.root, args),
      stop: () => service.stop(),
    },
    async stop() {
      await service?.stop();
      await stopPid(pid);
      forget(pid);
    },
  };
}

async function resolvePorts(c2sPort, directTlsPort) {
  if (c2sPort && directTlsPort) return [c2sPort, directTlsPort];
  const [a, b] = await freePorts(2);
  return [c2sPort ?? a, directTlsPort ?? (b === c2sPort ? a : b)];
}
