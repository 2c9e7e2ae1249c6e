// Property tests (fast-check) of OTR's encodings: every wire message type, the plaintext with its
// TLVs, SMP's MPI lists, framing and fragmenting come back as they went in, whatever the values.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Fragments } from '../../../electron/otr/fragments';
import {
  classify,
  decode,
  encode,
  dataMessageBody,
  fragment,
  frame,
  MessageType,
  type Encoded,
} from '../../../electron/otr/messages';
import { readMpis, readPlaintext, writeMpis, writePlaintext } from '../../../electron/otr/tlv';

const u32 = fc.integer({ min: 0, max: 0xffff_ffff });
const bytes = (maxLength = 300) => fc.uint8Array({ maxLength }).map((a) => Buffer.from(a));
const exact = (length: number) =>
  fc.uint8Array({ minLength: length, maxLength: length }).map((a) => Buffer.from(a));
/** Non-negative integers up to 1536 bits, the size of the group's elements. */
const mpi = fc.bigInt({ min: 0n, max: (1n << 1536n) - 1n });
const header = fc.record({ sender: u32, receiver: u32 });

const message: fc.Arbitrary<Encoded> = fc.oneof(
  fc.tuple(header, bytes(), exact(32)).map(([h, encryptedGx, hashedGx]) => ({
    ...h,
    type: MessageType.DhCommit,
    encryptedGx,
    hashedGx,
  })),
  fc.tuple(header, mpi).map(([h, gy]) => ({ ...h, type: MessageType.DhKey, gy })),
  fc.tuple(header, exact(16), bytes(), exact(20)).map(([h, revealedKey, sig, mac]) => ({
    ...h,
    type: MessageType.RevealSignature,
    revealedKey,
    encryptedSignature: sig,
    mac,
  })),
  fc.tuple(header, bytes(), exact(20)).map(([h, sig, mac]) => ({
    ...h,
    type: MessageType.Signature,
    encryptedSignature: sig,
    mac,
  })),
  fc
    .record({
      sender: u32,
      receiver: u32,
      flags: fc.integer({ min: 0, max: 255 }),
      senderKeyId: u32,
      recipientKeyId: u32,
      nextDh: mpi,
      ctr: exact(8),
      encrypted: bytes(),
      mac: exact(20),
      oldMacKeys: bytes(100),
    })
    .map((f) => ({
      ...f,
      type: MessageType.Data,
      authenticated: dataMessageBody(f),
    })),
);

describe('OTR encodings (properties)', () => {
  it('decode(encode(m)) is m for every message type', () => {
    fc.assert(
      fc.property(message, (m) => {
        expect(decode(encode(m))).toEqual(m);
      }),
      { numRuns: 500 },
    );
  });

  it('frames as ?OTR:…. that classify finds again, byte for byte', () => {
    fc.assert(
      fc.property(message, (m) => {
        const c = classify(frame(encode(m)));
        expect(c.kind).toBe('encoded');
        if (c.kind === 'encoded') expect(Buffer.from(c.base64, 'base64')).toEqual(encode(m));
      }),
      { numRuns: 300 },
    );
  });

  it('reads back the plaintext and its TLVs', () => {
    const text = fc.string({ maxLength: 200 }).map((s) => s.replaceAll('\0', ''));
    const tlv = fc.record({ type: fc.integer({ min: 0, max: 0xffff }), value: bytes(500) });
    fc.assert(
      fc.property(text, fc.array(tlv, { maxLength: 6 }), (t, tlvs) => {
        const back = readPlaintext(writePlaintext(t, tlvs));
        // The text as UTF-8 carries it (lone surrogates become U+FFFD, as on the wire).
        expect(back.text).toBe(Buffer.from(t, 'utf8').toString('utf8'));
        expect(back.tlvs).toEqual(tlvs);
      }),
      { numRuns: 300 },
    );
  });

  it('reads back SMP’s lists of MPIs, and refuses a list of another length', () => {
    fc.assert(
      fc.property(fc.array(mpi, { minLength: 1, maxLength: 11 }), (values) => {
        const written = writeMpis(values);
        expect(readMpis(written, values.length)).toEqual(values);
        expect(() => readMpis(written, values.length + 1)).toThrow();
      }),
      { numRuns: 200 },
    );
  });

  it('reassembles fragments in order into the framed message', () => {
    fc.assert(
      fc.property(
        message,
        fc.integer({ min: 60, max: 400 }),
        fc.integer({ min: 0x100, max: 0xffff_ffff }),
        fc.integer({ min: 0x100, max: 0xffff_ffff }),
        (m, max, sender, receiver) => {
          const framed = frame(encode(m));
          const pieces = fragment(framed, max, sender, receiver);
          const store = new Fragments();
          let whole: string | undefined;
          for (const [i, piece] of pieces.entries()) {
            if (pieces.length > 1) expect(piece.length).toBeLessThanOrEqual(max);
            const c = classify(piece);
            if (c.kind !== 'fragment') {
              expect(pieces).toEqual([framed]);
              return;
            }
            expect([c.sender, c.receiver, c.k, c.n]).toEqual([
              sender,
              receiver,
              i + 1,
              pieces.length,
            ]);
            whole = store.add(c);
          }
          expect(whole).toBe(framed);
        },
      ),
      { numRuns: 300 },
    );
  });
});
