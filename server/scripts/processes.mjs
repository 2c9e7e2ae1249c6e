// Loopback ports and child processes of the local servers (Prosody, ejabberd, the registration
// service) and the tests: free ports, whether a port answers, stopping a process, and killing
// what we started when we exit. Plain ESM JavaScript (types in processes.d.mts).
import { readFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';

const STOP_TIMEOUT_MS = 5_000;

/** A TCP port that is free on 127.0.0.1 right now (the OS picks it). */
export async function freePort() {
  const [port] = await freePorts(1);
  return port;
}

/** Several distinct free ports, held open together so that the OS cannot hand one out twice. */
export async function freePorts(count) {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise((resolvePort, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolvePort(server));
        }),
    ),
  );
  const ports = servers.map((server) => server.address().port);
  await Promise.all(servers.map((server) => new Promise((done) => server.close(done))));
  return ports;
}

/** Whether something accepts TCP connections on host:port. */
export function canConnect(port, host = '127.0.0.1') {
  return new Promise((done) => {
    const socket = createConnection({ port, host });
    socket.setTimeout(1000);
    const finish = (ok) => {
      socket.destroy();
      done(ok);
    };
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
    socket.once('timeout', () => finish(false));
  });
}

/** Whether a process with this pid is alive (and, if given, runs with `configPath`). */
export function isRunning(pid, configPath) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    return error.code === 'EPERM';
  }
  if (!configPath) return true;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(configPath);
  } catch {
    return true; // no /proc: trust the pid
  }
}

/** Children we started and must not leave behind, killed when this process exits. */
const children = new Set();
let cleanupInstalled = false;

function killChildrenSync() {
  for (const pid of children) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  children.clear();
}

function installCleanup() {
  if (cleanupInstalled) return;
  cleanupInstalled = true;
  process.once('exit', killChildrenSync);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    const onSignal = () => {
      killChildrenSync();
      // When nobody else handles the signal, restore its default effect (exit).
      if (process.listenerCount(signal) === 1) {
        process.removeListener(signal, onSignal);
        process.kill(process.pid, signal);
      }
    };
    process.on(signal, onSignal);
  }
}

async function waitForExit(pid, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isRunning(pid)) return true;
    await new Promise((done) => setTimeout(done, 50));
  }
  return !isRunning(pid);
}

/** Stops a Prosody process: SIGTERM (clean shutdown), then SIGKILL after a grace period. */
export async function stopPid(pid) {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  if (!(await waitForExit(pid, STOP_TIMEOUT_MS))) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
    await waitForExit(pid, 1000);
  }
}

/** A child process to kill if we exit before it is stopped. */
export function keepTrackOf(pid) {
  children.add(pid);
  installCleanup();
}

/** The child stopped (or was handed over to outlive us). */
export function forget(pid) {
  children.delete(pid);
}

/** The last lines of a log file, for an error message ('(no log)' when it cannot be read). */
export function logTail(file, lines = 20) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
