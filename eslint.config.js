// Lint rules, and the zones of ARCHITECTURE.md made enforceable: a wrong import is an error, not a
// review comment. Folders are the zones — shared/ (pure), renderer/ (DOM), electron/ (Node, with
// only the shell importing 'electron'), server/ (beside the client, sharing only shared/).
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { noShellImport } from './eslint/noShellImport.js';

/** Modules and folders of the Electron shell: the only ones that may import 'electron'. */
const SHELL = {
  modules: ['electron/main', 'electron/window', 'electron/preload', 'electron/ipc/electronBinder'],
  folders: ['electron/shell'],
};
export const SHELL_FILES = [
  ...SHELL.modules.map((module) => `${module}.ts`),
  ...SHELL.folders.map((folder) => `${folder}/**`),
];

const builtins = builtinModules.filter((name) => !name.startsWith('_'));

/** A relative import that reaches into one of the given top-level folders. */
const into = (...zones) => `^(\\.{1,2}/)*\\.\\./(.*/)?(${zones.join('|')})(/|$)`;

const NO_ELECTRON = {
  name: 'electron',
  message:
    "Only the Electron shell (electron/main.ts, window.ts, preload.ts, ipc/electronBinder.ts, electron/shell/) may import 'electron'.",
};
const noElectronPattern = {
  regex: '^electron/',
  message: NO_ELECTRON.message,
};
const NO_NODE = [
  { regex: '^node:', message: 'This zone runs without Node: no node: modules.' },
  {
    regex: `^(${builtins.join('|')})(/|$)`,
    message: 'This zone runs without Node: no Node built-in modules.',
  },
];

/** Banned everywhere. no-restricted-syntax options do not merge either, so zones extend this. */
const SYNTAX_BANS = [
  {
    selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
    message:
      'No dangerouslySetInnerHTML: messages come from strangers. Render text, or sanitize in a reviewed component.',
  },
  {
    selector:
      "MemberExpression[property.name='only']:has(Identifier[name=/^(it|test|describe|suite)$/])",
    message: 'No .only in tests: it silently skips the rest of the suite.',
  },
];

/** no-restricted-imports does not see import() or require(): ban them where Node is absent. */
const NO_DYNAMIC_NODE = [
  {
    selector: 'ImportExpression[source.value=/^(node:|electron$|electron\\u002F)/]',
    message: 'This zone runs without Node or Electron.',
  },
  {
    selector: "CallExpression[callee.name='require']",
    message: 'No require() here: this zone is ES modules without Node.',
  },
];

/** One complete no-restricted-imports setting per zone (flat config does not merge options). */
const restrict = (patterns, paths = []) => ['error', { paths, patterns }];

const zones = [
  {
    name: 'zone: shared (pure: no DOM, no Node, no other zone)',
    files: ['shared/**'],
    rules: {
      'no-restricted-syntax': ['error', ...SYNTAX_BANS, ...NO_DYNAMIC_NODE],
      'no-restricted-imports': restrict(
        [
          ...NO_NODE,
          noElectronPattern,
          {
            regex: into('renderer', 'electron', 'server'),
            message: 'shared/ is pure and imports only shared/ (and libraries such as valibot).',
          },
        ],
        [NO_ELECTRON],
      ),
    },
  },
  {
    name: 'zone: renderer (DOM: only renderer/ and shared/)',
    files: ['renderer/**'],
    rules: {
      'no-restricted-syntax': ['error', ...SYNTAX_BANS, ...NO_DYNAMIC_NODE],
      'no-restricted-imports': restrict(
        [
          ...NO_NODE,
          noElectronPattern,
          {
            regex: into('electron', 'server', 'tests', 'scripts', 'build', 'bench'),
            message:
              'The renderer imports only renderer/ and shared/; it reaches the main process through the contract.',
          },
        ],
        [NO_ELECTRON],
      ),
    },
  },
  {
    name: 'zone: electron (Node: never the renderer; only the shell imports electron)',
    files: ['electron/**'],
    ignores: SHELL_FILES,
    rules: {
      'no-restricted-imports': restrict(
        [
          noElectronPattern,
          {
            regex: into('renderer'),
            message: 'electron/ must not import the renderer; share through shared/.',
          },
        ],
        [NO_ELECTRON],
      ),
    },
  },
  {
    // A relative import reaches the shell without naming 'electron': resolve it and refuse it.
    name: 'zone: electron (services never import the shell)',
    files: ['electron/**'],
    ignores: SHELL_FILES,
    plugins: { hutong: { rules: { 'no-shell-import': noShellImport } } },
    rules: { 'hutong/no-shell-import': ['error', { ...SHELL, root: import.meta.dirname }] },
  },
  {
    name: 'zone: electron shell',
    files: SHELL_FILES,
    rules: {
      'no-restricted-imports': restrict([
        {
          regex: into('renderer'),
          message: 'electron/ must not import the renderer; share through shared/.',
        },
      ]),
    },
  },
  {
    name: 'zone: server (beside the client: shares only shared/)',
    files: ['server/**'],
    rules: {
      'no-restricted-imports': restrict(
        [
          noElectronPattern,
          {
            regex: into('renderer', 'electron'),
            message: 'server/ shares only shared/ with the client.',
          },
        ],
        [NO_ELECTRON],
      ),
    },
  },
];

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.data/**',
      'test-results/**',
      'playwright-report/**',
      'release/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    name: 'hutong: all files',
    languageOptions: { ecmaVersion: 2023, sourceType: 'module', globals: { ...globals.node } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // A `let` read by a closure before its one assignment (e.g. a server used by a callback
      // created first) must stay `let`: a `const` there would sit in its temporal dead zone.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      'no-restricted-syntax': ['error', ...SYNTAX_BANS],
    },
  },
  {
    name: 'hutong: renderer',
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    // Includes the React Compiler diagnostics of v7 (refs, set-state-in-effect, purity...).
    ...reactHooks.configs.flat.recommended,
  },
  {
    // Playwright specs and benches hold functions that run in the page (page.evaluate).
    name: 'hutong: tests and benches',
    files: ['tests/**', 'bench/**'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    name: 'hutong: preload (sandboxed page context)',
    files: ['electron/preload.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
  ...zones,
);
