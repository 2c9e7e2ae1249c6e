/** The Electron shell's plain logic: renderer origin checks, the CSP and window placement. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isWebUrl } from '../../shared/links';
import { contentSecurityPolicy } from '../../shared/csp';
import { isAllowedRequest } from '../../electron/shell/session';
import { isRendererUrl, parseDevUrl, resolveRendererSource } from '../../electron/shell/origin';
import {
  fitToDisplays,
  loadWindowState,
  parseWindowState,
  saveWindowState,
} from '../../electron/shell/windowState';

describe('renderer origin', () => {
  const file = resolveRendererSource({
    indexHtml: '/app/dist/renderer/index.html',
    isPackaged: false,
  });

  it('accepts only our index.html for a file renderer', () => {
    expect(file.kind).toBe('file');
    expect(isRendererUrl(file, 'file:///app/dist/renderer/index.html')).toBe(true);
    expect(isRendererUrl(file, 'file:///app/dist/renderer/index.html#/chat')).toBe(true);
    expect(isRendererUrl(file, 'file:///app/dist/renderer/other.html')).toBe(false);
    expect(isRendererUrl(file, 'file:///etc/passwd')).toBe(false);
    expect(isRendererUrl(file, 'https://evil.example/app/dist/renderer/index.html')).toBe(false);
    expect(isRendererUrl(file, 'not a url')).toBe(false);
  });

  it('uses a dev server only unpackaged and only on loopback http', () => {
    const dev = resolveRendererSource({
      indexHtml: '/x/index.html',
      devUrl: 'http://localhost:5173/',
      isPackaged: false,
    });
    expect(dev).toEqual({ kind: 'dev', url: 'http://localhost:5173/' });
    expect(isRendererUrl(dev, 'http://localhost:5173/src/main.tsx')).toBe(true);
    expect(isRendererUrl(dev, 'http://localhost:5174/')).toBe(false);
    const packaged = resolveRendererSource({
      indexHtml: '/x/index.html',
      devUrl: 'http://localhost:5173/',
      isPackaged: true,
    });
    expect(packaged.kind).toBe('file');
    expect(parseDevUrl('http://example.com:5173/')).toBeNull();
    expect(parseDevUrl('https://localhost:5173/')).toBeNull();
    expect(parseDevUrl('http://user:pw@127.0.0.1:5173/')).toBeNull();
    expect(parseDevUrl('http://127.0.0.1:5173/')?.host).toBe('127.0.0.1:5173');
  });

  it('lets only web links leave the app', () => {
    expect(isWebUrl('https://xmpp.org/')).toBe(true);
    expect(isWebUrl('http://example.com/')).toBe(true);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'x']) {
      expect(isWebUrl(url)).toBe(false);
    }
  });
});

describe('renderer requests', () => {
  const policy = { csp: '', fileRoot: '/app/dist/renderer' };

  it('allows only files of the renderer build', () => {
    expect(isAllowedRequest('file:///app/dist/renderer/assets/index.js', policy)).toBe(true);
    expect(isAllowedRequest('file:///app/dist/renderer-evil/x.js', policy)).toBe(false);
    expect(isAllowedRequest('file:///app/dist/renderer/../electron/main.cjs', policy)).toBe(false);
    expect(isAllowedRequest('file:///app/dist/renderer/%2e%2e/electron/main.cjs', policy)).toBe(
      false,
    );
    expect(isAllowedRequest('file:///etc/passwd', policy)).toBe(false);
    expect(isAllowedRequest('file://server/share/x', policy)).toBe(false);
  });

  it('allows the network only to the dev server', () => {
    expect(isAllowedRequest('https://example.com/', policy)).toBe(false);
    const dev = { ...policy, devOrigin: 'http://127.0.0.1:5173' };
    expect(isAllowedRequest('http://127.0.0.1:5173/src/main.tsx', dev)).toBe(true);
    expect(isAllowedRequest('ws://127.0.0.1:5173/', dev)).toBe(true);
    expect(isAllowedRequest('http://127.0.0.1:8080/', dev)).toBe(false);
  });
});

describe('content security policy', () => {
  it('is strict in production', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).toContain("object-src 'none'");
  });

  it('lets a dev server run its HMR', () => {
    const csp = contentSecurityPolicy({ devOrigin: 'http://localhost:5173' });
    expect(csp).toContain('ws://localhost:5173');
    expect(csp).not.toContain('unsafe-eval');
  });
});

describe('window state', () => {
  const primary = { x: 0, y: 0, width: 1920, height: 1040 };
  const right = { x: 1920, y: 0, width: 1280, height: 1000 };
  const state = (x: number, y: number, width = 1000, height = 700) => ({
    bounds: { x, y, width, height },
    maximized: false,
  });

  it('rejects malformed files', () => {
    for (const value of [null, 1, {}, { bounds: { x: 0, y: 0, width: -5, height: 10 } }]) {
      expect(parseWindowState(value)).toBeNull();
    }
    expect(parseWindowState({ bounds: { x: 0.5, y: 0, width: 800, height: 600 } })).toBeNull();
    expect(parseWindowState({ bounds: { x: 1e12, y: 0, width: 800, height: 600 } })).toBeNull();
    expect(parseWindowState(state(10, 20))).toEqual(state(10, 20));
  });

  it('keeps bounds that fit', () => {
    expect(fitToDisplays(state(100, 100), [primary, right])).toEqual(state(100, 100));
    expect(fitToDisplays(state(2000, 50), [primary, right])).toEqual(state(2000, 50));
  });

  it('never opens off-screen', () => {
    // Last on a monitor that is now unplugged.
    expect(fitToDisplays(state(2000, 50), [primary])).toBeNull();
    // Hanging off the bottom-right corner: moved inside.
    expect(fitToDisplays(state(1500, 800), [primary])).toEqual(state(920, 340));
    // Larger than the display: shrunk to its work area.
    expect(fitToDisplays(state(-50, -50, 4000, 3000), [primary])).toEqual(state(0, 0, 1920, 1040));
  });

  it('round-trips through a file and survives garbage', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hutong-window-'));
    const file = path.join(dir, 'window-state.json');
    expect(loadWindowState(file, [primary])).toBeNull();
    saveWindowState(file, { ...state(10, 10), maximized: true });
    expect(loadWindowState(file, [primary])).toEqual({ ...state(10, 10), maximized: true });
    writeFileSync(file, '{"bounds":');
    expect(loadWindowState(file, [primary])).toBeNull();
  });
});
