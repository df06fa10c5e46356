import { caseIdOwningWorkflow } from '../case/workflow-ids';
import { productionProcess, runEntryPoint } from '../platform/runtime/process';
import { payloadDataConverter, stoppableWithDatabase } from '../platform/runtime/services';
import { startConfiguredWorker } from '../worker';

/** Production worker: no embedded servers; scale out by running more of these on the task queue. */
runEntryPoint(async () => {
  const { config, logger, temporalAddress, databaseUrl } = productionProcess('the worker');
  const dataConverter = payloadDataConverter(config, caseIdOwningWorkflow);
  const { cleanups, pool } = await stoppableWithDatabase(databaseUrl, config, logger);
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
