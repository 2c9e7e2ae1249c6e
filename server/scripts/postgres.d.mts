export interface PostgresInstance {
  /** postgres://user:password@127.0.0.1:port/database */
  readonly url: string;
  readonly port: number;
  readonly database: string;
  /** The cluster's temporary folder (data, log, Unix socket). */
  readonly dir: string;
  /** The folder of the PostgreSQL programs (psql, pg_dump…). */
  readonly bin: string;
  readonly user: string;
  readonly password: string;
  /** Stops the server and removes its folder. */
  stop(): void;
}
export function postgresBinDir(): string;
export function startPostgres(options?: { database?: string }): Promise<PostgresInstance>;
