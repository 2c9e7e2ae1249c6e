/**
 * The XML stream parser that @xmpp/connection instantiates (`new this.Parser()`), built on saxes
 * instead of ltx because the server's bytes are untrusted: ltx throws on unknown entities, treats
 * a DOCTYPE like a comment and has no size cap. RFC 6120 §11.1 forbids DTDs, comments, processing
 * instructions and entity references other than the predefined ones, so any of them is a policy
 * error. The first error is emitted once (never thrown) and all later input is ignored.
 */
import { EventEmitter } from 'node:events';
import { Buffer } from 'node:buffer';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { Element } from '@xmpp/xml';
import { XmppError } from './errors';

export const DEFAULT_MAX_STANZA_BYTES = 512 * 1024;
export const DEFAULT_MAX_DEPTH = 64;
const DEFAULT_SLICE_CHARS = 16 * 1024;

export interface GuardedParserOptions {
  /** Largest top-level element (UTF-8 bytes, including whitespace before it). */
  readonly maxStanzaBytes?: number;
  /** Deepest element nesting, counting the stream root as 1. */
  readonly maxDepth?: number;
  /** Input is fed to saxes in slices this long so the size check runs between them. */
  readonly sliceChars?: number;
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff;

export class GuardedParser extends EventEmitter {
  readonly #sax = new SaxesParser({ xmlns: false, position: true });
  readonly #maxBytes: number;
  readonly #maxDepth: number;
  readonly #sliceChars: number;
  #root: Element | null = null;
  #cursor: Element | null = null;
  #depth = 0;
  #stopped = false;
  /** The first error, kept for callers that had no listener when it happened. */
  error: XmppError | null = null;

  // Byte accounting for the current segment (text since the last top-level boundary): bytes of
  // the input up to `#countedTo` (a saxes position) are in `#segmentBytes`.
  #slice = '';
  #sliceStart = 0;
  #countedTo = 0;
  #segmentBytes = 0;

  constructor(options: GuardedParserOptions = {}) {
    super();
    this.#maxBytes = options.maxStanzaBytes ?? DEFAULT_MAX_STANZA_BYTES;
    this.#maxDepth = options.maxDepth ?? DEFAULT_MAX_DEPTH;
    this.#sliceChars = Math.max(2, options.sliceChars ?? DEFAULT_SLICE_CHARS);
    const sax = this.#sax;
    sax.on('error', (err) => this.#fail('xml-policy', `malformed XML: ${err.message}`));
    sax.on('doctype', () => this.#fail('xml-policy', 'DOCTYPE is not allowed in XMPP'));
    sax.on('comment', () => this.#fail('xml-policy', 'comments are not allowed in XMPP'));
    sax.on('processinginstruction', () =>
      this.#fail('xml-policy', 'processing instructions are not allowed in XMPP'),
    );
    sax.on('opentagstart', () => {
      if (!this.#stopped && this.#depth + 1 > this.#maxDepth) {
        this.#fail('xml-policy', `elements nested deeper than ${this.#maxDepth}`);
      }
    });
    sax.on('opentag', (tag) => this.#onOpen(tag));
    sax.on('closetag', () => this.#onClose());
    sax.on('text', (text) => this.#onText(text));
    sax.on('cdata', (text) => this.#onText(text));
  }

  write(data: string): void {
    let i = 0;
    while (i < data.length && !this.#stopped) {
      let end = Math.min(i + this.#sliceChars, data.length);
      // Never split a surrogate pair: the byte count of a lone half would be wrong.
      if (end < data.length && isHighSurrogate(data.charCodeAt(end - 1))) end -= 1;
      this.#slice = data.slice(i, end);
      this.#sliceStart = this.#sax.position;
      this.#sax.write(this.#slice);
      i = end;
      // Between slices: an unfinished segment past the cap stops us before saxes buffers more.
      if (!this.#stopped && this.#countBytes(this.#sax.position) > this.#maxBytes) {
        this.#fail('stanza-too-large', `stanza larger than ${this.#maxBytes} bytes`);
      }
    }
  }

  /** The socket ended; nothing more will be parsed. */
  end(data?: string): void {
    if (data) this.write(data);
    this.#stopped = true;
  }

  #countBytes(position: number): number {
    const from = Math.max(this.#countedTo, this.#sliceStart) - this.#sliceStart;
    const to = position - this.#sliceStart;
    if (to > from) this.#segmentBytes += Buffer.byteLength(this.#slice.slice(from, to));
    this.#countedTo = Math.max(this.#countedTo, position);
    return this.#segmentBytes;
  }

  /** A top-level boundary: the segment that ended here must fit; the next one starts at 0. */
  #boundary(position: number): void {
    if (this.#countBytes(position) > this.#maxBytes) {
      this.#fail('stanza-too-large', `stanza larger than ${this.#maxBytes} bytes`);
      return;
    }
    this.#segmentBytes = 0;
    this.#countedTo = position;
  }

  #onOpen(tag: SaxesTagPlain): void {
    if (this.#stopped) return;
    // saxes hands attributes over in a prototype-less object, which ltx's Object.assign copies
    // on a slow path: a plain copy made here costs a fraction (it is once per element).
    const element = new Element(tag.name);
    const attrs: Record<string, string> = element.attrs;
    for (const name in tag.attributes) attrs[name] = tag.attributes[name]!;
    this.#depth += 1;
    if (!this.#root) {
      this.#root = element;
      this.#cursor = element;
      this.#boundary(this.#sax.position);
      if (!this.#stopped) this.emit('start', element);
      return;
    }
    // Top-level children are not appended to the root, or the root would keep every stanza.
    if (this.#cursor !== this.#root) this.#cursor?.append(element);
    this.#cursor = element;
  }

  #onClose(): void {
    const cursor = this.#cursor;
    if (this.#stopped || !cursor) return;
    this.#depth -= 1;
    if (cursor === this.#root) {
      this.#stopped = true;
      this.emit('end', cursor);
      return;
    }
    if (cursor.parent) {
      this.#cursor = cursor.parent as Element;
      return;
    }
    this.#boundary(this.#sax.position);
    if (this.#stopped) return;
    cursor.parent = this.#root;
    this.#cursor = this.#root;
    this.emit('element', cursor);
  }

  #onText(text: string): void {
    if (this.#stopped) return;
    const cursor = this.#cursor;
    if (cursor && cursor !== this.#root) {
      cursor.t(text);
      return;
    }
    // Whitespace keepalives between stanzas are fine; other text at stream level is not XMPP.
    if (text.trim() !== '') this.#fail('xml-policy', 'text outside of a stanza');
  }

  #fail(code: 'xml-policy' | 'stanza-too-large', message: string): void {
    if (this.#stopped) return;
    this.#stopped = true;
    const error = new XmppError(code, message);
    this.error = error;
    // EventEmitter throws on an unheard 'error'; a parser error must never become an exception.
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }
}
