import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Element } from '@xmpp/xml';
import { GuardedParser, type GuardedParserOptions } from '../../../electron/xmpp/guardedParser';
import { XmppConnection, decodeChunk } from '../../../electron/xmpp/connection';
import { XmppError } from '../../../electron/xmpp/errors';

const HEADER =
  "<?xml version='1.0'?><stream:stream xmlns='jabber:client' " +
  "xmlns:stream='http://etherx.jabber.org/streams' from='example.org' id='s1' version='1.0'>";

interface Run {
  readonly parser: GuardedParser;
  readonly starts: Element[];
  readonly elements: Element[];
  readonly errors: unknown[];
  readonly ends: Element[];
}

function listen(parser: GuardedParser): Run {
  const run: Run = { parser, starts: [], elements: [], errors: [], ends: [] };
  parser.on('start', (el: Element) => run.starts.push(el));
  parser.on('element', (el: Element) => run.elements.push(el));
  parser.on('error', (err: unknown) => run.errors.push(err));
  parser.on('end', (el: Element) => run.ends.push(el));
  return run;
}

function parse(chunks: readonly string[], options?: GuardedParserOptions): Run {
  const run = listen(new GuardedParser(options));
  for (const chunk of chunks) run.parser.write(chunk);
  return run;
}

function codeOf(run: Run): string | undefined {
  const [error] = run.errors;
  return error instanceof XmppError ? error.code : undefined;
}

describe('GuardedParser', () => {
  it('emits the stream root, each top-level stanza with the root as parent, and the end', () => {
    const run = parse([
      HEADER,
      "<message to='a@b' type='chat'><body>hi &amp; &#x4E2D;</body></message>",
      ' \n ',
      "<iq type='result' id='1'/>",
      '</stream:stream>',
    ]);
    expect(run.errors).toEqual([]);
    expect(run.starts).toHaveLength(1);
    expect(run.starts[0]?.attrs.id).toBe('s1');
    expect(run.elements.map((el) => el.name)).toEqual(['message', 'iq']);
    const [message] = run.elements;
    expect(message?.parent).toBe(run.starts[0]);
    expect(message?.getChildText('body')).toBe('hi & 中');
    expect(message?.is('message', 'jabber:client')).toBe(true);
    // Stanzas must not accumulate under the root.
    expect(run.starts[0]?.children).toEqual([]);
    expect(run.ends).toHaveLength(1);
  });

  it('resolves prefixed stream elements against the root namespaces', () => {
    const run = parse([
      HEADER,
      "<stream:features><mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/></stream:features>",
    ]);
    expect(run.elements[0]?.is('features', 'http://etherx.jabber.org/streams')).toBe(true);
  });

  it('tolerates whitespace keepalives between stanzas, in any amount of chunks', () => {
    const run = parse([HEADER, ' ', '\n', '<presence/>', ' ', ' ', '\t', '<presence/>', ' ']);
    expect(run.errors).toEqual([]);
    expect(run.elements).toHaveLength(2);
  });

  it('reports text at stream level as a policy error', () => {
    expect(codeOf(parse([HEADER, 'hello<presence/>']))).toBe('xml-policy');
  });

  it('refuses a DOCTYPE (xml-policy)', () => {
    const run = parse(["<?xml version='1.0'?><!DOCTYPE stream>", HEADER]);
    expect(codeOf(run)).toBe('xml-policy');
    expect(run.starts).toHaveLength(0);
  });

  it('refuses a billion-laughs document before expanding anything', () => {
    const lol = [
      "<?xml version='1.0'?>",
      '<!DOCTYPE lolz [<!ENTITY lol "lol">',
      ...Array.from(
        { length: 9 },
        (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`,
      ),
      ']>',
      HEADER,
      '<message><body>&lol9;</body></message>',
    ].join('');
    const run = parse([lol]);
    expect(codeOf(run)).toBe('xml-policy');
    expect(run.errors).toHaveLength(1);
    expect(run.elements).toHaveLength(0);
  });

  it('refuses unknown entities but accepts the five predefined ones and char refs', () => {
    const bad = parse([HEADER, '<message><body>&foo;</body></message>']);
    expect(codeOf(bad)).toBe('xml-policy');
    expect(bad.elements).toHaveLength(0);
    const good = parse([
      HEADER,
      '<message><body>&lt;&gt;&amp;&quot;&apos;&#65;&#x42;</body></message>',
    ]);
    expect(good.errors).toEqual([]);
    expect(good.elements[0]?.getChildText('body')).toBe('<>&"\'AB');
  });

  it('refuses comments and processing instructions inside the stream', () => {
    expect(codeOf(parse([HEADER, '<!-- hi --><presence/>']))).toBe('xml-policy');
    expect(codeOf(parse([HEADER, '<?pi data?><presence/>']))).toBe('xml-policy');
  });

  it('reports malformed XML as xml-policy', () => {
    expect(codeOf(parse([HEADER, '<message></iq>']))).toBe('xml-policy');
    expect(codeOf(parse([HEADER, "<message a='1' a='2'/>"]))).toBe('xml-policy');
  });

  it('caps nesting depth', () => {
    const deep = '<a>'.repeat(100) + '</a>'.repeat(100);
    expect(codeOf(parse([HEADER, deep]))).toBe('xml-policy');
    const ok = parse([HEADER, '<a>'.repeat(20) + '</a>'.repeat(20)], { maxDepth: 21 });
    expect(ok.errors).toEqual([]);
  });

  it('accepts a stanza at the cap and refuses one just above it (UTF-8 bytes)', () => {
    const wrap = (body: string) => `<message><body>${body}</body></message>`;
    const overhead = wrap('').length;
    // 中 is 3 bytes in UTF-8: the cap counts bytes, not characters.
    const chars = Math.floor((3000 - overhead) / 3);
    const fits = wrap('中'.repeat(chars) + 'x'.repeat(3000 - overhead - chars * 3));
    expect(Buffer.byteLength(fits)).toBe(3000);
    expect(parse([HEADER, fits], { maxStanzaBytes: 3000, sliceChars: 64 }).errors).toEqual([]);
    const over = parse([HEADER, fits + fits.replace('</message>', '中</message>')], {
      maxStanzaBytes: 3000,
      sliceChars: 64,
    });
    expect(codeOf(over)).toBe('stanza-too-large');
    expect(over.elements).toHaveLength(1);
  });

  it('stops an endless stanza before saxes has buffered much more than the cap', () => {
    const run = listen(new GuardedParser({ maxStanzaBytes: 64 * 1024 }));
    run.parser.write(`${HEADER}<message><body>`);
    const chunk = 'x'.repeat(1024 * 1024);
    const before = process.memoryUsage().heapUsed;
    run.parser.write(chunk);
    // Refused within the first 1 MiB chunk: saxes saw at most the cap plus one 16 KiB slice.
    expect(codeOf(run)).toBe('stanza-too-large');
    let fed = chunk.length;
    // 1 GiB offered in total; the parser must refuse after ~64 KiB and ignore the rest cheaply.
    for (let i = 1; i < 1024; i += 1) {
      run.parser.write(chunk);
      fed += chunk.length;
    }
    expect(fed).toBe(1024 * 1024 * 1024);
    expect(codeOf(run)).toBe('stanza-too-large');
    expect(run.errors).toHaveLength(1);
    expect(process.memoryUsage().heapUsed - before).toBeLessThan(32 * 1024 * 1024);
  });

  it('also caps a huge attribute or tag name', () => {
    const run = parse([HEADER, `<message to='${'a'.repeat(200_000)}'/>`], { maxStanzaBytes: 1024 });
    expect(codeOf(run)).toBe('stanza-too-large');
  });

  it('emits errors (never throws), and only the first', () => {
    const parser = new GuardedParser();
    expect(() => parser.write(`${HEADER}<!DOCTYPE x><a>&foo;</b>`)).not.toThrow();
    expect(parser.error?.code).toBe('xml-policy');
    const run = listen(new GuardedParser());
    run.parser.write(`${HEADER}<a>&foo;</b>&bar;`);
    run.parser.write('<presence/><!DOCTYPE y>');
    expect(run.errors).toHaveLength(1);
    expect(run.elements).toHaveLength(0);
  });

  it('parses the same stanzas however the input is split', () => {
    const input = `${HEADER}<message><body>中文 ok 😀 &amp; &#x4E2D;</body></message> <presence/>`;
    for (let cut = 1; cut < input.length; cut += 1) {
      const run = parse([input.slice(0, cut), input.slice(cut)], { sliceChars: 7 });
      expect(run.errors).toEqual([]);
      expect(run.elements.map((el) => el.toString())).toEqual([
        '<message><body>中文 ok 😀 &amp; 中</body></message>',
        '<presence/>',
      ]);
    }
  });
});

describe('connection decoding', () => {
  it('decodes UTF-8 split at every byte boundary through the connection', () => {
    const bytes = Buffer.from(
      `${HEADER}<message><body>你好，世界 😀 ünïcödé</body></message><presence/>`,
      'utf8',
    );
    for (let cut = 1; cut < bytes.length; cut += 1) {
      const connection = new XmppConnection({});
      const socket = new EventEmitter();
      const elements: Element[] = [];
      connection.on('element', (el: Element) => elements.push(el));
      connection.on('error', (err: unknown) => {
        throw err;
      });
      const internals = connection as unknown as {
        _attachSocket(s: EventEmitter): void;
        _attachParser(p: GuardedParser): void;
      };
      internals._attachSocket(socket);
      internals._attachParser(new GuardedParser());
      socket.emit('data', bytes.subarray(0, cut));
      socket.emit('data', bytes.subarray(cut));
      expect(elements.map((el) => el.getChildText('body') ?? el.name)).toEqual([
        '你好，世界 😀 ünïcödé',
        'presence',
      ]);
    }
  });

  it('keeps one decoder per socket', () => {
    const a = {};
    const b = {};
    const zh = Buffer.from('中', 'utf8');
    expect(decodeChunk(a, zh.subarray(0, 1))).toBe('');
    expect(decodeChunk(b, Buffer.from('x'))).toBe('x');
    expect(decodeChunk(a, zh.subarray(1))).toBe('中');
  });

  it('ignores data that arrives after the parser was detached', () => {
    const connection = new XmppConnection({});
    const socket = new EventEmitter();
    (connection as unknown as { _attachSocket(s: EventEmitter): void })._attachSocket(socket);
    expect(() => socket.emit('data', Buffer.from('<presence/>'))).not.toThrow();
  });
});
