/**
 * What an OtrConversation is given (its host) and what it hands back: outputs for the caller to
 * carry out (send, display, state changes, notices, SMP steps) and the outcome of a send.
 */
import type { OtrPrivateKey } from './dsa';
import type { SmpEvent } from './smp';

export type OtrPolicy = 'never' | 'manual' | 'opportunistic' | 'always';
export type MsgState = 'plaintext' | 'encrypted' | 'finished';

/** After a message in, a heartbeat goes out if we sent nothing for this long (libotr: 60 s). */
export const HEARTBEAT_MS = 60_000;

export interface OtrHost {
  readonly key: OtrPrivateKey;
  /** Our instance tag (>= 0x100, kept across runs). */
  readonly instance: number;
  readonly random: (n: number) => Buffer;
  readonly now: () => number;
  readonly policy: () => OtrPolicy;
  /** Longest message the network takes, for fragmenting; none when absent. */
  readonly maxMessageSize?: number;
}

export type OtrOutput =
  /** Text for the network. */
  | { readonly kind: 'send'; readonly text: string }
  /** A message for the user. `encrypted` false on a private conversation deserves a warning. */
  | {
      readonly kind: 'display';
      readonly text: string;
      readonly encrypted: boolean;
      readonly instance?: number;
    }
  | {
      readonly kind: 'state';
      readonly instance: number;
      readonly state: MsgState;
      readonly fingerprint?: Buffer;
      readonly ssid?: Buffer;
      readonly initiated?: boolean;
    }
  | {
      readonly kind: 'notice';
      readonly code: 'unreadable' | 'older-version-only' | 'peer-error' | 'plaintext-in-private';
      readonly text?: string;
    }
  | { readonly kind: 'smp'; readonly instance: number; readonly event: SmpEvent }
  /** The contact wants to use the extra symmetric key (TLV 8) for `use`. */
  | {
      readonly kind: 'extra-key';
      readonly instance: number;
      readonly key: Buffer;
      readonly use: number;
      readonly context: Buffer;
    };

export type SendResult =
  | { readonly sent: true; readonly outputs: OtrOutput[] }
  /** Not sent: a private conversation is being set up (policy always), or it ended (finished). */
  | {
      readonly sent: false;
      readonly reason: 'awaiting-private' | 'finished';
      readonly outputs: OtrOutput[];
    };
