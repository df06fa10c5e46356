import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface TcpProxy {
  /** host:port to connect to instead of the target */
  address: string;
  /** the target becomes unreachable: open connections are cut mid-call, new ones are refused */
  cut(): Promise<void>;
  /** the target is reachable again, on the same port */
  restore(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A loopback TCP proxy in front of a real server, so a test can make the network between the API
 * and the server fail (as an outage or a restart does) without stopping the server itself.
 */
export async function startTcpProxy(target: string): Promise<TcpProxy> {
  const [host, port] = splitAddress(target);
  const open = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    open.add(socket);
    socket.on('close', () => open.delete(socket));
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(port, host);
    track(client);
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  const listen = (onPort: number) =>
    new Promise<void>((resolve, reject) => server.once('error', reject).listen(onPort, '127.0.0.1', () => resolve()));
  await listen(0);
  const proxyPort = (server.address() as AddressInfo).port;
  const stopListening = () =>
    new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
  const cut = async () => {
    const closed = stopListening();
    for (const socket of open) socket.resetAndDestroy();
    await closed;
  };
  return {
    address: `127.0.0.1:${proxyPort}`,
    cut,
    restore: () => listen(proxyPort),
    close: cut,
  };
}

function splitAddress(address: string): [string, number] {
  const at = address.lastIndexOf(':');
  return [address.slice(0, at), Number(address.slice(at + 1))];
}
