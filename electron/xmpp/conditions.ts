/**
 * The error conditions that XMPP defines. A condition is the name of an element the other side
 * chose, so a hostile server or contact can put any text there (a name, an ID number); only the
 * names defined below are kept, anything else becomes 'undefined-condition', which is what RFC 6120
 * tells a receiver to make of a condition it does not know (§4.9.3.21, §8.3.3.21).
 */

/** RFC 6120 §8.3.3: stanza errors. */
const STANZA = [
  'bad-request',
  'conflict',
  'feature-not-implemented',
  'forbidden',
  'gone',
  'internal-server-error',
  'item-not-found',
  'jid-malformed',
  'not-acceptable',
  'not-allowed',
  'not-authorized',
  'policy-violation',
  'recipient-unavailable',
  'redirect',
  'registration-required',
  'remote-server-not-found',
  'remote-server-timeout',
  'resource-constraint',
  'service-unavailable',
  'subscription-required',
  'undefined-condition',
  'unexpected-request',
];

/** RFC 6120 §4.9.3: stream errors. */
const STREAM = [
  'bad-format',
  'bad-namespace-prefix',
  'connection-timeout',
  'host-gone',
  'host-unknown',
  'improper-addressing',
  'invalid-from',
  'invalid-namespace',
  'invalid-xml',
  'not-well-formed',
  'remote-connection-failed',
  'reset',
  'restricted-xml',
  'see-other-host',
  'system-shutdown',
  'unsupported-encoding',
  'unsupported-feature',
  'unsupported-stanza-type',
  'unsupported-version',
];

/** RFC 6120 §6.5: SASL failures. */
const SASL = [
  'aborted',
  'account-disabled',
  'credentials-expired',
  'encryption-required',
  'incorrect-encoding',
  'invalid-authzid',
  'invalid-mechanism',
  'malformed-request',
  'mechanism-too-weak',
  'temporary-auth-failure',
];

/** Conditions Hutong itself gives its errors (see xmpp/errors.ts and muc/). */
const OWN = ['connection-closed', 'no-form'];

const KNOWN: ReadonlySet<string> = new Set([...STANZA, ...STREAM, ...SASL, ...OWN]);

/** The condition when XMPP or Hutong defines it; 'undefined-condition' for any other text. */
export function knownCondition(condition: unknown): string | undefined {
  if (condition === undefined || condition === null || condition === '') return undefined;
  return typeof condition === 'string' && KNOWN.has(condition) ? condition : 'undefined-condition';
}
