/**
 * What Hutong says about itself (XEP-0030, XEP-0115): the disco#info that other clients ask our
 * full JID for, and the caps element in our presence that lets them look it up once per version
 * instead of asking every device. Other clients read it to decide whether to ask us for receipts,
 * send chat states or corrections. We list only what we do; the `ver` is computed from the very
 * answer we give, so the two cannot disagree.
 */
import xml, { type Element } from '@xmpp/xml';
import { NS } from '../../shared/namespaces';
import { capsHash, verificationString } from './caps';
import { parseInfoRaw } from './parse';

/** Names the software in caps (a URI, XEP-0115 §4); not fetched by anyone. */
export const OWN_CAPS_NODE = 'urn:hutong:client';

const FEATURES = [
  NS.discoInfo,
  NS.caps,
  NS.ping,
  NS.receipts,
  NS.chatStates,
  NS.correct,
  NS.sid,
  NS.muc,
  NS.directInvite,
  // Our other devices' bookmark changes are pushed to us (XEP-0163 §4.3: interest by caps).
  `${NS.bookmarks}+notify`,
] as const;

/** Our disco#info answer; with the `node` it was asked at, echoed as XEP-0115 §6.2 asks. */
export function ownInfo(node?: string): Element {
  return xml(
    'query',
    { xmlns: NS.discoInfo, ...(node !== undefined && { node }) },
    xml('identity', { category: 'client', type: 'pc', name: 'Hutong' }),
    ...FEATURES.map((feature) => xml('feature', { var: feature })),
  );
}

export const OWN_CAPS_VER = capsHash('sha-1', verificationString(parseInfoRaw(ownInfo()))!)!;

/** The <c/> for our presence. */
export function ownCaps(): Element {
  return xml('c', { xmlns: NS.caps, hash: 'sha-1', node: OWN_CAPS_NODE, ver: OWN_CAPS_VER });
}

/** The error an IQ callee returns for a node we do not have. */
export const itemNotFound = (): Element =>
  xml('error', { type: 'cancel' }, xml('item-not-found', { xmlns: NS.stanzas }));

/** Answers disco#info at no node or at our caps node; undefined for any other node. */
export function answerOwnInfo(query: Element | undefined): Element | undefined {
  const node = query?.attrs.node as string | undefined;
  if (node === undefined || node === `${OWN_CAPS_NODE}#${OWN_CAPS_VER}`) return ownInfo(node);
  return undefined;
}
