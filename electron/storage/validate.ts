/**
 * Checks on what the services hand the store. The schema would refuse most of these too, but
 * with a bare SQLite constraint error; here a caller's mistake becomes an invalid-params
 * StorageError that says what is wrong (never echoing the values, which may be message text).
 */
import { ConversationKind } from '../../shared/contract';
import { StorageError } from './errors';
import type { NewMessage } from './types';

const KINDS: readonly string[] = ConversationKind.options;

function invalid(what: string): never {
  throw new StorageError('invalid-params', what);
}

export function checkKind(kind: unknown): void {
  if (typeof kind !== 'string' || !KINDS.includes(kind)) {
    invalid(`the conversation kind is not one of ${KINDS.join(', ')}`);
  }
}

/**
 * A stanza-id means nothing without the archive that stamped it (ids are unique per archive
 * only), so the two come together or not at all.
 */
export function checkArchiveId(stanzaId: unknown, archive: unknown): void {
  if ((stanzaId === undefined) !== (archive === undefined)) {
    invalid('a stanza-id needs the archive that stamped it, and an archive needs a stanza-id');
  }
  if (stanzaId !== undefined && (typeof stanzaId !== 'string' || stanzaId === '')) {
    invalid('the stanza-id is empty or not text');
  }
  if (archive !== undefined && (typeof archive !== 'string' || archive === '')) {
    invalid('the archive is empty or not text');
  }
}

export function checkNewMessage(message: NewMessage): void {
  checkKind(message.kind);
  checkArchiveId(message.stanzaId, message.archive);
  if (!Number.isFinite(message.sentAt)) invalid('the message has no valid time');
  const sender = message.sender as Record<string, unknown> | undefined;
  if (sender !== undefined) {
    for (const field of ['jid', 'nick', 'realJid']) {
      if (sender[field] !== undefined && typeof sender[field] !== 'string') {
        invalid(`the sender's ${field} is not text`);
      }
    }
  }
}
