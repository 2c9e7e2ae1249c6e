/** What a test or the dev server chooses for a registration service (see registration.mjs). */
export interface RegistrationSetup {
  /**
   * The policy part of server/registration's configuration (server/README.md); `services`
   * defaults to conference.<domain>.
   */
  readonly policy: Readonly<Record<string, unknown>>;
  /** The form part (title, instructions, fields); the default asks name, ID number, mobile. */
  readonly form?: Readonly<Record<string, unknown>>;
  /** The store part; SQLite in the data folder unless given (e.g. `{ kind: 'postgres', url }`). */
  readonly store?: Readonly<Record<string, unknown>>;
}

export interface RegistrationPaths {
  readonly root: string;
  readonly config: string;
  readonly key: string;
  readonly store: string;
  readonly log: string;
  readonly pid: string;
}

export const SERVICE_ENTRY: string;
export const ADMIN_ENTRY: string;
export function registrationPaths(dataDir: string): RegistrationPaths;
export function ensureServiceBuilt(): void;
export function writeRegistrationConfig(
  dataDir: string,
  domain: string,
  port: number,
  setup: RegistrationSetup,
): { jid: string; secret: string; port: number; services: string[]; paths: RegistrationPaths };
export function runningServicePid(dataDir: string): number | undefined;
export function startRegistrationService(
  dataDir: string,
  options?: { detached?: boolean },
): Promise<{ pid: number; stop(): Promise<void> }>;
export function runRegistrationAdmin(
  dataDir: string,
  args: readonly string[],
): { code: number; out: string };
