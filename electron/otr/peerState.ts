/**
 * A contact's private conversation as the renderer sees it (plaintext, starting, private with a
 * key and a device, finished), and which of the contact's devices our messages go to: each OTR
 * instance is one device (full JID), learnt from the messages that came from it.
 */
import type { OtrConversationState } from '../../shared/contract';
import { parseJid } from '../../shared/jid';
import type { OtrOutput } from './conversation';
import type { OtrKeyring } from './keyring';
import type { Peer } from './otrAccounts';

const resourceOf = (jid: string) => parseJid(jid)?.resource ?? '';

export function peerState(
  keyring: Pick<OtrKeyring, 'trust'>,
  accountId: string,
  peer: string,
  p: Peer | undefined,
): OtrConversationState {
  const base = { accountId, peer };
  if (!p) return { ...base, state: 'plaintext' };
  const conv = p.conversation;
  if (conv.state === 'finished') return { ...base, state: 'finished' };
  if (conv.state === 'plaintext') return { ...base, state: p.starting ? 'starting' : 'plaintext' };
  const fingerprint = conv.session()!.theirKey.fingerprint.toString('hex');
  // Every device private with us, when there are several to choose from.
  const devices = conv
    .instances()
    .filter((i) => i.state === 'encrypted' && p.devices.has(i.instance))
    .map((i) => resourceOf(p.devices.get(i.instance)!));
  return {
    ...base,
    state: 'private',
    fingerprint,
    trust: keyring.trust(accountId, peer, fingerprint) ?? 'unverified',
    changed: p.changed,
    ...(p.jid && { device: resourceOf(p.jid) }),
    ...(devices.length > 1 && { devices }),
  };
}

/**
 * After a message from `from`: which device each instance is, and so where our messages go. The
 * conversation follows the instance last heard from, and the JID must follow it (an instance's
 * messages sent to another device of the contact are dropped there).
 */
export function followDevices(p: Peer, from: string, outputs: readonly OtrOutput[]): void {
  for (const o of outputs) {
    if ((o.kind === 'display' && o.encrypted) || o.kind === 'state') {
      if (o.instance !== undefined) p.devices.set(o.instance, from);
    }
  }
  const active = p.conversation.activeInstance;
  if (active !== undefined && p.devices.has(active)) p.jid = p.devices.get(active);
}

/** Our messages go to the instance on this device (resource); false when none is private. */
export function selectDevice(p: Peer, device: string): boolean {
  for (const { instance, state } of p.conversation.instances()) {
    const jid = p.devices.get(instance);
    if (state !== 'encrypted' || !jid || resourceOf(jid) !== device) continue;
    p.conversation.select(instance);
    p.jid = jid;
    return true;
  }
  return false;
}
