/**
 * A display for Electron on a headless machine: the existing DISPLAY, or a private Xvfb started
 * here (what `xvfb-run -a` would do, but owned by the test so it is always stopped).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface Display {
  readonly display: string;
  stop(): Promise<void>;
}

const XVFB = ['/usr/bin/Xvfb', '/usr/local/bin/Xvfb'].find((file) => existsSync(file));

/** Null with a reason when there is neither a display nor Xvfb. */
export async function acquireDisplay(): Promise<Display | { readonly missing: string }> {
  if (process.platform !== 'linux' || process.env.DISPLAY) {
    return { display: process.env.DISPLAY ?? '', stop: async () => {} };
  }
  if (!XVFB) return { missing: 'no DISPLAY and no Xvfb (apt install xvfb)' };
  // -displayfd: Xvfb picks a free display number and writes it to fd 3 once it is ready.
  const child: ChildProcess = spawn(
    XVFB,
    ['-displayfd', '3', '-screen', '0', '1280x800x24', '-nolisten', 'tcp'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] },
  );
  const number = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdio[3]?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(text.trim());
    });
    child.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it was ready`)));
    setTimeout(() => reject(new Error('Xvfb did not start within 10 s')), 10_000).unref();
  });
  return {
    display: `:${number}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
