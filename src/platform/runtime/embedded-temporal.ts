import { execFileSync, spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import { TypedSearchAttributes } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Logger } from '../logger';
import { scriptsDir } from '../paths';
import { ensurePortFree } from './ports';
import { caseSearchAttributes } from '../temporal/search-attributes';

export interface EmbeddedTemporal {
  address: string;
  uiUrl: string;
  stop(): Promise<void>;
}

/**
 * The Temporal CLI found or built by scripts/provision-temporal-cli.sh (explicit path, PATH,
 * cached build, go install); undefined means the SDK downloads it, which needs internet.
 */
export function resolveTemporalCli(): string | undefined {
  const found = execFileSync('bash', [path.join(scriptsDir, 'provision-temporal-cli.sh')], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim();
  return found || undefined;
}

interface DevServerOptions {
  dataDir: string;
  port: number;
  uiPort: number;
  namespace: string;
  /** where the UI asks to decode payloads (the API's codec endpoint) */
  uiCodecEndpoint: string;
  logger: Logger;
}

/** How long the dev server may take to accept connections, or to stop before it is killed. */
const DEV_SERVER_START_TIMEOUT_MS = 60_000;
const DEV_SERVER_STOP_TIMEOUT_MS = 15_000;

export async function startEmbeddedTemporal(options: DevServerOptions): Promise<EmbeddedTemporal> {
  // The dev server failing to bind would leave the SDK talking to whichever server holds the port
  // (another product, another encryption key): the embedded server is ours or the start stops.
  await ensurePortFree('127.0.0.1', options.port, 'TEMPORAL_DEV_SERVER_PORT');
  const cliPath = resolveTemporalCli();
  const uiUrl = `http://127.0.0.1:${options.uiPort}`;
  if (cliPath) return { ...(await runDevServer(cliPath, options)), uiUrl };
  // No CLI: the SDK downloads one and runs it itself, printing its lines (errors only) as they come.
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'cached-download', downloadDir: path.join(options.dataDir, 'temporal-cli') },
      ip: '127.0.0.1',
      port: options.port,
      ui: true,
      uiPort: options.uiPort,
      namespace: options.namespace,
      dbFilename: path.join(options.dataDir, 'temporal.sqlite'),
      searchAttributes: caseSearchAttributes,
      log: { format: 'json', level: 'error' },
      extraArgs: ['--output', 'none', '--ui-codec-endpoint', options.uiCodecEndpoint],
    },
  });
  return { address: env.address, uiUrl, stop: () => env.teardown() };
}

const PINO_LEVEL_OF_SERVER: Record<string, 'debug' | 'info' | 'warn' | 'error' | 'fatal'> = {
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
  DPANIC: 'fatal',
  PANIC: 'fatal',
  FATAL: 'fatal',
};

/**
 * One line the dev server printed (its JSON log format), as a pino line at its own level; while it
 * stops, its errors are warnings: its services report one another closing ("task queue closed").
 */
export function logDevServerLine(logger: Logger, line: string, stopping = false): void {
  if (line.trim() === '') return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { msg?: unknown }).msg !== 'string') {
    logger.info({ line }, 'temporal dev server output');
    return;
  }
  // Its own fields (its `service`, its error) nested, so they never shadow ours.
  const { level, msg, time: _time, ...server } = parsed as Record<string, unknown>;
  const pinoLevel = PINO_LEVEL_OF_SERVER[String(level).toUpperCase()] ?? 'info';
  logger[stopping && (pinoLevel === 'error' || pinoLevel === 'fatal') ? 'warn' : pinoLevel]({ server }, msg as string);
}

/**
 * The Temporal CLI's dev server as our child, its output read line by line into pino: the SDK's
 * own launcher would print the CLI's banner and lines to the terminal in the CLI's formats.
 */
async function runDevServer(cliPath: string, options: DevServerOptions): Promise<Omit<EmbeddedTemporal, 'uiUrl'>> {
  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(options.port),
    '--ui-port',
    String(options.uiPort),
    '--namespace',
    options.namespace,
    '--db-filename',
    path.join(options.dataDir, 'temporal.sqlite'),
    // Its errors only: it warns at every stop about its own pollers closing.
    '--log-format',
    'json',
    '--log-level',
    'error',
    // No banner: it names the internal UI port, not the gateway users open.
    '--output',
    'none',
    '--ui-codec-endpoint',
    options.uiCodecEndpoint,
    // As the SDK's launcher sets them: updates, and no calls home.
    '--dynamic-config-value',
    'frontend.enableServerVersionCheck=false',
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecution=true',
    '--dynamic-config-value',
    'frontend.enableUpdateWorkflowExecutionAsyncAccepted=true',
    ...caseSearchAttributes.flatMap(({ name, type }) => [
      '--search-attribute',
      `${name}=${TypedSearchAttributes.toMetadataType(type)}`,
    ]),
  ];
  const logger = options.logger.child({ component: 'temporal-server' });
  const child = spawn(cliPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  for (const stream of [child.stdout, child.stderr])
    readline.createInterface({ input: stream }).on('line', (line) => logDevServerLine(logger, line, stopping));
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.once('error', (error) => {
      logger.error({ err: error }, 'the Temporal dev server could not be started');
      resolve(null);
    });
  });
  let running = true;
  let stopping = false;
  void exited.then(() => (running = false));

  const deadline = Date.now() + DEV_SERVER_START_TIMEOUT_MS;
  while (!(await accepts('127.0.0.1', options.port))) {
    if (!running)
      throw new Error(
        `the Temporal dev server (${cliPath}) stopped before it accepted connections; its errors are logged above`,
      );
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `the Temporal dev server did not accept connections on 127.0.0.1:${options.port} within ${DEV_SERVER_START_TIMEOUT_MS / 1000} s`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    address: `127.0.0.1:${options.port}`,
    async stop() {
      if (!running) return;
      stopping = true;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), DEV_SERVER_STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(killer);
    },
  };
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
