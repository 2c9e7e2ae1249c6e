/**
 * Entry of the browser host (`npm run host`): the main-process services in a plain Node process,
 * serving the renderer and the contract on 127.0.0.1. Prints `HUTONG_URL=<url>` once ready.
 */
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EmitEvent, EventMessage } from '../shared/contract';
import { startHostServer, type HostServer } from './host/hostServer';
import { createDispatch } from './ipc/dispatch';
import { createLogger } from './log';
import { createServices } from './services';

const log = createLogger('host');

function dataDir(): string {
  if (process.env.HUTONG_DATA_DIR) return path.resolve(process.env.HUTONG_DATA_DIR);
  const base = process.env.XDG_CONFIG_HOME ?? path.join(os.homedir(), '.config');
  return path.join(base, 'hutong-host');
}

async function main(): Promise<void> {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const staticDir = process.env.HUTONG_STATIC_DIR ?? path.resolve(here, '../renderer');
  let server: HostServer | undefined;
  const emit: EmitEvent = (event, payload) => server?.broadcast({ event, payload } as EventMessage);
  const services = createServices({
    dataDir: dataDir(),
    emit,
    version: process.env.npm_package_version ?? '0.1.0',
    transport: 'browser',
    locale: Intl.DateTimeFormat().resolvedOptions().locale,
    // The host has no OS keychain: a user-only key file, or a passphrase when asked for.
    ...(process.env.HUTONG_SECRETS === 'passphrase' ? { secretsMode: 'passphrase' as const } : {}),
  });
  server = await startHostServer({
    staticDir,
    port: Number(process.env.HUTONG_HOST_PORT ?? 0),
    dispatch: createDispatch(services.handlers),
  });
  process.stdout.write(`HUTONG_URL=${server.url}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await services.dispose();
    await server?.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  // The host outlives any one bad request or connection; log and carry on.
  process.on('uncaughtException', (error) => log.error('uncaught exception', error));
  process.on('unhandledRejection', (error) => log.error('unhandled rejection', error));
}

main().catch((error: unknown) => {
  log.error('host failed to start', error);
  process.exit(1);
});
