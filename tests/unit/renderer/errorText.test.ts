/**
 * Error messages with the real catalogs: a saved account's card never sends the user to the
 * sign-in form's "Advanced" section (the main screen has none), and a server's refusal names the
 * refusal, in both languages.
 */
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import type { AccountSnapshot } from '../../../shared/contract';
import { connectionText } from '../../../renderer/features/account/ConnectionState';
import { errorText } from '../../../renderer/i18n/errorText';
import { resources } from '../../../renderer/i18n';

async function translator(lng: 'en' | 'zh-CN') {
  const i18n = i18next.createInstance();
  await i18n.init({ resources, lng, interpolation: { escapeValue: false } });
  return i18n.t;
}

const account = (saved: boolean): AccountSnapshot =>
  ({
    accountId: 'ann@example.org',
    jid: 'ann@example.org',
    status: 'offline',
    saved,
    enabled: true,
    settings: { tls: 'starttls', proxy: { type: 'none' }, host: 'xmpp.example.org', port: 5222 },
    error: { code: 'connection-refused', message: 'refused' },
  }) as unknown as AccountSnapshot;

describe('error texts', () => {
  it.each(['en', 'zh-CN'] as const)('point a saved account to Edit account (%s)', async (lng) => {
    const t = await translator(lng);
    const onCard = connectionText(t, account(true));
    expect(onCard).toContain('xmpp.example.org:5222');
    expect(onCard).toMatch(lng === 'en' ? /Edit account/ : /编辑账号/);
    expect(onCard).not.toMatch(/Advanced|高级/);
    // The sign-in form has the Advanced section, and says so.
    const signIn = errorText(t, { code: 'connection-refused', message: '' }, { host: 'h' });
    expect(signIn).toMatch(lng === 'en' ? /Advanced/ : /高级/);
  });

  it('names a server’s refusal by its condition, and falls back for an unknown one', async () => {
    const t = await translator('en');
    const refusal = { code: 'rejected-by-server' as const, message: '' };
    expect(errorText(t, { ...refusal, condition: 'policy-violation' })).toMatch(/rules/);
    expect(errorText(t, { ...refusal, condition: 'something-new' })).toBe(
      'The server refused this request.',
    );
    const zh = await translator('zh-CN');
    expect(errorText(zh, { ...refusal, condition: 'policy-violation' })).toMatch(/规则/);
  });
});
