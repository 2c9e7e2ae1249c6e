/**
 * The session's permission handlers against a stand-in of Electron's Session. The stand-in's
 * methods take exactly the handler types of Electron's own declarations (so typecheck fails if
 * they drift), and its `check`/`request` call them the way Electron does: the check handler for
 * `Notification.permission` (webContents may be null, requestingUrl may be missing), the request
 * handler for `Notification.requestPermission()`.
 */
import type { Session, WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { hardenSession } from '../../electron/shell/session';

type RequestHandler = Exclude<Parameters<Session['setPermissionRequestHandler']>[0], null>;
type CheckHandler = Exclude<Parameters<Session['setPermissionCheckHandler']>[0], null>;
type DeviceHandler = Exclude<Parameters<Session['setDevicePermissionHandler']>[0], null>;
type Permission = Parameters<RequestHandler>[1];

const OURS = 'file:///app/dist/renderer/index.html';
const isRendererUrl = (url: string) => url.split('#')[0] === OURS;

/** What Electron's webContents offers a permission handler to look at. */
function contents(url: string): WebContents {
  return { getURL: () => url, isDestroyed: () => false } as unknown as WebContents;
}

class FakeSession {
  requestHandler: RequestHandler | null = null;
  checkHandler: CheckHandler | null = null;
  deviceHandler: DeviceHandler | null = null;
  readonly webRequest = { onBeforeRequest: () => {}, onHeadersReceived: () => {} };

  setPermissionRequestHandler(handler: RequestHandler | null) {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: CheckHandler | null) {
    this.checkHandler = handler;
  }
  setDevicePermissionHandler(handler: DeviceHandler | null) {
    this.deviceHandler = handler;
  }

  /** Electron grants a permission when no handler is set; hardenSession must set both. */
  check(
    webContents: WebContents | null,
    permission: Permission,
    origin: string,
    details: { isMainFrame: boolean; requestingUrl?: string },
  ): boolean {
    return this.checkHandler ? this.checkHandler(webContents, permission, origin, details) : true;
  }

  request(
    webContents: WebContents,
    permission: Permission,
    details: { isMainFrame: boolean; requestingUrl: string },
  ): Promise<boolean> {
    if (!this.requestHandler) return Promise.resolve(true);
    return new Promise((resolve) =>
      this.requestHandler!(webContents, permission, resolve, details),
    );
  }
}

function hardened(): FakeSession {
  const session = new FakeSession();
  hardenSession(session as unknown as Session, {
    csp: "default-src 'none'",
    fileRoot: '/app/dist/renderer',
    isRendererUrl,
  });
  return session;
}

const mainFrame = (url: string) => ({ isMainFrame: true, requestingUrl: url });

describe('session permissions', () => {
  it('lets our renderer show desktop notifications', async () => {
    const session = hardened();
    expect(await session.request(contents(OURS), 'notifications', mainFrame(OURS))).toBe(true);
    expect(session.check(contents(OURS), 'notifications', 'file:///', mainFrame(OURS))).toBe(true);
    // A check Electron makes without a document URL: the webContents shows our page.
    expect(session.check(contents(OURS), 'notifications', 'file:///', { isMainFrame: true })).toBe(
      true,
    );
  });

  it('refuses notifications to any other page, frame or caller', async () => {
    const session = hardened();
    const evil = 'https://evil.example/';
    expect(await session.request(contents(evil), 'notifications', mainFrame(evil))).toBe(false);
    // Our window, but the request comes from a page that is not ours (a frame, a navigation).
    expect(await session.request(contents(OURS), 'notifications', mainFrame(evil))).toBe(false);
    expect(
      await session.request(contents(OURS), 'notifications', {
        isMainFrame: false,
        requestingUrl: OURS,
      }),
    ).toBe(false);
    expect(session.check(null, 'notifications', 'file:///', mainFrame(OURS))).toBe(false);
    expect(session.check(contents(evil), 'notifications', evil, mainFrame(OURS))).toBe(false);
    expect(session.check(contents(OURS), 'notifications', evil, mainFrame(evil))).toBe(false);
  });

  it.each<Permission>([
    'media',
    'geolocation',
    'clipboard-read',
    'openExternal',
    'fullscreen',
    'pointerLock',
    'unknown',
  ])('denies %s even to our renderer', async (permission) => {
    const session = hardened();
    expect(await session.request(contents(OURS), permission, mainFrame(OURS))).toBe(false);
    expect(session.check(contents(OURS), permission, 'file:///', mainFrame(OURS))).toBe(false);
  });

  it('denies devices', () => {
    const session = hardened();
    expect(session.deviceHandler).not.toBeNull();
    const details = { deviceType: 'usb', origin: 'file:///' } as Parameters<DeviceHandler>[0];
    expect(session.deviceHandler!(details)).toBe(false);
  });
});
