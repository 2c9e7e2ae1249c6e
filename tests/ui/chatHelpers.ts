/**
 * Helpers for the chat and search specs: bob on "another device" that answers receipts, and a
 * browser host the test starts and stops itself (to restart it on the same data folder).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { xml, type Client } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { expect, type Page } from '@playwright/test';
import {
  addAccount,
  fillSignIn,
  otherDevice,
  showContacts,
  trustCertificate,
  type UiXmppServer,
} from './fixtures';

const ROOT = resolve(import.meta.dirname, '../..');

export interface Peer {
  readonly entity: Client;
  /** Message stanzas with a body that reached this device, in order. */
  readonly received: Element[];
  /** Resolves with the first received body stanza that satisfies the test. */
  next(test: (stanza: Element) => boolean): Promise<Element>;
  say(to: string, body: string, extra?: Element[]): Promise<string>;
  stop(): Promise<void>;
}

/** Signs the user in on a plain client, sends presence, and acknowledges receipt requests. */
export async function peerDevice(xmpp: UiXmppServer, user: string): Promise<Peer> {
  const entity = await otherDevice(xmpp, user);
  const received: Element[] = [];
  const waiters = new Set<{ test: (s: Element) => boolean; resolve: (s: Element) => void }>();
  entity.on('stanza', (stanza: Element) => {
    if (!stanza.is('message') || !stanza.getChild('body')) return;
    received.push(stanza);
    const request = stanza.getChild('request', 'urn:xmpp:receipts');
    if (request && stanza.attrs.id) {
      void entity.send(
        xml(
          'message',
          { to: stanza.attrs.from, id: `r-${String(stanza.attrs.id)}` },
          xml('received', { xmlns: 'urn:xmpp:receipts', id: stanza.attrs.id }),
        ),
      );
    }
    for (const waiter of waiters) {
      if (!waiter.test(stanza)) continue;
      waiters.delete(waiter);
      waiter.resolve(stanza);
    }
  });
  await entity.send(xml('presence'));
  let seq = 0;
  return {
    entity,
    received,
    next: (test) => {
      const already = received.find(test);
      if (already) return Promise.resolve(already);
      return new Promise<Element>((resolveStanza) => waiters.add({ test, resolve: resolveStanza }));
    },
    say: async (to, body, extra = []) => {
      const id = `${user}-${Date.now()}-${(seq += 1)}`;
      await entity.send(xml('message', { to, type: 'chat', id }, xml('body', {}, body), ...extra));
      return id;
    },
    stop: async () => {
      await entity.stop();
    },
  };
}

/** Signs alice in through the form, trusting the test server's certificate. */
export async function signInAlice(page: Page, xmpp: UiXmppServer): Promise<void> {
  await signInAs(page, xmpp, 'alice', 'bob');
}

/** Alice signed in through the form, then bob added: both connected in this window. */
export async function signInAliceAndBob(page: Page, xmpp: UiXmppServer): Promise<void> {
  await signInAlice(page, xmpp);
  await addAccount(page, xmpp, 'bob');
  const accounts = page.getByRole('region', { name: 'Accounts' });
  await expect(accounts.getByRole('status').filter({ hasText: 'Connected' })).toHaveCount(2);
}

/** Signs `user` in and waits for `contact` in the list. */
export async function signInAs(
  page: Page,
  xmpp: UiXmppServer,
  user: string,
  contact: string,
): Promise<void> {
  await fillSignIn(page, xmpp, { user });
  await trustCertificate(page);
  await expect(page.getByRole('option', { name: new RegExp(`${contact}@`) }).first()).toBeVisible();
}

/** Opens the conversation with a contact from the contact list; returns its message log. */
export async function openChat(page: Page, jid: string) {
  const roster = await showContacts(page);
  await roster
    .getByRole('option', { name: new RegExp(jid.replace('.', '\\.')) })
    .first()
    .click();
  const log = page.getByRole('log', { name: jid });
  await expect(page.getByRole('textbox', { name: `Message to ${jid}` })).toBeVisible();
  return log;
}

export interface RunningHost {
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts the browser host on a given data folder (the fixtures' host owns its own folder). */
export async function startHost(dataDir: string): Promise<RunningHost> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HUTONG_HOST_PORT: '0',
    HUTONG_DATA_DIR: dataDir,
  };
  delete env.NODE_EXTRA_CA_CERTS;
  const child: ChildProcess = spawn(process.execPath, [join(ROOT, 'dist/host/host.mjs')], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const url = await new Promise<string>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`host did not start:\n${log}`)), 15_000);
    child.once('exit', (code) => fail(new Error(`host exited with ${code}:\n${log}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const match = /^HUTONG_URL=(.+)$/.exec(line.trim());
      if (match?.[1]) {
        clearTimeout(timer);
        done(match[1]);
      }
    });
  });
  return {
    url,
    stop: async () => {
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((done) => setTimeout(done, 5_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}
