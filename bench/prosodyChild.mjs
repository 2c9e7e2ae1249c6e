// For benchmarks that compare with a bare @xmpp/client: that client trusts a CA only through
// NODE_EXTRA_CA_CERTS, which Node reads at start. So the bench starts a private Prosody, runs
// itself again as a child with the CA in its environment, and cleans up after it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startProsody } from '../server/scripts/prosody.mjs';

/**
 * In the parent: starts Prosody with `users` (and mutual `subscriptions`, pairs of user names),
 * re-runs the bench as a child and exits with its status (never returns). In the child: returns
 * { port, caPath, certFingerprint, dataDir } of that server; dataDir is the Prosody instance's
 * folder (its storage is in dataDir/data).
 */
export async function inProsodyChild(name, users, { subscriptions = [] } = {}) {
  if (process.env.HUTONG_BENCH_CHILD) {
    return {
      port: Number(process.env.BENCH_PORT),
      caPath: process.env.BENCH_CA,
      certFingerprint: process.env.BENCH_CERT_FINGERPRINT,
      dataDir: process.env.BENCH_DIR,
    };
  }
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `hutong-bench-${name}-`));
  const server = await startProsody({ dataDir, users, subscriptions });
  const run = spawnSync(process.execPath, [...process.execArgv, process.argv[1]], {
    stdio: 'inherit',
    env: {
      ...process.env,
      HUTONG_BENCH_CHILD: '1',
      HUTONG_LOG: 'warn',
      NODE_EXTRA_CA_CERTS: server.caPath,
      BENCH_PORT: String(server.c2sPort),
      BENCH_CA: server.caPath,
      BENCH_CERT_FINGERPRINT: server.certFingerprint,
      BENCH_DIR: dataDir,
    },
  });
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(run.status ?? 1);
}
