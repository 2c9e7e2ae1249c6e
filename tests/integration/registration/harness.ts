// A Prosody of its own with the real-name registration service beside it (server/registration,
// built by `npm run build:main`), started by each test file of this folder: the policy lives in
// the server's configuration, so it cannot be switched on for the shared test server. Users
// here are this server's alone. Clients are the app's own (createXmppClient).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import xml, { type Element } from '@xmpp/xml';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createXmppClient, type XmppClient } from '../../../electron/xmpp/client';
import { parseAccountJid } from '../../../shared/jid';
import { NS } from '../../../shared/namespaces';
import { startProsody, type ProsodyInstance } from '../../../server/scripts/prosody.mjs';

export const USERS = ['amy', 'ben', 'cat', 'dan', 'eva', 'fay', 'gus', 'hal'] as const;
export type User = (typeof USERS)[number];

/** The policy every file's server runs with: a deadline in the past, rooms then read-only. */
export const POLICY = {
  authority: 'Test Public Security Bureau, order 2026-17',
  legalText:
    '依据《测试规定》第十条，群主须实名登记。\nGroup owners must register their real name.',
  retentionDays: 30,
  approval: 'manual',
  pendingCounts: false,
  existingRooms: { deadline: '2026-01-01T00:00:00Z', afterDeadline: 'read-only' },
} as const;

/** Starts the server in beforeAll and stops it (and every client) afterwards. */
export function useRegistrationServer(
  options: {
    /** The service's store, asked for in beforeAll (after hooks registered before this call). */
    store?: () => Readonly<Record<string, unknown>>;
  } = {},
): { readonly server: () => ProsodyInstance } {
  let server: ProsodyInstance | undefined;
  let dir = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hutong-reg-'));
    server = await startProsody({
      dataDir: dir,
      users: USERS.map((user) => ({ user, password: `${user}-pw` })),
      registration: { policy: POLICY, ...(options.store && { store: options.store() }) },
    });
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.stop()));
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    server: () => {
      if (!server) throw new Error('server not started');
      return server;
    },
  };
}

const clients: XmppClient[] = [];

export async function connect(server: ProsodyInstance, user: User, resource = 'test') {
  const client = createXmppClient({
    jid: parseAccountJid(`${user}@${server.domain}`)!,
    password: `${user}-pw`,
    host: server.host,
    port: server.c2sPort,
    tls: 'starttls',
    ca: readFileSync(server.caPath!),
    resource,
  });
  clients.push(client);
  await client.start();
  return client;
}

/** Sends an ad-hoc command IQ; resolves with the <command/> of the reply. */
export async function command(
  client: XmppClient,
  to: string,
  attrs: Record<string, string>,
  ...children: Element[]
): Promise<Element> {
  const reply = await client.iqCaller.request(
    xml('iq', { type: 'set', to }, xml('command', { xmlns: NS.commands, ...attrs }, ...children)),
  );
  return reply.getChild('command', NS.commands)!;
}

/** A submitted form: FORM_TYPE and these single values. */
export function submit(formType: string, values: Record<string, string>): Element {
  return xml(
    'x',
    { xmlns: NS.dataForms, type: 'submit' },
    xml('field', { var: 'FORM_TYPE' }, xml('value', {}, formType)),
    ...Object.entries(values).map(([name, value]) =>
      xml('field', { var: name }, xml('value', {}, value)),
    ),
  );
}

/** field var → values of a form element. */
export function fieldsOf(form: Element | undefined): Record<string, string[]> {
  return Object.fromEntries(
    (form?.getChildren('field') ?? []).map((field) => [
      String(field.attrs.var ?? field.attrs.label ?? ''),
      field.getChildren('value').map((value) => value.getText()),
    ]),
  );
}

export const formOf = (el: Element | undefined) => el?.getChild('x', NS.dataForms);

/** Resolves with the rejection of `promise` (throws when it resolves). */
export async function rejectionOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    return error as Error & {
      condition?: string;
      text?: string;
      application?: Element;
      element?: Element;
    };
  }
  throw new Error('expected a rejection');
}

/** Sends our entering presence to room/nick and resolves with the room's answer. */
export { enter as enterRoom } from '../muc/helpers';

export const REGISTER_NODE = 'urn:hutong:realname:register';
export const STATUS_NODE = 'urn:hutong:realname:status';
export const REGISTER_FORM = 'urn:hutong:realname:register:0';

/** Runs the whole registration with these identity values; resolves with the final command. */
export async function register(
  client: XmppClient,
  service: string,
  identity: Record<string, string>,
): Promise<Element> {
  const first = await command(client, service, { node: REGISTER_NODE, action: 'execute' });
  const sessionid = String(first.attrs.sessionid);
  await command(
    client,
    service,
    { node: REGISTER_NODE, sessionid, action: 'next' },
    submit(REGISTER_FORM, identity),
  );
  return command(
    client,
    service,
    { node: REGISTER_NODE, sessionid, action: 'complete' },
    submit(REGISTER_FORM, { consent: '1' }),
  );
}
