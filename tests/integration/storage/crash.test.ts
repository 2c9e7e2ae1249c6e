/**
 * Crash safety: a child process stores messages in a loop and is killed with SIGKILL at a random
 * moment, three times over on the same file. After each kill the database must be intact and
 * hold every message the child reported as committed, exactly once, in the state reported.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../../electron/storage';
import { quiet, tempDbFile } from '../../unit/storage/helpers';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bundle = path.join(
  root,
  'node_modules',
  '.cache',
  'hutong-test',
  `storage-${process.pid}.mjs`,
);

beforeAll(async () => {
  await build({
    entryPoints: [path.join(root, 'electron/storage/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: bundle,
    packages: 'external',
    logLevel: 'error',
  });
});

afterAll(() => rmSync(bundle, { force: true }));

interface Reported {
  stored: Set<string>;
  sent: Set<string>;
}

/** Runs the child until it has reported `after` lines, then kills it without warning. */
async function runAndKill(file: string, run: number, after: number): Promise<Reported> {
  const child = spawn(
    process.execPath,
    [path.join(root, 'tests/integration/storage/crashChild.mjs'), bundle, file, String(run)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const reported: Reported = { stored: new Set(), sent: new Set() };
  const exited = once(child, 'exit');
  let lines = 0;
  for await (const line of createInterface({ input: child.stdout })) {
    const [kind, id] = line.split(' ');
    if (kind === 'stored') reported.stored.add(id!);
    if (kind === 'sent') reported.sent.add(id!);
    lines += 1;
    if (lines === after) child.kill('SIGKILL');
  }
  const [, signal] = await exited;
  expect(signal).toBe('SIGKILL');
  return reported;
}

describe('crash safety', () => {
  it('loses and duplicates nothing that was committed when the process is killed', async () => {
    const file = tempDbFile();
    const all: Reported = { stored: new Set(), sent: new Set() };
    for (let run = 0; run < 3; run += 1) {
      const after = 200 + Math.floor(Math.random() * 1500);
      const reported = await runAndKill(file, run, after);
      reported.stored.forEach((id) => all.stored.add(id));
      reported.sent.forEach((id) => all.sent.add(id));

      const raw = new Database(file, { readonly: true });
      expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
      const count = raw.prepare(
        'SELECT count(*) AS n FROM messages WHERE id = ? OR origin_id = ? OR stanza_id = ?',
      );
      const state = raw.prepare('SELECT state FROM messages WHERE id = ?').pluck();
      for (const id of all.stored) expect(count.get(id, id, `s-${id}`)).toEqual({ n: 1 });
      for (const id of all.sent) expect(state.get(id)).toBe('sent');
      // The unread counters kept in step with the messages through every kill.
      const drift = raw
        .prepare(
          `SELECT count(*) FROM conversations c WHERE unread <> (SELECT count(*) FROM messages m
             WHERE m.account_id = c.account_id AND m.peer = c.peer
               AND direction = 'in' AND state = 'received')`,
        )
        .pluck()
        .get();
      expect(drift).toBe(0);
      raw.close();
    }

    // The index is whole, and storing the same messages again (a retry or a redelivery after
    // the crash) finds them instead of duplicating them.
    const storage = openStorage(file, { log: quiet });
    const raw = new Database(file);
    expect(() =>
      raw.prepare("INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')").run(),
    ).not.toThrow();
    raw.close();
    const someId = [...all.stored][0]!;
    const again = storage.messages.get(someId)!;
    expect(
      storage.messages.insert({ ...again, stanzaId: `s-${someId}`, archive: again.accountId })
        .inserted,
    ).toBe(false);
    expect(storage.messages.search({ query: someId.replace(/\W/g, ' ') }).length).toBeGreaterThan(
      0,
    );
    storage.close();
    // fsyncs on a busy shared disk: three runs can take tens of seconds.
  }, 90_000);
});
