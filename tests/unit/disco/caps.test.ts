// Entity capabilities (XEP-0115): the verification string and hash against the XEP's own
// examples (§5.2 simple, §5.3 complex), the §5.4 refusals that keep a cache from being poisoned,
// and the reading of a presence's <c/>.
import xml from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import {
  capsHash,
  compareOctets,
  parseCaps,
  verificationString,
  verifiesCaps,
} from '../../../electron/disco/caps';
import { parseInfoRaw, type RawField, type RawInfo } from '../../../electron/disco/parse';
import { parseXml } from './xmlText';

const DISCO = 'http://jabber.org/protocol/disco#info';
const CAPS = 'http://jabber.org/protocol/caps';

const query = (text: string) => parseXml(text).getChild('query', DISCO);

// XEP-0115 §5.2, Example 2 (the disco#info result of the "simple generation example").
const SIMPLE = `<iq xmlns='jabber:client' type='result' from='romeo@montague.lit/orchard'>
  <query xmlns='${DISCO}' node='http://code.google.com/p/exodus#QgayPKawpkPSDYmwT/WM94uAlu0='>
    <identity category='client' name='Exodus 0.9.1' type='pc'/>
    <feature var='http://jabber.org/protocol/caps'/>
    <feature var='http://jabber.org/protocol/disco#info'/>
    <feature var='http://jabber.org/protocol/disco#items'/>
    <feature var='http://jabber.org/protocol/muc'/>
  </query>
</iq>`;

// XEP-0115 §5.3, the "complex generation example": two identities in two languages and an
// extended info form (XEP-0128), in an order the algorithm must sort.
const COMPLEX = `<iq xmlns='jabber:client' type='result' from='benvolio@capulet.lit/230193'>
  <query xmlns='${DISCO}' node='http://psi-im.org#q07IKJEyjvHSyhy//CH0CxmKi8w='>
    <identity xml:lang='en' category='client' name='Psi 0.11' type='pc'/>
    <identity xml:lang='el' category='client' name='Ψ 0.11' type='pc'/>
    <feature var='http://jabber.org/protocol/caps'/>
    <feature var='http://jabber.org/protocol/disco#info'/>
    <feature var='http://jabber.org/protocol/disco#items'/>
    <feature var='http://jabber.org/protocol/muc'/>
    <x xmlns='jabber:x:data' type='result'>
      <field var='FORM_TYPE' type='hidden'><value>urn:xmpp:dataforms:softwareinfo</value></field>
      <field var='ip_version' type='text-multi'><value>ipv4</value><value>ipv6</value></field>
      <field var='os'><value>Mac</value></field>
      <field var='os_version'><value>10.5.1</value></field>
      <field var='software'><value>Psi</value></field>
      <field var='software_version'><value>0.11</value></field>
    </x>
  </query>
</iq>`;

const field = (name: string, values: string[], type?: string): RawField => ({
  var: name,
  named: true,
  values,
  ...(type && { type }),
});
const info = (patch: Partial<RawInfo>): RawInfo => ({
  identities: [{ category: 'client', type: 'pc', name: 'Hutong' }],
  features: [DISCO],
  forms: [],
  lossy: false,
  ...patch,
});

describe('verification string (XEP-0115 §5.1)', () => {
  it('reproduces the simple generation example of §5.2', () => {
    const raw = parseInfoRaw(query(SIMPLE));
    const s = verificationString(raw);
    expect(s).toBe(
      'client/pc//Exodus 0.9.1<http://jabber.org/protocol/caps<http://jabber.org/protocol/disco#info<http://jabber.org/protocol/disco#items<http://jabber.org/protocol/muc<',
    );
    expect(capsHash('sha-1', s!)).toBe('QgayPKawpkPSDYmwT/WM94uAlu0=');
  });

  it('reproduces the complex generation example of §5.3 (languages, sorting, a form)', () => {
    const raw = parseInfoRaw(query(COMPLEX));
    const s = verificationString(raw);
    expect(s).toBe(
      'client/pc/el/Ψ 0.11<client/pc/en/Psi 0.11<http://jabber.org/protocol/caps<http://jabber.org/protocol/disco#info<http://jabber.org/protocol/disco#items<http://jabber.org/protocol/muc<urn:xmpp:dataforms:softwareinfo<ip_version<ipv4<ipv6<os<Mac<os_version<10.5.1<software<Psi<software_version<0.11<',
    );
    expect(capsHash('sha-1', s!)).toBe('q07IKJEyjvHSyhy//CH0CxmKi8w=');
    expect(
      verifiesCaps(raw, {
        hash: 'sha-1',
        node: 'http://psi-im.org',
        ver: 'q07IKJEyjvHSyhy//CH0CxmKi8w=',
      }),
    ).toBe(true);
  });

  it('does not depend on the order the entity sent things in', () => {
    const raw = parseInfoRaw(query(COMPLEX));
    const shuffled: RawInfo = {
      ...raw,
      identities: [...raw.identities].reverse(),
      features: [...raw.features].reverse(),
      forms: raw.forms.map((f) => ({
        ...f,
        fields: [...f.fields].reverse().map((x) => ({ ...x, values: [...x.values].reverse() })),
      })),
    };
    expect(verificationString(shuffled)).toBe(verificationString(raw));
  });

  it('orders by UTF-8 octets, not UTF-16 units', () => {
    // U+FF5E is one UTF-16 unit above the surrogates of U+1F600, but below it in UTF-8.
    expect(compareOctets('\uff5e', '😀')).toBeLessThan(0);
    expect('\uff5e' < '😀').toBe(false);
    const s = verificationString(info({ features: ['😀', '\uff5e'] }));
    expect(s).toBe('client/pc//Hutong<\uff5e<😀<');
  });

  it('refuses what §5.4 calls ill-formed: duplicate identities or features', () => {
    const id = { category: 'client', type: 'pc', name: 'x' };
    expect(verificationString(info({ identities: [id, { ...id }] }))).toBeUndefined();
    expect(verificationString(info({ features: [DISCO, DISCO] }))).toBeUndefined();
  });

  it('refuses two forms with one FORM_TYPE, and a FORM_TYPE with different values', () => {
    const form = (value: string[]) => ({
      type: 'result',
      fields: [field('FORM_TYPE', value, 'hidden'), field('a', ['1'])],
    });
    expect(verificationString(info({ forms: [form(['urn:a']), form(['urn:a'])] }))).toBeUndefined();
    expect(verificationString(info({ forms: [form(['urn:a', 'urn:b'])] }))).toBeUndefined();
    expect(verificationString(info({ forms: [form(['urn:a', 'urn:a'])] }))).toContain('urn:a<a<1<');
  });

  it('ignores a form without FORM_TYPE or whose FORM_TYPE is not hidden, and goes on', () => {
    const plain = verificationString(info({}));
    const noType = { type: 'result', fields: [field('a', ['1'])] };
    const visible = { type: 'result', fields: [field('FORM_TYPE', ['urn:a']), field('a', ['1'])] };
    expect(verificationString(info({ forms: [noType, visible] }))).toBe(plain);
  });

  it('refuses what we could not keep whole, and hashes we do not accept', () => {
    expect(verificationString(info({ lossy: true }))).toBeUndefined();
    expect(capsHash('md5', 'x')).toBeUndefined();
    // FIPS 180-2's "abc" vector, base64.
    expect(capsHash('sha-256', 'abc')).toBe('ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=');
  });

  it('rejects an answer that does not hash to the announced ver', () => {
    const raw = parseInfoRaw(query(SIMPLE));
    const caps = { hash: 'sha-1', node: 'n', ver: 'QgayPKawpkPSDYmwT/WM94uAlu0=' };
    expect(verifiesCaps(raw, caps)).toBe(true);
    const lying: RawInfo = { ...raw, features: [...raw.features, 'urn:xmpp:jingle:1'] };
    expect(verifiesCaps(lying, caps)).toBe(false);
    expect(verifiesCaps(raw, { ...caps, hash: 'sha-256' })).toBe(false);
  });
});

describe('parseCaps', () => {
  const c = (attrs: Record<string, string>) => xml('c', { xmlns: CAPS, ...attrs });

  it('reads hash, node and ver', () => {
    expect(parseCaps(c({ hash: 'sha-1', node: 'https://gajim.org', ver: 'abc=' }))).toEqual({
      hash: 'sha-1',
      node: 'https://gajim.org',
      ver: 'abc=',
    });
  });

  it('ignores legacy caps, unknown hashes, missing or oversized attributes, other elements', () => {
    expect(parseCaps(c({ node: 'n', ver: '0.9' }))).toBeUndefined();
    expect(parseCaps(c({ hash: 'md5', node: 'n', ver: 'v' }))).toBeUndefined();
    expect(parseCaps(c({ hash: 'sha-1', ver: 'v' }))).toBeUndefined();
    expect(parseCaps(c({ hash: 'sha-1', node: 'n', ver: 'v'.repeat(200) }))).toBeUndefined();
    expect(
      parseCaps(xml('c', { xmlns: 'urn:other', hash: 'sha-1', node: 'n', ver: 'v' })),
    ).toBeUndefined();
    expect(parseCaps(undefined)).toBeUndefined();
  });
});
