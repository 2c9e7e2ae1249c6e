/**
 * The part of @xmpp/component 0.13.1 (no published types) that the registration service uses.
 * Its elements are @xmpp/xml (ltx) elements; build them with this package's own `xml`, since
 * its IQ callee recognises replies by `instanceof` its own Element class.
 */
declare module '@xmpp/component' {
  import type { Element } from '@xmpp/xml';
  import type xmlFactory from '@xmpp/xml';

  export const xml: typeof xmlFactory;

  export interface IqContext {
    readonly stanza: Element;
    /** The IQ's one child. */
    readonly element: Element;
  }
  export type IqHandler = (ctx: IqContext) => Element | Promise<Element | undefined> | undefined;

  export interface Component {
    start(): Promise<unknown>;
    stop(): Promise<unknown>;
    send(element: Element): Promise<void>;
    on(event: 'online', listener: (jid: unknown) => void): void;
    on(event: 'offline' | 'disconnect', listener: () => void): void;
    on(event: 'error', listener: (error: Error) => void): void;
    on(event: 'status', listener: (status: string) => void): void;
    on(event: 'stanza', listener: (stanza: Element) => void): void;
    readonly iqCallee: {
      get(ns: string, name: string, handler: IqHandler): void;
      set(ns: string, name: string, handler: IqHandler): void;
    };
    readonly reconnect: { delay: number };
  }

  export function component(options: {
    readonly service: string;
    readonly domain: string;
    readonly password: string;
  }): Component;
}
