/**
 * The shell's navigation guard, through its real wiring (startShell on the Electron stand-in):
 * every webContents stays on our renderer page, opens no window and attaches no <webview>, and a
 * link leaves the app only through the confirmed link.open request, as an http(s) address.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { cleanUpLaunches, launch, OURS, REQUEST } from './shellLaunch';

afterEach(cleanUpLaunches);

/** Addresses a page must never reach (a message is written by a stranger). */
const FOREIGN = [
  'https://evil.example/',
  'http://localhost:5173/',
  'file:///etc/passwd',
  'file:///app/dist/renderer/other.html',
  'file://server/app/dist/renderer/index.html',
  'javascript:alert(1)',
  'data:text/html,<script>alert(1)</script>',
  'about:blank',
  'xmpp:mallory@evil.example?message',
  'smb://evil.example/share',
  'ms-settings:privacy',
  'chrome://gpu',
  'devtools://devtools/bundled/inspector.html',
];

describe('navigation (wired by startShell)', () => {
  it('loads our renderer into the guarded window', async () => {
    const shell = await launch();
    expect(shell.windows).toHaveLength(1);
    expect(shell.window().webContents.getURL()).toBe(OURS);
  });

  it.each(FOREIGN)('keeps the main frame off %s', async (url) => {
    const contents = (await launch()).window().webContents;
    expect(contents.navigate(url)).toBe(false);
    expect(contents.getURL()).toBe(OURS);
  });

  it.each(['will-navigate', 'will-frame-navigate'] as const)(
    'refuses a foreign main-frame navigation in %s alone',
    async (name) => {
      const contents = (await launch()).window().webContents;
      for (const url of FOREIGN) expect(contents.navigationEventAllows(name, url), url).toBe(false);
      expect(contents.navigationEventAllows(name, `${OURS}#/`)).toBe(true);
    },
  );

  it('lets our own page reload and change its route', async () => {
    const contents = (await launch()).window().webContents;
    expect(contents.navigate(`${OURS}#/chat`)).toBe(true);
    expect(contents.navigate(`${OURS}?lang=zh`)).toBe(true);
    expect(contents.getURL()).toBe(`${OURS}?lang=zh`);
  });

  it('keeps a subframe off anything but our page, should one ever exist', async () => {
    const contents = (await launch()).window().webContents;
    const frame = contents.mainFrame.child(OURS);
    for (const url of FOREIGN) expect(contents.navigateFrame(frame, url)).toBe(false);
    expect(frame.url).toBe(OURS);
  });

  it('refuses a redirect to anywhere but our page, in any frame', async () => {
    const contents = (await launch()).window().webContents;
    for (const url of FOREIGN) {
      expect(contents.redirect(url)).toBe(false);
      expect(contents.redirect(url, false)).toBe(false);
    }
    expect(contents.redirect(`${OURS}#/`)).toBe(true);
  });

  it.each([...FOREIGN, OURS, 'https://xmpp.org/'])('denies window.open(%s)', async (url) => {
    const shell = await launch();
    const contents = shell.window().webContents;
    expect(contents.open({ url })).toEqual({ action: 'deny' });
    expect(contents.open({ url, disposition: 'new-window', features: 'popup' })).toEqual({
      action: 'deny',
    });
    // Not routed to the system browser either: only the confirmed link.open request opens links.
    expect(shell.openedExternally).toEqual([]);
    expect(shell.windows).toHaveLength(1);
  });

  it('refuses every <webview>', async () => {
    const contents = (await launch()).window().webContents;
    expect(contents.attachWebview({ src: 'https://evil.example/' })).toBe(false);
    expect(contents.attachWebview({ src: OURS, preload: 'file:///tmp/evil.js' })).toBe(false);
  });

  it('guards webContents the app did not create itself (a devtools page, a guest)', async () => {
    const shell = await launch();
    const other = shell.app.createWebContents(OURS);
    expect(other.navigate('https://evil.example/')).toBe(false);
    expect(other.open({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    expect(other.attachWebview({ src: 'https://evil.example/' })).toBe(false);
    expect(other.redirect('https://evil.example/')).toBe(false);
  });

  it('guards a webContents created before the app is ready', async () => {
    const shell = await launch({ ready: false });
    const early = shell.app.createWebContents();
    expect(early.navigate('https://evil.example/')).toBe(false);
    expect(early.open({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
  });
});

describe('links (link.open through IPC, wired by startShell)', () => {
  const open = async (url: string) => {
    const shell = await launch();
    const result = await shell.window().webContents.invoke(REQUEST, ['link.open', { url }]);
    return { result, opened: shell.openedExternally };
  };

  it.each([
    ['https://xmpp.org/extensions/', 'https://xmpp.org/extensions/'],
    ['http://example.com', 'http://example.com/'],
    // What the system browser gets is the address as checked, not the string that was sent.
    ['  https://EXAMPLE.com/a b', 'https://example.com/a%20b'],
    ['https://exa\tmple.com/', 'https://example.com/'],
  ])('opens %j in the system browser as %s', async (url, expected) => {
    const { result, opened } = await open(url);
    expect(result).toEqual({ ok: true, value: null });
    expect(opened).toEqual([expected]);
  });

  it.each([
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,hi',
    'xmpp:alice@example.org',
    'mailto:alice@example.org',
    'smb://evil.example/share',
    'ms-settings:privacy',
    'vscode://file/etc/passwd',
    'https:',
    'not a url',
  ])('refuses to open %s', async (url) => {
    const { result, opened } = await open(url);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-params' } });
    expect(opened).toEqual([]);
  });

  it('opens nothing for a page that is not ours, even an http(s) link', async () => {
    const shell = await launch();
    const contents = shell.window().webContents;
    const subframe = contents.mainFrame.child(OURS);
    await expect(
      contents.invoke(REQUEST, ['link.open', { url: 'https://xmpp.org/' }], { frame: subframe }),
    ).rejects.toThrow('Refused');
    const other = shell.app.createWebContents(OURS);
    await expect(
      other.invoke(REQUEST, ['link.open', { url: 'https://xmpp.org/' }]),
    ).rejects.toThrow('Refused');
    expect(shell.openedExternally).toEqual([]);
  });
});
