/**
 * Starts the Prosody instances (and the ejabberd for the interoperability tests) that the
 * integration tests talk to, on free loopback ports with temporary data folders, and hands their
 * details to the tests through vitest's provide/inject.
 */
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ensureDeps } from '../../scripts/ensure-deps.mjs';
import { startEjabberd, type EjabberdInstance } from '../../server/scripts/ejabberd.mjs';
import { isRunning } from '../../server/scripts/processes.mjs';
import { startProsody, type ProsodyInstance } from '../../server/scripts/prosody.mjs';

/** The TLS server: STARTTLS on c2sPort, direct TLS on directTlsPort, signed by the CA at caPath. */
export interface XmppTestServer {
  readonly domain: string;
  readonly host: string;
  readonly c2sPort: number;
  readonly directTlsPort: number;
  /** PEM of the local CA; without it the certificate is unknown (self-signed scenario). */
  readonly caPath: string;
  readonly certPath: string;
  /** SHA-256 of the server certificate, colon-separated upper-case hex. */
  readonly certFingerprint: string;
  /** user name → password; alice and bob are mutual contacts. */
  readonly users: Record<string, string>;
}

/** A plaintext-only server (no STARTTLS): a client must refuse to authenticate on it. */
export interface PlainXmppTestServer {
  readonly domain: string;
  readonly host: string;
  readonly c2sPort: number;
  readonly users: Record<string, string>;
}

/** ejabberd 23.01 (STARTTLS required on c2sPort), for tests/integration/ejabberd. */
export interface EjabberdTestServer {
  readonly domain: string;
  readonly host: string;
  readonly c2sPort: number;
  readonly caPath: string;
  readonly certFingerprint: string;
  /** user name → password; alice and bob are mutual contacts. */
  readonly users: Record<string, string>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    xmpp: XmppTestServer;
    plainXmpp: PlainXmppTestServer;
    ejabberd: EjabberdTestServer;
  }
}

const PREFIX = 'hutong-it-';
const OWNER_FILE = 'owner.pid';

/** Removes temporary folders of earlier runs whose vitest process is gone (killed, crashed). */
function sweepStaleDirs(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = join(tmpdir(), name);
    try {
      const owner = Number(readFileSync(join(dir, OWNER_FILE), 'utf8'));
      if (isRunning(owner)) continue;
    } catch {
      // no owner file: a half-created folder, remove it too
    }
    rmSync(dir, { recursive: true, force: true });
  }
}

const usersOf = (names: readonly string[]) =>
  Object.fromEntries(names.map((name) => [name, `${name}-pw`]));

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await ensureDeps({ for: 'test' });
  sweepStaleDirs();
  const root = mkdtempSync(join(tmpdir(), PREFIX));
  writeFileSync(join(root, OWNER_FILE), String(process.pid));
  // ejabberd runs as its own system user, which must be able to enter the folder (not list it).
  chmodSync(root, 0o711);

  // frank and grace belong to accounts.test.ts alone: no other file leaves sessions of theirs behind.
  // heidi, judy and ken belong to chat/catchUp.test.ts (their archives are counted); ivan and
  // lena write to them.
  const users = usersOf([
    'alice',
    'bob',
    'carol',
    'dave',
    'eve',
    'frank',
    'grace',
    'heidi',
    'ivan',
    'judy',
    'ken',
    'lena',
    // hana, hedy, hilde, holly, hugh and hildur belong to chat/catchUpHoles.test.ts (ivan writes
    // to them).
    'hana',
    'hedy',
    'hilde',
    'holly',
    'hugh',
    'hildur',
    // oscar and peggy belong to disco.test.ts (peggy's resources announce caps to oscar).
    'oscar',
    'peggy',
    // quinn and rosa belong to muc/*.test.ts (rooms, invitations, rosa's bookmarks).
    'quinn',
    'rosa',
    // sam, tina, uma, vic and val belong to muc/roomService.test.ts (joined rooms, bookmarks;
    // val's devices follow each other live).
    'sam',
    'tina',
    'uma',
    'vic',
    'val',
    // gwen and hank belong to muc/roomCreation.test.ts (groups made by the creation wizard).
    'gwen',
    'hank',
    // olga, otto and otis belong to otr/service.test.ts (private conversations between two
    // Hutongs; otis has two devices).
    'olga',
    'otto',
    'otis',
    // wendy runs the demo peer (server/scripts/demoPeer.mjs) and xavier visits its room.
    'wendy',
    'xavier',
    // yara belongs to chat/unknownAccount.test.ts, zack to reconnectBackoff.test.ts, pia and
    // piet to certificatePinning.test.ts.
    'yara',
    'zack',
    'pia',
    'piet',
  ]);
  const plainUsers = usersOf(['alice']);
  const toList = (record: Record<string, string>) =>
    Object.entries(record).map(([user, password]) => ({ user, password }));

  // dan and erin belong to ejabberd/rooms.test.ts.
  const ejabberdUsers = usersOf(['alice', 'bob', 'carol', 'dan', 'erin']);
  const results = await Promise.allSettled([
    startProsody({
      dataDir: join(root, 'tls'),
      users: toList(users),
      subscriptions: [
        ['alice', 'bob'],
        ['frank', 'grace'],
      ],
    }),
    startProsody({ dataDir: join(root, 'plain'), users: toList(plainUsers), tls: false }),
    startEjabberd({
      dataDir: join(root, 'ejabberd'),
      users: toList(ejabberdUsers),
      subscriptions: [['alice', 'bob']],
    }),
  ]);
  const started = results.flatMap((result) =>
    result.status === 'fulfilled' ? [result.value] : [],
  );
  const teardown = async () => {
    await Promise.all(started.map((server) => server.stop()));
    rmSync(root, { recursive: true, force: true });
  };
  const failed = results.find((result) => result.status === 'rejected');
  if (failed) {
    await teardown();
    throw failed.reason;
  }
  const [tlsServer, plainServer] = started as [ProsodyInstance, ProsodyInstance];
  const ejabberd = (results[2] as PromiseFulfilledResult<EjabberdInstance>).value;

  project.provide('xmpp', {
    domain: tlsServer.domain,
    host: tlsServer.host,
    c2sPort: tlsServer.c2sPort,
    directTlsPort: tlsServer.directTlsPort!,
    caPath: tlsServer.caPath!,
    certPath: tlsServer.certPath!,
    certFingerprint: tlsServer.certFingerprint!,
    users,
  });
  project.provide('plainXmpp', {
    domain: plainServer.domain,
    host: plainServer.host,
    c2sPort: plainServer.c2sPort,
    users: plainUsers,
  });
  project.provide('ejabberd', {
    domain: ejabberd.domain,
    host: ejabberd.host,
    c2sPort: ejabberd.c2sPort,
    caPath: ejabberd.caPath,
    certFingerprint: ejabberd.certFingerprint,
    users: ejabberdUsers,
  });
  return teardown;
}
