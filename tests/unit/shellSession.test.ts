/**
 * The session's handlers on the stand-in's Session (electronStandInApp.ts), set by startShell's
 * real wiring: permissions (desktop notifications for our page's main frame only; Electron grants
 * whatever has no handler), web requests (none but our own files and the dev server) and the CSP
 * header. The check handler serves `Notification.permission` (webContents may be null,
 * requestingUrl missing), the request handler `Notification.requestPermission()`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Permission } from './electronStandInApp';
import { cleanUpLaunches, launch, OURS } from './shellLaunch';

afterEach(cleanUpLaunches);

const mainFrame = (url: string) => ({ isMainFrame: true, requestingUrl: url });
const EVIL = 'https://evil.example/';

describe('session permissions', () => {
  it('lets our renderer show desktop notifications', async () => {
    const shell = await launch();
    const { session } = shell;
    const ours = shell.window().webContents;
    expect(await session.requestPermission(ours, 'notifications', mainFrame(OURS))).toBe(true);
    expect(session.checkPermission(ours, 'notifications', 'file:///', mainFrame(OURS))).toBe(true);
    // A check Electron makes without a document URL: the webContents shows our page.
    expect(session.checkPermission(ours, 'notifications', 'file:///', { isMainFrame: true })).toBe(
      true,
    );
  });

  it('refuses notifications to any other page, frame or caller', async () => {
    const shell = await launch();
    const { session } = shell;
    const ours = shell.window().webContents;
    const foreign = shell.app.createWebContents(EVIL);
    expect(await session.requestPermission(foreign, 'notifications', mainFrame(EVIL))).toBe(false);
    // Our window, but the request comes from a page that is not ours (a frame, a navigation).
    expect(await session.requestPermission(ours, 'notifications', mainFrame(EVIL))).toBe(false);
    const subframe = { isMainFrame: false, requestingUrl: OURS };
    expect(await session.requestPermission(ours, 'notifications', subframe)).toBe(false);
    expect(session.checkPermission(null, 'notifications', 'file:///', mainFrame(OURS))).toBe(false);
    expect(session.checkPermission(foreign, 'notifications', EVIL, mainFrame(OURS))).toBe(false);
    expect(session.checkPermission(ours, 'notifications', EVIL, mainFrame(EVIL))).toBe(false);
    expect(session.checkPermission(ours, 'notifications', 'file:///', subframe)).toBe(false);
    // Our window after it was made to show another page.
    ours.load(EVIL);
    expect(session.checkPermission(ours, 'notifications', EVIL, { isMainFrame: true })).toBe(false);
  });

  it.each<Permission>([
    'media',
    'geolocation',
    'clipboard-read',
    'clipboard-sanitized-write',
    'openExternal',
    'fullscreen',
    'pointerLock',
    'display-capture',
    'local-fonts',
    'usb',
    'unknown',
  ])('denies %s even to our renderer', async (permission) => {
    const shell = await launch();
    const ours = shell.window().webContents;
    expect(await shell.session.requestPermission(ours, permission, mainFrame(OURS))).toBe(false);
    expect(shell.session.checkPermission(ours, permission, 'file:///', mainFrame(OURS))).toBe(
      false,
    );
  });

  it('denies devices', async () => {
    const { session } = await launch();
    expect(session.deviceHandler).not.toBeNull();
    const details = { deviceType: 'usb', origin: 'file:///' } as Parameters<
      NonNullable<typeof session.deviceHandler>
    >[0];
    expect(session.deviceHandler!(details)).toBe(false);
  });
});

describe('session web requests', () => {
  it('lets the page load only the files of the renderer build', async () => {
    const { webRequest } = (await launch()).session;
    expect(await webRequest.request(OURS, 'mainFrame')).toBe(true);
    expect(await webRequest.request('file:///app/dist/renderer/assets/index.js', 'script')).toBe(
      true,
    );
    for (const url of [
      'file:///etc/passwd',
      'file:///app/dist/electron/main.cjs',
      'file:///app/dist/renderer/%2e%2e/electron/main.cjs',
      'file://server/share/x.js',
      EVIL,
      'http://127.0.0.1:5173/',
      'ws://127.0.0.1:5280/xmpp-websocket',
      'wss://evil.example/socket',
    ]) {
      expect(await webRequest.request(url), url).toBe(false);
    }
  });

  it('lets the page reach the dev server (and its HMR socket) when there is one', async () => {
    const { webRequest } = (await launch({ env: { HUTONG_DEV_URL: 'http://localhost:5173/' } }))
      .session;
    expect(await webRequest.request('http://localhost:5173/src/main.tsx', 'script')).toBe(true);
    expect(await webRequest.request('ws://localhost:5173/', 'webSocket')).toBe(true);
    expect(await webRequest.request('http://localhost:8080/')).toBe(false);
    expect(await webRequest.request(EVIL)).toBe(false);
  });

  it('replaces any CSP a response carries with ours', async () => {
    const { webRequest } = (await launch()).session;
    const headers = await webRequest.respond('http://localhost:5173/', {
      'content-security-policy': ["default-src *; script-src 'unsafe-eval'"],
      'content-type': ['text/html'],
    });
    expect(headers?.['content-security-policy']).toBeUndefined();
    expect(headers?.['content-type']).toEqual(['text/html']);
    const [csp] = headers?.['Content-Security-Policy'] as string[];
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
  });
});
