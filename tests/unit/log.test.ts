/**
 * The logger keeps codes and our own words, never text from outside (electron/logSafe.ts). Each
 * case goes through the real logger with its output captured, as it would reach stderr.
 */
import { format } from 'node:util';
import StreamError from '@xmpp/connection/lib/StreamError.js';
import StanzaError from '@xmpp/middleware/lib/StanzaError.js';
import SASLError from '@xmpp/sasl/lib/SASLError.js';
import xml from '@xmpp/xml';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../electron/log';
import { StorageError } from '../../electron/storage/errors';
import { toXmppError } from '../../electron/xmpp/errors';
import { NS } from '../../shared/namespaces';

const PERSONAL = 'Ada Lovelace, ID 11010519491231002X';
const log = createLogger('test');
let lines: string[];

beforeEach(() => {
  lines = [];
  vi.stubEnv('HUTONG_LOG', 'debug');
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    lines.push(format(...args));
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const output = () => lines.join('\n');

function expectNoPersonalData(): void {
  expect(output()).not.toContain('Ada');
  expect(output()).not.toContain('11010519491231002X');
}

/** An <error/> as a server sends it: a condition, then its own text. */
const stanzaError = (condition: string) =>
  StanzaError.fromElement(
    xml(
      'error',
      { type: 'cancel' },
      xml(condition, { xmlns: NS.stanzas }),
      xml('text', { xmlns: NS.stanzas }, PERSONAL),
    ),
  );

describe('the logger and text from outside', () => {
  it('logs a stanza error by its condition, without its text', () => {
    log.warn('a request failed', stanzaError('policy-violation'));
    expect(output()).toContain('StanzaError');
    expect(output()).toContain('policy-violation');
    expectNoPersonalData();
  });

  it('logs stream and SASL errors by their condition, without their text', () => {
    log.error('the stream ended', new StreamError('host-gone', PERSONAL));
    log.error('sign-in refused', new SASLError('account-disabled', PERSONAL));
    expect(output()).toContain('host-gone');
    expect(output()).toContain('account-disabled');
    expectNoPersonalData();
  });

  it('keeps the text out of the XmppError made from one, and out of its cause', () => {
    const error = toXmppError(new SASLError('not-authorized', PERSONAL));
    expect(error.message).not.toContain('Ada');
    log.warn('sign-in failed', error);
    expect(output()).toContain('auth-failed');
    expect(output()).toContain('not-authorized');
    expectNoPersonalData();
  });

  it('logs a condition XMPP does not define as undefined-condition', () => {
    log.warn('a request failed', stanzaError('Ada-Lovelace-11010519491231002X'));
    expect(output()).toContain('undefined-condition');
    expectNoPersonalData();
  });

  it('logs no part of a stanza', () => {
    log.debug(
      'not handled',
      xml('message', { from: 'ada@example.org' }, xml('body', {}, PERSONAL)),
    );
    expect(output()).toContain('not logged');
    expectNoPersonalData();
    expect(output()).not.toContain('ada@example.org');
  });

  it('logs our own errors and the runtime’s with their message and stack', () => {
    log.error('storage failed', new StorageError('storage-failed', 'the disk is full'));
    log.error('a bug', new TypeError('x is not a function'));
    expect(output()).toContain('[storage-failed] StorageError: the disk is full');
    expect(output()).toContain('TypeError: x is not a function');
    expect(output()).toMatch(/\n\s+at /);
  });
});
