// The client side of issue 9 against a real Prosody with the policy and the real registration
// component: policy discovery (and none on the shared policy-free server), a full two-stage
// registration through our command client with local checks first, consent, prev and cancel,
// a spoofed answer refused, the saved profile (sealed, masked, filled in the main process,
// refused for Tor-only, erased), and the ID number absent from our database files and our log.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import xml from '@xmpp/xml';
import { afterAll, describe, expect, inject, it, vi } from 'vitest';
import { createXmppClient } from '../../../electron/xmpp/client';
import { parseAccountJid } from '../../../shared/jid';
import { NS } from '../../../shared/namespaces';
import { withCheck } from '../../unit/realname/reference';
import { connect, POLICY, useRegistrationServer } from '../registration/harness';
import { attach, newProfileDir, startLayer, storedRegistrations } from './harness';

const { server } = useRegistrationServer();
const group = () => `conference.${server().domain}`;
const admin = (args: readonly string[]) => server().registration!.admin(args);
const jid = (user: string) => `${user}@${server().domain}`;

/** Beijing Dongcheng, born 1985-11-02: a number nobody holds, with a correct check character. */
const ID = withCheck('11010119851102461');
const MOBILE = '13912345678';
const identity = { name: ['李四'], 'id-number': [ID], mobile: [MOBILE] };
const consent = (fields: string[]) => ({
  agreed: true as const,
  registrationService: server().registration!.jid,
  fields,
});

const logged: string[] = [];
const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
  logged.push(args.map(String).join(' '));
});
afterAll(() => spy.mockRestore());

const dir = newProfileDir();
const layer = startLayer(dir);
afterAll(() => layer.storage.close());

describe('policy discovery', () => {
  it('reads the policy form from the group service', async () => {
    const amy = await connect(server(), 'amy');
    attach(layer, jid('amy'), amy);
    const answer = await layer.service.policy(jid('amy'), group());
    expect(answer.ok && answer.value.policy).toMatchObject({
      registrationService: server().registration!.jid,
      authority: POLICY.authority,
      retentionDays: 30,
      approval: 'manual',
      requiredFor: ['room-creation'],
      legalText: POLICY.legalText.split('\n'),
    });
    expect(answer.ok && answer.value.torOnly).toBe(false);
  });

  it('finds no policy on the shared policy-free server, and begin refuses with no-policy', async () => {
    const shared = inject('xmpp');
    const client = createXmppClient({
      jid: parseAccountJid(`alice@${shared.domain}`)!,
      password: shared.users.alice!,
      host: shared.host,
      port: shared.c2sPort,
      tls: 'starttls',
      ca: readFileSync(shared.caPath),
      resource: 'realname',
    });
    await client.start();
    try {
      const other = startLayer(newProfileDir());
      attach(other, `alice@${shared.domain}`, client);
      const answer = await other.service.policy(
        `alice@${shared.domain}`,
        `conference.${shared.domain}`,
      );
      expect(answer).toEqual({ ok: true, value: { policy: null, torOnly: false } });
      const begin = await other.service.begin(
        `alice@${shared.domain}`,
        `conference.${shared.domain}`,
      );
      expect(!begin.ok && begin.error.code).toBe('no-policy');
      other.storage.close();
    } finally {
      await client.stop();
    }
  });
});

describe('registration through the command client', () => {
  it('refuses an invalid ID number locally and sends nothing', async () => {
    const ben = await connect(server(), 'ben');
    attach(layer, jid('ben'), ben);
    const begun = await layer.service.begin(jid('ben'), group());
    if (!begun.ok) throw new Error(begun.error.code);
    expect(begun.value.identityFields).toEqual({
      name: 'person-name',
      'id-number': 'id-number',
      mobile: 'mobile',
    });
    const bad = `${ID.slice(0, 17)}${ID[17] === '0' ? '1' : '0'}`;
    const step = await layer.service.step(begun.value.sessionId, {
      action: 'next',
      values: { ...identity, 'id-number': [bad] },
      consent: consent(['name', 'id-number', 'mobile']),
    });
    expect(step.ok && step.value).toMatchObject({
      sent: false,
      fieldErrors: [{ var: 'id-number', problem: 'checksum' }],
    });
    expect(storedRegistrations(admin)).toEqual([]);
    await layer.service.cancel(begun.value.sessionId);
  });

  it('sends nothing without consent, or with consent naming other fields or another service', async () => {
    const ben = await connect(server(), 'ben', 'consent');
    attach(layer, jid('ben'), ben);
    const begun = await layer.service.begin(jid('ben'), group());
    if (!begun.ok) throw new Error(begun.error.code);
    const id = begun.value.sessionId;
    const none = await layer.service.step(id, { action: 'next', values: identity });
    expect(!none.ok && none.error.code).toBe('consent-required');
    const fewer = await layer.service.step(id, {
      action: 'next',
      values: identity,
      consent: consent(['name']),
    });
    expect(!fewer.ok && fewer.error.code).toBe('consent-required');
    const elsewhere = await layer.service.step(id, {
      action: 'next',
      values: identity,
      consent: {
        ...consent(['name', 'id-number', 'mobile']),
        registrationService: `evil.${server().domain}`,
      },
    });
    expect(!elsewhere.ok && elsewhere.error.code).toBe('consent-required');
    expect(storedRegistrations(admin)).toEqual([]);
    await layer.service.cancel(id);
  });

  it('registers in two stages with prev, masks what comes back and keeps a masked receipt', async () => {
    const cat = await connect(server(), 'cat');
    attach(layer, jid('cat'), cat);
    const begun = await layer.service.begin(jid('cat'), group());
    if (!begun.ok) throw new Error(begun.error.code);
    const id = begun.value.sessionId;
    const fields = ['name', 'id-number', 'mobile'];
    // Full-width digits, as a Chinese input method types them: normalized before sending.
    const wide = [...MOBILE].map((d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0)).join('');
    const second = await layer.service.step(id, {
      action: 'next',
      values: { ...identity, mobile: [wide] },
      consent: consent(fields),
    });
    if (!second.ok) throw new Error(second.error.code);
    expect(second.value.actions).toEqual(['prev', 'complete']);
    expect(JSON.stringify(second.value)).not.toContain(ID);
    expect(JSON.stringify(second.value)).not.toContain(MOBILE);
    const back = await layer.service.step(id, { action: 'prev' });
    if (!back.ok) throw new Error(back.error.code);
    expect(back.value.actions).toEqual(['next']);
    // Identity values the service pre-fills on the way back are not handed to the renderer.
    expect(JSON.stringify(back.value)).not.toContain(MOBILE);
    const again = await layer.service.step(id, {
      action: 'next',
      values: identity,
      consent: consent(fields),
    });
    expect(again.ok).toBe(true);
    const done = await layer.service.step(id, {
      action: 'complete',
      values: { consent: ['1'] },
      consent: consent(['consent']),
    });
    if (!done.ok) throw new Error(done.error.code);
    expect(done.value.status).toBe('completed');
    expect(done.value.receipt).toMatchObject({
      status: 'pending',
      idNumberMasked: `**************${ID.slice(-4)}`,
    });
    expect(storedRegistrations(admin)).toHaveLength(1);
    const status = await layer.service.status(jid('cat'), group());
    expect(status.ok && status.value.state).toBe('pending');
    // Once pending, beginning again answers the receipt: nothing can be registered twice.
    const twice = await layer.service.begin(jid('cat'), group());
    expect(twice.ok && twice.value.status).toBe('completed');
    expect(storedRegistrations(admin)).toHaveLength(1);
  });

  it('cancels at the service', async () => {
    const dan = await connect(server(), 'dan');
    attach(layer, jid('dan'), dan);
    const begun = await layer.service.begin(jid('dan'), group());
    if (!begun.ok) throw new Error(begun.error.code);
    expect(await layer.service.cancel(begun.value.sessionId)).toEqual({ ok: true, value: null });
    const after = await layer.service.step(begun.value.sessionId, {
      action: 'next',
      values: identity,
    });
    expect(!after.ok && after.error.code).toBe('not-found');
  });

  it('refuses a command answer from another sender', async () => {
    const eva = await connect(server(), 'eva');
    const fay = await connect(server(), 'fay');
    attach(layer, jid('eva'), eva, async (stanza, send) => {
      const reply = send();
      // Fay answers first with the same id and a form of her own.
      await fay.entity.send(
        xml(
          'iq',
          { type: 'result', id: stanza.attrs.id as string, to: eva.entity.jid!.toString() },
          xml(
            'command',
            {
              xmlns: NS.commands,
              node: 'urn:hutong:realname:register',
              status: 'executing',
              sessionid: 'x',
            },
            xml('x', { xmlns: NS.dataForms, type: 'form' }, xml('title', {}, 'Evil form')),
          ),
        ),
      );
      return reply;
    });
    const begun = await layer.service.begin(jid('eva'), group());
    if (!begun.ok) throw new Error(begun.error.code);
    expect(begun.value.form?.title).not.toBe('Evil form');
    expect(Object.keys(begun.value.identityFields)).toEqual(['name', 'id-number', 'mobile']);
    await layer.service.cancel(begun.value.sessionId);
  });
});

describe('the saved profile', () => {
  it('is checked, kept sealed and shown masked', async () => {
    const refused = await layer.profiles.save({ name: '王五', idNumber: '123', mobile: MOBILE });
    expect(refused).toEqual([{ var: 'id-number', problem: 'length' }]);
    expect(layer.profiles.masked().saved).toBe(false);
    expect(await layer.profiles.save({ name: '王五', idNumber: ID, mobile: MOBILE })).toEqual([]);
    expect(layer.profiles.masked()).toMatchObject({
      saved: true,
      nameMasked: '王*',
      idNumberMasked: `**************${ID.slice(-4)}`,
      mobileMasked: `*******${MOBILE.slice(-4)}`,
    });
  });

  it('is never filled in for a Tor-only account', async () => {
    const gus = await connect(server(), 'gus');
    attach(layer, jid('gus'), gus);
    layer.torOnly.add(jid('gus'));
    const answer = await layer.service.policy(jid('gus'), group());
    expect(answer.ok && answer.value.torOnly).toBe(true);
    const begun = await layer.service.begin(jid('gus'), group());
    if (!begun.ok) throw new Error(begun.error.code);
    expect(begun.value.profileFillable).toEqual([]);
    const step = await layer.service.step(begun.value.sessionId, {
      action: 'next',
      useProfile: true,
      consent: consent(['name', 'id-number', 'mobile']),
    });
    expect(!step.ok && step.error.code).toBe('tor-only-identity');
    await layer.service.cancel(begun.value.sessionId);
  });

  it('fills the form in the main process and the number is then nowhere on our disk or log', async () => {
    const hal = await connect(server(), 'hal');
    attach(layer, jid('hal'), hal);
    const begun = await layer.service.begin(jid('hal'), group());
    if (!begun.ok) throw new Error(begun.error.code);
    expect(begun.value.profileFillable).toEqual(['name', 'id-number', 'mobile']);
    const second = await layer.service.step(begun.value.sessionId, {
      action: 'next',
      useProfile: true,
      consent: consent(['name', 'id-number', 'mobile']),
    });
    if (!second.ok) throw new Error(second.error.code);
    expect(second.value.fieldErrors).toEqual([]);
    const done = await layer.service.step(begun.value.sessionId, {
      action: 'complete',
      values: { consent: ['1'] },
      consent: consent(['consent']),
    });
    expect(done.ok && done.value.receipt?.idNumberMasked).toBe(`**************${ID.slice(-4)}`);
    expect(layer.storage.realname.receipt(jid('hal'), server().registration!.jid)?.idMasked).toBe(
      `**************${ID.slice(-4)}`,
    );

    const erased = layer.profiles.erase();
    expect(erased.receipts).toBeGreaterThanOrEqual(1);
    expect(layer.profiles.masked()).toEqual({ saved: false });
    expect(
      layer.storage.realname.receipt(jid('hal'), server().registration!.jid)?.idMasked,
    ).toBeUndefined();

    const files = readdirSync(dir).filter((f) => f.startsWith('hutong.sqlite'));
    expect(files).toContain('hutong.sqlite');
    for (const file of files) {
      const bytes = readFileSync(join(dir, file));
      expect(bytes.includes(Buffer.from(ID)), file).toBe(false);
      expect(bytes.includes(Buffer.from(MOBILE)), file).toBe(false);
    }
    expect(logged.join('\n')).not.toContain(ID);
    expect(logged.join('\n')).not.toContain(MOBILE);
    expect(events(layer)).not.toContain(ID);
  });
});

const events = (l: typeof layer) => JSON.stringify(l.events);
