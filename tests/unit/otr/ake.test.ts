// The authenticated key exchange between two of our engines, through the encoded bytes each
// message becomes on the wire: both sides end with the same session id and each other's key;
// commits that cross resolve to one exchange; lost messages are sent again; a tampered,
// misdirected or out-of-turn message changes nothing.
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { Ake, type AkeResult } from '../../../electron/otr/ake';
import { OtrPrivateKey } from '../../../electron/otr/dsa';
import { decode, encode, type Encoded } from '../../../electron/otr/messages';

let aliceKey: OtrPrivateKey;
let bobKey: OtrPrivateKey;
beforeAll(async () => {
  [aliceKey, bobKey] = await Promise.all([OtrPrivateKey.generate(), OtrPrivateKey.generate()]);
});

const ALICE = 0x1234_5678;
const BOB = 0x0abc_def0;

const wire = (message: Encoded): Encoded => {
  const decoded = decode(encode(message));
  if (decoded.type === 'other-version') throw new Error('version');
  return decoded;
};

function pair() {
  return {
    alice: new Ake({ key: aliceKey, instance: ALICE, random: randomBytes }),
    bob: new Ake({ key: bobKey, instance: BOB, random: randomBytes }),
  };
}

/** Bob begins; messages go through encode/decode. */
function run(alice: Ake, bob: Ake) {
  const commit = bob.start();
  const dhKey = alice.receive(wire(commit)).reply!;
  const reveal = bob.receive(wire(dhKey)).reply!;
  const atAlice = alice.receive(wire(reveal));
  const atBob = bob.receive(wire(atAlice.reply!));
  return { commit, dhKey, reveal, atAlice, atBob };
}

describe('the AKE', () => {
  it('ends with the same session id and each side knowing the other', () => {
    const { alice, bob } = pair();
    const { commit, atAlice, atBob } = run(alice, bob);
    expect(commit.receiver).toBe(0);
    const a = atAlice.established!;
    const b = atBob.established!;
    expect(a.ssid).toHaveLength(8);
    expect(a.ssid).toEqual(b.ssid);
    expect(a.theirKey.fingerprint).toEqual(bobKey.publicKey.fingerprint);
    expect(b.theirKey.fingerprint).toEqual(aliceKey.publicKey.fingerprint);
    expect([a.theirInstance, b.theirInstance]).toEqual([BOB, ALICE]);
    expect([a.initiated, b.initiated]).toEqual([false, true]);
    // Each holds the other's D-H key.
    expect(a.theirDh).toBe(b.ourDh.gx);
    expect(b.theirDh).toBe(a.ourDh.gx);
    expect([alice.state, bob.state]).toEqual(['none', 'none']);
  });

  it('resolves commits that cross into one exchange', () => {
    const { alice, bob } = pair();
    const fromAlice = alice.start();
    const fromBob = bob.start();
    const a = alice.receive(wire(fromBob));
    const b = bob.receive(wire(fromAlice));
    // Exactly one side yields and answers with a D-H Key; the other sends its commit again.
    const replies = [a.reply!, b.reply!].map((m) => m.type).sort((x, y) => x - y);
    expect(replies).toEqual([0x02, 0x0a]);
    const [yielder, keeper] = a.reply!.type === 0x0a ? [alice, bob] : [bob, alice];
    const dhKey = (a.reply!.type === 0x0a ? a : b).reply!;
    const reveal = keeper.receive(wire(dhKey)).reply!;
    const sig = yielder.receive(wire(reveal));
    const done = keeper.receive(wire(sig.reply!));
    expect(sig.established!.ssid).toEqual(done.established!.ssid);
  });

  it('sends again what was lost, and ignores what it did not ask for', () => {
    const { alice, bob } = pair();
    const commit = bob.start();
    const dhKey = alice.receive(wire(commit)).reply!;
    // Bob's commit again (resent, or a new one): the same D-H Key answers it.
    const again = alice.receive(wire(commit)).reply!;
    expect(encode(again)).toEqual(encode(dhKey));
    const reveal = bob.receive(wire(dhKey)).reply!;
    // The D-H Key again: the Reveal Signature was lost; the same one goes out.
    expect(encode(bob.receive(wire(dhKey)).reply!)).toEqual(encode(reveal));
    // Out of turn: a D-H Key at Alice, a Signature at a fresh engine.
    expect(alice.receive(wire(dhKey))).toEqual({});
    const sig = alice.receive(wire(reveal));
    expect(
      new Ake({ key: aliceKey, instance: ALICE, random: randomBytes }).receive(wire(sig.reply!)),
    ).toEqual({});
    expect(bob.receive(wire(sig.reply!)).established).toBeDefined();
  });

  it('ignores a tampered Reveal Signature or Signature, and a g^y outside the group', () => {
    const { alice, bob } = pair();
    const commit = bob.start();
    const dhKey = alice.receive(wire(commit)).reply!;
    const reveal = bob.receive(wire(dhKey)).reply! as Extract<Encoded, { type: 0x11 }>;
    const flipped = Buffer.from(reveal.encryptedSignature);
    flipped[10]! ^= 1;
    const tampered: AkeResult = alice.receive({ ...reveal, encryptedSignature: flipped });
    expect(tampered).toEqual({});
    // A wrong revealed key: the commit's hash does not match.
    expect(alice.receive({ ...reveal, revealedKey: randomBytes(16) })).toEqual({});
    expect(alice.state).toBe('awaiting-revealsig');
    const sig = alice.receive(wire(reveal)).reply! as Extract<Encoded, { type: 0x12 }>;
    const badMac = Buffer.from(sig.mac);
    badMac[0]! ^= 1;
    expect(bob.receive({ ...sig, mac: badMac })).toEqual({});
    expect(bob.receive(wire(sig)).established).toBeDefined();

    const fresh = pair();
    fresh.bob.start();
    const key = dhKey as Extract<Encoded, { type: 0x0a }>;
    expect(fresh.bob.receive({ ...key, gy: 1n })).toEqual({});
    expect(fresh.bob.state).toBe('awaiting-dhkey');
  });

  it('refuses an exchange signed by someone other than the key it presents', async () => {
    // Mallory relays Bob's Reveal Signature but with her own key in place of his: the
    // signature inside is encrypted and MACed under keys only the two D-H ends know, so any
    // change shows.
    const { alice, bob } = pair();
    const commit = bob.start();
    const dhKey = alice.receive(wire(commit)).reply!;
    const mallory = new Ake({
      key: await OtrPrivateKey.generate(),
      instance: BOB,
      random: randomBytes,
    });
    mallory.start();
    const forged = mallory.receive(wire(dhKey)).reply!;
    // Her reveal signature opens a commit she never sent to Alice: the hash check fails.
    expect(alice.receive(wire(forged))).toEqual({});
    expect(bob.receive(wire(dhKey)).reply).toBeDefined();
  });
});
