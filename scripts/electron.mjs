// Finds the Electron binary WITHOUT triggering the download that `require('electron')` does when
// the binary is missing (it is downloaded lazily, which fails on machines without GitHub access).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const packageDir = path.join(root, 'node_modules', 'electron');

/** The executable's path inside Electron's dist folder, as electron/install.js names it. */
function platformExecutable() {
  switch (process.platform) {
    case 'darwin':
      return 'Electron.app/Contents/MacOS/Electron';
    case 'win32':
      return 'electron.exe';
    default:
      return 'electron';
  }
}

/**
 * The path of an existing Electron binary, or null. Honours ELECTRON_OVERRIDE_DIST_PATH like the
 * electron package does, and otherwise reads node_modules/electron/path.txt (written by the
 * package's installer once the binary is there).
 * @returns {string | null}
 */
export function electronBinaryPath() {
  const pathFile = path.join(packageDir, 'path.txt');
  const recorded = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const executable = recorded || platformExecutable();
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const candidate = override
    ? path.join(override, executable)
    : recorded
      ? path.join(packageDir, 'dist', executable)
      : null;
  return candidate && existsSync(candidate) ? candidate : null;
}

/** Why there is no binary, for messages. */
export function electronBinaryMissingReason() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) {
    return `ELECTRON_OVERRIDE_DIST_PATH=${process.env.ELECTRON_OVERRIDE_DIST_PATH} has no ${platformExecutable()}`;
  }
  return 'node_modules/electron/dist is missing: its binary download failed or was skipped';
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const found = electronBinaryPath();
  console.log(found ?? `no Electron binary: ${electronBinaryMissingReason()}`);
  process.exitCode = found ? 0 : 1;
}
