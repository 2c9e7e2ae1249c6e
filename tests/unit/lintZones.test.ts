/**
 * The zones of ARCHITECTURE.md are kept by eslint.config.js. This runs ESLint on in-memory code in
 * each zone, so the rule cannot silently stop working (a renamed folder, an overriding config).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

/** The rule ids ESLint reports for `code` as if it were the file at `filePath`. */
async function ruleIds(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  expect(result?.fatalErrorCount ?? 0).toBe(0);
  return (result?.messages ?? []).map((m) => m.ruleId ?? 'fatal');
}

const imports = (filePath: string, source: string) =>
  ruleIds(filePath, `import '${source}';\n`).then((ids) => ids.includes('no-restricted-imports'));

const cases: ReadonlyArray<readonly [file: string, source: string, forbidden: boolean]> = [
  // renderer: only renderer/ and shared/ (and browser packages)
  ['renderer/features/chat/ChatView.tsx', 'electron', true],
  ['renderer/features/chat/ChatView.tsx', 'node:fs', true],
  ['renderer/features/chat/ChatView.tsx', 'fs', true],
  ['renderer/features/chat/ChatView.tsx', 'fs/promises', true],
  ['renderer/features/chat/ChatView.tsx', 'path', true],
  ['renderer/features/chat/ChatView.tsx', 'child_process', true],
  ['renderer/features/chat/ChatView.tsx', 'tls', true],
  ['renderer/features/chat/ChatView.tsx', '../../../electron/ipc/dispatch', true],
  ['renderer/features/chat/ChatView.tsx', '../../../server/scripts/prosody.mjs', true],
  ['renderer/App.tsx', '../electron/log', true],
  ['renderer/App.tsx', './../electron/log', true],
  ['renderer/features/chat/ChatView.tsx', '../../../shared/contract', false],
  ['renderer/features/chat/ChatView.tsx', '../../store/chat.slice', false],
  ['renderer/App.tsx', 'react', false],
  ['renderer/App.tsx', 'zustand', false],
  // shared: pure
  ['shared/jid.ts', 'electron', true],
  ['shared/jid.ts', 'node:crypto', true],
  ['shared/jid.ts', 'crypto', true],
  ['shared/jid.ts', '../renderer/App', true],
  ['shared/jid.ts', '../electron/log', true],
  ['shared/jid.ts', '../server/registry/x', true],
  ['shared/jid.ts', 'valibot', false],
  ['shared/jid.ts', './errors', false],
  // electron: Node, never the renderer; only the shell imports 'electron'
  ['electron/services/accounts.ts', 'electron', true],
  ['electron/services/accounts.ts', 'electron/main', true],
  ['electron/services/accounts.ts', '../../renderer/App', true],
  ['electron/host.ts', 'electron', true],
  ['electron/services/accounts.ts', 'node:fs', false],
  ['electron/services/accounts.ts', '../../shared/contract', false],
  ['electron/main.ts', 'electron', false],
  ['electron/window.ts', 'electron', false],
  ['electron/preload.ts', 'electron', false],
  ['electron/ipc/electronBinder.ts', 'electron', false],
  ['electron/shell/navigation.ts', 'electron', false],
  ['electron/main.ts', '../renderer/App', true],
  // server: shares only shared/
  ['server/registry/service.ts', '../../electron/log', true],
  ['server/registry/service.ts', '../../shared/idcard', false],
];

describe('import zones', () => {
  it.each(cases)('%s importing %s: forbidden=%s', async (file, source, forbidden) => {
    expect(await imports(file, source)).toBe(forbidden);
  });

  it.each([
    ['renderer/App.tsx', "export const f = () => import('node:fs');\n"],
    ['renderer/App.tsx', "export const f = () => import('electron');\n"],
    ['shared/jid.ts', "export const f = () => import('electron/renderer');\n"],
  ])('%s: catches the dynamic %s', async (file, code) => {
    expect(await ruleIds(file, code)).toContain('no-restricted-syntax');
  });

  it('allows dynamic imports inside the renderer', async () => {
    expect(await ruleIds('renderer/App.tsx', "export const f = () => import('./x');\n")).toEqual(
      [],
    );
  });

  it('checks re-exports too', async () => {
    const ids = await ruleIds('shared/x.ts', "export * from '../electron/log';\n");
    expect(ids).toContain('no-restricted-imports');
  });
});

describe('the Electron shell is imported by nothing but the shell', () => {
  const SHELL_RULE = 'hutong/no-shell-import';
  const flagged = (file: string, code: string) =>
    ruleIds(file, code).then((ids) => ids.includes(SHELL_RULE));

  it.each([
    ['electron/services/accounts.ts', '../shell/session'],
    ['electron/services/accounts.ts', '../shell/session.ts'],
    ['electron/chat/ingest.ts', '../shell/csp'],
    ['electron/muc/rooms.ts', '../main'],
    ['electron/otr/adapter.ts', '../window'],
    ['electron/realname/x.ts', '../preload'],
    ['electron/storage/db.ts', '../ipc/electronBinder'],
    ['electron/xmpp/client.ts', './../shell/origin'],
    ['electron/net/socks.ts', '../services/../shell/navigation'],
    ['electron/host/hostServer.ts', '../shell/csp'],
    ['electron/secrets/store.ts', '../shell'],
    ['electron/services/sub/deep.ts', '../../shell/windowState'],
    ['electron/services/accounts.ts', '../../electron/shell/session'],
    ['electron/host.ts', './shell/session'],
    ['electron/host.ts', './main'],
    ['electron/log.ts', './window.ts'],
  ])('%s may not import %s', async (file, source) => {
    expect(await flagged(file, `import '${source}';\n`)).toBe(true);
    expect(await flagged(file, `export * from '${source}';\n`)).toBe(true);
    expect(await flagged(file, `export const f = () => import('${source}');\n`)).toBe(true);
    expect(await flagged(file, `export const f = () => require('${source}');\n`)).toBe(true);
  });

  it.each([
    ['electron/services/accounts.ts', '../chat/ingest'],
    ['electron/services/accounts.ts', '../ipc/dispatch'],
    ['electron/services/accounts.ts', '../shellish/x'],
    ['electron/chat/ingest.ts', './window'],
    ['electron/chat/ingest.ts', './main'],
    ['electron/host.ts', './host/hostServer'],
    ['electron/main.ts', './shell/session'],
    ['electron/main.ts', './window'],
    ['electron/shell/session.ts', './permissions'],
    ['electron/ipc/electronBinder.ts', '../shell/origin'],
    ['tests/unit/shell.test.ts', '../../electron/shell/origin'],
  ])('%s may import %s', async (file, source) => {
    expect(await flagged(file, `import '${source}';\n`)).toBe(false);
  });
});

describe('syntax bans', () => {
  it('forbids dangerouslySetInnerHTML in the renderer', async () => {
    const code =
      'export const A = (p: { h: string }) => <div dangerouslySetInnerHTML={{ __html: p.h }} />;\n';
    expect(await ruleIds('renderer/components/A.tsx', code)).toContain('no-restricted-syntax');
  });

  it.each([
    'test.only',
    'it.only',
    'describe.only',
    'test.describe.only',
    'test.describe.serial.only',
  ])('forbids %s', async (call) => {
    const code = `import { test, it, describe } from 'vitest';\n${call}('x', () => {});\nvoid [test, it, describe];\n`;
    expect(await ruleIds('tests/unit/x.test.ts', code)).toContain('no-restricted-syntax');
  });

  it('allows the same code without .only', async () => {
    const code = "import { test } from 'vitest';\ntest('x', () => {});\n";
    expect(await ruleIds('tests/unit/x.test.ts', code)).toEqual([]);
  });
});
