/**
 * Types for the @xmpp packages that ship none and have no @types package. Only what we use.
 */
declare module '@xmpp/connection-tcp' {
  import Connection from '@xmpp/connection';
  import type { Element } from '@xmpp/xml';

  export default class ConnectionTCP extends Connection {
    sendMany(elements: Iterable<Element>): Promise<void>;
    socketParameters(service: string): unknown;
    headerElement(): Element;
  }
}

declare module '@xmpp/sasl-scram-sha-1' {
  import type SASLFactory from 'saslmechanisms';

  export default function saslScramSha1(factory: SASLFactory): void;
}

declare module '@xmpp/sasl-plain' {
  import type SASLFactory from 'saslmechanisms';

  export default function saslPlain(factory: SASLFactory): void;
}

declare module '@xmpp/id' {
  export default function id(): string;
}

declare module '@xmpp/middleware/lib/StanzaError.js' {
  import XMPPError from '@xmpp/error';
  import type { Element } from '@xmpp/xml';

  export default class StanzaError extends XMPPError {
    static fromElement(element: Element | undefined): StanzaError;
  }
}
