// ESLint rule `hutong/no-shell-import`: only the Electron shell may import the shell. Services run
// under plain Node and in the browser host, which have no Electron; the shell composes them, never
// the reverse. no-restricted-imports matches the text of a specifier and cannot tell `../shell`
// from a service's own `./shell`, so this rule resolves each relative specifier against the file
// that imports it and compares the module it names.
import path from 'node:path';

/** A specifier's module path relative to the project root, without extension or `/index`. */
function moduleOf(root, filename, source) {
  const resolved = path.relative(root, path.resolve(path.dirname(filename), source));
  return resolved
    .split(path.sep)
    .join('/')
    .replace(/\.(ts|tsx|js|cjs|mjs)$/, '')
    .replace(/\/index$/, '');
}

/** @type {import('eslint').Rule.RuleModule} */
export const noShellImport = {
  meta: {
    type: 'problem',
    docs: { description: 'Only the Electron shell may import the Electron shell.' },
    schema: [
      {
        type: 'object',
        properties: {
          modules: { type: 'array', items: { type: 'string' } },
          folders: { type: 'array', items: { type: 'string' } },
          root: { type: 'string' },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      shell:
        "'{{source}}' is the Electron shell ({{module}}). Services run without Electron; pass what they need in from main.ts instead.",
    },
  },
  create(context) {
    // Paths are relative to the project root (ESLint's cwd may be elsewhere, e.g. in an editor).
    const { modules = [], folders = [], root = context.cwd } = context.options[0] ?? {};
    const isShell = (module) =>
      modules.includes(module) ||
      folders.some((folder) => module === folder || module.startsWith(`${folder}/`));

    const check = (node) => {
      if (node?.type !== 'Literal' || typeof node.value !== 'string') return;
      const source = node.value;
      if (!source.startsWith('.') && !path.isAbsolute(source)) return;
      const module = moduleOf(root, context.filename, source);
      if (isShell(module)) context.report({ node, messageId: 'shell', data: { source, module } });
    };

    return {
      ImportDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
      TSExternalModuleReference: (node) => check(node.expression),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') {
          check(node.arguments[0]);
        }
      },
    };
  },
};
