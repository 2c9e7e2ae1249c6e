// Many at once, and the service going away: owned groups listed by account and service with
// their state, a bulk registration across accounts with the saved profile, interrupted twice
// (a connection dropped right after the final submission, and the app "dying" with an item
// mid-submission), then a restart of the service layer over the same database: each account
// ends with exactly one registration in the service's store. Last, the registration component
// stopped in the middle of a command: a coded failure, nothing stored, and it works again after.
import type { Element } from '@xmpp/xml';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventMessage, JobItem } from '../../../shared/contract';
import { startRegistrationService } from '../../../server/scripts/registration.mjs';
import { withCheck } from '../../unit/realname/reference';
import { connect, useRegistrationServer } from '../registration/harness';
import {
  attach,
  newProfileDir,
  ownedRoom,
  startLayer,
  storedRegistrations,
  type Layer,
} from './harness';

const { server } = useRegistrationServer();
const group = () => `conference.${server().domain}`;
const jid = (user: string) => `${user}@${server().domain}`;
const admin = (args: readonly string[]) => server().registration!.admin(args);
const ID = withCheck('44030519900101123');
const NODE = 'urn:hutong:realname:register';

const isFinal = (item: JobItem) => item.state === 'done' || item.state === 'failed';
/** The latest progress of each (account) so far. */
function latest(events: readonly EventMessage[]): Map<string, JobItem> {
  const items = new Map<string, JobItem>();
  for (const e of events)
    if (e.event === 'realname.progress') items.set(e.payload.accountId, e.payload);
  return items;
}
const settled = (accounts: string[]) => (events: readonly EventMessage[]) => {
  const items = latest(events);
  return accounts.every((a) => items.has(a) && isFinal(items.get(a)!));
};
const isComplete = (stanza: Element) =>
  stanza.getChild('command')?.attrs.action === 'complete' &&
  stanza.getChild('command')?.attrs.node === NODE;

const dir = newProfileDir();
let layer: Layer = startLayer(dir);
afterAll(() => layer.storage.close());

describe('many groups at once', () => {
  it('lists owned groups by account and service, registers them once each across interruptions', async () => {
    const [amy, ben, cat] = await Promise.all([
      connect(server(), 'amy'),
      connect(server(), 'ben'),
      connect(server(), 'cat'),
    ]);
    for (const room of ['a1', 'a2', 'a3'])
      layer.rooms.push(ownedRoom(jid('amy'), `${room}@${group()}`));
    for (const room of ['b1', 'b2']) layer.rooms.push(ownedRoom(jid('ben'), `${room}@${group()}`));
    layer.rooms.push(ownedRoom(jid('cat'), `c1@${group()}`));
    // Amy's connection drops once the service answered her final submission: it is stored,
    // but the app never sees the receipt.
    attach(layer, jid('amy'), amy, async (stanza, send) => {
      if (!isComplete(stanza)) return send();
      // The service has answered (so it has stored it) when the connection dies.
      await send();
      await amy.stop();
      throw Object.assign(new Error('connection closed'), { code: 'ECONNRESET' });
    });
    attach(layer, jid('ben'), ben);
    // Cat's app "dies" during the final submission: the service stores it, the request never
    // settles, and the item stays 'submitting' in the ledger.
    let catSent!: () => void;
    const catSubmitted = new Promise<void>((resolve) => (catSent = resolve));
    attach(layer, jid('cat'), cat, async (stanza, send) => {
      if (!isComplete(stanza)) return send();
      await send();
      catSent();
      return new Promise<Element>(() => undefined);
    });

    const groups = await layer.service.groups();
    if (!groups.ok) throw new Error(groups.error.code);
    expect(groups.value.map((g) => [g.accountId, g.state, g.rooms.length]).sort()).toEqual([
      [jid('amy'), 'missing', 3],
      [jid('ben'), 'missing', 2],
      [jid('cat'), 'missing', 1],
    ]);

    expect(
      await layer.profiles.save({ name: '赵六', idNumber: ID, mobile: '15012345678' }),
    ).toEqual([]);
    const consent = {
      agreed: true as const,
      registrationServices: [server().registration!.jid],
      kinds: ['person-name', 'id-number', 'mobile'] as const,
    };
    const refused = await layer.service.registerMany(
      [{ accountId: jid('ben'), service: group() }],
      {
        ...consent,
        registrationServices: [],
      },
    );
    expect(!refused.ok && refused.error.code).toBe('consent-required');

    const job = await layer.service.registerMany(
      ['amy', 'ben', 'cat'].map((u) => ({ accountId: jid(u), service: group() })),
      { ...consent, kinds: [...consent.kinds] },
    );
    if (!job.ok) throw new Error(job.error.code);
    expect(job.value.items).toHaveLength(3);
    await layer.until(settled([jid('amy'), jid('ben')]));
    await catSubmitted;
    const first = latest(layer.events);
    expect(first.get(jid('amy'))).toMatchObject({ state: 'failed', error: 'stream-error' });
    expect(first.get(jid('ben'))).toMatchObject({ state: 'done', outcome: 'pending' });
    expect(first.get(jid('cat'))?.state).toBe('submitting');
    expect(storedRegistrations(admin)).toHaveLength(3);

    // The service layer restarts over the same database, with new connections.
    layer.storage.close();
    layer = startLayer(dir);
    const [amy2, cat2] = await Promise.all([
      connect(server(), 'amy', 'again'),
      connect(server(), 'cat', 'again'),
    ]);
    attach(layer, jid('cat'), cat2); // resumes Cat's open item by itself
    attach(layer, jid('amy'), amy2);
    await layer.until(settled([jid('cat')]));
    expect(layer.service.retry(job.value.jobId).ok).toBe(true);
    await layer.until(settled([jid('amy'), jid('cat')]));
    const second = latest(layer.events);
    expect(second.get(jid('amy'))).toMatchObject({ state: 'done', outcome: 'pending' });
    expect(second.get(jid('cat'))).toMatchObject({ state: 'done', outcome: 'pending' });

    const lines = storedRegistrations(admin);
    expect(lines).toHaveLength(3);
    for (const user of ['amy', 'ben', 'cat'])
      expect(
        lines.filter((line) => line.includes(jid(user))),
        user,
      ).toHaveLength(1);
    const items = layer.service.jobs();
    expect(items.every((item) => item.state === 'done')).toBe(true);
    // No new submission after the restart: only the first run marked them submitting.
    expect(layer.storage.realname.jobItems(job.value.jobId).map((i) => i.attempts)).toEqual([
      1, 1, 1,
    ]);
  });
});

describe('the service going away mid-command', () => {
  it('answers a coded failure, stores nothing, and works again once the service is back', async () => {
    const dan = await connect(server(), 'dan');
    attach(layer, jid('dan'), dan);
    const begun = await layer.service.begin(jid('dan'), group());
    if (!begun.ok) throw new Error(begun.error.code);
    await server().registration!.stop();
    const step = await layer.service.step(begun.value.sessionId, {
      action: 'next',
      values: { name: ['钱七'], 'id-number': [ID], mobile: ['15012345678'] },
      consent: {
        agreed: true,
        registrationService: server().registration!.jid,
        fields: ['name', 'id-number', 'mobile'],
      },
    });
    expect(!step.ok && step.error.code).toMatch(/^(service-unavailable|timeout)$/);
    const restarted = await startRegistrationService(server().dataDir);
    try {
      expect(storedRegistrations(admin).filter((l) => l.includes(jid('dan')))).toEqual([]);
      // The old session died with the service: a fresh one works.
      const again = await layer.service.begin(jid('dan'), group());
      expect(again.ok && again.value.status).toBe('executing');
    } finally {
      await restarted.stop();
    }
  });
});
