/**
 * A real SOCKS5 server (Debian's microsocks) on a free loopback port for the proxy tests. As
 * root it runs in a private mount namespace whose /etc/hosts knows names that this process
 * cannot resolve: a connection to such a name can only have gone through the proxy, and only
 * with the proxy resolving it (socks5h). microsocks logs nothing, so that is our evidence.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { canConnect, freePort } from '../../../server/scripts/processes.mjs';

export interface Microsocks {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** True when `proxyOnlyNames` resolve inside the proxy (and nowhere else). */
  readonly privateNames: boolean;
  stop(): Promise<void>;
}

/** A name that resolves to 127.0.0.1 only inside the proxy's namespace. */
export const PROXY_ONLY_NAME = 'only-via-proxy.hutong.test';

const canUnshare = (): boolean =>
  process.getuid?.() === 0 && spawnSync('unshare', ['--mount', 'true']).status === 0;

export async function startMicrosocks(): Promise<Microsocks> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'hutong-socks-'));
  const privateNames = canUnshare();
  let child: ChildProcess;
  if (privateNames) {
    const hosts = join(dir, 'hosts');
    writeFileSync(hosts, `127.0.0.1 localhost\n127.0.0.1 ${PROXY_ONLY_NAME}\n`);
    child = spawn(
      'unshare',
      [
        '--mount',
        'sh',
        '-c',
        'mount --bind "$1" /etc/hosts && exec microsocks -i 127.0.0.1 -p "$2"',
        'sh',
        hosts,
        String(port),
      ],
      { stdio: 'ignore' },
    );
  } else {
    child = spawn('microsocks', ['-i', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  }
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  // microsocks prints nothing when ready: probe the port until it accepts.
  const deadline = Date.now() + 5_000;
  while (!(await canConnect(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`microsocks did not start on port ${port}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { host: '127.0.0.1', port, privateNames, stop };
}
