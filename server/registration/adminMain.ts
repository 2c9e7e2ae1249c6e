/** Entry of dist/server/registrationAdmin.mjs (see admin.ts). */
import { runAdmin } from './admin';

try {
  const { code, out } = runAdmin(process.argv.slice(2));
  if (out) (code === 0 ? process.stdout : process.stderr).write(`${out}\n`);
  process.exitCode = code;
} catch (error) {
  process.stderr.write(`registrationAdmin: ${(error as Error).message}\n`);
  process.exitCode = 1;
}
