/**
 * Reads disco#info and disco#items answers. Any entity on the network can answer us, so this
 * refuses to be made large or confused: children in a foreign namespace are not ours, an element
 * missing what identifies it (an identity's category, a feature's var, an item's valid JID) is
 * skipped, an identifier longer than MAX_TOKEN is skipped (cutting it would change its meaning),
 * a display string is cut at MAX_TEXT, and each list stops at its limit. Nothing here throws.
 */
import type { Element } from '@xmpp/xml';
import { formatJid, parseJid } from '../../shared/jid';
import { NS } from '../../shared/namespaces';
import { cutText } from '../xmpp/text';
import type { DiscoForm, DiscoFormField, DiscoIdentity, DiscoInfo, DiscoItem } from './types';

export const LIMITS = {
  identities: 32,
  features: 512,
  forms: 8,
  fields: 64,
  values: 64,
  items: 512,
  /** Identifiers: category, type, feature var, field var, node, FORM_TYPE. */
  token: 512,
  /** Display text and values: names, labels, field values. */
  text: 1024,
} as const;

/** A form field as sent, FORM_TYPE included (caps verification needs its type and values). */
export interface RawField extends DiscoFormField {
  /** False when the field had no usable var (kept for verification, which refuses such forms). */
  readonly named: boolean;
}

/**
 * A disco#info answer as sent, within the limits but before de-duplication: caps verification
 * (caps.ts) must see duplicates to refuse them (XEP-0115 §5.4).
 */
export interface RawInfo {
  readonly identities: readonly DiscoIdentity[];
  readonly features: readonly string[];
  /** Every `jabber:x:data` form of the answer, with its type attribute. */
  readonly forms: readonly {
    readonly type: string | undefined;
    readonly fields: readonly RawField[];
  }[];
  /** True when something was skipped or cut: the answer is not exactly what the entity sent. */
  readonly lossy: boolean;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** An identifier: present, non-empty, not over the limit. */
function token(value: unknown): string | undefined {
  const text = str(value);
  return text !== undefined && text !== '' && text.length <= LIMITS.token ? text : undefined;
}

/** Display text, cut at the limit (never inside a surrogate pair). */
const text = (value: unknown): string | undefined => cutText(str(value), LIMITS.text);

/** Children named `name` in namespace `ns`, at most `limit`; reports whether any were left out. */
function children(parent: Element, name: string, ns: string, limit: number) {
  const all = parent.getChildren(name, ns);
  return { list: all.slice(0, limit), cut: all.length > limit };
}

function parseField(field: Element): { field: RawField; lossy: boolean } {
  const name = token(field.attrs.var);
  const all = field.getChildren('value', NS.dataForms);
  let lossy = all.length > LIMITS.values || (field.attrs.var !== undefined && name === undefined);
  const values: string[] = [];
  for (const value of all.slice(0, LIMITS.values)) {
    const raw = value.getText();
    const kept = text(raw) ?? '';
    if (kept !== raw) lossy = true;
    values.push(kept);
  }
  const type = token(field.attrs.type);
  const label = text(field.attrs.label);
  return {
    field: {
      var: name ?? '',
      named: name !== undefined,
      ...(type !== undefined && { type }),
      ...(label !== undefined && { label }),
      values,
    },
    lossy,
  };
}

/** Reads a `<query xmlns='…disco#info'/>` (undefined: an answer without one offers nothing). */
export function parseInfoRaw(query: Element | undefined): RawInfo {
  if (!query) return { identities: [], features: [], forms: [], lossy: false };
  let lossy = false;

  const identities: DiscoIdentity[] = [];
  const ids = children(query, 'identity', NS.discoInfo, LIMITS.identities);
  lossy ||= ids.cut;
  for (const el of ids.list) {
    const category = token(el.attrs.category);
    const type = token(el.attrs.type);
    if (category === undefined || type === undefined) {
      lossy = true;
      continue;
    }
    const name = text(el.attrs.name);
    const lang = token(el.attrs['xml:lang']);
    if (name !== el.attrs.name && el.attrs.name !== undefined) lossy = true;
    identities.push({
      category,
      type,
      ...(name !== undefined && { name }),
      ...(lang !== undefined && { lang }),
    });
  }

  const features: string[] = [];
  const feats = children(query, 'feature', NS.discoInfo, LIMITS.features);
  lossy ||= feats.cut;
  for (const el of feats.list) {
    const name = token(el.attrs.var);
    if (name === undefined) lossy = true;
    else features.push(name);
  }

  const forms: RawInfo['forms'][number][] = [];
  const xs = children(query, 'x', NS.dataForms, LIMITS.forms);
  lossy ||= xs.cut;
  for (const x of xs.list) {
    const fieldEls = x.getChildren('field', NS.dataForms);
    lossy ||= fieldEls.length > LIMITS.fields;
    const fields: RawField[] = [];
    for (const el of fieldEls.slice(0, LIMITS.fields)) {
      const parsed = parseField(el);
      lossy ||= parsed.lossy;
      fields.push(parsed.field);
    }
    forms.push({ type: str(x.attrs.type), fields });
  }
  return { identities, features, forms, lossy };
}

/** The FORM_TYPE of a form: its field's single value (several equal values count as one). */
export function formTypeOf(fields: readonly RawField[]): string | undefined {
  const typeFields = fields.filter((f) => f.var === 'FORM_TYPE');
  if (typeFields.length !== 1) return undefined;
  const values = new Set(typeFields[0]!.values);
  if (values.size !== 1) return undefined;
  const [value] = values;
  return value === '' ? undefined : value;
}

/** The info callers see: features once each, extended info forms (`type='result'`) by FORM_TYPE. */
export function toDiscoInfo(raw: RawInfo): DiscoInfo {
  const seen = new Set<string>();
  const identities = raw.identities.filter((identity) => {
    const key = [identity.category, identity.type, identity.lang ?? '', identity.name ?? ''].join(
      '\n',
    );
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const forms: DiscoForm[] = [];
  for (const form of raw.forms) {
    if (form.type !== 'result') continue;
    const formType = formTypeOf(form.fields);
    // XEP-0128: extended info is named by FORM_TYPE; a form without one cannot be read.
    if (formType === undefined || forms.some((f) => f.formType === formType)) continue;
    const fields = form.fields
      .filter((f) => f.named && f.var !== 'FORM_TYPE')
      .map(({ named: _named, ...field }) => field);
    forms.push({ formType, fields });
  }
  return { identities, features: [...new Set(raw.features)], forms };
}

/** Reads a disco#info `<query/>` straight into what callers see. */
export function parseInfo(query: Element | undefined): DiscoInfo {
  return toDiscoInfo(parseInfoRaw(query));
}

/** Reads a `<query xmlns='…disco#items'/>`: items with a valid JID, each (jid, node) once. */
export function parseItems(query: Element | undefined): DiscoItem[] {
  if (!query) return [];
  const items: DiscoItem[] = [];
  const seen = new Set<string>();
  for (const el of query.getChildren('item', NS.discoItems)) {
    if (items.length >= LIMITS.items) break;
    const raw = token(el.attrs.jid);
    const jid = raw === undefined ? null : parseJid(raw);
    if (!jid) continue;
    const node = token(el.attrs.node);
    if (el.attrs.node !== undefined && node === undefined) continue;
    const name = text(el.attrs.name);
    const item: DiscoItem = {
      jid: formatJid(jid),
      ...(node !== undefined && { node }),
      ...(name !== undefined && { name }),
    };
    const key = `${item.jid}\n${item.node ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    items.push(item);
  }
  return items;
}
