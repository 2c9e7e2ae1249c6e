/**
 * The link.open request: the one way a link leaves the app, sent by the renderer only after the
 * user confirmed the full address. Only http(s) links reach the system browser, and what reaches
 * it is the address as checked (the parsed URL), so the opener never reads a string the check
 * read differently.
 */
import type { RequestHandlers } from '../../shared/contract';
import { fail, ok } from '../../shared/errors';
import { isWebUrl } from '../../shared/links';

/** Opens an http(s) URL in the system browser; absent where the page opens links itself. */
export type OpenExternal = (url: string) => Promise<void>;

export function linkHandlers(openExternal?: OpenExternal): Pick<RequestHandlers, 'link.open'> {
  return {
    'link.open': async ({ url }) => {
      if (!isWebUrl(url)) return fail('invalid-params', 'Only http and https links open');
      if (!openExternal) return fail('not-supported', 'The page opens links itself');
      await openExternal(new URL(url).href);
      return ok(null);
    },
  };
}
