/**
 * A Prosody of a test's own with alice and bob, subscribed to each other, for tests that stop
 * and restart it (serverRestart, faultInjection): a restart passes the instance it replaces and
 * comes back on the same ports and data, where the clients expect it.
 */
import path from 'node:path';
import { startProsody, type ProsodyInstance } from '../../server/scripts/prosody.mjs';

export function startPairServer(
  dir: string,
  previous?: ProsodyInstance,
  archiveStore?: 'internal' | 'sqlite',
): Promise<ProsodyInstance> {
  return startProsody({
    archiveStore,
    dataDir: path.join(dir, 'server'),
    c2sPort: previous?.c2sPort,
    directTlsPort: previous?.directTlsPort,
    users: [
      { user: 'alice', password: 'alice-pw' },
      { user: 'bob', password: 'bob-pw' },
    ],
    subscriptions: [['alice', 'bob']],
  });
}
