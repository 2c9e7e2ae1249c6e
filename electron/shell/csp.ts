/**
 * The renderer's Content Security Policy. The renderer's index.html carries the same policy in a
 * meta tag (file: responses have no headers); the shell adds it as a header to every http(s)
 * response, which covers the dev server. The browser host may reuse it with its own origin.
 */
export interface CspOptions {
  /** Origin of a Vite dev server: allows its HMR socket and the inline scripts/styles it injects. */
  readonly devOrigin?: string | undefined;
  /** Extra connect-src entries (e.g. the browser host's WebSocket URL). */
  readonly connect?: readonly string[];
}

export function contentSecurityPolicy(options: CspOptions = {}): string {
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
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}
