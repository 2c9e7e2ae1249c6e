/**
 * One roster operation about a contact (add, rename, remove, answer a request) on an online
 * account: the address is checked and made bare first, and failures come back as coded results.
 */
import { fail, ok, type Result } from '../../shared/errors';
import { toBare } from '../../shared/jid';
import { createLogger } from '../log';
import { errorInfo, type AccountSession } from './accountSession';
import type { RosterLink } from './roster';

const log = createLogger('accounts');

export type ContactOperation = (
  session: AccountSession,
  link: RosterLink,
  contact: string,
) => Promise<void>;

export async function runContactOperation(
  session: AccountSession | undefined,
  accountId: string,
  jid: string,
  run: ContactOperation,
): Promise<Result<null>> {
  const contact = toBare(jid);
  if (!contact || contact === accountId) return fail('invalid-jid', 'Malformed contact address');
  if (!session) return fail('not-found', 'No such account');
  const link = session.link();
  if (!link) return fail('not-signed-in', 'The account is not online');
  try {
    await run(session, link, contact);
    return ok(null);
  } catch (error) {
    log.warn('roster operation failed', error);
    // A stanza error is the server saying no; anything else is the connection's failure.
    if ((error as { name?: string }).name === 'StanzaError') {
      return fail('rejected-by-server', 'The server refused the change');
    }
    return { ok: false, error: errorInfo(error) };
  }
}
