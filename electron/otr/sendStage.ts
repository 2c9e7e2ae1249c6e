/**
 * OTR's send stage in the chat core: what happens to a message the outbox is about to send to a
 * contact. Encrypted to the session's device when private; held while a private conversation
 * starts, after the other side ended it, or while a changed key waits for our user; under
 * "always", held and the private conversation asked for; under "opportunistic", a plain message
 * carries the whitespace tag. Rooms and private messages through a room are left alone.
 */
import { bareJid, parseJid } from '../../shared/jid';
import type { SendStage } from '../chat/stages';
import type { OtrPolicy } from './conversation';
import type { OtrAccounts } from './otrAccounts';
import { encryptedStanza, taggedStanza } from './stanzas';

export interface SendStageContext {
  readonly accounts: OtrAccounts;
  policy(accountId: string, peer: string): OtrPolicy;
  /** Asks for a private conversation (errors are the caller's to log). */
  start(accountId: string, peer: string): void;
}

export function otrSendStage(ctx: SendStageContext): SendStage {
  return {
    name: 'otr',
    requires(c) {
      if (c.kind !== 'chat') return false;
      // "Always": nothing to this contact leaves in plaintext, from the first message.
      if (ctx.policy(c.accountId, c.peer) === 'always') return true;
      const p = ctx.accounts.find(c.accountId)?.peers.get(c.peer);
      return p !== undefined && (p.starting || p.conversation.state !== 'plaintext');
    },
    process(item, stanza) {
      if (item.kind !== 'chat') return { action: 'pass' };
      const policy = ctx.policy(item.accountId, item.peer);
      if (policy === 'never') return { action: 'pass' };
      const account = ctx.accounts.find(item.accountId);
      // Opportunistic needs a conversation to tag plain messages: made once our key is open.
      const p =
        policy === 'opportunistic' && account?.key
          ? ctx.accounts.peer(item.accountId, item.peer)
          : account?.peers.get(item.peer);
      if (policy === 'always' && (!p || (p.conversation.state === 'plaintext' && !p.starting))) {
        // Held; the private conversation is asked for (once) and the message goes when it is up.
        ctx.start(item.accountId, item.peer);
        return { action: 'wait' };
      }
      if (!p) return { action: 'pass' };
      const state = p.conversation.state;
      if (state === 'plaintext') {
        if (item.private) return p.starting ? { action: 'wait' } : { action: 'pass' };
        if (policy !== 'opportunistic') return { action: 'pass' };
        // The plain message carries the whitespace tag (until they answer plainly).
        const tagged = p.conversation.send(item.body).outputs.find((o) => o.kind === 'send');
        return tagged?.kind === 'send'
          ? { action: 'send', stanza: taggedStanza(stanza, tagged.text) }
          : { action: 'pass' };
      }
      // The other side ended it: held until our user ends it too (then it fails, never plain).
      if (state === 'finished') return { action: 'wait' };
      // A key we never saw for this contact: nothing goes until our user has looked at it.
      if (p.changed) return { action: 'wait' };
      const result = p.conversation.send(item.body);
      const text = result.outputs.find((o) => o.kind === 'send');
      if (!result.sent || text?.kind !== 'send') return { action: 'wait' };
      return {
        action: 'send',
        stanza: encryptedStanza(stanza, p.jid ?? bareJid(parseJid(item.peer)!), text.text),
      };
    },
  };
}
