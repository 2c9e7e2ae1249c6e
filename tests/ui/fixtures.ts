/**
 * Fixtures for the UI specs: a browser host per test (fresh data folder, so no session or pinned
 * certificate carries over), the page opened on it with console errors collected, and helpers to
 * sign in through the form and to bring a contact online from "another device".
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { test as base, expect, type Locator, type Page } from '@playwright/test';
import { client, xml, type Client } from '@xmpp/client';

/** What globalSetup tells the workers about the Prosody it started. */
export interface UiXmppServer {
  readonly domain: string;
  readonly host: string;
  readonly c2sPort: number;
  readonly directTlsPort: number;
  readonly caPath: string;
  readonly certFingerprint: string;
  readonly passwords: Readonly<Record<string, string>>;
}

/** The second server of globalSetup: a policy on its group service, the registration service. */
export interface UiRegServer extends UiXmppServer {
  /** Its data folder, for the operator tool (runRegistrationAdmin). */
  readonly dataDir: string;
  readonly registrationService: string;
  /** The registration service's process: realname.spec.ts's last test stops it. */
  readonly registrationPid: number;
  /** The group service its policy covers. */
  readonly groupService: string;
}

export function regServer(): UiRegServer {
  const raw = process.env.HUTONG_UI_REG;
  if (!raw) throw new Error('HUTONG_UI_REG is not set: run through tests/ui/playwright.config.ts');
  return JSON.parse(raw) as UiRegServer;
}

export const SCREENSHOTS = resolve(import.meta.dirname, 'screenshots');
const ROOT = resolve(import.meta.dirname, '../..');

export function xmppServer(): UiXmppServer {
  const raw = process.env.HUTONG_UI_XMPP;
  if (!raw) throw new Error('HUTONG_UI_XMPP is not set: run through tests/ui/playwright.config.ts');
  return JSON.parse(raw) as UiXmppServer;
}

interface HostOptions {
  /** Environment for the host, e.g. HUTONG_DEFAULT_JID or LC_ALL. */
  readonly hostEnv: Readonly<Record<string, string>>;
  /** Files to put in the host's data folder before it starts, e.g. pins.json. */
  readonly hostFiles: Readonly<Record<string, string>>;
}

interface Fixtures {
  readonly xmpp: UiXmppServer;
  /** The browser host's URL, token included. */
  readonly hostUrl: string;
}

/** Starts `node dist/host/host.mjs` and resolves with the URL it prints. */
async function startHost(
  env: Record<string, string>,
): Promise<{ url: string; child: ChildProcess; log: () => string }> {
  // Hutong itself must not know the test CA: the certificate prompt is part of what we test.
  // A test about CA-vouched certificates gives it through `env` (hostEnv).
  const { NODE_EXTRA_CA_CERTS: _testCa, ...inherited } = process.env;
  const childEnv: NodeJS.ProcessEnv = { ...inherited, HUTONG_HOST_PORT: '0', ...env };
  const child = spawn(process.execPath, [join(ROOT, 'dist/host/host.mjs')], {
    cwd: ROOT,
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${log}`)), 15_000);
    child.once('exit', (code) => reject(new Error(`host exited with ${code}:\n${log}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^HUTONG_URL=(.+)$/.exec(line.trim());
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
  });
  return { url, child, log: () => log };
}

export const test = base.extend<Fixtures & HostOptions>({
  hostEnv: [{}, { option: true }],
  hostFiles: [{}, { option: true }],

  // eslint-disable-next-line no-empty-pattern
  xmpp: async ({}, use) => use(xmppServer()),

  hostUrl: async ({ hostEnv, hostFiles }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hutong-ui-host-'));
    for (const [name, text] of Object.entries(hostFiles)) writeFileSync(join(dataDir, name), text);
    const { url, child, log } = await startHost({ HUTONG_DATA_DIR: dataDir, ...hostEnv });
    await use(url);
    // The host checks its answers and events against the contract and logs what it refused to
    // send (electron/ipc/dispatch.ts, checkedEmit.ts): real traffic must never be refused.
    expect(log().match(/malformed (answer|event)[^\n]*/g) ?? [], 'refused by the contract').toEqual(
      [],
    );
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((done) => setTimeout(done, 5_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  },

  // The page on the host, failing the test on any console error (CSP violation, exception).
  page: async ({ page, hostUrl }, use) => {
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') {
        errors.push(message.text());
      }
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(hostUrl);
    await use(page);
    expect(errors, 'console errors (CSP violations, exceptions)').toEqual([]);
  },
});

export { expect };

export interface SignInOptions {
  readonly user: string;
  readonly password?: string;
  /** Type host and port under Advanced (the local server has no DNS records). */
  readonly advanced?: boolean;
}

/**
 * Fills and submits the sign-in form with the mouse-free but not keyboard-only path; `scope` is
 * the page (first run) or the add-account dialog.
 */
export async function fillSignIn(
  scope: Page | Locator,
  xmpp: UiXmppServer,
  options: SignInOptions,
  submit = 'Sign in',
) {
  await scope.getByLabel('Address').fill(`${options.user}@${xmpp.domain}`);
  await scope
    .getByLabel('Password', { exact: true })
    .fill(options.password ?? xmpp.passwords[options.user] ?? '');
  if (options.advanced !== false) {
    await scope.getByRole('button', { name: 'Advanced' }).click();
    await scope.getByLabel('Server host').fill(xmpp.host);
    await scope.getByLabel('Port', { exact: true }).fill(String(xmpp.c2sPort));
  }
  await scope.getByRole('button', { name: submit, exact: true }).click();
}

/**
 * Signs a second (third...) account in through "Add account", trusting its certificate (unless
 * the host's pins.json already trusts it: `pinned`).
 */
export async function addAccount(
  page: Page,
  xmpp: UiXmppServer,
  user: string,
  { pinned = false }: { pinned?: boolean } = {},
) {
  await page.getByRole('button', { name: 'Add account', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Add an account' });
  await expect(dialog).toBeVisible();
  await fillSignIn(dialog, xmpp, { user }, 'Add account');
  if (!pinned) await trustCertificate(page);
  await expect(dialog).toBeHidden();
  await expect(accountStatus(page, `${user}@${xmpp.domain}`)).toHaveText('Connected');
}

/** The live status line the account strip keeps for each account, named by the account. */
export function accountStatus(page: Page, name: string): Locator {
  return page.getByRole('region', { name: 'Accounts' }).getByRole('status', { name, exact: true });
}

/**
 * Opens an account's popover from the account strip: its chip, or, when the strip has no room
 * for it, the "+N" menu. Returns the popover.
 */
export async function openAccount(page: Page, name: string): Promise<Locator> {
  const strip = page.getByRole('toolbar', { name: 'Accounts' });
  const chip = strip.getByRole('button', { name, exact: true });
  const more = strip.getByRole('button', { name: /more account/ });
  // Wait for the strip to show its accounts (after a reload it starts empty).
  await expect(chip.or(more).first()).toBeVisible();
  if ((await chip.count()) > 0) {
    await chip.click();
  } else {
    await more.click();
    await page
      .getByRole('menu', { name: 'More accounts' })
      .getByRole('menuitem', {
        name: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} ·`),
      })
      .click();
  }
  const popover = page.getByRole('dialog', { name, exact: true });
  await expect(popover).toBeVisible();
  return popover;
}

/** The "Account options for …" menu of one account, opened from its popover. */
export async function accountMenu(page: Page, name: string) {
  const popover = await openAccount(page, name);
  await popover.getByRole('button', { name: `Account options for ${name}` }).click();
  return page.getByRole('menu', { name: `Account options for ${name}` });
}

/** Shows the Contacts tab of the sidebar (Chats is the default once there are conversations). */
export async function showContacts(page: Page): Promise<Locator> {
  await page.getByRole('tab', { name: 'Contacts' }).click();
  const roster = page.getByRole('listbox', { name: 'Contacts' });
  await expect(roster).toBeVisible();
  return roster;
}

/** Shows the Chats tab of the sidebar. */
export async function showChats(page: Page): Promise<Locator> {
  await page.getByRole('tab', { name: /^Chats/ }).click();
  const chats = page.getByRole('listbox', { name: 'Chats' });
  await expect(chats).toBeVisible();
  return chats;
}

/** The certificate prompt, trusted: what a first sign-in against the local server needs. */
export async function trustCertificate(page: Page) {
  const dialog = page.getByRole('dialog', { name: 'Unverified server certificate' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Trust this certificate and connect' }).click();
  await expect(dialog).toBeHidden();
}

/** Signs a user in from a second device (a plain XMPP client), verified against the test CA. */
export async function otherDevice(xmpp: UiXmppServer, user: string): Promise<Client> {
  const entity = client({
    service: `xmpps://${xmpp.domain}:${xmpp.directTlsPort}`,
    domain: xmpp.domain,
    username: user,
    password: xmpp.passwords[user],
    resource: 'phone',
  });
  entity.on('error', () => undefined);
  await entity.start();
  return entity;
}

export async function sendPresence(entity: Client, status?: string, show?: string) {
  await entity.send(
    xml(
      'presence',
      {},
      ...(show ? [xml('show', {}, show)] : []),
      ...(status ? [xml('status', {}, status)] : []),
    ),
  );
}
