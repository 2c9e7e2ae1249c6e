/**
 * The Electron IPC binder on the stand-in's ipcMain and webContents: a request is served only to
 * our window's main frame while it shows our page, with the service never called otherwise;
 * events reach that window only, in batches, and a result leaves after the events emitted
 * before it. The same checks run once more through startShell's wiring.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../electron/ipc/channels';
import { bindElectronIpc, createElectronEmit } from '../../electron/ipc/electronBinder';
import { ok } from '../../shared/errors';
import { FakeIpcMain, FakeWebContents } from './electronStandIn';
import { cleanUpLaunches, launch, OURS, REQUEST } from './shellLaunch';

const isRendererUrl = (url: string) => url.split(/[?#]/)[0] === OURS;

function setup() {
  const ipcMain = new FakeIpcMain();
  const ours = new FakeWebContents(ipcMain, OURS);
  let window: FakeWebContents | null = ours;
  const dispatch = vi.fn(async (name: unknown, params: unknown) => ok({ name, params }));
  const unbind = bindElectronIpc({ ipcMain, dispatch, target: () => window, isRendererUrl });
  const closeWindow = () => (window = null);
  return { ipcMain, ours, dispatch, unbind, closeWindow };
}

describe('electron binder: who may ask', () => {
  it("serves our window's main frame, and dispatches what it sent", async () => {
    const { ours, dispatch } = setup();
    const params = { accountId: 'alice@example.org', nested: { list: [1, 2] } };
    await expect(ours.invoke(CHANNELS.request, ['account.remove', params])).resolves.toEqual(
      ok({ name: 'account.remove', params }),
    );
    ours.load(`${OURS}#/chat`);
    await ours.invoke(CHANNELS.request, ['app.info', undefined]);
    expect(dispatch.mock.calls).toEqual([
      ['account.remove', params],
      ['app.info', undefined],
    ]);
  });

  it('refuses, without calling the service:', async () => {
    const { ipcMain, ours, dispatch } = setup();
    const refused: [what: string, send: () => Promise<unknown>][] = [
      [
        'another webContents showing our page',
        () => new FakeWebContents(ipcMain, OURS).invoke(CHANNELS.request, ['app.info', {}]),
      ],
      [
        'a subframe of our page holding our page',
        () =>
          ours.invoke(CHANNELS.request, ['app.info', {}], { frame: ours.mainFrame.child(OURS) }),
      ],
      [
        'a subframe of another origin',
        () =>
          ours.invoke(CHANNELS.request, ['app.info', {}], {
            frame: ours.mainFrame.child('https://evil.example/'),
          }),
      ],
      [
        'a frame gone before the handler ran (senderFrame null)',
        () => ours.invoke(CHANNELS.request, ['app.info', {}], { frame: null }),
      ],
    ];
    for (const [what, send] of refused) {
      await expect(send(), what).rejects.toThrow(
        `Error invoking remote method '${CHANNELS.request}': Error: Refused`,
      );
    }
    expect(dispatch).not.toHaveBeenCalled();
  });

  it.each([
    'https://evil.example/',
    'file:///app/dist/renderer/other.html',
    'file:///etc/passwd',
    'about:blank',
    'data:text/html,hi',
    'devtools://devtools/bundled/inspector.html',
  ])('refuses our window once it shows %s', async (url) => {
    const { ours, dispatch } = setup();
    ours.load(url);
    await expect(ours.invoke(CHANNELS.request, ['app.info', {}])).rejects.toThrow('Refused');
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('refuses a frame that navigated elsewhere in place (its url is no longer ours)', async () => {
    const { ours, dispatch } = setup();
    const frame = ours.mainFrame;
    frame.url = 'https://evil.example/';
    await expect(ours.invoke(CHANNELS.request, ['app.info', {}], { frame })).rejects.toThrow(
      'Refused',
    );
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('refuses everyone while there is no window, or once it is destroyed', async () => {
    const { ipcMain, ours, dispatch, closeWindow } = setup();
    ours.destroy();
    await expect(ours.invoke(CHANNELS.request, ['app.info', {}])).rejects.toThrow('Refused');
    closeWindow();
    const fresh = new FakeWebContents(ipcMain, OURS);
    await expect(fresh.invoke(CHANNELS.request, ['app.info', {}])).rejects.toThrow('Refused');
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('binds one handler and unbinds it (Electron refuses a second handler for a channel)', async () => {
    const { ipcMain, ours, unbind } = setup();
    expect(() =>
      bindElectronIpc({ ipcMain, dispatch: vi.fn(), target: () => ours, isRendererUrl }),
    ).toThrow('second handler');
    unbind();
    await expect(ours.invoke(CHANNELS.request, ['app.info', {}])).rejects.toThrow(
      'No handler registered',
    );
  });
});

describe('electron binder: events', () => {
  it('emits batches to the window, and drops events while there is none', () => {
    const contents = new FakeWebContents(new FakeIpcMain(), OURS);
    let target: FakeWebContents | null = null;
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
    expect(contents.sent).toEqual([]);
    turns.shift()!();
    expect(turns).toEqual([]);
    expect(contents.sent).toEqual([
      {
        channel: CHANNELS.event,
        args: [
          [
            { event: 'account.removed', payload: { accountId: 'a' } },
            { event: 'account.removed', payload: { accountId: 'b' } },
          ],
        ],
      },
    ]);
    // A window that is gone gets nothing (sending to it would throw).
    contents.destroy();
    emit('account.removed', { accountId: 'c' });
    expect(() => turns.shift()!()).not.toThrow();
  });
});

describe('electron binder, wired by startShell', () => {
  afterEach(cleanUpLaunches);

  it("serves our window's page and sends a request's events before its result", async () => {
    const shell = await launch();
    const contents = shell.window().webContents;
    const order: string[] = [];
    const send = contents.send.bind(contents);
    contents.send = (channel, ...args) => (order.push(channel), send(channel, ...args));
    const answer = contents.invoke(REQUEST, ['account.remove', { accountId: 'alice@example.org' }]);
    await expect(answer.then((result) => (order.push('result'), result))).resolves.toEqual(
      ok(null),
    );
    expect(order).toEqual([CHANNELS.event, 'result']);
    await expect(contents.invoke(REQUEST, ['no.such', {}])).resolves.toMatchObject({
      ok: false,
      error: { code: 'unknown-request' },
    });
  });

  it('refuses other pages, frames and windows without calling the service', async () => {
    const shell = await launch();
    const contents = shell.window().webContents;
    const ask = (from: FakeWebContents, frame?: Parameters<FakeWebContents['invoke']>[2]) =>
      expect(from.invoke(REQUEST, ['app.info', {}], frame)).rejects.toThrow('Refused');
    await ask(shell.app.createWebContents(OURS));
    await ask(contents, { frame: contents.mainFrame.child(OURS) });
    await ask(contents, { frame: null });
    contents.load('https://evil.example/');
    await ask(contents);
    expect(shell.served).not.toHaveBeenCalled();
    shell.window().close();
    await ask(shell.app.createWebContents(OURS));
    expect(shell.served).not.toHaveBeenCalled();
  });
});
