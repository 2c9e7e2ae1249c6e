// Creating a group on a service under a real-name policy (issue 9): a creation the server refuses
// for want of a registration comes back as realname-required (not as a ban), with no room left
// behind. (The policy itself is read by realname.policy: tests/integration/realname.) A Prosody of its own
// with the registration service (tests/integration/registration/harness.ts).
import xml from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { attachCreator, roomFeatures } from './creationHelpers';
import { connect, useRegistrationServer } from '../registration/harness';

const { server } = useRegistrationServer();

describe('group creation under a real-name policy', () => {
  it('is refused as realname-required until registered, leaving no room', async () => {
    const domain = server().domain;
    const muc = `conference.${domain}`;
    const client = await connect(server(), 'hal');
    await client.entity.send(xml('presence'));
    const hal = await attachCreator(client, `hal@${domain}`);

    const services = await hal.rooms.services(hal.accountId);
    expect(services.ok && services.value.map((s) => s.jid)).toContain(muc);

    const local = `policy-${Date.now().toString(36)}`;
    const result = await hal.rooms.create({
      accountId: hal.accountId,
      service: muc,
      local,
      name: 'Needs a registration',
      description: '',
      kind: 'members-only',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'realname-required' } });
    expect(await roomFeatures(client, `${local}@${muc}`)).toBeNull();
    expect(hal.rooms.isRoom(hal.accountId, `${local}@${muc}`)).toBe(false);
  });
});
