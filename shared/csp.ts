/**
 * The renderer's Content Security Policy, declared once. Every place that enforces it derives it
 * from here: the meta tag the renderer build writes into index.html (the only policy a file:
 * page has in Electron), the header Electron's session adds to http(s) responses (the dev
 * server), and the browser host's header and meta tag. They differ only where they must: the
 * host's WebSocket, the dev server's HMR, and what a meta tag cannot carry.
 */

/** Directive → sources. Anything unlisted falls back to default-src 'none'. */
export type CspDirectives = Readonly<Record<string, readonly string[]>>;

export interface CspOptions {
  /** Origin of a Vite dev server: allows its HMR socket and the inline scripts/styles it injects. */
  readonly devOrigin?: string | undefined;
  /** Extra connect-src entries (the browser host's WebSocket URL). */
  readonly connect?: readonly string[];
  /**
   * 'meta' leaves out frame-ancestors: browsers ignore it in a meta tag and log an error for it
   * (the header carries it wherever there is one; a file: page cannot be framed by the web).
   */
  readonly delivery?: 'header' | 'meta';
}

export function cspDirectives(options: CspOptions = {}): CspDirectives {
  const dev = options.devOrigin ? new URL(options.devOrigin) : null;
  const devSocket = dev ? `ws://${dev.host}` : null;
  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    // Vite's React refresh preamble is an inline script, and dev CSS arrives as <style> tags;
    // neither exists in a production build, which gets no 'unsafe-inline'.
    'script-src': dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    'style-src': dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...(devSocket ? [devSocket] : []), ...(options.connect ?? [])],
    'media-src': ["'self'", 'blob:'],
    'worker-src': ["'self'"],
    'manifest-src': ["'self'"],
    'object-src': ["'none'"],
    'frame-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  if (options.delivery === 'meta') delete directives['frame-ancestors'];
  return directives;
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
  return Object.entries(cspDirectives(options))
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}

const CSP_META = /<meta\s+http-equiv="Content-Security-Policy"[^>]*>/i;
const CHARSET_META = /<meta\s+charset="[^"]*"\s*\/?>/i;

function metaTag(policy: string): string {
  const content = policy.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
  return `<meta http-equiv="Content-Security-Policy" content="${content}" />`;
}

/** `html` with its CSP meta tag, if it has one, now holding `policy`. */
export function replaceCspMeta(html: string, policy: string): string {
  return html.replace(CSP_META, () => metaTag(policy));
}

/**
 * `html` with a CSP meta tag holding `policy`: replaced when there is one, else added right after
 * the charset declaration. Throws when the page has neither: a page without its policy must fail
 * the build, not ship.
 */
export function withCspMeta(html: string, policy: string): string {
  if (CSP_META.test(html)) return replaceCspMeta(html, policy);
  if (!CHARSET_META.test(html)) throw new Error('index.html has no <meta charset> to follow');
  return html.replace(CHARSET_META, (charset) => `${charset}\n    ${metaTag(policy)}`);
}
