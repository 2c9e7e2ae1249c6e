/** Shared pieces of the secrets tests: temp folders, a recording logger, coded-error checks. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import type { Logger } from '../../../electron/log';
import { isCodedError } from '../../../electron/secrets';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh data folder that does not exist yet (the box must create it). */
export function freshDataDir(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'hutong-secrets-'));
  dirs.push(root);
  return path.join(root, 'data');
}

/** A logger that keeps every line, so tests can check that no secret was ever logged. */
export function recordingLog(): Logger & { readonly text: () => string } {
  const lines: string[] = [];
  const at =
    (level: string) =>
    (message: string, ...rest: unknown[]) => {
      lines.push(
        [level, message, ...rest.map((r) => (r instanceof Error ? r.stack : String(r)))].join(' '),
      );
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    text: () => lines.join('\n'),
  };
}

export async function expectCoded(
  promise: Promise<unknown>,
  code: string,
  reason?: string,
): Promise<Error> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isCodedError(error), `expected a CodedError ${code}, got ${String(error)}`).toBe(true);
  if (!isCodedError(error)) throw new Error('unreachable');
  expect(error.code).toBe(code);
  if (reason) expect(error.reason).toBe(reason);
  return error;
}

/** Every byte stored under `dir`, to prove a plaintext never reached the disk. */
export function allBytesUnder(dir: string): Buffer {
  const parts: Buffer[] = [];
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const full = path.join(at, name);
      if (statSync(full).isDirectory()) walk(full);
      else parts.push(readFileSync(full));
    }
  };
  walk(dir);
  return Buffer.concat(parts);
}

export const modeOf = (file: string) => statSync(file).mode & 0o777;
