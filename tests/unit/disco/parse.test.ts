// Reading disco#info and disco#items answers, hostile ones included: foreign namespaces,
// malformed elements, oversized strings and lists.
import xml, { type Element } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { LIMITS, parseInfo, parseInfoRaw, parseItems } from '../../../electron/disco/parse';
import { parseXml } from './xmlText';

const DISCO_INFO = 'http://jabber.org/protocol/disco#info';
const DISCO_ITEMS = 'http://jabber.org/protocol/disco#items';

const infoQuery = (...children: Element[]) => xml('query', { xmlns: DISCO_INFO }, ...children);
const itemsQuery = (...children: Element[]) => xml('query', { xmlns: DISCO_ITEMS }, ...children);
const feature = (name: string) => xml('feature', { var: name });

describe('parseInfo', () => {
  it('reads identities, features and extended info forms (XEP-0128)', () => {
    // Prosody's answer for a server with contact addresses, shortened.
    const query = parseXml(`<query xmlns='${DISCO_INFO}'>
      <identity category='server' type='im' name='Prosody'/>
      <identity category='pubsub' type='pep'/>
      <feature var='urn:xmpp:carbons:2'/>
      <feature var='urn:xmpp:carbons:2'/>
      <feature var='http://jabber.org/protocol/disco#info'/>
      <x xmlns='jabber:x:data' type='result'>
        <field var='FORM_TYPE' type='hidden'><value>http://jabber.org/network/serverinfo</value></field>
        <field var='abuse-addresses' type='list-multi' label='Abuse'>
          <value>mailto:abuse@example.org</value><value>xmpp:abuse@example.org</value>
        </field>
      </x>
      <x xmlns='jabber:x:data' type='form'>
        <field var='FORM_TYPE' type='hidden'><value>urn:not:extended:info</value></field>
      </x>
    </query>`);
    expect(parseInfo(query)).toEqual({
      identities: [
        { category: 'server', type: 'im', name: 'Prosody' },
        { category: 'pubsub', type: 'pep' },
      ],
      features: ['urn:xmpp:carbons:2', 'http://jabber.org/protocol/disco#info'],
      forms: [
        {
          formType: 'http://jabber.org/network/serverinfo',
          fields: [
            {
              var: 'abuse-addresses',
              type: 'list-multi',
              label: 'Abuse',
              values: ['mailto:abuse@example.org', 'xmpp:abuse@example.org'],
            },
          ],
        },
      ],
    });
  });

  it('keeps the language of an identity', () => {
    const query = infoQuery(
      xml('identity', { category: 'client', type: 'pc', name: 'Ψ', 'xml:lang': 'el' }),
    );
    expect(parseInfo(query).identities).toEqual([
      { category: 'client', type: 'pc', name: 'Ψ', lang: 'el' },
    ]);
  });

  it('skips elements that are malformed or in another namespace', () => {
    const query = infoQuery(
      xml('identity', { type: 'pc' }),
      xml('identity', { category: 'client', type: '' }),
      xml('identity', { category: 'client', type: 'pc', xmlns: 'urn:evil' }),
      xml('feature', {}),
      xml('feature', { var: '' }),
      xml('feature', { var: 'urn:evil:feature', xmlns: 'urn:evil' }),
      feature('urn:xmpp:ping'),
      xml('x', { xmlns: 'jabber:x:data', type: 'result' }, xml('field', { var: 'a' })),
    );
    expect(parseInfo(query)).toEqual({ identities: [], features: ['urn:xmpp:ping'], forms: [] });
    expect(parseInfoRaw(query).lossy).toBe(true);
  });

  it('an answer without a query offers nothing', () => {
    expect(parseInfo(undefined)).toEqual({ identities: [], features: [], forms: [] });
  });

  it('stops each list at its limit and marks the answer as cut', () => {
    const many = Array.from({ length: LIMITS.features + 50 }, (_, i) => feature(`urn:f:${i}`));
    const ids = Array.from({ length: LIMITS.identities + 5 }, (_, i) =>
      xml('identity', { category: 'client', type: `t${i}` }),
    );
    const values = Array.from({ length: LIMITS.values + 5 }, (_, i) => xml('value', {}, `${i}`));
    const forms = Array.from({ length: LIMITS.forms + 3 }, (_, i) =>
      xml(
        'x',
        { xmlns: 'jabber:x:data', type: 'result' },
        xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', {}, `urn:form:${i}`)),
        xml('field', { var: 'v' }, ...values),
      ),
    );
    const raw = parseInfoRaw(infoQuery(...ids, ...many, ...forms));
    expect(raw.lossy).toBe(true);
    const info = parseInfo(infoQuery(...ids, ...many, ...forms));
    expect(info.features).toHaveLength(LIMITS.features);
    expect(info.identities).toHaveLength(LIMITS.identities);
    expect(info.forms).toHaveLength(LIMITS.forms);
    expect(info.forms[0]!.fields[0]!.values).toHaveLength(LIMITS.values);
  });

  it('skips oversized identifiers and cuts oversized text', () => {
    const long = 'a'.repeat(LIMITS.token + 1);
    const name = '好'.repeat(LIMITS.text + 10);
    const info = parseInfo(
      infoQuery(
        xml('identity', { category: long, type: 'pc' }),
        xml('identity', { category: 'client', type: 'pc', name }),
        feature(long),
      ),
    );
    expect(info.features).toEqual([]);
    expect(info.identities).toEqual([
      { category: 'client', type: 'pc', name: name.slice(0, LIMITS.text) },
    ]);
  });

  it('never cuts a character in half', () => {
    const name = `${'a'.repeat(LIMITS.text - 1)}😀`;
    const info = parseInfo(infoQuery(xml('identity', { category: 'client', type: 'pc', name })));
    expect(info.identities[0]!.name).toBe('a'.repeat(LIMITS.text - 1));
  });
});

describe('parseItems', () => {
  it('reads items with a valid JID, each once, lowercasing the domain', () => {
    const query = itemsQuery(
      xml('item', { jid: 'Conference.Localhost', name: 'Chatrooms' }),
      xml('item', { jid: 'conference.localhost' }),
      xml('item', { jid: 'pubsub.localhost', node: 'princely_musings' }),
      xml('item', { jid: 'localhost', node: 'http://jabber.org/protocol/commands', name: 'Ping' }),
    );
    expect(parseItems(query)).toEqual([
      { jid: 'conference.localhost', name: 'Chatrooms' },
      { jid: 'pubsub.localhost', node: 'princely_musings' },
      { jid: 'localhost', node: 'http://jabber.org/protocol/commands', name: 'Ping' },
    ]);
  });

  it('skips items without a valid JID, with a bad node, or in another namespace', () => {
    const query = itemsQuery(
      xml('item', {}),
      xml('item', { jid: 'not a jid@@' }),
      xml('item', { jid: 'a@b/' }),
      xml('item', { jid: 'ok.localhost', node: '' }),
      xml('item', { jid: 'ok.localhost', node: 'n'.repeat(LIMITS.token + 1) }),
      xml('item', { jid: 'evil.localhost', xmlns: 'urn:evil' }),
      xml('item', { jid: 'kept.localhost' }),
    );
    expect(parseItems(query)).toEqual([{ jid: 'kept.localhost' }]);
  });

  it('keeps at most LIMITS.items', () => {
    const items = Array.from({ length: LIMITS.items + 20 }, (_, i) =>
      xml('item', { jid: `room${i}@conference.localhost` }),
    );
    expect(parseItems(itemsQuery(...items))).toHaveLength(LIMITS.items);
    expect(parseItems(undefined)).toEqual([]);
  });
});
