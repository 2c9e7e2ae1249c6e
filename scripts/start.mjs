// `npm start` (after `npm run build`): the local Prosody demo server, then the app signed-in-ready
// against it. With an Electron binary, the real app; without one (as on machines that cannot
// download it), the browser host in a Chromium app window. Ctrl+C stops the app and the browser;
// the demo server keeps running (`npm run server:stop` stops it).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ensureDevServer } from '../server/scripts/server.mjs';
import { electronBinaryMissingReason, electronBinaryPath } from './electron.mjs';
import { ensureElectronSqlite } from './electronNative.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.HUTONG_BROWSER ?? '/usr/bin/chromium';
const isRoot = process.getuid?.() === 0;
const say = (message) => console.log(`[start] ${message}`);

const server = await ensureDevServer();
const env = {
  ...process.env,
  HUTONG_DEFAULT_JID: `alice@${server.domain}`,
  HUTONG_DEFAULT_HOST: server.host,
  HUTONG_DEFAULT_PORT: String(server.c2sPort),
};
say(`demo server: ${server.domain} on ${server.host}:${server.c2sPort} (sign in as alice)`);

/** Children to stop on Ctrl+C; each entry resolves once its process has exited. */
const children = new Map();
function track(name, child) {
  const exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
    // A process that cannot start emits 'error' and never 'exit'.
    child.once('error', (error) => {
      say(`${name} failed to start: ${error.message}`);
      resolve({ code: 1, signal: null });
    });
  });
  children.set(name, { child, exited });
  return exited;
}

let stopping = false;
async function stopAll(exitCode = 0) {
  if (stopping) return;
  stopping = true;
  await Promise.all(
    [...children.values()].map(async ({ child, exited }) => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }),
  );
  process.exit(exitCode);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

const electron = electronBinaryPath();
let sqliteReady = false;
if (electron) {
  try {
    env.HUTONG_SQLITE_BINDING ??= ensureElectronSqlite();
    sqliteReady = true;
  } catch (error) {
    say(`${error.message}: using the browser host instead`);
  }
}
if (electron && sqliteReady) {
  const args = [root];
  // Chromium's OS sandbox refuses to run as root; the renderer is still sandboxed by Electron.
  if (isRoot && process.platform === 'linux') args.push('--no-sandbox');
  say(`starting Electron (${electron})`);
  const exited = track('electron', spawn(electron, args, { cwd: root, env, stdio: 'inherit' }));
  const { code } = await exited;
  await stopAll(code ?? 0);
} else {
  if (!electron)
    say(`no Electron binary (${electronBinaryMissingReason()}): using the browser host`);
  await startBrowserHost();
}

async function startBrowserHost() {
  const hostScript = path.join(root, 'dist', 'host', 'host.mjs');
  if (!existsSync(hostScript)) {
    say('dist/host/host.mjs is missing: run `npm run build` first');
    process.exit(1);
  }
  const host = spawn(process.execPath, [hostScript], {
    cwd: root,
    env: { ...env, HUTONG_DATA_DIR: path.join(root, '.data', 'host-profile') },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const hostExited = track('host', host);
  hostExited.then(({ code }) => {
    if (!stopping) say(`the host exited (code ${code})`);
    void stopAll(code ?? 1);
  });

  const url = await new Promise((resolve) => {
    const lines = readline.createInterface({ input: host.stdout });
    lines.on('line', (line) => {
      const match = /^HUTONG_URL=(\S+)/.exec(line);
      if (match) resolve(match[1]);
      else console.log(line);
    });
  });
  say(`Hutong is at ${url}`);

  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    say('no DISPLAY: open the URL above in a browser on this machine. Ctrl+C stops the host.');
    return;
  }
  if (!existsSync(CHROMIUM)) {
    say(`${CHROMIUM} not found: open the URL above in a browser. Ctrl+C stops the host.`);
    return;
  }
  const args = [
    `--app=${url}`,
    `--user-data-dir=${path.join(root, '.data', 'chromium-profile')}`,
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ];
  // Chromium refuses to start as root unless its sandbox is switched off.
  if (isRoot) args.push('--no-sandbox');
  const browserExited = track('browser', spawn(CHROMIUM, args, { stdio: 'ignore' }));
  // Closing the app window ends the session, like closing the desktop app would.
  browserExited.then(() => {
    if (!stopping) say('the browser window closed; stopping the host');
    void stopAll(0);
  });
}
