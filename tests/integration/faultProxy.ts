/**
 * A TCP proxy between a client and the server that fails the way networks do: a cut (both sides
 * closed cleanly, FIN), a reset (both sides destroyed with RST) and a stall (nothing forwarded
 * in either direction for a while, the sockets left open, as on a dead Wi-Fi link); and the way
 * a server does when it stops reading a connection while still writing to it (deafen). The
 * client under test cannot tell it from the real thing; the fault schedule lives in the test.
 */
import net from 'node:net';

export interface FaultProxy {
  readonly port: number;
  /** Connections accepted so far (each reconnection is one). */
  readonly accepted: number;
  /** Closes both sides of every live connection cleanly. */
  cut(): void;
  /** Destroys both sides of every live connection with a TCP RST. */
  reset(): void;
  /**
   * Forwards nothing for `ms` (new connections wait too); a longer stall than one under way
   * extends it. Bytes are held, not dropped: after the stall they go on in order.
   */
  stall(ms: number): void;
  /** What the clients of the live connections send is dropped from now on; the server still talks. */
  deafen(): void;
  close(): Promise<void>;
}

interface Pair {
  readonly client: net.Socket;
  readonly server: net.Socket;
  deaf: boolean;
}

export async function startFaultProxy(targetPort: number, targetHost = '127.0.0.1') {
  const pairs = new Set<Pair>();
  let accepted = 0;
  let stalledUntil = 0;
  let stallTimer: ReturnType<typeof setTimeout> | undefined;
  // Until the timer has resumed every pair: a clock comparison let a connection made in the
  // millisecond between the timer and stalledUntil start paused, and nothing resumed it.
  let stalling = false;
  const stalled = () => stalling;

  // Forwards by hand rather than with pipe(): pipe() resumes a paused source on 'drain', which
  // would end a stall early.
  const forward = (from: net.Socket, to: net.Socket, drop = () => false) => {
    from.on('data', (chunk: Buffer) => {
      if (!drop() && !to.write(chunk)) from.pause();
    });
    to.on('drain', () => {
      if (!stalled()) from.resume();
    });
    from.on('end', () => to.end());
  };

  const proxy = net.createServer((client) => {
    accepted += 1;
    const server = net.connect(targetPort, targetHost);
    const pair: Pair = { client, server, deaf: false };
    pairs.add(pair);
    if (stalled()) {
      client.pause();
      server.pause();
    }
    forward(client, server, () => pair.deaf);
    forward(server, client);
    const drop = () => {
      client.destroy();
      server.destroy();
      pairs.delete(pair);
    };
    client.on('error', drop).on('close', drop);
    // The server refusing (it is restarting) looks to the client like a connection that closes.
    server.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));

  const each = (act: (pair: Pair) => void) => {
    for (const pair of [...pairs]) act(pair);
    pairs.clear();
  };

  const handle: FaultProxy = {
    port: (proxy.address() as net.AddressInfo).port,
    get accepted() {
      return accepted;
    },
    cut: () =>
      each(({ client, server }) => {
        client.end();
        server.end();
        // A peer that never answers our FIN must not keep the pair half-open for ever.
        setTimeout(() => {
          client.destroy();
          server.destroy();
        }, 1_000).unref();
      }),
    reset: () =>
      each(({ client, server }) => {
        client.resetAndDestroy();
        server.resetAndDestroy();
      }),
    stall(ms) {
      stalling = true;
      stalledUntil = Math.max(stalledUntil, Date.now() + ms);
      for (const { client, server } of pairs) {
        client.pause();
        server.pause();
      }
      clearTimeout(stallTimer);
      stallTimer = setTimeout(() => {
        stalling = false;
        for (const { client, server } of pairs) {
          client.resume();
          server.resume();
        }
      }, stalledUntil - Date.now());
    },
    deafen() {
      for (const pair of pairs) pair.deaf = true;
    },
    close() {
      clearTimeout(stallTimer);
      each(({ client, server }) => {
        client.destroy();
        server.destroy();
      });
      return new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
  return handle;
}
