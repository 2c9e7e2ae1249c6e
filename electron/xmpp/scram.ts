/**
 * SCRAM-SHA-1 with the salted password computed by Node's native PBKDF2. The upstream mechanism
 * (sasl-scram-sha-1) runs Hi() as one awaited WebCrypto HMAC per iteration, ~450 ms of a ~500 ms
 * login here; Hi() is exactly PBKDF2-HMAC-SHA1 with a 20-byte key (RFC 5802 §2.2), and the
 * mechanism already accepts a precomputed `saltedPassword` for its cache path, which we feed.
 */
import { pbkdf2 } from 'node:crypto';
import { promisify } from 'node:util';
import SASLFactory from 'saslmechanisms';
import scramSha1 from '@xmpp/sasl-scram-sha-1';
import { XmppError } from './errors';

const pbkdf2Async = promisify(pbkdf2);

/** A server asking for more makes us burn CPU for nothing (or for a denial of service). */
export const MAX_SCRAM_ITERATIONS = 1_000_000;

interface UpstreamScram {
  _stage: string;
  _salt: Uint8Array;
  _iterationCount: number;
  response(cred: Record<string, unknown>): Promise<string> | string;
}

// The upstream class, taken from its @xmpp registration rather than imported by its own name,
// so we depend only on the @xmpp package we declare.
const probe = new SASLFactory();
scramSha1(probe);
const Upstream = probe.create(['SCRAM-SHA-1'])?.constructor as
  (new () => UpstreamScram) | undefined;
if (!Upstream) throw new Error('@xmpp/sasl-scram-sha-1 registered no SCRAM-SHA-1 mechanism');

export class NativeScramSha1 extends Upstream {
  override async response(cred: Record<string, unknown>): Promise<string> {
    const password = cred.password;
    if (this._stage !== 'challenge' || typeof password !== 'string') {
      return super.response(cred);
    }
    const iterations = this._iterationCount;
    if (!Number.isInteger(iterations) || iterations < 1 || iterations > MAX_SCRAM_ITERATIONS) {
      throw new XmppError('auth-failed', `unacceptable SCRAM iteration count ${iterations}`);
    }
    const salted = await pbkdf2Async(password, this._salt, iterations, 20, 'sha1');
    const saltedPassword = new Uint8Array(salted);
    return super.response({ ...cred, salt: this._salt, saltedPassword });
  }
}
