/**
 * Builds the services and the request handlers from the contract. Kept free of `electron` so the
 * browser host runs exactly the same code; the shell passes in what only Electron has.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { RequestHandlers } from '../../shared/contract';
import { fail, ok } from '../../shared/errors';
import { ChatService } from '../chat/chatService';
import { checkedEmit } from '../ipc/checkedEmit';
import { createLogger } from '../log';
import { createSecretBox, isCodedError } from '../secrets';
import { openStorage } from '../storage';
import { RoomService } from '../muc/roomService';
import { OtrKeyring } from '../otr/keyring';
import { OtrService } from '../otr/otrService';
import { OtrPolicies } from '../otr/policies';
import { AccountsService } from './accounts';
import { linkHandlers } from './linkHandlers';
import { keyStatus, otrHandlers } from './otrHandlers';
import { roomHandlers } from './roomHandlers';
import { realnameHandlers } from './realnameHandlers';
import { RealnameProfiles } from '../realname/profile';
import { RealnameService } from '../realname/realnameService';
import { attachAll } from './sessionDeps';
import { startIndexUpgrade } from './indexUpgrade';
import type { Services, ServicesOptions } from './index';
import { openPinStore } from './pinStore';
import { saveInFolder } from './privateFile';

const log = createLogger('services');

/** Sign-in form prefill, e.g. the local demo server that `npm start` runs. */
function defaultsFromEnv(): { jid?: string; host?: string; port?: number } {
  const port = Number(process.env.HUTONG_DEFAULT_PORT);
  return {
    ...(process.env.HUTONG_DEFAULT_JID ? { jid: process.env.HUTONG_DEFAULT_JID } : {}),
    ...(process.env.HUTONG_DEFAULT_HOST ? { host: process.env.HUTONG_DEFAULT_HOST } : {}),
    ...(Number.isInteger(port) && port > 0 ? { port } : {}),
  };
}

export function createServices(options: ServicesOptions): Services {
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
  // Every service's events are checked against the contract before they leave (see checkedEmit).
  const emit = checkedEmit(options.emit);
  const pins = openPinStore(options.dataDir);
  const storage = openStorage(path.join(options.dataDir, 'hutong.sqlite'), {
    ...(options.sqliteBinding ? { nativeBinding: options.sqliteBinding } : {}),
  });
  const indexUpgrade = startIndexUpgrade(storage.messages);
  const secrets = createSecretBox({
    dataDir: options.dataDir,
    ...(options.keychain ? { keychain: options.keychain } : {}),
    ...(options.secretsMode ? { mode: options.secretsMode } : {}),
  });
  // Receipts only to contacts who may see our presence (the accounts' rosters know who).
  let accounts: AccountsService | undefined;
  let rooms: RoomService | undefined;
  const chat = new ChatService({
    store: storage.messages,
    emit,
    sharesPresenceWith: (accountId, peer) => accounts?.sharesPresenceWith(accountId, peer) ?? false,
    isRoom: (accountId, bare) => rooms?.isRoom(accountId, bare) ?? false,
    knowsAccount: (accountId) => accounts?.list().some((a) => a.accountId === accountId) ?? false,
  });
  rooms = new RoomService({
    emit,
    rooms: storage.rooms,
    messages: storage.messages,
    chat,
    isContact: (accountId, jid) => {
      const roster = accounts?.roster(accountId);
      return roster?.ok === true && roster.value.some((contact) => contact.jid === jid);
    },
  });
  const roomService = rooms;
  const keyring: OtrKeyring = new OtrKeyring({
    store: storage.otr,
    box: secrets,
    now: Date.now,
    random: randomBytes,
    changed: (accountId) => emit('otr.key', { accountId, status: keyStatus(keyring, accountId) }),
  });
  const policies = new OtrPolicies(storage.otr);
  const otr = new OtrService({
    keyring,
    chat,
    emit,
    now: Date.now,
    random: randomBytes,
    policy: (accountId, peer) => policies.effective(accountId, peer),
  });
  const profiles = new RealnameProfiles({ store: storage.realname, box: secrets, now: Date.now });
  const realname = new RealnameService({
    store: storage.realname,
    profiles,
    emit,
    now: Date.now,
    torOnly: (accountId) => {
      const proxy = accounts?.list().find((a) => a.accountId === accountId)?.settings.proxy;
      return proxy?.type === 'socks5' && proxy.torOnly;
    },
    rooms: () => roomService.list(accounts?.list().map((a) => a.accountId) ?? []),
  });
  // Chats first (our own archive), then the rooms, then OTR, then registrations, on every
  // (re)connection; registration jobs left open by a previous run resume here.
  const attach = attachAll(
    chat,
    roomService,
    { attach: (accountId, client) => otr.attach(accountId, client) },
    {
      attach: (accountId, client, info) =>
        realname.attach(accountId, {
          request: (stanza, timeoutMs) => client.iqCaller.request(stanza, timeoutMs),
          disco: info.disco,
        }),
    },
  );
  accounts = new AccountsService({ emit, pins, store: storage.accounts, secrets, chat: attach });
  const defaults = defaultsFromEnv();
  void accounts.start().catch((error: unknown) => log.error('starting accounts failed', error));

  const handlers: RequestHandlers = {
    'app.info': async () =>
      ok({
        version: options.version,
        transport: options.transport,
        locale: options.locale,
        defaults,
      }),
    'account.list': async () => ok(accounts.list()),
    'account.signIn': (params) => accounts.signIn(params),
    'account.trustCertificate': (p) => accounts.trustCertificate(p.accountId, p.fingerprint),
    'account.update': (params) => accounts.update(params),
    'account.setEnabled': (p) => accounts.setEnabled(p.accountId, p.enabled),
    'account.reconnect': (p) => accounts.reconnect(p.accountId),
    'account.certificateChangeSeen': (p) => accounts.certificateChangeSeen(p.accountId),
    'account.remove': (p) => accounts.remove(p.accountId),
    'presence.set': ({ accountId, ...presence }) => accounts.setPresence(accountId, presence),
    'secrets.status': async () => ok(secrets.status()),
    'secrets.unlock': async ({ passphrase }) => {
      try {
        await secrets.unlock(passphrase);
      } catch (error) {
        if (isCodedError(error)) return fail(error.code, error.message);
        throw error;
      }
      emit('secrets.changed', secrets.status());
      await accounts.unlocked();
      return ok(secrets.status());
    },
    'roster.get': async (p) => accounts.roster(p.accountId),
    'contact.add': (p) => accounts.addContact(p.accountId, p.jid, p.name, p.groups),
    'contact.update': (p) => accounts.updateContact(p.accountId, p.jid, p.name, p.groups),
    'contact.remove': (p) => accounts.removeContact(p.accountId, p.jid),
    'subscription.list': async () => ok(accounts.requests()),
    'subscription.answer': (p) => accounts.answerSubscription(p.accountId, p.jid, p.accept),
    'chat.conversations': async () => chat.conversations(),
    'chat.history': async (p) => chat.history(p),
    'chat.send': async (p) => chat.send(p),
    'chat.retry': async (p) => chat.retry(p.accountId, p.id),
    'chat.markRead': async (p) => chat.markRead(p),
    'chat.setState': async (p) => chat.setState(p),
    'prefs.get': async () => chat.preferences(),
    // Saved, then announced to every window (prefs.changed) by the chat service.
    'prefs.set': async (p) => chat.setPreferences(p),
    'search.messages': async (p) => chat.search(p),
    ...roomHandlers(roomService, () => accounts.list().map((account) => account.accountId)),
    ...otrHandlers({
      keyring,
      otr,
      policies,
      known: (accountId) => accounts.list().some((a) => a.accountId === accountId),
      chooseSavePath: options.chooseSavePath ?? saveInFolder(path.join(options.dataDir, 'exports')),
    }),
    ...realnameHandlers(realname, profiles, emit),
    ...linkHandlers(options.openExternal),
  };

  return {
    handlers,
    async dispose() {
      await realname.dispose();
      await accounts.dispose();
      await roomService.dispose();
      indexUpgrade.stop();
      storage.close();
    },
  };
}
