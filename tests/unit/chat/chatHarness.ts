// A ChatService on the real SQLite store, attached to a stand-in connection that records what
// goes on the wire: the send side (outbox, stages, corrections) without a server. The wire
// through a real Prosody is tests/integration/chat.
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Element } from '@xmpp/xml';
import type { EventMessage } from '../../../shared/contract';
import { ChatService } from '../../../electron/chat/chatService';
import { openStorage, type Storage } from '../../../electron/storage';
import type { XmppClient } from '../../../electron/xmpp/client';

export const OWN = 'alice@localhost';
export const BOB = 'bob@localhost';
export const NOW = Date.UTC(2025, 0, 1);

/** A connection that accepts every write; with stream management, acks come when told. */
export class StandInClient {
  readonly wire: Element[] = [];
  readonly events = new EventEmitter();
  readonly entity = Object.assign(new EventEmitter(), {
    send: async (stanza: Element) => void this.wire.push(stanza),
  });
  readonly iqCaller = { request: async () => Promise.reject(new Error('no server here')) };
  constructor(readonly streamManagement = false) {}
  on(event: string, listener: (stanza: Element) => void): void {
    this.events.on(event, listener);
  }
  /** No server asks for acks here. */
  setAckGate(): void {}
  /** The server acknowledges everything written so far (XEP-0198). */
  ackAll(): void {
    for (const stanza of this.wire.splice(0)) this.events.emit('acked', stanza);
  }
  asClient(): XmppClient {
    return this as unknown as XmppClient;
  }
}

export interface ChatHarness {
  readonly storage: Storage;
  readonly chat: ChatService;
  readonly events: EventMessage[];
  /** Attaches a fresh stand-in connection (a new session); returns it and the detach. */
  attach(options?: { streamManagement?: boolean }): Promise<{
    client: StandInClient;
    detach: () => void;
  }>;
  close(): void;
}

export function createChatHarness(): ChatHarness {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hutong-send-'));
  const storage = openStorage(path.join(dir, 'h.sqlite'));
  const events: EventMessage[] = [];
  let n = 0;
  let clock = NOW;
  const chat = new ChatService({
    store: storage.messages,
    emit: (event, payload) => void events.push({ event, payload } as EventMessage),
    // Each call a millisecond later, so the outbox order is the order of the calls.
    now: () => (clock += 1),
    newId: () => `id${(n += 1)}`,
  });
  return {
    storage,
    chat,
    events,
    async attach(options = {}) {
      const client = new StandInClient(options.streamManagement ?? false);
      const detach = chat.attach(OWN, client.asClient(), {
        boundJid: `${OWN}/desk`,
        features: { server: [], account: [], streamManagement: client.streamManagement },
        resumed: false,
      });
      await chat.whenSynced(OWN);
      await settle();
      return { client, detach };
    },
    close() {
      storage.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Lets the writes' promise callbacks run (a completed write marks an item sent). */
export const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** What a stanza says, for comparing wires. */
export const seen = (stanza: Element) => ({
  id: stanza.attrs.id as string,
  to: stanza.attrs.to as string,
  body: stanza.getChildText('body'),
  replaces: stanza.getChild('replace', 'urn:xmpp:message-correct:0')?.attrs.id as
    string | undefined,
});
