import { describe, expect, it } from 'vitest';
import { roomAddress } from '../../../shared/links';

describe('a room the user names', () => {
  it('takes a name on the service, an address, or an xmpp: join link', () => {
    expect(roomAddress('tea', 'conference.example.org')).toBe('tea@conference.example.org');
    expect(roomAddress('  Tea@Conference.Example.org ')).toBe('tea@conference.example.org');
    expect(roomAddress('xmpp:tea@conference.example.org?join')).toBe('tea@conference.example.org');
    expect(roomAddress('xmpp:%E8%8C%B6@conference.example.org?join')).toBe(
      '茶@conference.example.org',
    );
  });

  it('refuses what is no room', () => {
    expect(roomAddress('tea')).toBeNull();
    expect(roomAddress('tea room', 'conference.example.org')).toBeNull();
    expect(roomAddress('conference.example.org')).toBeNull();
    expect(roomAddress('tea@conference.example.org/nick')).toBeNull();
    expect(roomAddress('xmpp:tea@conference.example.org?message')).toBeNull();
    expect(roomAddress('xmpp:%E0%A4%A@conference.example.org?join')).toBeNull();
  });
});
