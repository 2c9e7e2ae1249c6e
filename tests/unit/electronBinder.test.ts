/**
 * The Electron IPC binder with a stand-in ipcMain: requests are served only to our window's main
 * frame while it shows our page, events reach that window only, in batches, and a result leaves
 * after the events emitted before it.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../electron/ipc/channels';
import { bindElectronIpc, createElectronEmit } from '../../electron/ipc/electronBinder';
import { ok } from '../../shared/errors';

const OUR_URL = 'file:///app/dist/renderer/index.html';
const isRendererUrl = (url: string) => url.startsWith(OUR_URL);

function fakeContents(): WebContents {
  return { isDestroyed: () => false, send: vi.fn() } as unknown as WebContents;
}

function setup() {
  let handler: ((event: IpcMainInvokeEvent, ...args: unknown[]) => unknown) | undefined;
  const ipcMain = {
    handle: (channel: string, fn: typeof handler) => {
      expect(channel).toBe(CHANNELS.request);
      handler = fn;
    },
    removeHandler: vi.fn(),
  } as unknown as IpcMain;
  const ours = fakeContents();
  const dispatch = vi.fn(async (name: unknown) => ok({ name }));
  const unbind = bindElectronIpc({ ipcMain, dispatch, target: () => ours, isRendererUrl });
  const invoke = async (event: Partial<IpcMainInvokeEvent>, name: unknown, params: unknown) =>
    handler!(event as IpcMainInvokeEvent, name, params);
  return { ours, dispatch, invoke, unbind, ipcMain };
}

const mainFrame = (url: string) => ({ url, parent: null });

describe('electron binder', () => {
  it('serves our window main frame', async () => {
    const { ours, dispatch, invoke } = setup();
    const event = { sender: ours, senderFrame: mainFrame(`${OUR_URL}#/chat`) };
    await expect(invoke(event as never, 'app.info', {})).resolves.toEqual(ok({ name: 'app.info' }));
    expect(dispatch).toHaveBeenCalledWith('app.info', {});
  });

  it('refuses other webContents, subframes, foreign pages and destroyed frames', async () => {
    const { ours, dispatch, invoke } = setup();
    const refused = [
      { sender: fakeContents(), senderFrame: mainFrame(OUR_URL) },
      { sender: ours, senderFrame: { url: OUR_URL, parent: mainFrame(OUR_URL) } },
      { sender: ours, senderFrame: mainFrame('https://evil.example/') },
      { sender: ours, senderFrame: null },
    ];
    for (const event of refused) {
      await expect(invoke(event as never, 'app.info', {})).rejects.toThrow('Refused');
    }
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('unbinds', () => {
    const { unbind, ipcMain } = setup();
    unbind();
    expect(ipcMain.removeHandler).toHaveBeenCalledWith(CHANNELS.request);
  });

  it('emits batches to the window, and drops events while there is none', () => {
    const contents = fakeContents();
    let target: WebContents | null = null;
    const turns: (() => void)[] = [];
    const emit = createElectronEmit(
      () => target,
      (flush) => turns.push(flush),
    );
    emit('account.removed', { accountId: 'a' });
    turns.shift()!();
    target = contents;
    emit('account.removed', { accountId: 'a' });
    emit('account.removed', { accountId: 'b' });
    expect(contents.send).not.toHaveBeenCalled();
    turns.shift()!();
    expect(turns).toEqual([]);
    expect(contents.send).toHaveBeenCalledTimes(1);
    expect(contents.send).toHaveBeenCalledWith(CHANNELS.event, [
      { event: 'account.removed', payload: { accountId: 'a' } },
      { event: 'account.removed', payload: { accountId: 'b' } },
    ]);
  });

  it('sends the events a request caused before its result', async () => {
    const contents = fakeContents();
    const order: string[] = [];
    vi.mocked(contents.send).mockImplementation(() => order.push('events'));
    const emit = createElectronEmit(
      () => contents,
      () => undefined,
    );
    let handler: ((event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>) | undefined;
    const ipcMain = {
      handle: (_channel: string, fn: typeof handler) => (handler = fn),
      removeHandler: vi.fn(),
    } as unknown as IpcMain;
    const dispatch = vi.fn(async () => {
      emit('account.removed', { accountId: 'a' });
      return ok(null);
    });
    bindElectronIpc({
      ipcMain,
      dispatch,
      target: () => contents,
      isRendererUrl,
      flushEvents: emit.flush,
    });
    const event = { sender: contents, senderFrame: mainFrame(OUR_URL) };
    await handler!(event as never, 'account.remove', { accountId: 'a' }).then(() =>
      order.push('result'),
    );
    expect(order).toEqual(['events', 'result']);
  });
});
