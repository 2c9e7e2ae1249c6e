/**
 * The logger makes error objects safe (tests/unit/log.test.ts), but text a caller takes out of an
 * error or a stanza and writes into the line itself never passes through it. This scan parses
 * every main-process file and fails on a log call that writes `.message`, `.text`, `.body` or
 * `.stack`, `String(…)` / `JSON.stringify(…)` of a value, or someone else's address or name
 * (`peer`, `from`, `nick`…): pass the error itself instead, or a code or condition (logSafe.ts's
 * safeCondition). Our own account's address may be logged: the log is its user's.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LEVELS = new Set(['debug', 'info', 'warn', 'error']);
const RAW_TEXT = new Set(['message', 'text', 'body', 'stack']);
/** Someone else's address or name: a contact's JID, a resource, a nickname. */
const OTHERS = new Set(['peer', 'from', 'sender', 'nick', 'resource', 'occupant']);
const STRINGIFY = new Set(['String', 'JSON.stringify']);

/** Whether `node` puts text from a value into the line as it is. */
function rawText(node: ts.Node, file: ts.SourceFile): boolean {
  if (ts.isPropertyAccessExpression(node)) {
    return RAW_TEXT.has(node.name.text) || OTHERS.has(node.name.text);
  }
  if (ts.isIdentifier(node)) return OTHERS.has(node.text);
  if (ts.isCallExpression(node)) return STRINGIFY.has(node.expression.getText(file));
  return false;
}

/** `log.warn(…)`, `this.#log?.error(…)`: a call of a level on something named like a logger. */
function isLogCall(node: ts.CallExpression, file: ts.SourceFile): boolean {
  const callee = node.expression;
  if (!ts.isPropertyAccessExpression(callee) || !LEVELS.has(callee.name.text)) return false;
  return /\blog$/i.test(callee.expression.getText(file).replace(/^this\.#?/, ''));
}

/** The log calls of `source` that write raw text, as `line: call`. */
export function rawLogCalls(source: string, fileName = 'file.ts'): string[] {
  if (!/log/i.test(source)) return [];
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && isLogCall(node, file)) {
      const [message, ...rest] = node.arguments;
      const spans = message && ts.isTemplateExpression(message) ? message.templateSpans : [];
      const parts = [...(message ? [message] : []), ...spans.map((s) => s.expression), ...rest];
      if (parts.some((part) => rawText(part, file))) {
        const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
        found.push(`${line + 1}: ${node.getText(file).replace(/\s+/g, ' ')}`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sources(rel);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [rel] : [];
  });
}

describe('log calls', () => {
  it('the scan finds raw text in a log line (so the check below can fail)', () => {
    const code = [
      'log.warn(`failed: ${error.message}`);',
      "log.error('failed', error.message);",
      'this.#log?.debug(`stop: ${String(err)}`);',
      'log.info(`got ${stanza.getChild("body")?.text}`);',
      "log.warn('failed', error);",
      'log.warn(`${accountId}: ${error.code} (${safeCondition(error.condition)})`);',
      'log.error(failure.message);',
      'log.info(`${ctx.accountId}: cut a body from ${target.peer}`);',
      'log.debug(`${accountId}: presence from ${from}`);',
      'other.warn(error.message);',
    ].join('\n');
    expect(rawLogCalls(code).map((hit) => hit.split(':')[0])).toEqual([
      '1',
      '2',
      '3',
      '4',
      '7',
      '8',
      '9',
    ]);
  });

  it('no main-process log call writes text from a value into its line', () => {
    const files = sources('electron');
    expect(files.length).toBeGreaterThan(100);
    const hits = files.flatMap((file) =>
      rawLogCalls(fs.readFileSync(path.join(root, file), 'utf8'), file).map(
        (hit) => `${file}:${hit}`,
      ),
    );
    expect(hits).toEqual([]);
  });
});
