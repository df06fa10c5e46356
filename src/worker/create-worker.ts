import type { DataConverter } from '@temporalio/common';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Pool } from 'pg';
import { createActivities, type NotifierConfig, type PartnerGatewayConfig } from '../activities';
import { defaultPartnerGateway } from '../activities/partner-gateway';
import type { Logger } from '../logger';

export interface CaseWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  pool: Pool;
  notifier: NotifierConfig;
  partners?: PartnerGatewayConfig;
  dataConverter: DataConverter;
  logger: Logger;
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
