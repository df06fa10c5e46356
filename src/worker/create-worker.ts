import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createActivities, type NotifierConfig, type PartnerGatewayConfig } from '../activities';
import { defaultPartnerGateway } from '../activities/partner-gateway';
import type { Config } from '../config';
import type { Logger } from '../logger';
import { notifierConfigFrom, partnerGatewayConfigFrom } from '../runtime/integrations';
import type { Cleanup } from '../runtime/services';

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
}

export async function createCaseWorker(options: CaseWorkerOptions): Promise<Worker> {
  const workflowSource = options.workflowBundle
    ? { workflowBundle: options.workflowBundle }
    : { workflowsPath: require.resolve('../workflows') };
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...workflowSource,
    dataConverter: options.dataConverter,
    activities: createActivities({ pool: options.pool, notifier: options.notifier, partners: options.partners ?? defaultPartnerGateway }),
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
  });
  const running = worker.run();
  cleanups.push(async () => {
    worker.shutdown();
    await running;
  });
  return { running };
}

let runtimeInstalled = false;

/**
 * The Temporal SDK's native runtime, serving its metrics (workflow and activity task latencies,
 * poll results, sticky cache, …; labelled by namespace, task queue and workflow or activity type,
 * never by case) for Prometheus at TEMPORAL_METRICS_BIND. The runtime is made once per process by
 * the first native connection (a worker's, or the embedded dev server's in `npm start`), so this
 * must run before either: main.ts calls it first, startConfiguredWorker again (then a no-op).
 */
export function installTemporalRuntime(config: Config, logger: Logger): void {
  const bindAddress = config.TEMPORAL_METRICS_BIND;
  if (runtimeInstalled || !bindAddress) return;
  if (Runtime._instance) {
    logger.warn('the Temporal runtime was created before its metrics could be configured; TEMPORAL_METRICS_BIND is ignored');
    return;
  }
  Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress } } } });
  runtimeInstalled = true;
  logger.info({ bindAddress }, 'Temporal SDK metrics served for Prometheus');
}
