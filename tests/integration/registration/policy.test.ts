// Policy discovery: a client finds the real-name policy from the group-chat service itself (an
// XEP-0128 form in its disco#info, the same as the registration service's own), the service
// lists its commands, and a server without a policy (the shared test server) shows no form.
import xml, { type Element } from '@xmpp/xml';
import { describe, expect, inject, it } from 'vitest';
import { NS } from '../../../shared/namespaces';
import { makeClient } from '../xmpp/helpers';
import { connect, fieldsOf, POLICY, useRegistrationServer } from './harness';

const POLICY_FORM = 'urn:hutong:realname:policy:0';
const { server } = useRegistrationServer();

const info = (
  client: { iqCaller: { request(el: Element): Promise<Element> } },
  to: string,
  node?: string,
) =>
  client.iqCaller
    .request(
      xml('iq', { type: 'get', to }, xml('query', { xmlns: NS.discoInfo, ...(node && { node }) })),
    )
    .then((reply) => reply.getChild('query', NS.discoInfo)!);

const policyFormOf = (query: Element) =>
  query.getChildren('x', NS.dataForms).find((x) => fieldsOf(x).FORM_TYPE?.[0] === POLICY_FORM);

describe('real-name policy discovery', () => {
  it('is published by the group-chat service, naming the service, authority, text and retention', async () => {
    const amy = await connect(server(), 'amy');
    const muc = `conference.${server().domain}`;
    const form = policyFormOf(await info(amy, muc));
    expect(form?.attrs.type).toBe('result');
    const fields = fieldsOf(form);
    expect(fields['registration-service']).toEqual([server().registration!.jid]);
    expect(fields['register-node']).toEqual(['urn:hutong:realname:register']);
    expect(fields['required-for']).toEqual(['room-creation']);
    expect(fields.services).toEqual([muc]);
    expect(fields.authority).toEqual([POLICY.authority]);
    expect(fields['legal-text']).toEqual(POLICY.legalText.split('\n'));
    expect(fields['retention-days']).toEqual(['30']);
    expect(fields['pending-counts']).toEqual(['0']);
    expect(fields['existing-rooms-deadline']).toEqual(['2026-01-01T00:00:00Z']);
    expect(fields['existing-rooms-after-deadline']).toEqual(['read-only']);
  });

  it("is the same form in the registration service's own disco#info, beside its commands", async () => {
    const amy = await connect(server(), 'amy');
    const service = server().registration!.jid;
    const own = await info(amy, service);
    const fromMuc = policyFormOf(await info(amy, `conference.${server().domain}`));
    // Field for field: the Lua module and the service build the form from one configuration.
    expect(fieldsOf(policyFormOf(own))).toEqual(fieldsOf(fromMuc));
    const features = own.getChildren('feature').map((f) => f.attrs.var);
    expect(features).toEqual(expect.arrayContaining([NS.commands, NS.dataFormsValidate]));
    const items = await amy.iqCaller.request(
      xml(
        'iq',
        { type: 'get', to: service },
        xml('query', { xmlns: NS.discoItems, node: NS.commands }),
      ),
    );
    const nodes = items
      .getChild('query', NS.discoItems)!
      .getChildren('item')
      .map((i) => i.attrs.node);
    expect(nodes).toEqual(['urn:hutong:realname:register', 'urn:hutong:realname:status']);
    const node = await info(amy, service, 'urn:hutong:realname:register');
    expect(node.getChild('identity')?.attrs.type).toBe('command-node');
  });

  it('is absent from a server without a policy', async () => {
    const plain = inject('xmpp');
    const client = makeClient('alice');
    await client.start();
    const query = await info(client, `conference.${plain.domain}`);
    expect(query.getChild('identity')?.attrs.category).toBe('conference');
    expect(query.getChildren('x', NS.dataForms)).toEqual([]);
    expect(query.getChildren('feature').map((f) => f.attrs.var)).not.toContain(
      'urn:hutong:realname:0',
    );
  });
});
