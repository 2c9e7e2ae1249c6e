/** The otr.* requests of the contract, answered by the OTR keyring. */
import type { OtrKeyStatus, RequestHandlers } from '../../shared/contract';
import { fail, ok } from '../../shared/errors';
import { toBare } from '../../shared/jid';
import { createLogger } from '../log';
import type { OtrKeyring } from '../otr/keyring';
import { OtrFormatError } from '../otr/wire';
import type { OtrService } from '../otr/otrService';
import type { OtrPolicies } from '../otr/policies';
import { writePrivateFile, type ChooseSavePath } from './privateFile';
import { isCodedError } from '../secrets';

const log = createLogger('otr');

const errorCode = (error: unknown) =>
  (error as NodeJS.ErrnoException | undefined)?.code ?? 'unknown';

type OtrRequests = Pick<RequestHandlers, Extract<keyof RequestHandlers, `otr.${string}`>>;

/** What the renderer is told of a key (never the key; the instance tag stays here). */
export function keyStatus(keyring: OtrKeyring, accountId: string): OtrKeyStatus {
  const status = keyring.status(accountId);
  return status.state === 'ready'
    ? { state: 'ready', fingerprint: status.fingerprint }
    : { state: status.state };
}

export interface OtrHandlerDeps {
  readonly keyring: OtrKeyring;
  readonly otr: OtrService;
  readonly policies: OtrPolicies;
  readonly known: (accountId: string) => boolean;
  /** Where the user saves an exported key (see privateFile.ts). */
  readonly chooseSavePath: ChooseSavePath;
}

export function otrHandlers({
  keyring,
  otr,
  policies,
  known,
  chooseSavePath,
}: OtrHandlerDeps): OtrRequests {
  /** The contact of a one-to-one conversation, when it is one. */
  const peerOf = (accountId: string, peer: string) => (known(accountId) ? toBare(peer) : null);
  return {
    'otr.state': async ({ accountId, peer }) => {
      const bare = peerOf(accountId, peer);
      return bare ? ok(otr.state(accountId, bare)) : fail('not-found', 'No such conversation');
    },
    'otr.start': async ({ accountId, peer }) => {
      const bare = peerOf(accountId, peer);
      if (!bare) return fail('not-found', 'No such conversation');
      try {
        return ok(await otr.start(accountId, bare));
      } catch (error) {
        if (isCodedError(error)) return fail(error.code, error.message);
        log.warn(`${accountId}: a private conversation could not start`, error);
        return fail('internal', 'The private conversation could not start');
      }
    },
    'otr.acknowledge': async ({ accountId, peer }) => {
      const bare = peerOf(accountId, peer);
      return bare
        ? ok(otr.acknowledge(accountId, bare))
        : fail('not-found', 'No such conversation');
    },
    'otr.verify': async ({ accountId, peer, fingerprint, verified }) => {
      const bare = peerOf(accountId, peer);
      if (!bare) return fail('not-found', 'No such conversation');
      return ok(otr.verify(accountId, bare, fingerprint, verified));
    },
    'otr.smp': async ({ accountId, peer, action, secret, question }) => {
      const bare = peerOf(accountId, peer);
      if (!bare) return fail('not-found', 'No such conversation');
      if (action !== 'abort' && !secret) return fail('invalid-params', 'A secret is needed');
      return otr.smp(accountId, bare, action, secret, question)
        ? ok(null)
        : fail('not-allowed', 'The conversation is not private');
    },
    'otr.importKey': async ({ accountId, text }) => {
      if (!known(accountId)) return fail('not-found', 'No such account');
      try {
        const fingerprint = await keyring.importKey(accountId, text);
        if (!fingerprint) return fail('not-found', 'The file holds no key for this account');
        otr.keyReplaced(accountId);
        return ok(keyStatus(keyring, accountId));
      } catch (error) {
        if (isCodedError(error)) return fail(error.code, error.message);
        if (error instanceof OtrFormatError) return fail('invalid-params', 'Not a libotr key file');
        log.warn(`${accountId}: a key file could not be imported`, error);
        return fail('internal', 'The key could not be imported');
      }
    },
    'otr.importFingerprints': async ({ accountId, text }) =>
      known(accountId)
        ? ok(keyring.importFingerprints(accountId, text))
        : fail('not-found', 'No such account'),
    'otr.exportKey': async ({ accountId }) => {
      if (!known(accountId)) return fail('not-found', 'No such account');
      if (keyring.status(accountId).state !== 'ready') {
        return fail('not-found', 'This account has no key yet');
      }
      // Asked first, so that a cancelled dialog never unseals the key.
      const file = await chooseSavePath('otr.private_key');
      if (!file) return ok({});
      try {
        await writePrivateFile(file, await keyring.exportKey(accountId));
      } catch (error) {
        if (isCodedError(error)) return fail(error.code, error.message);
        // The path is the user's own choice; the error's text may name it, so only its code.
        log.warn(`${accountId}: the key could not be exported (${errorCode(error)})`);
        return fail('storage-failed', 'The file could not be written');
      }
      return ok({ path: file });
    },
    'otr.exportFingerprints': async ({ accountId }) =>
      known(accountId)
        ? ok({ text: keyring.exportFingerprints(accountId) })
        : fail('not-found', 'No such account'),
    'otr.policy': async ({ accountId, peer }) => {
      if (!known(accountId)) return fail('not-found', 'No such account');
      const contact = peer === undefined ? '' : toBare(peer);
      if (contact === null) return fail('invalid-jid', 'Not an address');
      return ok(policies.setting(accountId, contact));
    },
    'otr.setPolicy': async ({ accountId, peer, policy }) => {
      if (!known(accountId)) return fail('not-found', 'No such account');
      const contact = peer === undefined ? '' : toBare(peer);
      if (contact === null) return fail('invalid-jid', 'Not an address');
      policies.set(accountId, contact, policy);
      return ok(policies.setting(accountId, contact));
    },
    'otr.setKeepHistory': async ({ accountId, peer, keep }) => {
      if (!known(accountId)) return fail('not-found', 'No such account');
      const contact = toBare(peer);
      if (!contact) return fail('invalid-jid', 'Not an address');
      policies.setKeepHistory(accountId, contact, keep);
      return ok(policies.setting(accountId, contact));
    },
    'otr.selectDevice': async ({ accountId, peer, device }) => {
      const bare = peerOf(accountId, peer);
      const state = bare ? otr.selectDevice(accountId, bare, device) : undefined;
      return state ? ok(state) : fail('not-found', 'No private conversation with that device');
    },
    'otr.end': async ({ accountId, peer }) => {
      const bare = peerOf(accountId, peer);
      return bare ? ok(otr.end(accountId, bare)) : fail('not-found', 'No such conversation');
    },
    'otr.key': async ({ accountId }) =>
      known(accountId) ? ok(keyStatus(keyring, accountId)) : fail('not-found', 'No such account'),
    'otr.generate': async ({ accountId }) => {
      if (!known(accountId)) return fail('not-found', 'No such account');
      // One key per account: asking again returns the one there is (or the one being made).
      if (keyring.status(accountId).state !== 'ready') {
        try {
          await keyring.generate(accountId);
        } catch (error) {
          if (isCodedError(error)) return fail(error.code, error.message);
          log.warn(`${accountId}: the OTR key could not be made`, error);
          return fail('internal', 'The key could not be made');
        }
      }
      return ok(keyStatus(keyring, accountId));
    },
  };
}
