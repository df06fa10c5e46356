import net from 'node:net';

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A port held by someone else for as long as the returned server is open. */
export async function occupiedPort(): Promise<{ port: number; release(): Promise<void> }> {
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, release: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** The environment of `npm start` on embedded defaults, every port free, data in `dataDir`. */
export async function embeddedStartEnv(dataDir: string, temporalCliPath: string | undefined): Promise<NodeJS.ProcessEnv> {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATA_DIR: dataDir,
    PORT: String(await freePort()),
    TEMPORAL_DEV_SERVER_PORT: String(await freePort()),
    TEMPORAL_UI_PORT: String(await freePort()),
    EMBEDDED_DATABASE_PORT: String(await freePort()),
    LOG_LEVEL: 'warn',
    ...(temporalCliPath ? { TEMPORAL_CLI_PATH: temporalCliPath } : {}),
  };
}
