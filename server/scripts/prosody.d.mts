import type { RegistrationSetup } from './registration.d.mts';

/** An account to create (or whose password to reset) before the server starts. */
export interface ProsodyUser {
  readonly user: string;
  readonly password: string;
}

export interface ProsodyOptions {
  /** Folder for config, storage, certificates, log and pidfile; created when missing. */
  readonly dataDir: string;
  /** XMPP domain; the MUC service is conference.<domain>. Default 'localhost'. */
  readonly domain?: string;
  /** STARTTLS (or, with tls: false, plaintext) client port; a free one when omitted. */
  readonly c2sPort?: number;
  /** Direct TLS (XEP-0368) client port; a free one when omitted. Unused with tls: false. */
  readonly directTlsPort?: number;
  readonly users?: readonly ProsodyUser[];
  /** Pairs of user names to make mutual ("both") contacts. */
  readonly subscriptions?: ReadonlyArray<readonly [string, string]>;
  /** false: a plaintext-only server (no STARTTLS, no direct TLS). Default true. */
  readonly tls?: boolean;
  /** Run as a detached daemon that outlives this process (the dev server). Default false. */
  readonly detached?: boolean;
  /** More group-chat services beside conference.<domain>, as <name>.<domain>. */
  readonly mucHosts?: readonly string[];
  /**
   * Where message archives live: Prosody's internal files (default), or SQLite, which stays
   * fast with tens of thousands of messages (needs Debian's lua-dbi-sqlite3).
   */
  readonly archiveStore?: 'internal' | 'sqlite';
  /** Start a registration service with this policy; none (no policy at all) when omitted. */
  readonly registration?: ProsodyRegistration;
}

/**
 * A real-name registration service beside the server (server/registration): component
 * realname.<domain> on a free loopback port, with this policy and form.
 */
export interface ProsodyRegistration extends RegistrationSetup {
  /** The component port; a free one when omitted. */
  readonly componentPort?: number;
}

/** The registration service that runs beside an instance. */
export interface RegistrationInstance {
  readonly jid: string;
  readonly port: number;
  /** The group services its policy covers. */
  readonly services: readonly string[];
  readonly configPath: string;
  readonly storePath: string;
  /** Its output: connection events and receipt ids only. */
  readonly logPath: string;
  readonly pid: number;
  /** Runs the operator tool (registrationAdmin.mjs) with these arguments. */
  admin(args: readonly string[]): { code: number; out: string };
  /** Stops the service alone (the server stays). */
  stop(): Promise<void>;
}

/** A running Prosody instance. */
export interface ProsodyInstance {
  readonly domain: string;
  readonly host: '127.0.0.1';
  readonly c2sPort: number;
  /** Undefined for a plaintext-only server. */
  readonly directTlsPort: number | undefined;
  /** PEM of the local CA that signed the server certificate (undefined without TLS). */
  readonly caPath: string | undefined;
  readonly certPath: string | undefined;
  /** SHA-256 fingerprints, colon-separated upper-case hex. */
  readonly caFingerprint: string | undefined;
  readonly certFingerprint: string | undefined;
  readonly dataDir: string;
  readonly configPath: string;
  readonly logPath: string;
  readonly pid: number;
  /** The registration service, when one was asked for. */
  readonly registration: RegistrationInstance | undefined;
  /** SIGTERM, then SIGKILL after 5 s; resolves once the process is gone. */
  stop(): Promise<void>;
}

export interface InstancePaths {
  readonly root: string;
  readonly config: string;
  readonly pid: string;
  readonly log: string;
  readonly output: string;
  readonly data: string;
  readonly certDir: string;
}

/** Starts Prosody and resolves once its ports accept connections. */
export function startProsody(options: ProsodyOptions): Promise<ProsodyInstance>;
/** Creates an account or resets its password (prosodyctl register; idempotent). */
export function registerUser(
  configPath: string,
  user: string,
  domain: string,
  password: string,
): Promise<void>;
/** The pid of the Prosody that runs for this data folder, if any. */
export function runningPid(dataDir: string): number | undefined;
export function instancePaths(dataDir: string): InstancePaths;
