import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { freeLoopbackPort } from '../../src/platform/runtime/ports';
import { readTestEnv } from './test-env';

/** The built all-in-one (`dist/src/bin/all-in-one.js`, what `npm start` runs) as a child process. */
export const projectRoot = path.resolve(__dirname, '../..');

/** A port held by someone else for as long as the returned server is open. */
export async function occupiedPort(): Promise<{ port: number; release(): Promise<void> }> {
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return { port, release: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** Embedded defaults on free loopback ports, data under dataDir. */
export async function productEnvironment(dataDir: string): Promise<NodeJS.ProcessEnv> {
  const cli = readTestEnv().temporalCliPath;
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATA_DIR: dataDir,
    PORT: String(await freeLoopbackPort()),
    TEMPORAL_DEV_SERVER_PORT: String(await freeLoopbackPort()),
    TEMPORAL_UI_PORT: String(await freeLoopbackPort()),
    EMBEDDED_DATABASE_PORT: String(await freeLoopbackPort()),
    LOG_LEVEL: 'warn',
    ...(cli ? { TEMPORAL_CLI_PATH: cli } : {}),
  };
}

export interface ProductProcess {
  child: ChildProcess;
  /** everything it printed so far */
  output(): string;
}

/** Resolves once the start banner is printed (90 s at most). */
export async function startProduct(env: NodeJS.ProcessEnv): Promise<ProductProcess> {
  let output = '';
  const child = spawn(process.execPath, ['dist/src/bin/all-in-one.js'], {
    cwd: projectRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const deadline = Date.now() + 90_000;
  while (!output.includes('Stop with Ctrl-C')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`npm start did not come up:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { child, output: () => output };
}

/** Runs the dev-token command the banner prints, as a user would; `as` swaps its role and staff id (and organisation). */
export async function tokenFromBanner(
  product: ProductProcess,
  env: NodeJS.ProcessEnv,
  as?: { role: string; staff: string; org?: string },
): Promise<string> {
  const printed = product.output().match(/Dev token:\s+(node dist\/src\/bin\/issue-dev-token\.js[^\n]*)/)![1]!;
  const tokenCommand = as
    ? printed
        .replace(/--role \S+/, `--role ${as.role}`)
        .replace(/--staff \S+/, `--staff ${as.staff}`)
        .replace(/--org \S+/, (found) => (as.org ? `--org ${as.org}` : found))
    : printed;
  return new Promise<string>((resolve, reject) => {
    const issuer = spawn('sh', ['-c', tokenCommand], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'inherit'] });
    let printed = '';
    issuer.stdout.on('data', (chunk) => (printed += chunk));
    issuer.on('exit', (code) =>
      code === 0 ? resolve(printed.trim()) : reject(new Error(`token command exited ${code}`)),
    );
  });
}
