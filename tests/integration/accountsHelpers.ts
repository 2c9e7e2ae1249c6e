/** Waiting on events in integration tests, without sleeps. */
export async function until<T>(find: () => T | undefined, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

import net from 'node:net';

/**
 * A TCP relay in front of the server: cutting it is a network failure as the client sees it
 * (the socket dies without a closing stream), without touching the client's internals.
 */
export async function startRelay(
  targetPort: number,
  targetHost = '127.0.0.1',
  /** Sees each chunk from the server before the client does; may send the client more first. */
  fromServer?: (chunk: Buffer, toClient: (data: string) => void) => void,
) {
  const pairs = new Set<[net.Socket, net.Socket]>();
  const relay = net.createServer((inbound) => {
    const outbound = net.connect(targetPort, targetHost);
    const pair: [net.Socket, net.Socket] = [inbound, outbound];
    pairs.add(pair);
    inbound.pipe(outbound);
    outbound.on('data', (chunk: Buffer) => {
      fromServer?.(chunk, (data) => inbound.write(data));
      inbound.write(chunk);
    });
    const drop = () => {
      inbound.destroy();
      outbound.destroy();
      pairs.delete(pair);
    };
    inbound.on('error', drop).on('close', drop);
    outbound.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  return {
    port: (relay.address() as net.AddressInfo).port,
    connections: () => pairs.size,
    /** Destroys every relayed connection at once. */
    cut() {
      for (const [a, b] of pairs) {
        a.destroy();
        b.destroy();
      }
      pairs.clear();
    },
    close() {
      this.cut();
      return new Promise<void>((resolve) => relay.close(() => resolve()));
    },
  };
}
