/**
 * Serves the built renderer to the browser host's page. Only files under the root, only GET/HEAD,
 * with the renderer's CSP (shared/csp.ts) plus the WebSocket back to this host. A path that does
 * not decode (a stray or malformed percent sign) is a 400, never an exception: the request is the
 * client's mistake.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { contentSecurityPolicy, replaceCspMeta } from '../../shared/csp';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.map': 'application/json',
};

/**
 * The host's policy: the renderer's own (shared/csp.ts), plus the page's WebSocket back to this
 * host. The header and the page's meta tag carry the same one (a browser enforces both).
 */
export function hostContentSecurityPolicy(port: number, delivery: 'header' | 'meta'): string {
  return contentSecurityPolicy({ connect: [`ws://127.0.0.1:${port}`], delivery });
}

/** The percent-decoded path, or null when it is not valid percent-encoded UTF-8. */
function decodedPath(pathname: string): string | null {
  try {
    return decodeURIComponent(pathname);
  } catch {
    return null;
  }
}

/**
 * The file a decoded request path names under `root`, or null when it lies outside (or is the
 * folder itself). URL parsing has already removed `.` and `..` segments (and their %2e forms);
 * what reaches here can still hold `..` behind an encoded slash (`..%2f`), which this catches.
 */
export function fileInside(root: string, requestPath: string): string | null {
  const base = path.resolve(root);
  const file = path.resolve(base, `./${requestPath}`);
  // The separator keeps a sibling such as `static-evil` out of a folder named `static`.
  return file.startsWith(base + path.sep) ? file : null;
}

export async function serveStatic(
  root: string,
  port: number,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const rel = decodedPath(url.pathname === '/' ? '/index.html' : url.pathname);
  if (rel === null) {
    res.writeHead(400, { 'Content-Type': 'text/plain' }).end('Bad request');
    return;
  }
  const file = fileInside(root, rel);
  if (file === null) {
    res.writeHead(404).end();
    return;
  }
  let body: Buffer;
  try {
    body = await readFile(file);
  } catch {
    res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found');
    return;
  }
  if (path.extname(file) === '.html') {
    // The built page's meta tag holds Electron's policy, which has no WebSocket to this host.
    const html = replaceCspMeta(body.toString('utf8'), hostContentSecurityPolicy(port, 'meta'));
    body = Buffer.from(html, 'utf8');
  }
  res.writeHead(200, {
    'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
    'Content-Security-Policy': hostContentSecurityPolicy(port, 'header'),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'max-age=3600',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}
