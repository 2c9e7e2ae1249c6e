// Enforcement on the server (mod_hutong_realname asking the service): an unregistered person
// cannot create a room, whatever client they use, but can join existing ones; once approved they
// can; past the deadline a room whose owner is not registered is read-only.
import xml from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { NS } from '../../../shared/namespaces';
import { withCheck } from '../../unit/realname/reference';
import { connect, enterRoom, fieldsOf, formOf, register, useRegistrationServer } from './harness';

const { server } = useRegistrationServer();
const service = () => server().registration!.jid;
const muc = () => `conference.${server().domain}`;
const identity = {
  name: 'Li Lei',
  'id-number': withCheck('44030519851231456'),
  mobile: '15912345678',
};

const errorOf = (presence: { getChild(name: string): unknown }) =>
  presence.getChild('error') as
    | {
        attrs: Record<string, string>;
        getChild(name: string, ns?: string): { attrs: Record<string, string> } | undefined;
        getChildText(name: string, ns?: string): string | null;
      }
    | undefined;

/** The owner's instant room (XEP-0045 §10.1.2), so that it is unlocked for others. */
async function createRoom(client: Awaited<ReturnType<typeof connect>>, room: string, nick: string) {
  const answer = await enterRoom(client, room, nick);
  expect(answer.attrs.type).toBeUndefined();
  await client.iqCaller.request(
    xml(
      'iq',
      { type: 'set', to: room },
      xml('query', { xmlns: `${NS.muc}#owner` }, xml('x', { xmlns: NS.dataForms, type: 'submit' })),
    ),
  );
}

describe('real-name enforcement by the server', () => {
  it('refuses room creation to an unregistered person, who can still join existing rooms', async () => {
    const amy = await connect(server(), 'amy');
    const ben = await connect(server(), 'ben');
    const receipt = fieldsOf(formOf(await register(amy, service(), identity))).receipt![0]!;
    expect(server().registration!.admin(['approve', receipt]).code).toBe(0);
    await createRoom(amy, `tea@${muc()}`, 'Amy');

    const refused = await enterRoom(ben, `bens-room@${muc()}`, 'Ben');
    expect(refused.attrs.type).toBe('error');
    const error = errorOf(refused)!;
    expect(error.attrs.type).toBe('auth');
    expect(error.getChild('forbidden', NS.stanzas)).toBeDefined();
    expect(error.getChild('registration-required', 'urn:hutong:realname:0')?.attrs).toMatchObject({
      service: service(),
      node: 'urn:hutong:realname:register',
    });
    expect(error.getChildText('text', NS.stanzas)).toMatch(/real-name registration/);

    const joined = await enterRoom(ben, `tea@${muc()}`, 'Ben');
    expect(joined.attrs.type).toBeUndefined();
  });

  it('keeps refusing while the registration is pending, and allows creation once approved', async () => {
    const cat = await connect(server(), 'cat');
    const receipt = fieldsOf(formOf(await register(cat, service(), identity))).receipt![0]!;
    const pending = await enterRoom(cat, `cats@${muc()}`, 'Cat');
    expect(errorOf(pending)?.getChildText('text', NS.stanzas)).toMatch(/awaiting approval/);
    expect(server().registration!.admin(['approve', receipt]).code).toBe(0);
    const created = await enterRoom(cat, `cats@${muc()}`, 'Cat');
    expect(created.attrs.type).toBeUndefined();
    const codes = created
      .getChild('x', NS.mucUser)!
      .getChildren('status')
      .map((s) => s.attrs.code);
    expect(codes).toContain('201');
  });

  it('refuses creation after the operator rejects the registration', async () => {
    const dan = await connect(server(), 'dan');
    const receipt = fieldsOf(formOf(await register(dan, service(), identity))).receipt![0]!;
    expect(server().registration!.admin(['reject', receipt, 'Unreadable', 'scan']).code).toBe(0);
    const refused = await enterRoom(dan, `dans@${muc()}`, 'Dan');
    expect(errorOf(refused)?.getChild('forbidden', NS.stanzas)).toBeDefined();
  });

  it('makes a room read-only past the deadline while its owner is not registered', async () => {
    const eva = await connect(server(), 'eva');
    const fay = await connect(server(), 'fay');
    const receipt = fieldsOf(formOf(await register(eva, service(), identity))).receipt![0]!;
    server().registration!.admin(['approve', receipt]);
    await createRoom(eva, `open@${muc()}`, 'Eva');
    await createRoom(eva, `revoked@${muc()}`, 'Eva');
    await enterRoom(fay, `open@${muc()}`, 'Fay');
    // Talk is allowed where the owner is registered...
    const echoed = new Promise((resolve) =>
      fay.entity.on(
        'stanza',
        (s) =>
          s.is('message') &&
          s.attrs.from === `open@${muc()}/Fay` &&
          s.getChildText('body') === 'hello' &&
          resolve(s),
      ),
    );
    await fay.entity.send(
      xml('message', { to: `open@${muc()}`, type: 'groupchat' }, xml('body', {}, 'hello')),
    );
    await echoed;
    // ...and refused once the operator withdraws the owner's registration.
    await enterRoom(fay, `revoked@${muc()}`, 'Fay');
    server().registration!.admin(['reject', receipt, 'Withdrawn']);
    const refused = new Promise<{ getChild(name: string): unknown }>((resolve) =>
      fay.entity.on(
        'stanza',
        (s) =>
          s.is('message') &&
          s.attrs.type === 'error' &&
          s.attrs.from === `revoked@${muc()}` &&
          resolve(s),
      ),
    );
    await fay.entity.send(
      xml('message', { to: `revoked@${muc()}`, type: 'groupchat' }, xml('body', {}, 'hello?')),
    );
    const error = errorOf(await refused)!;
    expect(error.getChild('registration-required', 'urn:hutong:realname:0')).toBeDefined();
    expect(error.getChildText('text', NS.stanzas)).toMatch(/read-only/);
  });

  it('refuses creation when the registration service is down (fail closed)', async () => {
    const gus = await connect(server(), 'gus');
    await server().registration!.stop();
    const refused = await enterRoom(gus, `down@${muc()}`, 'Gus');
    expect(errorOf(refused)?.attrs.type).toBe('wait');
    expect(errorOf(refused)?.getChild('service-unavailable', NS.stanzas)).toBeDefined();
  });
});
