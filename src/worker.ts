import type { DataConverter } from '@temporalio/common';
import {
  bundleWorkflowCode,
  makeTelemetryFilterString,
  NativeConnection,
  Runtime,
  Worker,
  type WorkerOptions,
} from '@temporalio/worker';
import { temporalLoggerFor } from './platform/logger';
import type { Pool } from 'pg';
import { createActivities, type NotifierConfig, type PartnerGatewayConfig } from './activities';
import { defaultPartnerGateway } from './children/partner-gateway';
import type { Config } from './platform/config';
import type { Logger } from './platform/logger';
import { notifierConfigFrom, partnerGatewayConfigFrom } from './integrations';
import type { Cleanup } from './platform/runtime/process';
import { ensureArchiveSchedule } from './archive/schedule';
import { workflowBundleOptions } from './workflow-bundle';

export interface CaseWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  pool: Pool;
  notifier: NotifierConfig;
  partners?: PartnerGatewayConfig;
  dataConverter: DataConverter;
  /** a prebuilt workflow bundle (tests build one for all files); otherwise bundled at start */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** where the bundler's warnings go; its size report is not printed */
  logger?: Logger;
}

export async function createCaseWorker(options: CaseWorkerOptions): Promise<Worker> {
  const workflowBundle =
    options.workflowBundle ??
    (await bundleWorkflowCode({
      ...workflowBundleOptions(),
      ...(options.logger ? { logger: temporalLoggerFor(options.logger, 'warn') } : {}),
    }));
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle,
    dataConverter: options.dataConverter,
    activities: createActivities({
      pool: options.pool,
      notifier: options.notifier,
      partners: options.partners ?? defaultPartnerGateway,
    }),
  });
}

/**
 * The worker as configured from the environment, started and drained on shutdown: in-flight
 * activities finish before the connection and the pool close. Returns its run, wrapped so that
 * awaiting the start does not also await the run (an async function adopts a returned promise).
 */
export async function startConfiguredWorker(options: {
  config: Config;
  address: string;
  pool: Pool;
  dataConverter: DataConverter;
  logger: Logger;
  cleanups: Cleanup[];
}): Promise<{ running: Promise<void> }> {
  const { config, cleanups } = options;
  installTemporalRuntime(config, options.logger);
  const connection = await NativeConnection.connect({ address: options.address });
  cleanups.push(() => connection.close());
  const worker = await createCaseWorker({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    pool: options.pool,
    notifier: notifierConfigFrom(config),
    partners: partnerGatewayConfigFrom(config),
    dataConverter: options.dataConverter,
    logger: options.logger,
  });
  const running = worker.run();
  await ensureArchiveSchedule({
    connection,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    logger: options.logger,
  });
  cleanups.push(async () => {
    // Drained before its connection, the pool and the dev server go: no activity loses its pool.
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
  });
  return { running };
}

let runtimeInstalled = false;

/**
 * The Temporal SDK's native runtime, made once per process by the first native connection (a
 * worker's, or the embedded dev server's in `npm start`), so this must run before either: main.ts
 * calls it first, startConfiguredWorker again (then a no-op). It logs through pino (Core's own
 * logs forwarded, warnings and up), leaves SIGINT/SIGTERM to our ordered stop (the SDK's own
 * handler would start draining the worker behind its back), and serves its metrics (task
 * latencies, poll results, sticky cache, …; labelled by namespace, task queue and workflow or
 * activity type, never by case) for Prometheus at TEMPORAL_METRICS_BIND when set.
 */
export function installTemporalRuntime(config: Config, logger: Logger): void {
  if (runtimeInstalled) return;
  if (Runtime._instance) {
    logger.warn(
      'the Temporal runtime was created before it could be configured; its logs and TEMPORAL_METRICS_BIND are ignored',
    );
    return;
  }
  const bindAddress = config.TEMPORAL_METRICS_BIND;
  Runtime.install({
    shutdownSignals: [],
    logger: temporalLoggerFor(logger, config.LOG_LEVEL),
    telemetryOptions: {
      logging: { filter: makeTelemetryFilterString({ core: 'WARN', other: 'ERROR' }), forward: {} },
      ...(bindAddress ? { metrics: { prometheus: { bindAddress } } } : {}),
    },
  });
  runtimeInstalled = true;
  if (bindAddress) logger.info({ bindAddress }, 'Temporal SDK metrics served for Prometheus');
}
