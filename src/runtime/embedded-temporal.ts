import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
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

export async function startEmbeddedTemporal(options: {
  dataDir: string;
  port: number;
  uiPort: number;
  namespace: string;
  /** where the UI asks to decode payloads (the API's codec endpoint) */
  uiCodecEndpoint: string;
}): Promise<EmbeddedTemporal> {
  // The dev server failing to bind would leave the SDK talking to whichever server holds the port
  // (another product, another encryption key): the embedded server is ours or the start stops.
  await ensurePortFree('127.0.0.1', options.port, 'TEMPORAL_DEV_SERVER_PORT');
  const cliPath = resolveTemporalCli();
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: cliPath
        ? { type: 'existing-path', path: cliPath }
        : { type: 'cached-download', downloadDir: path.join(options.dataDir, 'temporal-cli') },
      ip: '127.0.0.1',
      port: options.port,
      ui: true,
      uiPort: options.uiPort,
      namespace: options.namespace,
      dbFilename: path.join(options.dataDir, 'temporal.sqlite'),
      searchAttributes: caseSearchAttributes,
      // Its own text format would interleave with ours; only its errors are worth a line.
      log: { format: 'json', level: 'error' },
      extraArgs: ['--ui-codec-endpoint', options.uiCodecEndpoint],
    },
  });
  return {
    address: env.address,
    uiUrl: `http://127.0.0.1:${options.uiPort}`,
    stop: () => env.teardown(),
  };
}
