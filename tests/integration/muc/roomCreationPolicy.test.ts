// Creating a group on a service under a real-name policy (issue 9): the wizard learns the policy
// from the group-chat service's own disco#info, and a creation the server refuses for want of a
// registration comes back as realname-required with no room left behind. A Prosody of its own
// with the registration service (tests/integration/registration/harness.ts).
import xml from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { attachCreator, roomFeatures } from './creationHelpers';
import { connect, POLICY, useRegistrationServer } from '../registration/harness';

const { server } = useRegistrationServer();

describe('group creation under a real-name policy', () => {
  it('lists the policy with the service and refuses creation until registered', async () => {
    const domain = server().domain;
    const muc = `conference.${domain}`;
    const client = await connect(server(), 'hal');
    await client.entity.send(xml('presence'));
    const hal = await attachCreator(client, `hal@${domain}`);

    const services = await hal.rooms.services(hal.accountId);
    expect(services.ok).toBe(true);
    const policy = services.ok ? services.value.find((s) => s.jid === muc)?.policy : undefined;
    expect(policy).toMatchObject({
      registrationService: server().registration!.jid,
      requiredFor: ['room-creation'],
      services: [muc],
      authority: POLICY.authority,
      legalText: POLICY.legalText.split('\n'),
      retentionDays: POLICY.retentionDays,
      approval: 'manual',
      pendingCounts: false,
    });

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
