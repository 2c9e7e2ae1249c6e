/**
 * Message Carbons (XEP-0280): enabling them and unwrapping the copies. A carbon is a claim about a
 * message we did not see on the wire, so it is believed only from our own bare JID (XEP-0280 §11):
 * anyone else could otherwise inject "messages we sent" or "messages sent to us" at will.
 */
import xml, { type Element } from '@xmpp/xml';
import { parseDelays, type DelayClaim } from './stanzas';
import { NS } from '../../shared/namespaces';

export type CarbonResult =
  | { readonly kind: 'none' }
  | { readonly kind: 'forged'; readonly reason: string }
  | {
      readonly kind: 'sent' | 'received';
      readonly message: Element;
      /**
       * The delays on the <forwarded/> wrapper: the server wrote it, unlike the forwarded
       * message's own delays (whoever sent that message wrote those).
       */
      readonly delays: readonly DelayClaim[];
    };

/** The IQ that turns carbons on for this session. */
export function buildEnableCarbons(): Element {
  return xml('iq', { type: 'set' }, xml('enable', { xmlns: NS.carbons }));
}

/**
 * Finds a carbon wrapper and returns the forwarded message when the wrapper is legitimate.
 * `from` is the outer stanza's from attribute exactly as received (a full JID of ours is not the
 * server speaking, so it is refused too).
 */
export function unwrapCarbon(stanza: Element, ownBare: string): CarbonResult {
  const wrapper = stanza.getChild('sent', NS.carbons) ?? stanza.getChild('received', NS.carbons);
  if (!wrapper) return { kind: 'none' };
  const from = stanza.attrs.from as string | undefined;
  if (from === undefined || from.toLowerCase() !== ownBare) {
    return { kind: 'forged', reason: 'carbon not from our own bare JID' };
  }
  const forwarded = wrapper.getChild('forwarded', NS.forward);
  const message = forwarded?.getChild('message');
  if (!message) return { kind: 'forged', reason: 'carbon without a forwarded message' };
  return {
    kind: wrapper.name === 'sent' ? 'sent' : 'received',
    message,
    delays: parseDelays(forwarded),
  };
}
