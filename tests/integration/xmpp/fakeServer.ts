/**
 * A scripted XMPP "server" on 127.0.0.1 for the failure paths a real Prosody never takes: it
 * answers the client's stream header with whatever the test says and records what it received.
 */
import net from 'node:net';

export const STREAM_HEADER =
  "<?xml version='1.0'?><stream:stream xmlns='jabber:client' " +
  "xmlns:stream='http://etherx.jabber.org/streams' from='localhost' id='fake' version='1.0'>";

export interface FakeServer {
  readonly port: number;
  /** Everything clients sent, concatenated. */
  received(): string;
  close(): Promise<void>;
}

/** `onHeader` runs once the client's stream header arrived; it writes the scripted answer. */
export async function startFakeServer(onHeader: (socket: net.Socket) => void): Promise<FakeServer> {
  let received = '';
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let answered = false;
    socket.on('data', (data) => {
      received += data.toString('utf8');
      if (!answered && received.includes('<stream:stream')) {
        answered = true;
        onHeader(socket);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    received: () => received,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
