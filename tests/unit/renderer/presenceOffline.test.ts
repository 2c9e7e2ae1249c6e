/**
 * While an account is offline (or connecting again), its contacts are not shown as Available:
 * their last presence is kept for a resumption, but nothing is known of it.
 */
import { describe, expect, it } from 'vitest';
import type { AccountSnapshot, Contact } from '../../../shared/contract';
import { rosterEntries, selectOnlineAccountsKey } from '../../../renderer/store/roster.selectors';
import type { AppState } from '../../../renderer/store/types';

const contact = (jid: string, show: Contact['presence']['show']): Contact =>
  ({ jid, subscription: 'both', groups: [], presence: { show } }) as unknown as Contact;
const account = (accountId: string, status: AccountSnapshot['status']) =>
  ({ accountId, jid: accountId, status }) as AccountSnapshot;

describe('contacts of an account that is not online', () => {
  it('show no presence, while another account’s contacts keep theirs', () => {
    const rosters = {
      'a@x': [contact('bob@x', 'available'), contact('eve@x', 'away')],
      'c@y': [contact('dan@y', 'available')],
    };
    const shown = (status: AccountSnapshot['status']) => {
      const state = {
        accountOrder: ['a@x', 'c@y'],
        accounts: { 'a@x': account('a@x', status), 'c@y': account('c@y', 'online') },
      } as unknown as AppState;
      const online = new Set(selectOnlineAccountsKey(state).split('\n'));
      return rosterEntries(rosters, ['a@x', 'c@y'], null, online).map(
        (e) => `${e.contact.jid}:${e.contact.presence.show}`,
      );
    };
    expect(shown('online')).toEqual(['bob@x:available', 'eve@x:away', 'dan@y:available']);
    for (const status of ['offline', 'connecting', 'disabled'] as const) {
      expect(shown(status)).toEqual(['bob@x:offline', 'eve@x:offline', 'dan@y:available']);
    }
  });
});
