/**
 * JID parsing and validation (RFC 7622), pure so that the sign-in form and the main process agree.
 * We check what matters for a client: structure, lengths and the characters RFC 7622 forbids in
 * the localpart; full PRECIS enforcement is the server's job.
 */
export interface Jid {
  readonly local: string;
  readonly domain: string;
  readonly resource: string;
}

const MAX_PART = 1023;
const FORBIDDEN_LOCAL = /[\s"&'/:<>@]/u;
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;
const IPV4 = /^(?:25[0-5]|2[0-4]\d|1?\d?\d)(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

function byteLength(s: string): number {
  return new TextEncoder().encode(s).length;
}

function validDomain(domain: string): boolean {
  if (domain.length === 0 || byteLength(domain) > MAX_PART) return false;
  if (IPV4.test(domain)) return true;
  if (domain.startsWith('[') && domain.endsWith(']')) return /^\[[0-9a-f:.]+\]$/i.test(domain);
  const trimmed = domain.endsWith('.') ? domain.slice(0, -1) : domain;
  return trimmed.split('.').every((label) => DOMAIN_LABEL.test(label));
}

/** Parses a JID; returns null when it is malformed. Local and domain parts are lowercased. */
export function parseJid(input: string): Jid | null {
  const text = input.trim();
  if (text.length === 0) return null;
  const slash = text.indexOf('/');
  const bare = slash === -1 ? text : text.slice(0, slash);
  const resource = slash === -1 ? '' : text.slice(slash + 1);
  if (slash !== -1 && (resource.length === 0 || byteLength(resource) > MAX_PART)) return null;
  const at = bare.indexOf('@');
  const local = at === -1 ? '' : bare.slice(0, at);
  const domain = at === -1 ? bare : bare.slice(at + 1);
  if (at !== -1 && (local.length === 0 || byteLength(local) > MAX_PART)) return null;
  if (FORBIDDEN_LOCAL.test(local)) return null;
  if (!validDomain(domain)) return null;
  return { local: local.toLowerCase(), domain: domain.toLowerCase(), resource };
}

/** A JID that an account signs in with: it needs a localpart and no resource. */
export function parseAccountJid(input: string): Jid | null {
  const jid = parseJid(input);
  return jid && jid.local !== '' && jid.resource === '' ? jid : null;
}

export function bareJid(jid: Jid): string {
  return jid.local ? `${jid.local}@${jid.domain}` : jid.domain;
}

export function formatJid(jid: Jid): string {
  return jid.resource ? `${bareJid(jid)}/${jid.resource}` : bareJid(jid);
}

/** Bare form of a JID string, or null when malformed. */
export function toBare(input: string): string | null {
  const jid = parseJid(input);
  return jid ? bareJid(jid) : null;
}
