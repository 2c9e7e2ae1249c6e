/** Entry of dist/server/registrationAdmin.mjs (see admin.ts). */
import { runAdmin } from './admin';

runAdmin(process.argv.slice(2)).then(
  ({ code, out }) => {
    if (out) (code === 0 ? process.stdout : process.stderr).write(`${out}\n`);
    process.exitCode = code;
  },
  (error: Error) => {
    process.stderr.write(`registrationAdmin: ${error.message}\n`);
    process.exitCode = 1;
  },
);
