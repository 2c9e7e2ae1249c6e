/** An account to create before the tests run. */
export interface EjabberdUser {
  readonly user: string;
  readonly password: string;
}

export interface EjabberdOptions {
  /**
   * Folder for config, Mnesia spool, certificates and log; created when missing and handed to the
   * `ejabberd` system user, which must be able to enter every parent folder.
   */
  readonly dataDir: string;
  /** XMPP domain. Default 'localhost'. */
  readonly domain?: string;
  /** STARTTLS client port (TLS required); a free one when omitted. */
  readonly c2sPort?: number;
  /** Created once the server listens, with one `ejabberdctl import_piefxis` (XEP-0227). */
  readonly users?: readonly EjabberdUser[];
  /** Pairs of user names made mutual ("both") contacts by the same import. */
  readonly subscriptions?: ReadonlyArray<readonly [string, string]>;
}

/** A running ejabberd instance. */
export interface EjabberdInstance {
  readonly domain: string;
  readonly host: '127.0.0.1';
  readonly c2sPort: number;
  /** Erlang distribution port (loopback only) that ejabberdctl reaches the node on; no epmd. */
  readonly distPort: number;
  /** PEM of the local CA that signed the server certificate. */
  readonly caPath: string;
  readonly certPath: string;
  /** SHA-256 of the server certificate, colon-separated upper-case hex. */
  readonly certFingerprint: string;
  readonly dataDir: string;
  readonly configPath: string;
  readonly logPath: string;
  /** The Erlang VM (beam.smp). */
  readonly pid: number;
  /** Milliseconds from spawn until c2s listened, and until users and rosters were in place. */
  readonly timings: { readonly listeningMs: number; readonly readyMs: number };
  /** SIGTERM (a clean Erlang shutdown, ~1 s), SIGKILL after 5 s; resolves once the VM is gone. */
  stop(): Promise<void>;
}

export interface EjabberdPaths {
  readonly root: string;
  readonly conf: string;
  readonly config: string;
  readonly ctlConfig: string;
  readonly inetrc: string;
  readonly spool: string;
  readonly logs: string;
  readonly log: string;
  /** The XEP-0227 file of users and rosters (mode 0600: it holds the passwords). */
  readonly users: string;
}

/** Starts ejabberd (needs root) and resolves once it listens and its users exist. */
export function startEjabberd(options: EjabberdOptions): Promise<EjabberdInstance>;
/** Runs one ejabberdctl command against the instance in dataDir; resolves with its output. */
export function ejabberdctl(dataDir: string, ...args: string[]): Promise<string>;
/** Users and mutual roster items as XEP-0227 XML, for `ejabberdctl import_piefxis`. */
export function usersXml(
  domain: string,
  users: readonly EjabberdUser[],
  subscriptions?: ReadonlyArray<readonly [string, string]>,
): string;
export function ejabberdPaths(dataDir: string): EjabberdPaths;
/** The ejabberd.yml for one instance, from server/ejabberd/ejabberd.yml.template. */
export function renderEjabberdConfig(options: {
  domain: string;
  c2sPort: number;
  caPath: string;
  certPath: string;
  keyPath: string;
}): string;
