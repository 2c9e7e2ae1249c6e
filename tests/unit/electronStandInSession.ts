/**
 * A stand-in for Electron's Session: the permission handlers and the webRequest listeners the
 * shell sets (same rules as electronStandIn.ts: Picks of Electron's declarations, Electron's own
 * detail types). Electron grants a permission that has no handler and lets through a request that
 * no listener filters, and so does this.
 */
import type {
  OnBeforeRequestListenerDetails,
  OnHeadersReceivedListenerDetails,
  Session,
  WebRequest,
  WebRequestFilter,
} from 'electron';
import type { FakeWebContents } from './electronStandIn';

type RequestHandler = Parameters<Session['setPermissionRequestHandler']>[0];
type CheckHandler = Parameters<Session['setPermissionCheckHandler']>[0];
type DeviceHandler = Parameters<Session['setDevicePermissionHandler']>[0];
export type Permission = Parameters<Exclude<CheckHandler, null>>[1];
// The last overload of each (listener only) is what Parameters<> sees.
type BeforeRequest = Parameters<WebRequest['onBeforeRequest']>[0];
type HeadersReceived = Parameters<WebRequest['onHeadersReceived']>[0];

/** A WebRequest URL pattern such as `https://*\/*` as a RegExp (`*` matches anything). */
function matches(pattern: string, url: string): boolean {
  const source = pattern.split('*').map((part) => part.replace(/[.?+^$()[\]{}|\\/]/g, '\\$&'));
  return new RegExp(`^${source.join('.*')}$`).test(url);
}

export class FakeWebRequest implements Pick<WebRequest, 'onBeforeRequest' | 'onHeadersReceived'> {
  // Electron keeps one listener per event: setting one replaces the last.
  private before: { filter: WebRequestFilter | null; listener: BeforeRequest } | null = null;
  private headers: HeadersReceived = null;
  onBeforeRequest(filter: WebRequestFilter, listener: BeforeRequest): void;
  onBeforeRequest(listener: BeforeRequest): void;
  onBeforeRequest(a: WebRequestFilter | BeforeRequest, b?: BeforeRequest): void {
    this.before =
      typeof a === 'function' || a === null
        ? { filter: null, listener: a }
        : { filter: a, listener: b ?? null };
  }
  onHeadersReceived(filter: WebRequestFilter, listener: HeadersReceived): void;
  onHeadersReceived(listener: HeadersReceived): void;
  onHeadersReceived(a: WebRequestFilter | HeadersReceived, b?: HeadersReceived): void {
    this.headers = typeof a === 'function' || a === null ? a : (b ?? null);
  }

  /** Whether the request goes out: unfiltered URLs and no listener let it through. */
  async request(
    url: string,
    resourceType: OnBeforeRequestListenerDetails['resourceType'] = 'xhr',
  ): Promise<boolean> {
    const listener = this.before?.listener;
    const filter = this.before?.filter;
    if (!listener || (filter && !filter.urls.some((pattern) => matches(pattern, url)))) return true;
    const details: OnBeforeRequestListenerDetails = {
      id: 1,
      url,
      method: 'GET',
      resourceType,
      referrer: '',
      timestamp: Date.now(),
      uploadData: [],
    };
    return new Promise((resolve) =>
      listener(details, (response) => resolve(response.cancel !== true)),
    );
  }

  /** The headers the page sees for a response with `responseHeaders`. */
  async respond(url: string, responseHeaders: Record<string, string[]>) {
    const listener = this.headers;
    if (!listener) return responseHeaders;
    const details: OnHeadersReceivedListenerDetails = {
      id: 2,
      url,
      method: 'GET',
      resourceType: 'mainFrame',
      referrer: '',
      timestamp: Date.now(),
      statusLine: 'HTTP/1.1 200 OK',
      statusCode: 200,
      responseHeaders,
    };
    return new Promise<Record<string, string | string[]> | undefined>((resolve) =>
      listener(details, (response) =>
        resolve(response.cancel ? undefined : (response.responseHeaders ?? responseHeaders)),
      ),
    );
  }
}

export class FakeSession implements Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler'
> {
  readonly webRequest = new FakeWebRequest();
  private requestHandler: RequestHandler = null;
  private checkHandler: CheckHandler = null;
  deviceHandler: DeviceHandler = null;
  setPermissionRequestHandler(handler: RequestHandler): void {
    this.requestHandler = handler;
  }
  setPermissionCheckHandler(handler: CheckHandler): void {
    this.checkHandler = handler;
  }
  setDevicePermissionHandler(handler: DeviceHandler): void {
    this.deviceHandler = handler;
  }

  /** Notification.requestPermission() and the like; Electron grants when no handler is set. */
  requestPermission(
    contents: FakeWebContents,
    permission: Permission,
    details: { isMainFrame: boolean; requestingUrl: string },
  ): Promise<boolean> {
    const handler = this.requestHandler;
    if (!handler) return Promise.resolve(true);
    return new Promise((resolve) => handler(contents as never, permission, resolve, details));
  }

  /** Notification.permission and the like; the webContents may be null, requestingUrl missing. */
  checkPermission(
    contents: FakeWebContents | null,
    permission: Permission,
    origin: string,
    details: { isMainFrame: boolean; requestingUrl?: string },
  ): boolean {
    return this.checkHandler
      ? this.checkHandler(contents as never, permission, origin, details)
      : true;
  }
}
