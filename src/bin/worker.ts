import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import {
  openDatabase,
  payloadDataConverter,
  productionSettings,
  runEntryPoint,
  stopOnSignal,
  type Cleanup,
} from '../platform/runtime/services';
import { startConfiguredWorker } from '../worker';
import { caseIdOwningWorkflow } from '../case/workflow-ids';

/** Production worker: no embedded servers; scale out by running more of these on the task queue. */
runEntryPoint(async () => {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const { temporalAddress, databaseUrl } = productionSettings(config, 'the worker');
  const dataConverter = payloadDataConverter(config, caseIdOwningWorkflow);
  const cleanups: Cleanup[] = [];
  stopOnSignal(cleanups, logger);
  const pool = await openDatabase(databaseUrl, config.DATABASE_POOL_MAX, logger);
  cleanups.push(() => pool.end());
  const { running } = await startConfiguredWorker({
    config,
    address: temporalAddress,
    pool,
    dataConverter,
    logger,
    cleanups,
  });
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE }, 'worker started');
  await running;
});
