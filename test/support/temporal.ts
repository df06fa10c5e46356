import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Runtime, DefaultLogger, makeTelemetryFilterString, type Worker } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import type { Pool } from 'pg';
import type { NotifierConfig, PartnerGatewayConfig } from '../../src/activities';
import { createLogger } from '../../src/platform/logger';
import { registerSearchAttributes } from '../../src/platform/temporal/register-search-attributes';
import { createCaseWorker } from '../../src/worker';
import { activeLogCapture } from './log-capture';
import { readTestEnv, workflowBundleFile } from './test-env';
import { testDataConverter } from './test-keys';

let runtimeInstalled = false;
function quietRuntime(): void {
  if (runtimeInstalled) return;
  const capture = activeLogCapture();
  if (capture) {
    // A test proving what reaches the logs (test/support/log-capture.ts): everything at DEBUG, Core's native lines included.
    Runtime.install({
      logger: capture.temporalLogger,
      telemetryOptions: {
        logging: { filter: makeTelemetryFilterString({ core: 'DEBUG', other: 'DEBUG' }), forward: {} },
      },
    });
  } else {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  }
  runtimeInstalled = true;
}

/**
 * The Java time-skipping server. The SDK gives it 5 s to answer; the launcher's CDS archive makes
 * that comfortable, and a retry covers a machine that is momentarily saturated.
 */
export async function createTimeSkippingEnv(attempts = 3): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const path = readTestEnv().timeSkippingServerPath;
  for (let attempt = 1; ; attempt += 1) {
    try {
      const env = await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path } },
        client: { dataConverter: testDataConverter },
      });
      await registerSearchAttributes(env.connection, env.namespace ?? 'default');
      return env;
    } catch (error) {
      if (attempt >= attempts) throw error;
    }
  }
}

/** A real dev server (the Temporal CLI) for end-to-end tests. */
export async function createDevServerEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const cli = readTestEnv().temporalCliPath;
  const env = await TestWorkflowEnvironment.createLocal({
    server: { executable: cli ? { type: 'existing-path', path: cli } : { type: 'cached-download' }, ip: '127.0.0.1' },
    client: { dataConverter: testDataConverter },
  });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

export const testLogger = createLogger(process.env.TEST_LOG_LEVEL ?? 'silent');

export { testDataConverter };

export function createTestWorker(
  env: TestWorkflowEnvironment,
  pool: Pool,
  taskQueue: string,
  notifier: NotifierConfig = {},
  partners?: PartnerGatewayConfig,
  dataConverter: DataConverter = testDataConverter,
): Promise<Worker> {
  return createCaseWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    pool,
    notifier,
    partners,
    dataConverter,
    workflowBundle: { codePath: workflowBundleFile },
  });
}
