// The socialist millionaires' protocol between two of our engines: the same secret succeeds on
// both sides, a different one fails on both, a question travels with message 1Q, and a forged
// proof or a message out of turn aborts instead of answering.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { P } from '../../../electron/otr/group';
import { Smp, smpSecret, type SmpStep } from '../../../electron/otr/smp';
import { TlvType, readMpis, writeMpis, type Tlv } from '../../../electron/otr/tlv';

const fpA = randomBytes(20);
const fpB = randomBytes(20);
const ssid = randomBytes(8);

function exchange(aliceSecret: string, bobSecret: string, question?: string) {
  const alice = new Smp(randomBytes);
  const bob = new Smp(randomBytes);
  const m1 = alice.start(smpSecret(fpA, fpB, ssid, aliceSecret), question);
  const asked = bob.receive(m1);
  const m2 = bob.answer(smpSecret(fpA, fpB, ssid, bobSecret))!;
  const m3 = alice.receive(m2).reply!;
  const atBob = bob.receive(m3);
  const atAlice = alice.receive(atBob.reply!);
  return { m1, asked, atBob, atAlice, alice, bob };
}

describe('SMP', () => {
  it('succeeds on both sides when the secrets match, and asks the question', () => {
    const { m1, asked, atBob, atAlice, alice, bob } = exchange(
      'our café',
      'our café',
      '在哪里见面?',
    );
    expect(m1.type).toBe(TlvType.Smp1Q);
    expect(asked.event).toEqual({ kind: 'asked', question: '在哪里见面?' });
    expect(atBob.event).toEqual({ kind: 'result', success: true });
    expect(atAlice.event).toEqual({ kind: 'result', success: true });
    expect([alice.state, bob.state]).toEqual(['expect1', 'expect1']);
  });

  it('fails on both sides when they differ, telling nothing more', () => {
    const { m1, asked, atBob, atAlice } = exchange('tea', 'coffee');
    expect(m1.type).toBe(TlvType.Smp1);
    expect(asked.event).toEqual({ kind: 'asked' });
    expect(atBob.event).toEqual({ kind: 'result', success: false });
    expect(atAlice.event).toEqual({ kind: 'result', success: false });
  });

  it('treats a forged proof as cheating and a message out of turn as an abort', () => {
    const alice = new Smp(randomBytes);
    const bob = new Smp(randomBytes);
    const m1 = alice.start(smpSecret(fpA, fpB, ssid, 'x'));
    // c2 changed: the zero-knowledge proof no longer holds.
    const values = readMpis(m1.value, 6);
    values[1] = values[1]! + 1n;
    const forged: SmpStep = bob.receive({ type: TlvType.Smp1, value: writeMpis(values) });
    expect(forged.event).toEqual({ kind: 'cheated' });
    expect(forged.reply?.type).toBe(TlvType.SmpAbort);
    // A group element outside the group.
    const outside = readMpis(m1.value, 6);
    outside[0] = P - 1n;
    expect(bob.receive({ type: TlvType.Smp1, value: writeMpis(outside) }).event).toEqual({
      kind: 'cheated',
    });
    // The wrong number of values.
    expect(bob.receive({ type: TlvType.Smp1, value: writeMpis([1n]) }).event).toEqual({
      kind: 'cheated',
    });
    // Message 3 while expecting message 1.
    const stray: Tlv = { type: TlvType.Smp3, value: writeMpis([]) };
    expect(bob.receive(stray)).toEqual({
      reply: { type: TlvType.SmpAbort, value: Buffer.alloc(0) },
      event: { kind: 'aborted' },
    });
    // The other side aborts: back to the start, and a new run works.
    expect(alice.receive({ type: TlvType.SmpAbort, value: Buffer.alloc(0) }).event).toEqual({
      kind: 'aborted',
    });
    expect(alice.state).toBe('expect1');
    expect(exchange('a', 'a').atAlice.event).toEqual({ kind: 'result', success: true });
  });

  it('binds the secret to both fingerprints and the session', () => {
    const one = smpSecret(fpA, fpB, ssid, 's');
    expect(smpSecret(fpB, fpA, ssid, 's')).not.toBe(one);
    expect(smpSecret(fpA, fpB, randomBytes(8), 's')).not.toBe(one);
    expect(smpSecret(fpA, fpB, ssid, 's')).toBe(one);
  });
});
