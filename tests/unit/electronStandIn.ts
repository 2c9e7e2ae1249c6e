/**
 * A stand-in for the webContents, frames and IPC of Electron's main process, for unit tests of
 * the shell's real wiring (the binary cannot run on every machine). Each class `implements` a
 * Pick of Electron's own declaration, and every event it emits is built from Electron's named
 * types (Event<WebContentsWillNavigateEventParams>, HandlerDetails, IpcMainInvokeEvent...), so a
 * change in electron.d.ts fails the typecheck instead of letting the stand-in drift. Behaviour
 * follows Electron's docs: `event.preventDefault()` cancels, a missing window-open handler
 * allows, a result crosses IPC structured-cloned, a navigated-away frame is gone (senderFrame
 * null). The app and windows are in electronStandInApp.ts, the session in
 * electronStandInSession.ts.
 */
import { EventEmitter } from 'node:events';
import type {
  Event,
  HandlerDetails,
  IpcMain,
  IpcMainInvokeEvent,
  WebContents,
  WebContentsWillFrameNavigateEventParams,
  WebContentsWillNavigateEventParams,
  WebContentsWillRedirectEventParams,
  WebFrameMain,
  WebPreferences,
  WindowOpenHandlerResponse,
} from 'electron';

/** An Electron event: `params` plus preventDefault/defaultPrevented. */
export function electronEvent<P extends object>(params: P): Event<P> {
  const event = {
    ...params,
    defaultPrevented: false,
    preventDefault: () => void (event.defaultPrevented = true),
  };
  return event;
}

let nextId = 1;

/** A frame. `parent`/`top` are stand-ins too, hence not in the Pick. */
export class FakeFrame implements Pick<
  WebFrameMain,
  'url' | 'origin' | 'detached' | 'processId' | 'routingId' | 'isDestroyed'
> {
  readonly processId = 1;
  readonly routingId = nextId++;
  detached = false;
  readonly top: FakeFrame;
  constructor(
    public url: string,
    readonly parent: FakeFrame | null = null,
  ) {
    this.top = parent ? parent.top : this;
  }
  /** Like Chromium's: "null" for file: and other opaque origins. */
  get origin(): string {
    const { origin } = new URL(this.url);
    return origin === 'null' ? 'null' : origin;
  }
  isDestroyed = () => this.detached;
  /** An iframe in this frame. */
  child(url: string): FakeFrame {
    return new FakeFrame(url, this);
  }
}

type OpenHandler = Parameters<WebContents['setWindowOpenHandler']>[0];
type InvokeListener = Parameters<IpcMain['handle']>[1];

/** Electron's ipcMain.handle / removeHandler, and the renderer's invoke into it. */
export class FakeIpcMain implements Pick<IpcMain, 'handle' | 'removeHandler'> {
  readonly handlers = new Map<string, InvokeListener>();
  handle(channel: string, listener: InvokeListener): void {
    // Electron refuses a second handler for a channel rather than replacing the first.
    if (this.handlers.has(channel))
      throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }
}

export interface InvokeOptions {
  /** The sending frame; null when it navigated away or was destroyed before the handler ran. */
  readonly frame?: FakeFrame | null;
}

export class FakeWebContents
  extends EventEmitter
  implements Pick<WebContents, 'id' | 'getURL' | 'isDestroyed' | 'send' | 'setWindowOpenHandler'>
{
  readonly id = nextId++;
  mainFrame: FakeFrame;
  destroyed = false;
  /** What send() delivered, in order. */
  readonly sent: { channel: string; args: unknown[] }[] = [];
  private openHandler: OpenHandler | null = null;

  constructor(
    private readonly ipc: FakeIpcMain,
    url = 'about:blank',
  ) {
    super();
    this.mainFrame = new FakeFrame(url);
  }

  getURL = () => this.mainFrame.url;
  isDestroyed = () => this.destroyed;
  send(channel: string, ...args: unknown[]): void {
    if (this.destroyed) throw new Error('Object has been destroyed');
    this.sent.push({ channel, args: structuredClone(args) });
  }
  setWindowOpenHandler(handler: OpenHandler): void {
    this.openHandler = handler;
  }

  /** A programmatic load (loadURL): Electron emits no will-navigate for it. */
  load(url: string): void {
    this.commit(url);
  }

  /**
   * The page navigates its main frame (a link, `location = ...`): will-frame-navigate, then
   * will-navigate with the deprecated positional arguments too. True when it happened.
   */
  navigate(url: string): boolean {
    if (!this.navigationEventAllows('will-frame-navigate', url)) return false;
    if (!this.navigationEventAllows('will-navigate', url)) return false;
    this.commit(url);
    return true;
  }

  /**
   * One navigation event alone, for a guard that must hold by itself (Electron emits
   * will-frame-navigate first and skips will-navigate once it is prevented). True when allowed.
   */
  navigationEventAllows(name: 'will-navigate' | 'will-frame-navigate', url: string): boolean {
    if (name === 'will-frame-navigate') return this.emitFrameNavigate(url, this.mainFrame);
    const frame = this.mainFrame as unknown as WebFrameMain;
    const details: WebContentsWillNavigateEventParams = {
      url,
      isSameDocument: false,
      isMainFrame: true,
      frame,
      initiator: frame,
    };
    const event = electronEvent(details);
    this.emit('will-navigate', event, url, false, true, 1, this.mainFrame.routingId);
    return !event.defaultPrevented;
  }

  /** A subframe navigates: will-frame-navigate only. True when it happened. */
  navigateFrame(frame: FakeFrame, url: string): boolean {
    if (!this.emitFrameNavigate(url, frame)) return false;
    frame.url = url;
    return true;
  }

  /** A server redirect during a navigation. True when the navigation goes on. */
  redirect(url: string, isMainFrame = true): boolean {
    const details: WebContentsWillRedirectEventParams = {
      url,
      isSameDocument: false,
      isMainFrame,
      frame: this.mainFrame as unknown as WebFrameMain,
    };
    const event = electronEvent(details);
    this.emit('will-redirect', event, url, false, isMainFrame, 1, this.mainFrame.routingId);
    return !event.defaultPrevented;
  }

  /** window.open or a target=_blank link; Electron allows it when no handler is set. */
  open(details: Partial<HandlerDetails> & { url: string }): WindowOpenHandlerResponse {
    const full: HandlerDetails = {
      frameName: '',
      features: '',
      disposition: 'foreground-tab',
      referrer: { url: this.getURL(), policy: 'strict-origin-when-cross-origin' },
      ...details,
    };
    return this.openHandler ? this.openHandler(full) : { action: 'allow' };
  }

  /** A <webview> about to attach. True when it attaches. */
  attachWebview(params: Record<string, string>): boolean {
    const webPreferences: WebPreferences = { nodeIntegration: false };
    const event = electronEvent({});
    this.emit('will-attach-webview', event, webPreferences, params);
    return !event.defaultPrevented;
  }

  /**
   * ipcRenderer.invoke from a frame of this page (the main frame unless told). Rejects as
   * Electron does: no handler, or the handler threw; a result comes back structured-cloned.
   */
  async invoke(channel: string, args: unknown[], options: InvokeOptions = {}): Promise<unknown> {
    const frame = options.frame === undefined ? this.mainFrame : options.frame;
    const handler = this.ipc.handlers.get(channel);
    if (!handler) throw new Error(`No handler registered for '${channel}'`);
    const event: Omit<IpcMainInvokeEvent, 'sender' | 'senderFrame'> & {
      sender: FakeWebContents;
      senderFrame: FakeFrame | null;
    } = {
      ...electronEvent({}),
      type: 'frame',
      frameId: frame?.routingId ?? 0,
      processId: frame?.processId ?? 0,
      sender: this,
      senderFrame: frame,
    };
    // Arguments and result cross processes: structured-cloned both ways.
    const sent = structuredClone(args);
    try {
      return structuredClone(await handler(event as unknown as IpcMainInvokeEvent, ...sent));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`Error invoking remote method '${channel}': Error: ${message}`);
    }
  }

  destroy(): void {
    this.destroyed = true;
    this.mainFrame.detached = true;
    this.emit('destroyed');
  }

  private emitFrameNavigate(url: string, frame: FakeFrame): boolean {
    const details: WebContentsWillFrameNavigateEventParams = {
      url,
      isSameDocument: false,
      isMainFrame: frame.parent === null,
      frame: frame as unknown as WebFrameMain,
      initiator: frame as unknown as WebFrameMain,
    };
    const event = electronEvent(details);
    this.emit('will-frame-navigate', event);
    return !event.defaultPrevented;
  }

  /** A cross-document navigation replaces the main frame: the old one is gone. */
  private commit(url: string): void {
    this.mainFrame.detached = true;
    this.mainFrame = new FakeFrame(url);
  }
}
