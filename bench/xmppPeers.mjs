// Bare @xmpp/client peers for the benchmarks: the sender of a flood, the reference listener
// that only counts, and the reference archive query. Run inside inProsodyChild (the CA is in
// NODE_EXTRA_CA_CERTS there).
import { client } from '@xmpp/client';
import xml from '@xmpp/xml';

const NS_MAM = 'urn:xmpp:mam:2';
const NS_RSM = 'http://jabber.org/protocol/rsm';
const NS_FORWARD = 'urn:xmpp:forward:0';

/** Milliseconds since the epoch, sub-millisecond: comparable with the page's same expression. */
export const epochNow = () => performance.timeOrigin + performance.now();

/** A client that does not reconnect (a bench wants failures to show) and swallows 'error'. */
export function bareClient(port, user, resource) {
  const c = client({
    service: `xmpp://127.0.0.1:${port}`,
    domain: 'localhost',
    username: user,
    password: `${user}-pw`,
    resource,
  });
  c.on('error', () => undefined);
  c.reconnect.stop();
  return c;
}

/** Available presence: with priority >= 0 the session receives messages to the bare JID. */
export function sendPresence(c, priority) {
  return c.send(xml('presence', {}, xml('priority', {}, String(priority))));
}

/**
 * Server-side archiving for this user on or off (XEP-0313 preferences). Off where a bench needs
 * floods that do not depend on the archive's size: Prosody's file-based archive slows down as it
 * grows, which would make a later flood slower than an earlier one for reasons that have nothing
 * to do with the receiver.
 */
export async function setArchiving(c, on) {
  await c.iqCaller.request(
    xml('iq', { type: 'set' }, xml('prefs', { xmlns: NS_MAM, default: on ? 'always' : 'never' })),
  );
}

/** Sends `count` chat messages from `from` to `to`, as fast as the socket takes them. */
export async function flood(from, to, count, bodyOf) {
  for (let i = 0; i < count; i += 1) {
    const id = `${to.split('@')[0]}-${i}-${Math.random().toString(36).slice(2, 8)}`;
    await from.send(
      xml(
        'message',
        { type: 'chat', to, id },
        xml('body', {}, bodyOf(i)),
        xml('origin-id', { xmlns: 'urn:xmpp:sid:0', id }),
      ),
    );
  }
}

/** Resolves with the epoch time at which `c` has received `count` messages with a body. */
export function receiveCount(c, count) {
  let received = 0;
  return new Promise((resolve) => {
    const onStanza = (s) => {
      if (!s.is('message') || !s.getChild('body')) return;
      received += 1;
      if (received === count) {
        c.removeListener('stanza', onStanza);
        resolve(epochNow());
      }
    };
    c.on('stanza', onStanza);
  });
}

/**
 * The newest page of our own archive (XEP-0313 with XEP-0059 <before/> empty): resolves with the
 * bodies oldest first, the archive's total count when the server gives it, and the time taken.
 */
export async function newestArchivePage(c, max) {
  const queryid = `newest-${Math.random().toString(36).slice(2)}`;
  const bodies = [];
  const onStanza = (s) => {
    const result = s.getChild('result', NS_MAM);
    if (result?.attrs.queryid !== queryid) return;
    const body = result
      .getChild('forwarded', NS_FORWARD)
      ?.getChild('message')
      ?.getChildText('body');
    if (body !== null && body !== undefined) bodies.push(body);
  };
  c.on('stanza', onStanza);
  const t0 = performance.now();
  try {
    const reply = await c.iqCaller.request(
      xml(
        'iq',
        { type: 'set' },
        xml(
          'query',
          { xmlns: NS_MAM, queryid },
          xml('set', { xmlns: NS_RSM }, xml('max', {}, String(max)), xml('before')),
        ),
      ),
    );
    const ms = performance.now() - t0;
    const count = reply.getChild('fin', NS_MAM)?.getChild('set', NS_RSM)?.getChildText('count');
    return { ms, bodies, count: count ? Number(count) : undefined };
  } finally {
    c.removeListener('stanza', onStanza);
  }
}

/** Rejects when `promise` has not settled within `ms`. */
export function deadline(promise, ms, what) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}
