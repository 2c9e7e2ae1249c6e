/**
 * The Electron entry point: hands the real Electron API to the shell's wiring
 * (shell/startShell.ts), which takes it as a parameter so that unit tests run the same wiring
 * against a stand-in. All behaviour lives in the services (shared with the browser host).
 */
import * as electron from 'electron';
import { createLogger } from './log';
import { createServices } from './services';
import { startShell } from './shell/startShell';

const log = createLogger('main');

// main.cjs sits in dist/electron, beside preload.cjs; the renderer build in dist/renderer.
startShell(electron, {
  createServices,
  bundleDir: __dirname,
  env: process.env,
  platform: process.platform,
});

process.on('unhandledRejection', (reason) => log.error('unhandled rejection', reason));
