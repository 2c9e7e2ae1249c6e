import { describe, expect, it } from 'vitest';
import { XmppError, toXmppError } from '../../../electron/xmpp/errors';
import { normalizeFingerprint, reasonFor } from '../../../electron/net/tlsVerify';
import { parseService } from '../../../electron/xmpp/connection';

const sys = (code: string) => Object.assign(new Error(`connect ${code}`), { code });
const named = (name: string, props: Record<string, unknown> = {}) =>
  Object.assign(new Error(name), { name, ...props });

describe('toXmppError', () => {
  it.each([
    ['ECONNREFUSED', 'connection-refused'],
    ['ENOTFOUND', 'host-unreachable'],
    ['EHOSTUNREACH', 'host-unreachable'],
    ['ENETUNREACH', 'host-unreachable'],
    ['EAI_AGAIN', 'host-unreachable'],
    ['ETIMEDOUT', 'timeout'],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls-failed'],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'tls-failed'],
  ])('maps system error %s to %s', (code, expected) => {
    expect(toXmppError(sys(code)).code).toBe(expected);
  });

  it('maps resets to a closed connection', () => {
    const error = toXmppError(sys('ECONNRESET'));
    expect([error.code, error.condition]).toEqual(['stream-error', 'connection-closed']);
  });

  it('maps SASL failures', () => {
    const wrong = toXmppError(named('SASLError', { condition: 'not-authorized' }));
    expect([wrong.code, wrong.condition]).toEqual(['auth-failed', 'not-authorized']);
    expect(toXmppError(named('SASLError', { condition: 'account-disabled' })).code).toBe(
      'auth-failed',
    );
    expect(toXmppError(named('SASLError', { condition: 'encryption-required' })).code).toBe(
      'tls-required',
    );
  });

  it('maps stream errors with their condition', () => {
    const error = toXmppError(named('StreamError', { condition: 'host-unknown' }));
    expect([error.code, error.condition]).toEqual(['stream-error', 'host-unknown']);
  });

  it('maps a server’s refusal of a request to rejected-by-server with its condition', () => {
    const refusal = named('StanzaError', {
      condition: 'policy-violation',
      text: 'Ada Lovelace may not do that',
    });
    const e = toXmppError(refusal);
    expect(e).toMatchObject({ code: 'rejected-by-server', condition: 'policy-violation' });
    // The server's words (possibly personal) stay out of our message, which may be logged.
    expect(e.message).not.toContain('Ada');
  });

  it('maps @xmpp timeouts', () => {
    expect(toXmppError(named('TimeoutError')).code).toBe('timeout');
  });

  it('keeps an XmppError as it is and recognises one from another module copy', () => {
    const original = new XmppError('cert-changed', 'x');
    expect(toXmppError(original)).toBe(original);
    const copy = named('XmppError', { code: 'xml-policy' });
    expect(toXmppError(copy).code).toBe('xml-policy');
  });

  it('maps anything else to internal, non-errors included', () => {
    expect(toXmppError(new Error('boom')).code).toBe('internal');
    expect(toXmppError('boom').code).toBe('internal');
    expect(toXmppError(undefined).code).toBe('internal');
    expect(toXmppError(null).code).toBe('internal');
  });
});

describe('certificate helpers', () => {
  it('names verification failures the way the UI explains them', () => {
    expect(reasonFor('DEPTH_ZERO_SELF_SIGNED_CERT')).toBe('self-signed');
    expect(reasonFor('UNABLE_TO_VERIFY_LEAF_SIGNATURE')).toBe('unknown-issuer');
    expect(reasonFor('CERT_HAS_EXPIRED')).toBe('expired');
    expect(reasonFor('ERR_TLS_CERT_ALTNAME_INVALID')).toBe('hostname-mismatch');
    expect(reasonFor('SOME_NEW_CODE')).toBe('some-new-code');
  });

  it('compares fingerprints regardless of case and separators', () => {
    expect(normalizeFingerprint('ab:CD:0f')).toBe(normalizeFingerprint('ABCD0F'));
  });
});

describe('parseService', () => {
  it('reads the two schemes and defaults their ports', () => {
    expect(parseService('xmpp://example.org:5333')).toEqual({
      host: 'example.org',
      port: 5333,
      direct: false,
    });
    expect(parseService('xmpps://example.org')).toEqual({
      host: 'example.org',
      port: 5223,
      direct: true,
    });
    expect(parseService('xmpp://[::1]:5222')).toEqual({ host: '::1', port: 5222, direct: false });
  });

  it('refuses anything else (no resolution of bare domains)', () => {
    expect(parseService('example.org')).toBeUndefined();
    expect(parseService('wss://example.org/ws')).toBeUndefined();
  });
});
