// The client side of real-name registration wired as the app wires it (RealnameService with
// its SQLite store, a key-file SecretBox and the accounts' own XMPP clients), without the
// account service: tests choose which client stands for which account. Server-side helpers
// come from ../registration/harness.ts (a Prosody with the policy and the real component).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import xml, { type Element } from '@xmpp/xml';
import type { EventMessage, RoomSnapshot } from '../../../shared/contract';
import { DiscoService } from '../../../electron/disco';
import { RealnameProfiles } from '../../../electron/realname/profile';
import { RealnameService } from '../../../electron/realname/realnameService';
import { createSecretBox } from '../../../electron/secrets';
import { openStorage, type Storage } from '../../../electron/storage';
import type { XmppClient } from '../../../electron/xmpp/client';
import { checkContractEvent } from '../contractEvents';

export interface Layer {
  readonly service: RealnameService;
  readonly profiles: RealnameProfiles;
  readonly storage: Storage;
  readonly events: EventMessage[];
  readonly torOnly: Set<string>;
  readonly rooms: RoomSnapshot[];
  /** Resolves once `check` holds for the events so far (checked on every new event). */
  until(check: (events: readonly EventMessage[]) => boolean): Promise<void>;
}

/** A profile folder of its own; pass the same one again to simulate a restart of the app. */
export const newProfileDir = () => mkdtempSync(join(tmpdir(), 'hutong-realname-'));

export function startLayer(dir: string, options: { timeoutMs?: number } = {}): Layer {
  const storage = openStorage(join(dir, 'hutong.sqlite'));
  const box = createSecretBox({ dataDir: dir });
  const events: EventMessage[] = [];
  const waiters: { check: (e: readonly EventMessage[]) => boolean; resolve: () => void }[] = [];
  const torOnly = new Set<string>();
  const rooms: RoomSnapshot[] = [];
  const profiles = new RealnameProfiles({ store: storage.realname, box, now: Date.now });
  const service = new RealnameService({
    store: storage.realname,
    profiles,
    now: Date.now,
    torOnly: (accountId) => torOnly.has(accountId),
    rooms: () => rooms,
    emit: (event, payload) => {
      checkContractEvent(event, payload);
      events.push({ event, payload } as EventMessage);
      for (const waiter of [...waiters])
        if (waiter.check(events)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
    },
    ...(options.timeoutMs !== undefined && { adhocTimeoutMs: options.timeoutMs }),
  });
  return {
    service,
    profiles,
    storage,
    events,
    torOnly,
    rooms,
    until: (check) =>
      check(events)
        ? Promise.resolve()
        : new Promise((resolve) => waiters.push({ check, resolve })),
  };
}

export type RequestHook = (stanza: Element, send: () => Promise<Element>) => Promise<Element>;

/** Attaches `client` as `accountId`; `hook` may stand between our IQs and the client. */
export function attach(layer: Layer, accountId: string, client: XmppClient, hook?: RequestHook) {
  const disco = new DiscoService({
    account: accountId,
    now: Date.now,
    request: (payload, to, timeoutMs) =>
      client.iqCaller.request(xml('iq', { type: 'get', to }, payload), timeoutMs),
  });
  return layer.service.attach(accountId, {
    disco,
    request: (stanza, timeoutMs) => {
      const send = () => client.iqCaller.request(stanza, timeoutMs);
      return hook ? hook(stanza, send) : send();
    },
  });
}

/** A room the app knows we own (as RoomService would list it). */
export const ownedRoom = (accountId: string, room: string): RoomSnapshot => ({
  accountId,
  room,
  nick: 'owner',
  nickRewritten: false,
  status: 'joined',
  role: 'moderator',
  affiliation: 'owner',
  anonymity: 'semi-anonymous',
  archived: false,
  occupants: 1,
  autojoin: true,
});

/** Registrations the service's store holds (operator tool), one line each. */
export function storedRegistrations(admin: (args: readonly string[]) => { out: string }) {
  return admin(['list'])
    .out.split('\n')
    .filter((line) => /HT-/.test(line));
}
