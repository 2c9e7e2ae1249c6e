/** Parses one XML element from text, with the parser @xmpp/client uses, for readable fixtures. */
import { Parser, type Element } from '@xmpp/xml';

export function parseXml(text: string): Element {
  const parser = new Parser();
  let root: Element | undefined;
  let failure: unknown;
  parser.on('start', (el: Element) => (root = el));
  parser.on('element', (el: Element) => root?.append(el));
  parser.on('error', (error: unknown) => (failure = error));
  parser.write(text);
  parser.end('');
  if (failure || !root) throw failure ?? new Error('no element');
  return root;
}
