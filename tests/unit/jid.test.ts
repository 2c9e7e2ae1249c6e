import { describe, expect, it } from 'vitest';
import { bareJid, parseAccountJid, parseJid, toBare } from '../../shared/jid';

describe('parseJid', () => {
  it('parses full, bare and domain JIDs and lowercases local and domain', () => {
    expect(parseJid('Alice@Example.ORG/Phone')).toEqual({
      local: 'alice',
      domain: 'example.org',
      resource: 'Phone',
    });
    expect(parseJid('example.org')).toEqual({ local: '', domain: 'example.org', resource: '' });
    expect(parseJid('  bob@localhost ')).toEqual({
      local: 'bob',
      domain: 'localhost',
      resource: '',
    });
  });

  it('keeps slashes and @ inside the resource', () => {
    expect(parseJid('a@b.c/x/y@z')?.resource).toBe('x/y@z');
  });

  it('accepts IP literals and internationalized domains', () => {
    expect(parseJid('alice@127.0.0.1')?.domain).toBe('127.0.0.1');
    expect(parseJid('alice@[::1]')?.domain).toBe('[::1]');
    expect(parseJid('张三@例子.中国')).toEqual({
      local: '张三',
      domain: '例子.中国',
      resource: '',
    });
  });

  it.each([
    '',
    '@example.org',
    'alice@',
    'alice@example.org/',
    'al ice@example.org',
    'a"b@example.org',
    'a<b@example.org',
    'alice@exa mple.org',
    'alice@-bad.org',
    'alice@a..b',
    `${'x'.repeat(1024)}@example.org`,
  ])('rejects %j', (input) => {
    expect(parseJid(input)).toBeNull();
  });
});

describe('parseAccountJid', () => {
  it('requires a localpart and no resource', () => {
    expect(parseAccountJid('alice@localhost')).not.toBeNull();
    expect(parseAccountJid('localhost')).toBeNull();
    expect(parseAccountJid('alice@localhost/res')).toBeNull();
  });

  it('gives the bare form', () => {
    const jid = parseAccountJid('Alice@LocalHost');
    expect(jid && bareJid(jid)).toBe('alice@localhost');
    expect(toBare('bob@localhost/x')).toBe('bob@localhost');
    expect(toBare('bad@')).toBeNull();
  });
});
