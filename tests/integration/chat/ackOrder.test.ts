// "Written before acknowledged": whenever our client writes a stream-management ack (XEP-0198
// <a h='…'/>), every message it has received so far is already committed to the store, even
// though a burst of incoming messages is committed as one batch.
import { describe, expect, it } from 'vitest';
import type { Element } from '@xmpp/xml';
import { allMessages, bare, connect, device, online, token, xml } from './helpers';

const ALICE = bare('alice');
const BOB = bare('bob');
const COUNT = 300;

describe('commit before ack', () => {
  it('never acknowledges a message that is not yet stored', async () => {
    const alice = await device('alice');
    const prefix = token('burst');
    const isOurs = (body: string | null) => body?.startsWith(prefix) ?? false;
    let received = 0;
    alice.client.entity.prependListener('element', (el: Element) => {
      if (el.name === 'message' && isOurs(el.getChildText('body'))) received += 1;
    });
    const checks: Array<{ received: number; stored: number }> = [];
    const entity = alice.client.entity as unknown as { write(s: string): Promise<void> };
    const write = entity.write.bind(entity);
    entity.write = (data: string) => {
      if (data.startsWith('<a ') && data.includes('urn:xmpp:sm:3')) {
        const stored = allMessages(alice.storage, ALICE, BOB).filter((m) => isOurs(m.body));
        checks.push({ received, stored: stored.length });
      }
      return write(data);
    };

    const bob = await connect('bob', token('flood'));
    await online(bob);
    const to = alice.client.entity.jid!.toString();
    for (let i = 0; i < COUNT; i += 1) {
      await bob.entity.send(
        xml('message', { to, type: 'chat' }, xml('body', {}, `${prefix} ${i}`)),
      );
    }
    await alice.recorder.message((m) => m.body === `${prefix} ${COUNT - 1}`);
    // The server asks for acks during a flood; each answer came after the commit.
    await bob.entity.send(xml('r', { xmlns: 'urn:xmpp:sm:3' }));
    expect(checks.length).toBeGreaterThan(0);
    for (const check of checks) expect(check.stored).toBe(check.received);
    expect(allMessages(alice.storage, ALICE, BOB).filter((m) => isOurs(m.body))).toHaveLength(
      COUNT,
    );
  });
});
