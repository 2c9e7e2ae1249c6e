import xml, { type Element } from '@xmpp/xml';
import { describe, expect, it } from 'vitest';
import { IqCaller, isExpectedSender, normalizeJid } from '../../../electron/xmpp/iqCaller';
import { NS } from '../../../shared/namespaces';

const own = 'alice@example.org/desk';

describe('isExpectedSender', () => {
  it('accepts a reply only from the JID the request went to', () => {
    expect(isExpectedSender('bob@example.org/phone', 'bob@example.org/phone', own)).toBe(true);
    expect(isExpectedSender('bob@example.org/phone', 'Bob@EXAMPLE.org/phone', own)).toBe(true);
    expect(isExpectedSender('bob@example.org/phone', 'bob@example.org/other', own)).toBe(false);
    expect(isExpectedSender('bob@example.org/phone', 'bob@example.org', own)).toBe(false);
    expect(isExpectedSender('bob@example.org/phone', undefined, own)).toBe(false);
    expect(isExpectedSender('example.org', 'example.org', own)).toBe(true);
    expect(isExpectedSender('example.org', 'mallory@example.org/x', own)).toBe(false);
    expect(isExpectedSender('example.org', undefined, own)).toBe(false);
  });

  it('without "to" accepts only our account: no from, bare, full JID or our domain', () => {
    for (const from of [
      undefined,
      '',
      'alice@example.org',
      own,
      'ALICE@example.org/desk',
      'example.org',
    ]) {
      expect(isExpectedSender(undefined, from, own)).toBe(true);
    }
    for (const from of [
      'bob@example.org/phone',
      'bob@example.org',
      'alice@example.org/other',
      'evil.org',
      'not a jid@@',
    ]) {
      expect(isExpectedSender(undefined, from, own)).toBe(false);
    }
  });

  it('treats a request to our own bare JID like one to the account', () => {
    expect(isExpectedSender('alice@example.org', undefined, own)).toBe(true);
    expect(isExpectedSender('alice@example.org', 'alice@example.org', own)).toBe(true);
    expect(isExpectedSender('alice@example.org', 'bob@example.org', own)).toBe(false);
  });

  it('normalizes the case of local part and domain only', () => {
    expect(normalizeJid('Alice@Example.ORG/Desk')).toBe('alice@example.org/Desk');
    expect(normalizeJid(undefined)).toBeUndefined();
  });
});

describe('IqCaller', () => {
  it('rejects with a refusal that comes before the write completes, never as unhandled', async () => {
    let route: ((ctx: { stanza: Element }, next: () => unknown) => unknown) | undefined;
    let finishWrite: (() => void) | undefined;
    const entity = {
      jid: { toString: () => own },
      send: () => new Promise<void>((resolve) => (finishWrite = resolve)),
    };
    const middleware = { use: (fn: typeof route) => (route = fn) };
    const caller = new IqCaller(entity as never, middleware as never);
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const pending = caller.request(xml('iq', { type: 'get', id: 'q1' }, xml('query')));
      const refusal = xml(
        'iq',
        { type: 'error', id: 'q1' },
        xml('error', { type: 'cancel' }, xml('item-not-found', { xmlns: NS.stanzas })),
      );
      route!({ stanza: refusal }, () => undefined);
      await new Promise((resolve) => setTimeout(resolve, 20));
      finishWrite!();
      await expect(pending).rejects.toMatchObject({ condition: 'item-not-found' });
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
