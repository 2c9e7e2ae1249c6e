/**
 * The three places that enforce the renderer's Content Security Policy agree: the meta tag the
 * renderer build writes (Electron's file: page), the header Electron's session adds (dev server),
 * and the browser host's header and meta tag. Each is parsed and compared directive by directive;
 * they may differ only where they must (the host's WebSocket, the dev server, frame-ancestors
 * which a meta tag cannot carry).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../../electron/host/staticFiles';
import viteConfig, { cspMeta } from '../../renderer/vite.config';
import { contentSecurityPolicy } from '../../shared/csp';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PORT = 48123;
const tmp = mkdtempSync(path.join(tmpdir(), 'hutong-csp-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
type Directives = Record<string, string[]>;

/** Directive name → its sources in order of appearance (duplicate directives are an error). */
function parse(policy: string): Directives {
  const directives: Directives = {};
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (!name) continue;
    expect(directives, `duplicate ${name}`).not.toHaveProperty(name.toLowerCase());
    directives[name.toLowerCase()] = sources;
  }
  return directives;
}

const META = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/gi;

/** The policy of the one CSP meta tag in `html`. */
function metaPolicy(html: string): Directives {
  const tags = [...html.matchAll(META)];
  expect(tags).toHaveLength(1);
  return parse(tags[0]![1]!.replaceAll('&quot;', '"').replaceAll('&amp;', '&'));
}

function without(directives: Directives, name: string): Directives {
  const { [name]: _dropped, ...rest } = directives;
  return rest;
}

function adding(directives: Directives, name: string, ...sources: string[]): Directives {
  return { ...directives, [name]: [...(directives[name] ?? []), ...sources] };
}

/** index.html as `npm run build:renderer` writes its head (the real Vite config's plugin). */
function builtIndexHtml(): string {
  const plugins = (viteConfig as { plugins: Plugin[] }).plugins.flat();
  expect(plugins.map((plugin) => plugin?.name)).toContain(cspMeta().name);
  const transform = cspMeta().transformIndexHtml as (html: string) => string;
  return transform(readFileSync(path.join(root, 'renderer/index.html'), 'utf8'));
}

/** What the browser host answers for index.html: its CSP header and the page it sends. */
async function hostIndex(html: string): Promise<{ header: string; body: string }> {
  writeFileSync(path.join(tmp, 'index.html'), html);
  const response = { status: 0, headers: {} as Record<string, string>, body: '' };
  const res = {
    writeHead(status: number, headers: Record<string, string> = {}) {
      Object.assign(response, { status, headers });
      return this;
    },
    end(body?: Buffer) {
      response.body = body ? body.toString('utf8') : '';
    },
  };
  const req = { method: 'GET', url: '/index.html' };
  await serveStatic(tmp, PORT, req as IncomingMessage, res as unknown as ServerResponse);
  expect(response.status).toBe(200);
  return { header: response.headers['Content-Security-Policy']!, body: response.body };
}

describe('content security policies', () => {
  const electron = parse(contentSecurityPolicy());

  it('the renderer build carries the Electron policy (without frame-ancestors)', () => {
    expect(metaPolicy(builtIndexHtml())).toEqual(without(electron, 'frame-ancestors'));
  });

  it('the browser host adds only its WebSocket, in the header and in the page', async () => {
    const host = await hostIndex(builtIndexHtml());
    const expected = adding(electron, 'connect-src', `ws://127.0.0.1:${PORT}`);
    expect(parse(host.header)).toEqual(expected);
    expect(metaPolicy(host.body)).toEqual(without(expected, 'frame-ancestors'));
  });

  it('the dev server adds only its HMR socket and inline code', () => {
    const dev = parse(contentSecurityPolicy({ devOrigin: 'http://localhost:5173' }));
    let expected = adding(electron, 'connect-src', 'ws://localhost:5173');
    expected = adding(expected, 'script-src', "'unsafe-inline'");
    expected = adding(expected, 'style-src', "'unsafe-inline'");
    expect(dev).toEqual(expected);
  });

  it('is strict where it counts', () => {
    expect(electron['default-src']).toEqual(["'none'"]);
    expect(electron['script-src']).toEqual(["'self'"]);
    expect(electron['object-src']).toEqual(["'none'"]);
    expect(electron['frame-ancestors']).toEqual(["'none'"]);
    expect(contentSecurityPolicy()).not.toMatch(/unsafe-(eval|inline)|\*/);
  });
});
