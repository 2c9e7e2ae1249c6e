/** What happens once online: messages (multi-byte text), the server ending us, and stop(). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import xml from '@xmpp/xml';
import type { Element } from '@xmpp/xml';
import { promise } from '@xmpp/events';
import type { XmppError } from '../../../electron/xmpp/errors';
import { makeClient, rejectionOf, server, watchUncaught } from './helpers';

let uncaught: ReturnType<typeof watchUncaught>;
beforeEach(() => {
  uncaught = watchUncaught();
});
afterEach(() => {
  uncaught.dispose();
  expect(uncaught.caught).toEqual([]);
});

describe('an online session', () => {
  it('carries a large Chinese message intact (UTF-8 split across TLS records)', async () => {
    const alice = makeClient('alice');
    const bob = makeClient('bob', { resource: 'phone' });
    await Promise.all([alice.start(), bob.start()]);
    await bob.entity.send(xml('presence'));
    // ~150 KB of UTF-8: many TLS records, below Prosody's 256 KiB stanza limit.
    const text = '你好，世界！😀 '.repeat(6_000);
    // Offline messages left for bob by other test files may arrive first: wait for ours by id.
    const id = `big-${Date.now()}`;
    const received = new Promise<Element>((resolve) => {
      bob.entity.on('stanza', (el: Element) => {
        if (el.is('message') && el.attrs.id === id) resolve(el);
      });
    });
    await alice.entity.send(
      xml('message', { to: `bob@${server.domain}/phone`, type: 'chat', id }, xml('body', {}, text)),
    );
    const message = await received;
    expect(message.getChildText('body')).toBe(text);
  });

  it('reports being replaced by another login as a disconnect with condition conflict', async () => {
    const first = makeClient('eve', { resource: 'same' });
    await first.start();
    const events: string[] = [];
    first.on('error', (e) => events.push(`error:${e.code}:${e.condition}`));
    const gone = new Promise<XmppError | undefined>((resolve) => first.on('disconnected', resolve));
    await makeClient('eve', { resource: 'same' }).start();
    const error = await gone;
    expect(error?.code).toBe('stream-error');
    expect(error?.condition).toBe('conflict');
    expect(events).toContain('error:stream-error:conflict');
  });

  it('emits disconnected without an error when stop() ends the session', async () => {
    const client = makeClient('carol');
    await client.start();
    const gone = new Promise<XmppError | undefined>((resolve) =>
      client.on('disconnected', resolve),
    );
    const offline = promise(client.entity, 'offline');
    await client.stop();
    expect(await gone).toBeUndefined();
    await offline;
    expect(client.entity.status).toBe('offline');
  });
});

describe('stop()', () => {
  it('is safe before start, twice, and start() afterwards fails cleanly', async () => {
    const client = makeClient('dave');
    await client.stop();
    await client.stop();
    const error = await rejectionOf(client.start());
    expect(error.code).toBe('internal');
  });

  it('cancels a start in progress', async () => {
    const client = makeClient('dave');
    const starting = client.start();
    const stopping = client.stop();
    const error = await rejectionOf(starting);
    await stopping;
    expect(error.code).toBe('stream-error');
    expect(error.condition).toBe('connection-closed');
  });

  it('cancels a start at each step of the negotiation', async () => {
    for (const status of ['connect', 'open', 'opening'] as const) {
      for (let n = 0; n < 3; n += 1) {
        const client = makeClient('dave');
        let seen = 0;
        client.entity.on(status, () => {
          seen += 1;
          if (seen === n + 1) void client.stop();
        });
        const result = await client.start().then(
          () => 'online',
          (e: XmppError) => e.code,
        );
        expect(['online', 'stream-error']).toContain(result);
        await client.stop();
      }
    }
  });

  it('is safe after a failed start', async () => {
    const client = makeClient('alice', { password: 'wrong' });
    expect((await rejectionOf(client.start())).code).toBe('auth-failed');
    await client.stop();
    await client.stop();
  });
});
