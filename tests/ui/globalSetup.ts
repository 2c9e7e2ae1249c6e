/**
 * Starts the Prosody that every UI test talks to (users alice, bob, carol, dave; alice and bob are
 * mutual contacts; the Chats and navigation specs have their own: nina and omar signed in, paul
 * and quinn writing to them, tess whose archive fills while she is away, nav1 to nav8 for eight
 * accounts in one window, sam for the settings, uma whose history holds a room, and a pair per flood test) and hands
 * its details to the test workers through the environment. The local CA goes into NODE_EXTRA_CA_CERTS so that side connections
 * made by tests (bob "on another device") verify the server; the browser host is started without
 * it, so Hutong itself meets an unknown certificate and must ask the user.
 *
 * A second Prosody (realname.spec.ts) runs the real-name registration service with a policy on
 * its conference service, with users of its own (REG_USERS); its details go out as
 * HUTONG_UI_REG. Its CA is not trusted by anyone: the specs trust it through the prompt.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startProsody } from '../../server/scripts/prosody.mjs';
import type { UiRegServer, UiXmppServer } from './fixtures';
import { FLOOD_PAIRS } from './floodUsers';

const ROOT = resolve(import.meta.dirname, '../..');
const NAV_USERS = Array.from({ length: 8 }, (_, i) => `nav${i + 1}`);
const USERS = [
  'alice',
  'bob',
  'carol',
  'dave',
  'nina',
  'omar',
  'paul',
  'quinn',
  'sam',
  'tess',
  'uma',
  // chat.spec.ts's long message: lara in the app writes to luke (their own archive).
  'lara',
  'luke',
  // otrLibotr.spec.ts: lily in the app, leo's client is libotr.
  'lily',
  'leo',
  // rooms.spec.ts: each test its own users (a room's state is what it asserts).
  'rita',
  'ross',
  'vera',
  'walt',
  'xena',
  'yuri',
  'zack',
  'zoe',
  // createGroup.spec.ts: the group-creation wizard.
  'gina',
  'hugo',
  // certificatePinning.spec.ts: a pin replaced on a CA's word, and strict pinning.
  'pina',
  'pino',
  ...NAV_USERS,
  ...FLOOD_PAIRS.flat(),
];

/** realname.spec.ts: one user per test (a registration is per account and kept by the service). */
export const REG_USERS = ['rena', 'remy', 'reed', 'rosa', 'rory'];
/** What the registration server's policy states (realname.spec.ts reads it back in the UI). */
export const REG_POLICY = {
  authority: 'Test Communications Administration, notice 2026-9',
  legalText:
    '依据《测试办法》第五条，群主须进行实名登记。\nGroup owners must register their real name.',
  retentionDays: 90,
  approval: 'manual',
  // A pending registration lets its owner create groups: the bulk spec creates two, then the
  // operator rejects the registration and the bulk view registers them again.
  pendingCounts: true,
} as const;

export default async function globalSetup(): Promise<() => Promise<void>> {
  for (const built of ['dist/host/host.mjs', 'dist/renderer/index.html']) {
    if (!existsSync(join(ROOT, built))) {
      throw new Error(`${built} is missing: run \`npm run build\` first (npm run test:ui does).`);
    }
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'hutong-ui-'));
  const prosody = await startProsody({
    dataDir,
    domain: 'localhost',
    users: USERS.map((user) => ({ user, password: `${user}-pw` })),
    // paul is nina's contact; quinn is a stranger to omar.
    subscriptions: [
      ['alice', 'bob'],
      ['nina', 'paul'],
      ['lily', 'leo'],
      ['lara', 'luke'],
      ...FLOOD_PAIRS.map(([reader, flooder]) => [reader, flooder] as [string, string]),
    ],
  });
  const server: UiXmppServer = {
    domain: prosody.domain,
    host: prosody.host,
    c2sPort: prosody.c2sPort,
    directTlsPort: prosody.directTlsPort ?? 0,
    caPath: prosody.caPath ?? '',
    certFingerprint: prosody.certFingerprint ?? '',
    passwords: Object.fromEntries(USERS.map((user) => [user, `${user}-pw`])),
  };
  process.env.HUTONG_UI_XMPP = JSON.stringify(server);
  if (server.caPath) process.env.NODE_EXTRA_CA_CERTS = server.caPath;
  const regDir = mkdtempSync(join(tmpdir(), 'hutong-ui-reg-'));
  const reg = await startProsody({
    dataDir: regDir,
    domain: 'localhost',
    users: REG_USERS.map((user) => ({ user, password: `${user}-pw` })),
    registration: { policy: REG_POLICY },
  });
  const regServer: UiRegServer = {
    domain: reg.domain,
    host: reg.host,
    c2sPort: reg.c2sPort,
    directTlsPort: reg.directTlsPort ?? 0,
    caPath: reg.caPath ?? '',
    certFingerprint: reg.certFingerprint ?? '',
    passwords: Object.fromEntries(REG_USERS.map((user) => [user, `${user}-pw`])),
    dataDir: regDir,
    registrationService: reg.registration!.jid,
    registrationPid: reg.registration!.pid,
    groupService: `conference.${reg.domain}`,
  };
  process.env.HUTONG_UI_REG = JSON.stringify(regServer);
  return async () => {
    await Promise.all([prosody.stop(), reg.stop()]);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(regDir, { recursive: true, force: true });
  };
}
