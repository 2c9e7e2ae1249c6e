/**
 * The registration service's program: `node dist/server/registration.mjs --config FILE`.
 * Connects to the XMPP server as a component and keeps reconnecting while the server restarts.
 * Its output is its log: connection events and receipt ids, never a person's data or JID.
 * Prints "registration service ready" once the server accepted it (scripts wait for that line).
 */
import { loadConfig } from './config';
import { createRegistrationComponent } from './component';
import { Sessions } from './sessions';
import { openStore } from './openStore';

const HOUR_MS = 3_600_000;
const RETRY_MS = 2000;

function log(line: string): void {
  process.stdout.write(`${new Date().toISOString()} ${line}\n`);
}

function configPathOf(argv: readonly string[]): string {
  const at = argv.indexOf('--config');
  const path = at >= 0 ? argv[at + 1] : undefined;
  if (!path) {
    process.stderr.write('usage: registration.mjs --config <registration.json>\n');
    process.exit(2);
  }
  return path;
}

async function main(): Promise<void> {
  const config = loadConfig(configPathOf(process.argv));
  const store = await openStore(config);
  const now = () => Date.now();
  const purge = async () => {
    try {
      const removed = await store.purgeExpired(now(), config.policy.retentionDays);
      if (removed) log(`removed ${removed} registration(s) past the retention period`);
    } catch (error) {
      log(`retention cleanup failed: ${(error as Error).message}`);
    }
  };
  await purge();
  const purgeTimer = setInterval(purge, HOUR_MS);
  const sessions = new Sessions(config.sessionMinutes * 60_000);
  const entity = createRegistrationComponent({ config, store, sessions, now, log });
  let announced = false;
  entity.on('online', () => {
    log(announced ? 'reconnected' : 'registration service ready');
    announced = true;
  });
  entity.on('offline', () => log('offline'));
  // Connection errors carry host names and conditions, never stanza content.
  entity.on('error', (error) => log(`connection error: ${error.message}`));
  const stop = async () => {
    clearInterval(purgeTimer);
    await entity.stop().catch(() => {});
    await store.close().catch(() => {});
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // Once online, @xmpp/reconnect follows server restarts; before that, keep trying ourselves.
  const connect = (): Promise<unknown> =>
    entity.start().catch((error: Error) => {
      log(`connection failed: ${error.message}; retrying`);
      setTimeout(connect, RETRY_MS);
    });
  await connect();
}

main().catch((error: Error) => {
  // Configuration errors name the setting, never its value.
  process.stderr.write(`registration service: ${error.message}\n`);
  process.exit(1);
});
