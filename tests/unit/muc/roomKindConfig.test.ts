import { describe, expect, it } from 'vitest';
import type { DataForm, FormField } from '../../../shared/dataforms';
import { kindConfig, kindMismatch } from '../../../electron/muc/roomKindConfig';

const field = (name: string, type: FormField['type'], options: string[] = []): FormField => ({
  type,
  var: name,
  required: false,
  values: [],
  options: options.map((value) => ({ value })),
});

/** The fields of Prosody 0.12's room configuration form that the mapping uses. */
const PROSODY: DataForm = {
  type: 'form',
  instructions: [],
  fields: [
    field('FORM_TYPE', 'hidden'),
    field('muc#roomconfig_roomname', 'text-single'),
    field('muc#roomconfig_roomdesc', 'text-single'),
    field('muc#roomconfig_persistentroom', 'boolean'),
    field('muc#roomconfig_publicroom', 'boolean'),
    field('muc#roomconfig_membersonly', 'boolean'),
    field('{http://prosody.im/protocol/muc}roomconfig_allowmemberinvites', 'boolean'),
    field('muc#roomconfig_whois', 'list-single', ['moderators', 'anyone']),
  ],
};
const without = (form: DataForm, ...names: string[]): DataForm => ({
  ...form,
  fields: form.fields.filter((f) => !names.includes(f.var ?? '')),
});
const details = { name: 'Tea', description: 'About tea' };

describe('a group kind as the room configuration form', () => {
  it('maps each kind onto the fields of the form', () => {
    expect(kindConfig(PROSODY, { ...details, kind: 'public' })).toEqual({
      values: {
        'muc#roomconfig_roomname': ['Tea'],
        'muc#roomconfig_roomdesc': ['About tea'],
        'muc#roomconfig_persistentroom': ['1'],
        'muc#roomconfig_membersonly': ['0'],
        'muc#roomconfig_publicroom': ['1'],
        'muc#roomconfig_whois': ['moderators'],
      },
      missingEssential: [],
      unapplied: [],
    });
    const closed = kindConfig(PROSODY, { ...details, kind: 'members-only' });
    expect(closed.values).toMatchObject({
      'muc#roomconfig_membersonly': ['1'],
      'muc#roomconfig_publicroom': ['1'],
      '{http://prosody.im/protocol/muc}roomconfig_allowmemberinvites': ['0'],
    });
    const hidden = kindConfig(PROSODY, { ...details, kind: 'private' });
    expect(hidden.values).toMatchObject({
      'muc#roomconfig_membersonly': ['1'],
      'muc#roomconfig_publicroom': ['0'],
      'muc#roomconfig_whois': ['anyone'],
      '{http://prosody.im/protocol/muc}roomconfig_allowmemberinvites': ['1'],
    });
    expect(hidden.missingEssential).toEqual([]);
  });

  it('refuses a kind whose essential fields the form lacks', () => {
    expect(
      kindConfig(without(PROSODY, 'muc#roomconfig_membersonly'), { ...details, kind: 'private' })
        .missingEssential,
    ).toEqual(['membership']);
    expect(
      kindConfig(without(PROSODY, 'muc#roomconfig_publicroom'), { ...details, kind: 'private' })
        .missingEssential,
    ).toEqual(['hidden']);
    expect(
      kindConfig(without(PROSODY, 'muc#roomconfig_persistentroom'), { ...details, kind: 'public' })
        .missingEssential,
    ).toEqual(['persistence']);
  });

  it('reports what it could not apply when the rest is there', () => {
    const bare = without(
      PROSODY,
      'muc#roomconfig_roomname',
      'muc#roomconfig_roomdesc',
      'muc#roomconfig_publicroom',
      '{http://prosody.im/protocol/muc}roomconfig_allowmemberinvites',
    );
    const poor = {
      ...bare,
      fields: [
        ...bare.fields.slice(0, -1),
        field('muc#roomconfig_whois', 'list-single', ['moderators']),
      ],
    };
    expect(kindConfig(poor, { ...details, kind: 'members-only' }).unapplied).toEqual([
      'name',
      'description',
      'listing',
      'invitations',
    ]);
    expect(kindConfig(poor, { ...details, kind: 'private' })).toMatchObject({
      missingEssential: ['hidden'],
      unapplied: ['name', 'description', 'addresses', 'invitations'],
    });
    // An empty description is not asked for, so it is not missed.
    expect(kindConfig(poor, { name: 'x', description: '', kind: 'public' }).unapplied).toEqual([
      'name',
      'listing',
    ]);
  });

  it('checks what the room reports afterwards against the kind', () => {
    const open = { persistent: true, membersOnly: false, hidden: false };
    expect(kindMismatch(open, 'public')).toEqual({ essential: [], listing: false });
    expect(kindMismatch({ ...open, hidden: true }, 'public')).toEqual({
      essential: [],
      listing: true,
    });
    expect(kindMismatch(open, 'private').essential).toEqual(['membership', 'hidden']);
    expect(
      kindMismatch({ persistent: false, membersOnly: true }, 'members-only').essential,
    ).toEqual(['persistence']);
  });
});
