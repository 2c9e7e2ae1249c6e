/**
 * Entity capabilities (XEP-0115): a presence says `ver`, a hash of the sender's disco#info, so an
 * answer learned once serves every entity announcing the same `ver`. That sharing is what makes a
 * lie dangerous: one entity answering with features that do not hash to its `ver` would poison the
 * cache for everyone else. So an answer is accepted for a `ver` only when we recompute the hash
 * ourselves (§5.1 generation, §5.4 processing) and it matches; ill-formed answers (duplicates,
 * ambiguous FORM_TYPE), answers we had to cut (parse.ts limits), legacy caps without `hash` and
 * hash functions we do not know are never cached by `ver`.
 */
import { createHash } from 'node:crypto';
import type { Element } from '@xmpp/xml';
import { NS } from '../../shared/namespaces';
import { formTypeOf, LIMITS, type RawInfo } from './parse';
import type { EntityCaps } from './types';

/** The IANA names XEP-0115 uses, to node:crypto's. MD5 and MD2 are refused (collisions). */
const HASHES: Readonly<Record<string, string>> = {
  'sha-1': 'sha1',
  'sha-224': 'sha224',
  'sha-256': 'sha256',
  'sha-384': 'sha384',
  'sha-512': 'sha512',
};

/** Longer than any base64 digest we accept (SHA-512 is 88 characters). */
const MAX_VER = 128;

/**
 * Orders strings by their UTF-8 octets, as §5.1 asks. UTF-8 byte order is code point order;
 * JavaScript's `<` compares UTF-16 units, which differs for characters above U+FFFF.
 */
export function compareOctets(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length;) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca - cb;
    i += ca > 0xffff ? 2 : 1;
  }
  return a.length - b.length;
}

const hasDuplicates = (keys: readonly string[]): boolean => new Set(keys).size !== keys.length;

/**
 * The verification string S of §5.1 for a disco#info answer, or undefined when §5.4 makes the
 * answer ill-formed (or we could not keep all of it): then it must not be cached by `ver`.
 */
export function verificationString(info: RawInfo): string | undefined {
  if (info.lossy) return undefined;
  const identityKeys = info.identities.map((i) =>
    [i.category, i.type, i.lang ?? '', i.name ?? ''].join('/'),
  );
  if (hasDuplicates(identityKeys) || hasDuplicates(info.features)) return undefined;

  const identities = [...info.identities].sort(
    (a, b) =>
      compareOctets(a.category, b.category) ||
      compareOctets(a.type, b.type) ||
      compareOctets(a.lang ?? '', b.lang ?? '') ||
      compareOctets(a.name ?? '', b.name ?? ''),
  );
  let s = '';
  for (const i of identities) s += `${i.category}/${i.type}/${i.lang ?? ''}/${i.name ?? ''}<`;
  for (const feature of [...info.features].sort(compareOctets)) s += `${feature}<`;

  const forms: { formType: string; fields: RawInfo['forms'][number]['fields'] }[] = [];
  for (const form of info.forms) {
    const typeFields = form.fields.filter((f) => f.var === 'FORM_TYPE');
    // Several FORM_TYPE fields, or one with different values: the answer is ill-formed.
    if (typeFields.length > 1) return undefined;
    if (typeFields.length === 1 && new Set(typeFields[0]!.values).size > 1) return undefined;
    const formType = formTypeOf(form.fields);
    // No FORM_TYPE, or one that is not hidden: this form is ignored, the rest still counts.
    if (formType === undefined || typeFields[0]!.type !== 'hidden') continue;
    // A field without a var cannot be placed in the order the hash depends on.
    if (form.fields.some((f) => !f.named)) return undefined;
    forms.push({ formType, fields: form.fields.filter((f) => f.var !== 'FORM_TYPE') });
  }
  if (hasDuplicates(forms.map((f) => f.formType))) return undefined;
  forms.sort((a, b) => compareOctets(a.formType, b.formType));
  for (const form of forms) {
    s += `${form.formType}<`;
    for (const field of [...form.fields].sort((a, b) => compareOctets(a.var, b.var))) {
      s += `${field.var}<`;
      for (const value of [...field.values].sort(compareOctets)) s += `${value}<`;
    }
  }
  return s;
}

/** base64 of the named hash over the UTF-8 of `s`; undefined for a hash we do not accept. */
export function capsHash(hash: string, s: string): string | undefined {
  const algorithm = HASHES[hash];
  return algorithm ? createHash(algorithm).update(s, 'utf8').digest('base64') : undefined;
}

/** Whether `info` is exactly what `caps.ver` promises (§5.4 step 3 onwards). */
export function verifiesCaps(info: RawInfo, caps: EntityCaps): boolean {
  const s = verificationString(info);
  return s !== undefined && capsHash(caps.hash, s) === caps.ver;
}

/**
 * The caps of a presence's `<c/>`, or undefined when they cannot be used for sharing: legacy caps
 * (no `hash`), an unknown hash, or attributes that are missing or oversized.
 */
export function parseCaps(c: Element | undefined): EntityCaps | undefined {
  if (!c || !c.is('c', NS.caps)) return undefined;
  const { hash, node, ver } = c.attrs as Record<string, unknown>;
  if (typeof hash !== 'string' || HASHES[hash] === undefined) return undefined;
  if (typeof node !== 'string' || node === '' || node.length > LIMITS.token) return undefined;
  if (typeof ver !== 'string' || ver === '' || ver.length > MAX_VER) return undefined;
  return { hash, node, ver };
}

/** The node a caps query goes to (§6.2): the announced node, '#', the announced ver. */
export const capsNode = (caps: EntityCaps): string => `${caps.node}#${caps.ver}`;
