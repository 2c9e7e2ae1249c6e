/**
 * XML namespaces are declared once, in shared/namespaces.ts. A copy typed elsewhere drifts (a
 * version suffix changed in one file only) and hides which extensions Hutong speaks, so this test
 * parses every source file of the product with TypeScript and fails on any string literal that is
 * a namespace. Comments are not literals, so a namespace named in a comment passes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { NS } from '../../../shared/namespaces';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
// TypeScript only: server/'s .mjs scripts run under plain Node and cannot import shared/*.ts.
const ZONES = ['electron', 'shared', 'renderer', 'server'];
const HOME = 'shared/namespaces.ts';

/**
 * Literals that look like namespaces but are allowed where they are. Each entry says why; keep it
 * empty unless a literal truly cannot come from NS.
 */
const ALLOWED: ReadonlyArray<{ readonly file: string; readonly literal: string }> = [];

const NAMESPACE =
  /^(urn:xmpp:|urn:ietf:params:xml:ns:|jabber:|https?:\/\/jabber\.org\/protocol\/|http:\/\/etherx\.jabber\.org\/|storage:|vcard-temp)/;

const ANYWHERE = new RegExp(NAMESPACE.source.slice(1));

/** The namespace-like string literals of a source text (template parts included). */
export function namespaceLiterals(source: string, fileName = 'file.ts'): string[] {
  // Parsing is slow; most files name no namespace at all, not even in a comment.
  if (!ANYWHERE.test(source)) return [];
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, false);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isStringLiteral(node) ||
        ts.isNoSubstitutionTemplateLiteral(node) ||
        ts.isTemplateHead(node) ||
        ts.isTemplateMiddle(node) ||
        ts.isTemplateTail(node)) &&
      NAMESPACE.test(node.text)
    ) {
      found.push(node.text);
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
    return /\.(ts|tsx|mts|cts)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [rel] : [];
  });
}

describe('namespace literals', () => {
  it('finds literals in code and ignores comments (so the scan below can fail)', () => {
    const code = [
      "// a comment naming 'urn:xmpp:ping' is fine",
      "/** <x xmlns='jabber:x:data'/> */",
      "const a = 'urn:xmpp:receipts';",
      'const b = "http://jabber.org/protocol/muc#owner";',
      'const c = `jabber:iq:${kind}`;',
      'const d = { e: 1 }; const f = `${d.e}storage:bookmarks`;',
      "const g = 'urn:xmpp:invented';",
    ].join('\n');
    expect(namespaceLiterals(code)).toEqual([
      'urn:xmpp:receipts',
      'http://jabber.org/protocol/muc#owner',
      'jabber:iq:',
      'storage:bookmarks',
      'urn:xmpp:invented',
    ]);
  });

  it('every namespace of NS matches the pattern the scan uses', () => {
    for (const ns of Object.values(NS)) expect(ns).toMatch(NAMESPACE);
  });

  it('appear only in shared/namespaces.ts', () => {
    const files = ZONES.flatMap(sources).filter((file) => file !== HOME);
    expect(files.length).toBeGreaterThan(100);
    const outside = files.flatMap((file) =>
      namespaceLiterals(fs.readFileSync(path.join(root, file), 'utf8'), file)
        .filter((literal) => !ALLOWED.some((a) => a.file === file && a.literal === literal))
        .map((literal) => `${file}: ${literal}`),
    );
    expect(outside).toEqual([]);
  });
});
