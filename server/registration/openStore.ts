/** Opens the store the configuration names: SQLite (the default) or PostgreSQL. */
import type { RegistrationConfig } from './config';
import { PostgresRegistrationStore } from './postgresStore';
import { RegistrationStore, type RegistrationStorage } from './store';

export async function openStore(
  config: Pick<RegistrationConfig, 'store' | 'storePath' | 'key'>,
): Promise<RegistrationStorage> {
  const { store } = config;
  if ('kind' in store && store.kind === 'postgres') {
    return PostgresRegistrationStore.open(store.url, config.key);
  }
  return new RegistrationStore(config.storePath!, config.key);
}
