// Drives tests/otr/libotrPeer.c (libotr 4.1, the reference) from a test: builds it once, starts
// it, sends it commands and collects what it says until "DONE". Messages travel hex-encoded.
import { execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

const SOURCE = path.resolve(import.meta.dirname, '../../otr/libotrPeer.c');
let built: string | undefined;

/** Compiles the peer (needs cc and libotr5-dev: scripts/ensure-deps.mjs installs both). */
export function buildPeer(): string {
  if (built && existsSync(built)) return built;
  const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'hutong-libotr-')), 'libotrPeer');
  execFileSync('cc', ['-O2', '-o', out, SOURCE, '-lotr', '-lgcrypt', '-lgpg-error'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  built = out;
  return out;
}

export const hex = (text: string) => Buffer.from(text, 'utf8').toString('hex');
export const unhex = (h: string) => Buffer.from(h, 'hex').toString('utf8');

export interface PeerLine {
  readonly tag: string;
  readonly args: readonly string[];
}

export class LibotrPeer {
  readonly #child: ChildProcessWithoutNullStreams;
  readonly #lines: string[] = [];
  #wake: (() => void) | undefined;
  fingerprint = '';

  private constructor(child: ChildProcessWithoutNullStreams) {
    this.#child = child;
    createInterface({ input: child.stdout }).on('line', (line) => {
      this.#lines.push(line);
      this.#wake?.();
    });
  }

  static async start(args: string[] = []): Promise<LibotrPeer> {
    const child = spawn(buildPeer(), args);
    child.stderr.on('data', (d: Buffer) => process.stderr.write(`[libotr] ${d.toString()}`));
    const peer = new LibotrPeer(child);
    const hello = await peer.#untilDone();
    peer.fingerprint = hello.find((l) => l.tag === 'FP')?.args[0] ?? '';
    return peer;
  }

  /** Sends one command; resolves with what the peer said in answer. */
  command(line: string): Promise<PeerLine[]> {
    this.#child.stdin.write(`${line}\n`);
    return this.#untilDone();
  }

  async #untilDone(): Promise<PeerLine[]> {
    const out: PeerLine[] = [];
    for (;;) {
      const line = this.#lines.shift();
      if (line === undefined) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error('libotr peer: no answer')), 20_000);
          this.#wake = () => {
            clearTimeout(timer);
            this.#wake = undefined;
            resolve();
          };
        });
        continue;
      }
      if (line === 'DONE') return out;
      const [tag, ...args] = line.split(' ');
      out.push({ tag: tag!, args });
    }
  }

  stop(): void {
    this.#child.stdin.end('QUIT\n');
    this.#child.kill();
  }
}
