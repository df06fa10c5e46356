import net from 'node:net';
import type { Server } from 'node:http';

/** A port the start needs but cannot have: the message names the port and the variable that moves it. */
export class PortUnavailableError extends Error {
  constructor(
    readonly host: string,
    readonly port: number,
    readonly variable: string,
    reason: string,
  ) {
    super(`${host}:${port} is not available (${reason}); stop what is using it or set ${variable} to another port`);
    this.name = 'PortUnavailableError';
  }
}

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') return 'already in use';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'EADDRNOTAVAIL') return 'address not available';
  return code ?? (error instanceof Error ? error.message : String(error));
}

/** Listens and resolves once bound; a bind failure rejects instead of being handed to a callback and lost. */
export function listenOn(server: Server, host: string, port: number, variable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: unknown) => reject(new PortUnavailableError(host, port, variable, reasonOf(error)));
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/**
 * Fails unless the port can be bound now, for servers we launch as other processes (which would
 * otherwise fail quietly while we talk to whoever holds the port).
 */
export async function ensurePortFree(host: string, port: number, variable: string): Promise<void> {
  const probe = net.createServer();
  await listenOn(probe as unknown as Server, host, port, variable);
  await new Promise((resolve) => probe.close(resolve));
}

/** A loopback port free now, for a server of ours that only we connect to. */
export async function freeLoopbackPort(): Promise<number> {
  const probe = net.createServer();
  await listenOn(probe as unknown as Server, '127.0.0.1', 0, 'an internal port');
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
