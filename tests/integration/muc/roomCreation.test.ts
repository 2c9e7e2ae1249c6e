// Creating groups through the main process on the real Prosody (issue 9, point 4): the address
// suggested and checked, each kind read back from what the room reports of itself, a refused
// configuration that leaves no room behind, and a room taken between the check and the entry
// that is left untouched. gwen and hank belong to this file (globalSetup).
import { describe, expect, it } from 'vitest';
import type { CreationStep, EventMessage, GroupKind } from '../../../shared/contract';
import { suggestLocalPart } from '../../../shared/groupAddress';
import { DiscoRefusal } from '../../../electron/disco';
import { buildAffiliationList } from '../../../electron/muc/admin';
import { createRoom } from '../../../electron/muc/roomCreation';
import { bare, server, token } from '../chat/helpers';
import { creatorDevice, roomFeatures } from './creationHelpers';
import { configure, enter } from './helpers';

const service = `conference.${server.domain}`;
/** A local part no earlier test or run has used. */
const fresh = (label: string) => token(label).toLowerCase();

function steps(events: readonly EventMessage[], room: string): CreationStep[] {
  return events.flatMap((e) =>
    e.event === 'room.creation' && e.payload.room === room ? [e.payload.step] : [],
  );
}

describe('the group-creation flow', () => {
  it('suggests an address the service takes, and checks addresses: free, taken, invalid', async () => {
    const gwen = await creatorDevice('gwen');
    const name = `Tea House ${fresh('tea')}`;
    const local = suggestLocalPart(name, Math.random);
    expect(local).toMatch(/^tea-house-tea-[a-z0-9-]+$/);
    const check = (l: string) =>
      gwen.rooms.checkAddress(gwen.accountId, service, l).then((r) => r.ok && r.value);
    expect(await check(local)).toEqual({ room: `${local}@${service}`, availability: 'free' });

    const made = await gwen.rooms.create({
      accountId: gwen.accountId,
      service,
      local,
      name,
      description: '',
      kind: 'public',
    });
    expect(made.ok && made.value.room).toMatchObject({ room: `${local}@${service}`, name });
    expect(await check(local)).toEqual({ room: `${local}@${service}`, availability: 'taken' });
    // Typed in capitals it is the same address.
    expect(await check(local.toUpperCase())).toMatchObject({ availability: 'taken' });
    for (const bad of ['', 'tea room', 'a/b', 'x@y', '-edge', 'x'.repeat(65)]) {
      expect(await check(bad)).toEqual({ room: '', availability: 'invalid' });
    }
    // A Han-only name gets a random ASCII address, which the service takes as well.
    const han = suggestLocalPart('茶馆', Math.random);
    expect(han).toMatch(/^group-[a-z2-9]{6}$/);
    expect(await check(han)).toMatchObject({ availability: 'free' });
  });

  const kinds: [GroupKind, string[], string[]][] = [
    ['public', ['muc_public', 'muc_open', 'muc_persistent', 'muc_semianonymous'], ['muc_hidden']],
    [
      'members-only',
      ['muc_public', 'muc_membersonly', 'muc_persistent', 'muc_semianonymous'],
      ['muc_open', 'muc_hidden'],
    ],
    [
      'private',
      ['muc_hidden', 'muc_membersonly', 'muc_persistent', 'muc_nonanonymous'],
      ['muc_public', 'muc_open'],
    ],
  ];

  it.each(kinds)('creates a %s group configured as its kind says', async (kind, has, hasNot) => {
    const gwen = await creatorDevice('gwen');
    const local = fresh(kind);
    const room = `${local}@${service}`;
    const result = await gwen.rooms.create({
      accountId: gwen.accountId,
      service,
      local,
      name: `Kind ${kind}`,
      description: 'Where we talk about tea',
      kind,
      nick: 'Gwen',
    });
    expect(result).toMatchObject({
      ok: true,
      value: {
        room: {
          room,
          status: 'joined',
          affiliation: 'owner',
          nick: 'Gwen',
          name: `Kind ${kind}`,
          autojoin: true,
        },
        unapplied: [],
      },
    });
    expect(steps(gwen.recorder.events, room)).toEqual([
      'checking',
      'entering',
      'configuring',
      'verifying',
      'opening',
    ]);
    // Read back from another session: the room reports the kind, and is not locked (hank enters
    // a public one; the closed kinds refuse him as a non-member, not as a locked room).
    const hank = await creatorDevice('hank');
    const features = await roomFeatures(hank.client, room);
    expect(features).toEqual(expect.arrayContaining(has));
    for (const feature of hasNot) expect(features).not.toContain(feature);
    const answer = await enter(hank.client, room, 'Hank');
    if (kind === 'public') expect(answer.attrs.type).toBeUndefined();
    else expect(answer.getChild('error')?.getChild('registration-required')).toBeDefined();
    // The room is in gwen's list, entered like any other.
    expect(gwen.rooms.isRoom(gwen.accountId, room)).toBe(true);
  });

  it('removes the room when the service refuses its configuration: nothing half-made stays', async () => {
    // A submission of another form type: Prosody refuses it with bad-request, as it would a stale
    // or mangled form.
    const gwen = await creatorDevice('gwen', {
      creationSubmission: (form, values) => ({
        type: 'submit',
        instructions: [],
        fields: [
          {
            type: 'hidden',
            var: 'FORM_TYPE',
            required: false,
            values: ['urn:example:other'],
            options: [],
          },
          ...Object.entries(values).map(([name, list]) => ({
            type: 'text-single' as const,
            var: name,
            required: false,
            values: list,
            options: [],
          })),
        ],
      }),
    });
    const local = fresh('refused');
    const room = `${local}@${service}`;
    const result = await gwen.rooms.create({
      accountId: gwen.accountId,
      service,
      local,
      name: 'Never made',
      description: '',
      kind: 'private',
    });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'room-setup-failed', condition: 'bad-request' },
    });
    expect(steps(gwen.recorder.events, room)).toEqual([
      'checking',
      'entering',
      'configuring',
      'removing',
    ]);
    const hank = await creatorDevice('hank');
    expect(await roomFeatures(hank.client, room)).toBeNull();
    expect(gwen.rooms.isRoom(gwen.accountId, room)).toBe(false);
    const list = gwen.rooms.list([gwen.accountId]).map((r) => r.room);
    expect(list).not.toContain(room);
  });

  it.each([
    ['an open room', {}],
    ['a members-only room', { 'muc#roomconfig_membersonly': '1' }],
  ])(
    'leaves %s created by someone else between the check and the entry untouched',
    async (_, config) => {
      const gwen = await creatorDevice('gwen');
      const hank = await creatorDevice('hank');
      const local = fresh('race');
      const room = `${local}@${service}`;
      // Hank makes the room (and names it) after gwen's check said it was free.
      expect((await enter(hank.client, room, 'Hank')).getChild('x')).toBeDefined();
      await configure(hank.client, room, { 'muc#roomconfig_roomname': 'Hank’s', ...config });
      const before = await roomFeatures(hank.client, room);
      const staleCheck = {
        info: () =>
          Promise.reject(
            new DiscoRefusal('not-found', 'disco refused: item-not-found', {
              condition: 'item-not-found',
            }),
          ),
      } as unknown as Parameters<typeof createRoom>[0]['disco'];
      const opened: string[] = [];
      const result = await createRoom(
        {
          client: gwen.client,
          disco: staleCheck,
          known: () => false,
          open: async (r) => {
            opened.push(r);
            throw new Error('a taken room must not be opened');
          },
          progress: () => undefined,
        },
        {
          accountId: bare('gwen'),
          service,
          local,
          name: 'Mine',
          description: '',
          kind: 'private',
        },
      );
      expect(result).toMatchObject({ ok: false, error: { code: 'already-exists' } });
      expect(opened).toEqual([]);
      // Untouched: the same features, and hank still its only owner and occupant once gwen left.
      expect(await roomFeatures(hank.client, room)).toEqual(before);
      const owners = await hank.client.iqCaller.request(buildAffiliationList(room, 'owner'));
      expect(
        owners
          .getChild('query')
          ?.getChildren('item')
          .map((i) => i.attrs.jid),
      ).toEqual([bare('hank')]);
    },
  );
});
