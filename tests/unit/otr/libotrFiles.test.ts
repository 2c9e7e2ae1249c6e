// libotr's files as Pidgin keeps them: otr.private_key (an S-expression) read back exactly as
// written, including names that need quoting, bad entries skipped rather than failing the lot;
// otr.fingerprints (tab-separated) read and written with its trust levels.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  readFingerprints,
  readPrivateKeys,
  writeFingerprints,
  writePrivateKeys,
} from '../../../electron/otr/libotrFiles';
import { OtrFormatError } from '../../../electron/otr/wire';

const key = { p: 0xf61c9fn << 100n, q: 0xbd50a8n, g: 0x0123n, y: 0xa1bc09n, x: 0x76aa45n };

describe('otr.private_key', () => {
  it('reads back what it writes, with names that need quoting', () => {
    const entries = [
      { account: 'alice@example.org', protocol: 'xmpp', key },
      { account: 'bob "the" \\builder', protocol: 'prpl-jabber', key: { ...key, x: 1n } },
    ];
    const text = writePrivateKeys(entries);
    expect(readPrivateKeys(text)).toEqual({ keys: entries, skipped: 0 });
  });

  it('reads the forms libgcrypt may use: hex, base64, length-prefixed, tokens', () => {
    const text = `(privkeys (account (name 17:carol@example.org) (protocol xmpp)
      (private-key (dsa (p #00F6#) (q |vQ==|) (g #03#) (y #05#) (x #07#)))))`;
    expect(readPrivateKeys(text).keys).toEqual([
      {
        account: 'carol@example.org',
        protocol: 'xmpp',
        key: { p: 0xf6n, q: 0xbdn, g: 3n, y: 5n, x: 7n },
      },
    ]);
  });

  it('skips an entry without its numbers, and refuses what is not a key file', () => {
    const text = `(privkeys (account (name "a@b") (protocol xmpp) (private-key (dsa (p #01#))))
      (account (name "c@d") (protocol xmpp) (private-key (dsa (p #0B#) (q #0D#) (g #02#) (y #03#) (x #04#)))))`;
    const read = readPrivateKeys(text);
    expect(read.skipped).toBe(1);
    expect(read.keys.map((k) => k.account)).toEqual(['c@d']);
    expect(() => readPrivateKeys('(something else)')).toThrow(OtrFormatError);
    expect(() => readPrivateKeys('(privkeys (account')).toThrow(OtrFormatError);
    expect(() => readPrivateKeys('(privkeys "unclosed)')).toThrow(OtrFormatError);
  });
});

describe('otr.fingerprints', () => {
  it('reads and writes contacts, accounts, fingerprints and trust', () => {
    const entries = [
      {
        contact: 'bob@example.org',
        account: 'alice@example.org/Pidgin',
        protocol: 'prpl-jabber',
        fingerprint: randomBytes(20),
        trust: 'verified',
      },
      {
        contact: 'carol@example.org',
        account: 'alice@example.org',
        protocol: 'xmpp',
        fingerprint: randomBytes(20),
        trust: '',
      },
    ];
    const text = writeFingerprints(entries);
    expect(text.split('\n')[0]!.split('\t')).toHaveLength(5);
    expect(readFingerprints(text)).toEqual({ entries, skipped: 0 });
  });

  it('skips lines that are not entries', () => {
    const good = `bob@x\talice@x\txmpp\t${'ab'.repeat(20)}\tsmp`;
    const text = [
      good,
      'just text',
      `bob@x\talice@x\txmpp\tnothex\t`,
      '',
      `a\tb\tc\t${'cd'.repeat(19)}`,
    ].join('\n');
    const read = readFingerprints(text);
    expect(read.skipped).toBe(3);
    expect(read.entries).toHaveLength(1);
    expect(read.entries[0]!.trust).toBe('smp');
  });
});
