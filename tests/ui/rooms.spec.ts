/**
 * Group chats through the UI on the real Prosody: finding the group-chat service and its public
 * rooms, creating and joining a room, talking with another occupant (a plain client), the people
 * list with roles, moderation as the owner (subject, kick, the configuration form), invitations
 * as requests, and the room entered again after a restart. Each test has users of its own.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as plain, type Page } from '@playwright/test';
import { xml, type Client } from '@xmpp/client';
import type { Element } from '@xmpp/xml';
import { tokenize } from '../../renderer/features/links/linkify';
import { startHost } from './chatHelpers';
import {
  accountStatus,
  expect,
  fillSignIn,
  otherDevice,
  SCREENSHOTS,
  test,
  trustCertificate,
  type UiXmppServer,
} from './fixtures';
import { catalog, keys } from './catalogKeys';

plain('a room link in a message opens the join dialog; other xmpp: actions stay text', () => {
  expect(tokenize('come to xmpp:tea@conference.example.org?join, now')).toEqual([
    { kind: 'text', text: 'come to ' },
    {
      kind: 'room',
      text: 'xmpp:tea@conference.example.org?join',
      room: 'tea@conference.example.org',
    },
    { kind: 'text', text: ', now' },
  ]);
  expect(tokenize('xmpp:bob@example.org?message;body=hi')).toEqual([
    { kind: 'text', text: 'xmpp:bob@example.org?message;body=hi' },
  ]);
});

plain('room catalogs carry the same keys in en and zh-CN', () => {
  expect(keys(catalog('rooms.zh-CN')).sort()).toEqual(keys(catalog('rooms.en')).sort());
});

const unique = () => Math.random().toString(36).slice(2, 8);

async function signIn(page: Page, xmpp: UiXmppServer, user: string) {
  await fillSignIn(page, xmpp, { user });
  await trustCertificate(page);
  await expect(accountStatus(page, `${user}@${xmpp.domain}`)).toHaveText('Connected');
}

/** A plain client in the room under `nick`; resolves once the room let it in. */
async function occupant(xmpp: UiXmppServer, user: string, room: string, nick: string) {
  const entity = await otherDevice(xmpp, user);
  const stanzas: Element[] = [];
  entity.on('stanza', (s: Element) => stanzas.push(s));
  await entity.send(xml('presence'));
  await entity.send(
    xml(
      'presence',
      { to: `${room}/${nick}` },
      xml('x', { xmlns: 'http://jabber.org/protocol/muc' }, xml('history', { maxstanzas: '0' })),
    ),
  );
  await expect
    .poll(() =>
      stanzas.some(
        (s) =>
          s.is('presence') &&
          s.attrs.from === `${room}/${nick}` &&
          s.getChild('x', 'http://jabber.org/protocol/muc#user') !== undefined,
      ),
    )
    .toBe(true);
  return {
    entity,
    stanzas,
    say: (body: string) =>
      entity.send(xml('message', { to: room, type: 'groupchat' }, xml('body', {}, body))),
    stop: () => entity.stop().catch(() => undefined),
  };
}

async function joinByDialog(page: Page, address: string, nick?: string) {
  await page.getByRole('button', { name: 'Join a group chat' }).click();
  const dialog = page.getByRole('dialog', { name: 'Join a group chat' });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel('Room address').fill(address);
  if (nick) await dialog.getByLabel('Nickname').fill(nick);
  await dialog.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(dialog).toBeHidden();
}

test('creates a room, talks in it, sees who is there and moderates it as its owner', async ({
  page,
  xmpp,
}) => {
  const name = `teahouse-${unique()}`;
  const room = `${name}@conference.${xmpp.domain}`;
  await signIn(page, xmpp, 'rita');

  await page.getByRole('button', { name: 'Join a group chat' }).click();
  const dialog = page.getByRole('dialog', { name: 'Join a group chat' });
  // The service is found by discovery: a bare name is enough.
  await dialog.getByLabel('Room address').fill(name);
  await expect(dialog.getByLabel('Nickname')).toHaveValue('rita');
  await dialog.getByLabel('Nickname').fill('Rita');
  await page.screenshot({ path: join(SCREENSHOTS, 'room-join.png') });
  await dialog.getByRole('button', { name: 'Join', exact: true }).click();
  await expect(dialog).toBeHidden();

  const pane = page.getByRole('region', { name });
  await expect(pane.getByRole('heading', { name })).toBeVisible();
  const people = page.getByRole('complementary', { name: `People in ${name}` });
  await expect(people.getByRole('region', { name: /Owners/ }).getByRole('listitem')).toHaveText(
    /Rita/,
  );

  const ross = await occupant(xmpp, 'ross', room, 'Ross');
  try {
    await expect(people.getByRole('listitem', { name: 'Ross' })).toBeVisible();
    // Arrivals are told in one quiet line, not between the messages.
    await expect(page.getByRole('status', { name: 'Joins and leaves' })).toHaveText(/Ross joined/);
    await ross.say('Rita, the tea is ready');
    const log = page.getByRole('log', { name });
    await expect(log.getByText('Rita, the tea is ready')).toBeVisible();
    await expect(log.getByText('Ross', { exact: true })).toBeVisible();
    // It names her: marked as a mention.
    await expect(log.getByText('Mentions you')).toBeVisible();
    // A room link in a message opens the join dialog, filled in; nothing is joined by itself.
    const other = `annex-${unique()}@conference.${xmpp.domain}`;
    await ross.say(`More tea at xmpp:${other}?join`);
    await log.getByRole('button', { name: `xmpp:${other}?join` }).click();
    const linked = page.getByRole('dialog', { name: 'Join a group chat' });
    await expect(linked.getByLabel('Room address')).toHaveValue(other);
    await linked.getByRole('button', { name: 'Cancel' }).click();

    const composer = page.getByRole('textbox', { name: `Message to ${name}` });
    await composer.fill('Coming!');
    await composer.press('Enter');
    await expect
      .poll(() => ross.stanzas.some((s) => s.getChildText('body') === 'Coming!'))
      .toBe(true);
    await expect(log.getByText('Coming!')).toBeVisible();

    // Subject, from the room menu.
    await page.getByRole('button', { name: `Room options for ${name}` }).click();
    await page.getByRole('menuitem', { name: 'Change subject' }).click();
    const subjectDialog = page.getByRole('dialog', { name: `Subject of ${name}` });
    await subjectDialog.getByLabel('Subject').fill('Oolong tonight');
    await subjectDialog.getByRole('button', { name: 'Set subject' }).click();
    await expect(pane.getByText('Oolong tonight')).toBeVisible();
    await expect
      .poll(() => ross.stanzas.some((s) => s.getChildText('subject') === 'Oolong tonight'))
      .toBe(true);
    // Our nickname: a taken one is refused in place; another is taken and everyone sees it.
    await page.getByRole('button', { name: `Room options for ${name}` }).click();
    await page.getByRole('menuitem', { name: 'Change your nickname' }).click();
    const nickDialog = page.getByRole('dialog', { name: `Your nickname in ${name}` });
    await expect(nickDialog.getByLabel(/Nickname/)).toHaveValue('Rita');
    await nickDialog.getByLabel(/Nickname/).fill('Ross');
    await nickDialog.getByRole('button', { name: 'Change nickname' }).click();
    await expect(
      nickDialog.getByText('Someone in the room already uses that nickname.'),
    ).toBeVisible();
    await nickDialog.getByLabel(/Nickname/).fill('Rita 丽塔');
    await nickDialog.getByRole('button', { name: 'Change nickname' }).click();
    await expect(nickDialog).toBeHidden();
    await expect(people.getByRole('region', { name: /Owners/ }).getByRole('listitem')).toHaveText(
      /Rita 丽塔/,
    );
    await expect
      .poll(() =>
        ross.stanzas.some((s) => s.is('presence') && s.attrs.from === `${room}/Rita 丽塔`),
      )
      .toBe(true);

    // An invitation from the room menu: the room is open, so it goes straight from us.
    await page.getByRole('button', { name: `Room options for ${name}` }).click();
    await page.getByRole('menuitem', { name: 'Invite someone' }).click();
    const invite = page.getByRole('dialog', { name: `Invite someone to ${name}` });
    await invite.getByLabel('Their address').fill(`ross@${xmpp.domain}`);
    await invite.getByLabel(/Message/).fill('Bring cups');
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await expect(invite).toBeHidden();
    await expect
      .poll(() =>
        ross.stanzas.some(
          (s) => s.getChild('x', 'jabber:x:conference')?.attrs.reason === 'Bring cups',
        ),
      )
      .toBe(true);

    await page.screenshot({ path: join(SCREENSHOTS, 'room-light.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: join(SCREENSHOTS, 'room-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });

    // Kick, from Ross's menu in the people list.
    await people.getByRole('listitem', { name: 'Ross' }).hover();
    await people.getByRole('button', { name: 'Actions for Ross' }).click();
    await page.getByRole('menuitem', { name: 'Remove from room' }).click();
    const kick = page.getByRole('dialog', { name: 'Remove Ross from the room?' });
    await kick.getByLabel(/Reason/).fill('Closing time');
    await kick.getByRole('button', { name: 'Remove', exact: true }).click();
    await expect(people.getByRole('listitem', { name: 'Ross' })).toBeHidden();
    await expect
      .poll(() =>
        ross.stanzas.some(
          (s) =>
            s.attrs.type === 'unavailable' &&
            s
              .getChild('x', 'http://jabber.org/protocol/muc#user')
              ?.getChildren('status')
              .some((st) => st.attrs.code === '307'),
        ),
      )
      .toBe(true);
  } finally {
    await ross.stop();
  }
});

test('renders the room configuration form and applies it', async ({ page, xmpp }) => {
  const name = `garden-${unique()}`;
  await signIn(page, xmpp, 'vera');
  await joinByDialog(page, name, 'Vera');
  await page.getByRole('button', { name: `Room options for ${name}` }).click();
  await page.getByRole('menuitem', { name: 'Room settings' }).click();
  const config = page.getByRole('dialog', { name: /Configuration|Settings of/ });
  await expect(config).toBeVisible();
  // Prosody's own form: its title field, a boolean, a list.
  const title = config.getByRole('textbox', { name: /Title/ });
  await expect(title).toBeVisible();
  await title.fill('Tea Garden');
  await page.screenshot({ path: join(SCREENSHOTS, 'room-config.png') });
  await config.getByRole('button', { name: 'Save settings' }).click();
  await expect(config).toBeHidden();
  await expect(page.getByRole('heading', { name: 'Tea Garden', exact: true })).toBeVisible();

  // Another room replaces it in the pane (one conversation, one people list at a time).
  const second = `pond-${unique()}`;
  await joinByDialog(page, second, 'Vera');
  await expect(page.getByRole('heading', { name: second, exact: true })).toBeVisible();
  await expect(page.getByRole('textbox', { name: /^Message to/ })).toHaveCount(1);
  await expect(page.getByRole('complementary', { name: /^People in/ })).toHaveCount(1);
});

test('groups people as 群主 and 参与者 in Simplified Chinese', async ({ page, xmpp }) => {
  const name = `chaguan-${unique()}`;
  const room = `${name}@conference.${xmpp.domain}`;
  await signIn(page, xmpp, 'walt');
  await page.getByLabel('Language').selectOption('zh-CN');
  await page.getByRole('button', { name: '加入群聊' }).click();
  const dialog = page.getByRole('dialog', { name: '加入群聊' });
  await dialog.getByLabel('群聊地址').fill(name);
  await dialog.getByRole('button', { name: '加入', exact: true }).click();
  await expect(dialog).toBeHidden();
  const people = page.getByRole('complementary', { name: `${name} 的群成员` });
  await expect(people.getByRole('heading', { name: /群主/ })).toBeVisible();
  const guest = await occupant(xmpp, 'xena', room, '小明');
  try {
    await expect(people.getByRole('heading', { name: /参与者/ })).toBeVisible();
    await expect(people.getByRole('listitem', { name: '小明' })).toBeVisible();
    await page.screenshot({ path: join(SCREENSHOTS, 'room-zh-CN.png') });
  } finally {
    await guest.stop();
  }
});

test('an invitation is a request; a room that shows real addresses warns first', async ({
  page,
  xmpp,
}) => {
  const name = `open-${unique()}`;
  const room = `${name}@conference.${xmpp.domain}`;
  const zoe = await occupant(xmpp, 'zoe', room, 'Zoe');
  try {
    // Zoe's new room shows everyone's real address (muc#roomconfig_whois = anyone).
    await zoe.entity.iqCaller.request(
      xml(
        'iq',
        { type: 'set', to: room },
        xml(
          'query',
          { xmlns: 'http://jabber.org/protocol/muc#owner' },
          xml(
            'x',
            { xmlns: 'jabber:x:data', type: 'submit' },
            xml(
              'field',
              { var: 'FORM_TYPE' },
              xml('value', {}, 'http://jabber.org/protocol/muc#roomconfig'),
            ),
            xml('field', { var: 'muc#roomconfig_whois' }, xml('value', {}, 'anyone')),
          ),
        ),
      ),
    );
    await signIn(page, xmpp, 'zack');
    await zoe.entity.send(
      xml(
        'message',
        { to: room },
        xml(
          'x',
          { xmlns: 'http://jabber.org/protocol/muc#user' },
          xml('invite', { to: `zack@${xmpp.domain}` }, xml('reason', {}, 'Come and see')),
        ),
      ),
    );
    const invitations = page.getByRole('region', { name: /1 invitation/ });
    const invitation = invitations.getByRole('listitem', { name: room });
    await expect(invitation).toContainText(`zoe@${xmpp.domain} invites you to ${room}`);
    await expect(invitation).toContainText('Come and see');
    await expect(invitation).toContainText('Not in your contacts');
    // Nothing is joined until Zack says so.
    await expect(page.getByRole('heading', { name, exact: true })).toBeHidden();
    await invitation.getByRole('button', { name: `Join ${room}` }).click();

    const dialog = page.getByRole('dialog', { name: 'Join a group chat' });
    await expect(dialog.getByLabel('Room address')).toHaveValue(room);
    await dialog.getByRole('button', { name: 'Join', exact: true }).click();
    await expect(dialog.getByRole('alert')).toContainText(
      `Everyone in this room can see your real address (zack@${xmpp.domain})`,
    );
    await page.screenshot({ path: join(SCREENSHOTS, 'room-warning.png') });
    await dialog.getByRole('button', { name: 'Join anyway' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('heading', { name, exact: true })).toBeVisible();
    // For as long as Zack is in, the room says that everyone there sees his address.
    await expect(
      page.getByRole('img', { name: 'Everyone in this room can see your address' }),
    ).toBeVisible();
    await expect(invitations).toBeHidden();
    await expect(
      page.getByRole('complementary', { name: `People in ${name}` }).getByRole('listitem', {
        name: 'Zoe',
      }),
    ).toBeVisible();
    await page.screenshot({ path: join(SCREENSHOTS, 'room-exposed.png') });
  } finally {
    await zoe.stop();
  }
});

plain('is back in its rooms after a restart', async ({ browser }) => {
  const xmpp = JSON.parse(process.env.HUTONG_UI_XMPP!) as UiXmppServer;
  const dataDir = mkdtempSync(join(tmpdir(), 'hutong-ui-rooms-'));
  const name = `return-${unique()}`;
  let host = await startHost(dataDir);
  try {
    let page = await browser.newPage();
    await page.goto(host.url);
    await signIn(page, xmpp, 'yuri');
    await joinByDialog(page, name, 'Yuri');
    await expect(
      page.getByRole('complementary', { name: `People in ${name}` }).getByRole('listitem'),
    ).toHaveText(/Yuri/);
    await page.close();
    await host.stop();

    host = await startHost(dataDir);
    page = await browser.newPage();
    await page.goto(host.url);
    const chats = page.getByRole('listbox', { name: 'Chats' });
    await chats.getByRole('option', { name: new RegExp(name) }).click();
    await expect(
      page.getByRole('complementary', { name: `People in ${name}` }).getByRole('listitem'),
    ).toHaveText(/Yuri/);
    await page.close();
  } finally {
    await host.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

export type { Client };
