// `npm run host`: the browser host against the local demo server, without opening a browser.
// Prints `HUTONG_URL=<url with token>` once ready, for QA tools and people alike.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDevServer } from '../server/scripts/server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const server = await ensureDevServer();
process.env.HUTONG_DEFAULT_JID ??= `alice@${server.domain}`;
process.env.HUTONG_DEFAULT_HOST ??= server.host;
process.env.HUTONG_DEFAULT_PORT ??= String(server.c2sPort);
process.env.HUTONG_DATA_DIR ??= path.join(root, '.data', 'host-profile');
process.env.HUTONG_HOST_PORT ??= '0';

await import('../dist/host/host.mjs');
