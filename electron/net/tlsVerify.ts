/**
 * Upgrades a socket to TLS and decides ourselves whether to trust the server, because we need a
 * third answer besides the CA store's yes/no: "the user pinned this exact certificate". Node's
 * rejectUnauthorized would close the socket before we could read the certificate to show it.
 */
import net from 'node:net';
import tls from 'node:tls';
import type { CertificateInfo } from '../../shared/errors';
import { XmppError } from '../xmpp/errors';

export interface TlsVerifyOptions {
  /** The XMPP domain: the name the certificate must be valid for (RFC 6120 §13.7.2.1). */
  readonly domain: string;
  /** SHA-256 fingerprint the user accepted before, colon-hex as in `cert.fingerprint256`. */
  readonly pinnedFingerprint?: string;
  /**
   * Only the pinned certificate is accepted, even one a public CA vouches for: a CA can be made
   * to issue a certificate for any server. Without a pin yet, a valid chain is accepted (and
   * pinned by the caller once signed in).
   */
  readonly strictPin?: boolean;
  /** An extra trusted CA beside the system store (tests use a local CA). */
  readonly ca?: string | Buffer;
  /** Bounds the handshake; without it the caller's own deadline must destroy the socket. */
  readonly timeoutMs?: number;
}

export interface TlsAcceptance {
  readonly socket: tls.TLSSocket;
  /** True when the certificate was accepted only because it matched the pin. */
  readonly pinned: boolean;
  readonly fingerprint: string;
}

/** Normalised for comparison: hex digits only, upper case. */
export const normalizeFingerprint = (fp: string): string =>
  fp.replace(/[^0-9a-f]/gi, '').toUpperCase();

// Node/OpenSSL verification codes → the short reasons the UI explains.
const REASONS: Readonly<Record<string, string>> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed',
  UNABLE_TO_GET_ISSUER_CERT: 'unknown-issuer',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'unknown-issuer',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'unknown-issuer',
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'not-yet-valid',
  CERT_REVOKED: 'revoked',
  // Node checks the SNI name itself and reports a mismatch as a chain error.
  ERR_TLS_CERT_ALTNAME_INVALID: 'hostname-mismatch',
};

export function reasonFor(authorizationError: string): string {
  return REASONS[authorizationError] ?? authorizationError.toLowerCase().replace(/_/g, '-');
}

function describe(cert: tls.PeerCertificate, reason: string): CertificateInfo {
  const name = (part: unknown): string =>
    part && typeof part === 'object'
      ? Object.entries(part)
          .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('+') : String(v)}`)
          .join(', ')
      : '';
  return {
    fingerprint: cert.fingerprint256,
    subject: name(cert.subject),
    issuer: name(cert.issuer),
    validFrom: cert.valid_from,
    validTo: cert.valid_to,
    reason,
  };
}

/** Decides trust for a completed handshake: the rejection, or how the certificate was accepted. */
function judge(
  socket: tls.TLSSocket,
  options: TlsVerifyOptions,
): { error: XmppError } | { pinned: boolean; fingerprint: string } {
  const cert = socket.getPeerCertificate();
  if (!cert || !cert.fingerprint256) {
    return { error: new XmppError('tls-failed', 'the server sent no certificate') };
  }
  const fingerprint = cert.fingerprint256;
  const identityError = tls.checkServerIdentity(options.domain, cert);
  const chainError = socket.authorized ? undefined : String(socket.authorizationError ?? 'unknown');
  const vouched = !chainError && !identityError;
  const pin = options.pinnedFingerprint;
  const matchesPin =
    pin !== undefined && normalizeFingerprint(pin) === normalizeFingerprint(fingerprint);
  if (matchesPin) return { pinned: !vouched, fingerprint };
  // Not strict: a CA's word is enough, and the caller tells the user when it replaced a pin.
  if (vouched && !(options.strictPin && pin)) return { pinned: false, fingerprint };

  const reason = chainError
    ? reasonFor(chainError)
    : identityError
      ? 'hostname-mismatch'
      : 'changed-ca-vouched';
  const certificate = describe(cert, reason);
  return pin
    ? {
        error: new XmppError('cert-changed', `certificate changed (${reason})`, {
          certificate: { ...certificate, previousFingerprint: pin },
        }),
      }
    : {
        error: new XmppError('cert-untrusted', `certificate not trusted (${reason})`, {
          certificate,
        }),
      };
}

/** Runs the TLS handshake on `socket` (already connected) and verifies the server. */
export function upgradeToTls(
  socket: net.Socket,
  options: TlsVerifyOptions,
): Promise<TlsAcceptance> {
  return new Promise((resolve, reject) => {
    const secure = tls.connect({
      socket,
      // SNI must not carry an IP address (RFC 6066 §3).
      servername: net.isIP(options.domain) ? undefined : options.domain,
      rejectUnauthorized: false,
      minVersion: 'TLSv1.2',
      ...(options.ca && { ca: [...tls.rootCertificates, String(options.ca)] }),
    });
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const finish = (error: XmppError | null, result?: TlsAcceptance): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      secure.off('secureConnect', onSecure);
      secure.off('error', onError);
      secure.off('close', onClose);
      if (error) {
        // A destroyed socket may still report errors; they are already answered.
        secure.on('error', () => {});
        secure.destroy();
        socket.destroy();
        reject(error);
      } else if (result) resolve(result);
    };
    const onSecure = (): void => {
      const verdict = judge(secure, options);
      if ('error' in verdict) finish(verdict.error);
      else finish(null, { socket: secure, ...verdict });
    };
    // Whatever breaks the handshake (an alert, a reset, an old protocol) is a TLS failure.
    const onError = (err: Error): void =>
      finish(new XmppError('tls-failed', `TLS handshake failed: ${err.message}`, { cause: err }));
    const onClose = (): void =>
      finish(new XmppError('tls-failed', 'connection closed during the TLS handshake'));
    secure.once('secureConnect', onSecure);
    secure.on('error', onError);
    secure.once('close', onClose);
    if (options.timeoutMs) {
      timer = setTimeout(
        () => finish(new XmppError('timeout', 'TLS handshake timed out')),
        options.timeoutMs,
      );
    }
  });
}
