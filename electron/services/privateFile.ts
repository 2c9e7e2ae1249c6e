/**
 * Writing a file that holds a secret (an exported OTR key) where the user chose, without the
 * secret ever passing through the renderer. Where the file goes is the shell's to ask (Electron's
 * save dialog); the browser host has no such dialog and puts it in a folder of its data
 * directory, saying where. Either way the file is the user's alone (0600).
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** Asks where to save a file with this suggested name; undefined when the user cancels. */
export type ChooseSavePath = (suggestedName: string) => Promise<string | undefined>;

/** Writes `contents` readable by the user alone (also when it replaces a file). */
export async function writePrivateFile(file: string, contents: string): Promise<void> {
  await writeFile(file, contents, { mode: 0o600 });
  // The mode above applies only to a new file; one the user chose to replace may be wider.
  await chmod(file, 0o600);
}

/**
 * The browser host's choice: `<folder>/<name>`, or `<name> (2)` and so on when taken, in a
 * folder only the user can enter. Never outside the folder, whatever the name.
 */
export function saveInFolder(folder: string): ChooseSavePath {
  return async (suggestedName) => {
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const name = path.basename(suggestedName) || 'export';
    const { name: stem, ext } = path.parse(name);
    for (let n = 1; ; n += 1) {
      const file = path.join(folder, n === 1 ? name : `${stem} (${n})${ext}`);
      if (!existsSync(file)) return file;
    }
  };
}
