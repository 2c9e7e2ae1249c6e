import type { ProsodyRegistration, ProsodyUser } from './prosody.mjs';

/** Connection details of the development server. */
export interface DevServerInfo {
  readonly domain: string;
  readonly host: string;
  /** STARTTLS port (5252, or a free one when another program held it at start). */
  readonly c2sPort: number;
  /** Direct TLS port (5253, or a free one). */
  readonly directTlsPort: number;
  /** The registration service's component port (5254, or a free one). */
  readonly componentPort: number;
  readonly caPath: string;
  readonly certPath: string;
  readonly pid: number;
  readonly caFingerprint: string | undefined;
  readonly certFingerprint: string | undefined;
}

export const DEV_SERVER: Readonly<{
  dataDir: string;
  domain: string;
  host: string;
  c2sPort: number;
  directTlsPort: number;
  users: readonly ProsodyUser[];
  subscriptions: ReadonlyArray<readonly [string, string]>;
  onlinePeer: string;
  /** Group services beside conference.<domain> (groups: the one with a real-name policy). */
  mucHosts: readonly string[];
  /** The registration service's setup (component port 5254, policy on groups.<domain>). */
  registration: ProsodyRegistration;
}>;

/** Starts the dev server unless it already runs (detached; it outlives the caller). */
export function ensureDevServer(): Promise<DevServerInfo & { readonly started: boolean }>;
/** The running dev server, or undefined. */
export function devServerStatus(): Promise<DevServerInfo | undefined>;
/** Stops the dev server; resolves to whether one was running. */
export function stopDevServer(): Promise<boolean>;
/** One console line: domain, ports, demo users and fingerprints. */
export function summaryLine(info: DevServerInfo): string;
