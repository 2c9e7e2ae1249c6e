import { describe, expect, it } from 'vitest';
import { strictPinning, TOR_PRESET, type AccountSettings } from '../../../shared/contract';
import { settingsFrom } from '../../../electron/services/accountSettings';

const direct: AccountSettings = { tls: 'starttls', proxy: { type: 'none' } };
const socks: AccountSettings = {
  tls: 'starttls',
  proxy: { type: 'socks5', host: '127.0.0.1', port: 1080, torOnly: false },
};

describe('strict certificate pinning', () => {
  it('is on by default for Tor-only accounts only', () => {
    expect(strictPinning({ ...direct, proxy: TOR_PRESET })).toBe(true);
    expect(strictPinning(direct)).toBe(false);
    expect(strictPinning(socks)).toBe(false);
  });

  it("follows the user's choice either way", () => {
    expect(strictPinning({ ...direct, proxy: TOR_PRESET, strictPinning: false })).toBe(false);
    expect(strictPinning({ ...direct, strictPinning: true })).toBe(true);
  });

  it('is kept by an update that does not mention it, and changed by one that does', () => {
    const strict = settingsFrom({ jid: 'a@b', password: 'x', strictPinning: true });
    expect(strict.strictPinning).toBe(true);
    expect(settingsFrom({ accountId: 'a@b', label: 'Work' }, strict).strictPinning).toBe(true);
    const off = settingsFrom({ accountId: 'a@b', strictPinning: false }, strict);
    expect(off.strictPinning).toBe(false);
    // Never set: absent, so that the Tor-only default applies.
    expect('strictPinning' in settingsFrom({ jid: 'a@b', password: 'x' })).toBe(false);
  });
});
