/**
 * Where the renderer comes from, and whether a URL belongs to it. The IPC sender check and the
 * navigation guard both ask this one question, so they cannot disagree. No `electron` import:
 * this is plain logic, tested under Node.
 */
import { pathToFileURL } from 'node:url';

export type RendererSource =
  { readonly kind: 'file'; readonly url: string } | { readonly kind: 'dev'; readonly url: string };

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A dev-server URL is honoured only in an unpackaged app and only on loopback http, so a stray
 * environment variable cannot point an installed app at a remote page.
 */
export function parseDevUrl(value: string | undefined): URL | null {
  if (!value) return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' || !LOOPBACK_HOSTS.has(url.hostname)) return null;
  if (url.username || url.password) return null;
  return url;
}

export function resolveRendererSource(options: {
  readonly indexHtml: string;
  readonly devUrl?: string | undefined;
  readonly isPackaged: boolean;
}): RendererSource {
  const dev = options.isPackaged ? null : parseDevUrl(options.devUrl);
  if (dev) return { kind: 'dev', url: dev.href };
  return { kind: 'file', url: pathToFileURL(options.indexHtml).href };
}

/** True when `url` is our renderer page (file: the exact index.html; dev: the same origin). */
export function isRendererUrl(source: RendererSource, url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const expected = new URL(source.url);
  if (source.kind === 'dev') return parsed.origin === expected.origin;
  // file: URLs have an opaque origin, so compare the path itself (query and hash may differ).
  return parsed.protocol === 'file:' && parsed.pathname === expected.pathname && !parsed.host;
}
