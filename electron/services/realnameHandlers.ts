/** The realname.* requests of the contract, answered by the real-name registration service. */
import type { EmitEvent, RequestHandlers } from '../../shared/contract';
import { fail, ok } from '../../shared/errors';
import { isCodedError } from '../secrets';
import { createLogger } from '../log';
import type { RealnameProfiles } from '../realname/profile';
import type { RealnameService } from '../realname/realnameService';

const log = createLogger('realname');

type RealnameRequests = Pick<RequestHandlers, Extract<keyof RequestHandlers, `realname.${string}`>>;

export function realnameHandlers(
  service: RealnameService,
  profiles: RealnameProfiles,
  emit: EmitEvent,
): RealnameRequests {
  /** Sealing needs the secret store: a locked one is the renderer's to ask about. */
  const guard = async <T>(run: () => Promise<T>) => {
    try {
      return ok(await run());
    } catch (error) {
      if (isCodedError(error)) return fail(error.code, error.message);
      // Never the error itself: it could hold what was being sealed.
      log.warn('a profile operation failed');
      return fail('internal', 'The profile could not be used');
    }
  };
  return {
    'realname.policy': (p) => service.policy(p.accountId, p.service),
    'realname.begin': (p) => service.begin(p.accountId, p.service),
    'realname.step': ({ sessionId, ...request }) => service.step(sessionId, request),
    'realname.cancel': (p) => service.cancel(p.sessionId),
    'realname.status': (p) => service.status(p.accountId, p.service),
    'realname.profile': async () => ok(profiles.masked()),
    'realname.saveProfile': (p) =>
      guard(async () => {
        const fieldErrors = await profiles.save(p);
        const profile = profiles.masked();
        if (fieldErrors.length === 0) emit('realname.profile', profile);
        return { profile, fieldErrors };
      }),
    'realname.eraseProfile': async () => {
      const counts = profiles.erase();
      emit('realname.profile', profiles.masked());
      return ok(counts);
    },
    'realname.groups': () => service.groups(),
    'realname.registerMany': (p) => service.registerMany(p.items, p.consent),
    'realname.retry': async (p) => service.retry(p.jobId),
    'realname.jobs': async () => ok(service.jobs()),
  };
}
