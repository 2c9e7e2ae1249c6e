#!/usr/bin/env node
// The developer/demo XMPP server that `npm start` and `npm run host` use: a Prosody on fixed
// loopback ports that the test run (random free ports) never takes, with demo accounts.
//
//   node server/scripts/server.mjs start|stop|status
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDeps } from '../../scripts/ensure-deps.mjs';
import { fingerprintOf } from './certs.mjs';
import { canConnect, freePorts, stopPid } from './processes.mjs';
import { instancePaths, runningPid, startProsody } from './prosody.mjs';
import { runningServicePid, startRegistrationService } from './registration.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Fixed settings of the development server. */
export const DEV_SERVER = Object.freeze({
  dataDir: process.env.HUTONG_DEV_SERVER_DIR ?? join(repoRoot, '.data', 'dev-server'),
  domain: 'localhost',
  host: '127.0.0.1',
  c2sPort: 5252,
  directTlsPort: 5253,
  /** Demo accounts: the password is the user name. */
  users: Object.freeze([
    { user: 'alice', password: 'alice' },
    { user: 'bob', password: 'bob' },
    { user: 'carol', password: 'carol' },
  ]),
  subscriptions: Object.freeze([['alice', 'bob']]),
  /** The demo account kept online by demoPeer.mjs, so alice sees a contact online. */
  onlinePeer: 'bob',
  /**
   * Two group services: conference.localhost without any policy (the demo room), and
   * groups.localhost where the real-name policy of the registration service (realname.localhost,
   * component port 5254) applies. Pending registrations count, so a developer sees the whole
   * flow at once; `npm run registration:admin -- list|approve|reject` shows the operator's side.
   */
  mucHosts: Object.freeze(['groups']),
  registration: Object.freeze({
    componentPort: 5254,
    policy: {
      services: ['groups.localhost'],
      authority: 'Demo provider (no real authority): 依据《互联网群组信息服务管理规定》第六条',
      legalText:
        '群组建立者、管理者应当进行真实身份信息认证。\n' +
        'Group creators and managers must register their real identity. This is a demo: use made-up data.',
      retentionDays: 180,
      approval: 'manual',
      pendingCounts: true,
      existingRooms: { afterDeadline: 'none' },
    },
  }),
});

const peerPidFile = () => join(DEV_SERVER.dataDir, 'demo-peer.pid');
const portsFile = () => join(DEV_SERVER.dataDir, 'ports.json');

/**
 * The ports this data folder's server runs on: the fixed ones, unless they were taken by another
 * program when it started (another checkout's dev server, an old one) and it took free ones.
 */
function currentPorts() {
  const fixed = {
    c2sPort: DEV_SERVER.c2sPort,
    directTlsPort: DEV_SERVER.directTlsPort,
    componentPort: DEV_SERVER.registration.componentPort,
  };
  try {
    const saved = JSON.parse(readFileSync(portsFile(), 'utf8'));
    const ok = Object.keys(fixed).every((k) => Number.isInteger(saved[k]) && saved[k] > 0);
    return ok ? saved : fixed;
  } catch {
    return fixed;
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function peerPid() {
  if (!existsSync(peerPidFile())) return undefined;
  const pid = Number(readFileSync(peerPidFile(), 'utf8'));
  return Number.isInteger(pid) && pid > 0 && alive(pid) ? pid : undefined;
}

/** Starts the demo peer (bob, online) unless it runs; detached like the server. */
function ensureDemoPeer(info) {
  if (peerPid()) return;
  const peer = DEV_SERVER.users.find((u) => u.user === DEV_SERVER.onlinePeer);
  const child = spawn(
    process.execPath,
    [
      join(dirname(fileURLToPath(import.meta.url)), 'demoPeer.mjs'),
      String(info.c2sPort),
      info.domain,
      peer.user,
      peer.password,
    ],
    {
      detached: true,
      stdio: 'ignore',
      env: { ...process.env, NODE_EXTRA_CA_CERTS: info.caPath },
    },
  );
  child.unref();
  writeFileSync(peerPidFile(), String(child.pid));
}

function stopDemoPeer() {
  const pid = peerPid();
  if (pid) process.kill(pid, 'SIGTERM');
  rmSync(peerPidFile(), { force: true });
}

function describe(pid) {
  const caPath = join(instancePaths(DEV_SERVER.dataDir).root, 'ca', 'ca.crt');
  const certPath = join(instancePaths(DEV_SERVER.dataDir).certDir, `${DEV_SERVER.domain}.crt`);
  return {
    domain: DEV_SERVER.domain,
    host: DEV_SERVER.host,
    ...currentPorts(),
    caPath,
    certPath,
    pid,
    caFingerprint: existsSync(caPath) ? fingerprintOf(caPath) : undefined,
    certFingerprint: existsSync(certPath) ? fingerprintOf(certPath) : undefined,
  };
}

/** One line for the console. */
export function summaryLine(info) {
  const users = DEV_SERVER.users.map(({ user, password }) => `${user}/${password}`).join(' ');
  return (
    `XMPP dev server (pid ${info.pid}): ${info.domain} on ${info.host}, ` +
    `STARTTLS ${info.c2sPort}, direct TLS ${info.directTlsPort}; users ${users}; ` +
    `group services conference.${info.domain} and groups.${info.domain} (real-name policy, ` +
    `service realname.${info.domain}); ` +
    `CA SHA-256 ${info.caFingerprint}; server cert SHA-256 ${info.certFingerprint}`
  );
}

/** The running dev server, if any (its pidfile names a live Prosody that accepts connections). */
export async function devServerStatus() {
  const pid = runningPid(DEV_SERVER.dataDir);
  if (!pid || !(await canConnect(currentPorts().c2sPort))) return undefined;
  return describe(pid);
}

/**
 * Starts the dev server unless it already runs; it is detached and outlives the caller.
 * @returns the connection details and whether this call started it
 */
export async function ensureDevServer() {
  const running = await devServerStatus();
  if (running) {
    if (!runningServicePid(DEV_SERVER.dataDir)) {
      await startRegistrationService(DEV_SERVER.dataDir, { detached: true });
    }
    ensureDemoPeer(running);
    return { ...running, started: false };
  }
  await ensureDeps({ for: 'start' });
  const ports = {
    c2sPort: DEV_SERVER.c2sPort,
    directTlsPort: DEV_SERVER.directTlsPort,
    componentPort: DEV_SERVER.registration.componentPort,
  };
  const taken = [];
  for (const port of Object.values(ports)) if (await canConnect(port)) taken.push(port);
  if (taken.length > 0) {
    // Another program (another checkout's dev server, an old one) holds a fixed port: run on
    // free ones rather than stop, and say so; the clients are told the ports we took.
    const [c2sPort, directTlsPort, componentPort] = await freePorts(3);
    Object.assign(ports, { c2sPort, directTlsPort, componentPort });
    console.warn(
      `[server] port ${taken.join(', ')} on 127.0.0.1 is taken by another program: the demo ` +
        `server uses STARTTLS ${c2sPort}, direct TLS ${directTlsPort} instead.`,
    );
  }
  mkdirSync(DEV_SERVER.dataDir, { recursive: true });
  writeFileSync(portsFile(), JSON.stringify(ports));
  const server = await startProsody({
    dataDir: DEV_SERVER.dataDir,
    domain: DEV_SERVER.domain,
    c2sPort: ports.c2sPort,
    directTlsPort: ports.directTlsPort,
    users: DEV_SERVER.users,
    subscriptions: DEV_SERVER.subscriptions,
    detached: true,
    mucHosts: DEV_SERVER.mucHosts,
    registration: { ...DEV_SERVER.registration, componentPort: ports.componentPort },
  });
  const info = describe(server.pid);
  ensureDemoPeer(info);
  return { ...info, started: true };
}

/** Stops the dev server; resolves to whether one was running. */
export async function stopDevServer() {
  stopDemoPeer();
  const service = runningServicePid(DEV_SERVER.dataDir);
  if (service) await stopPid(service);
  const pid = runningPid(DEV_SERVER.dataDir);
  if (!pid) return false;
  await stopPid(pid);
  return true;
}

async function main(command) {
  switch (command) {
    case 'start': {
      const info = await ensureDevServer();
      console.log(`${info.started ? 'Started' : 'Already running'}: ${summaryLine(info)}`);
      return 0;
    }
    case 'stop': {
      const stopped = await stopDevServer();
      console.log(stopped ? 'XMPP dev server stopped.' : 'XMPP dev server was not running.');
      return 0;
    }
    case 'status': {
      const info = await devServerStatus();
      console.log(info ? `Running: ${summaryLine(info)}` : 'XMPP dev server is not running.');
      return info ? 0 : 3;
    }
    default:
      console.error('Usage: node server/scripts/server.mjs start|stop|status');
      return 2;
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  main(process.argv[2]).then(
    (code) => process.exit(code),
    (error) => {
      console.error(`server: ${error.message}`);
      process.exit(1);
    },
  );
}
