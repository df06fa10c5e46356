import { caseIdOwningWorkflow } from '../case/workflow-ids';
import { policyRegistryAtStart } from '../policy/registry';
import { productionProcess, runEntryPoint } from '../platform/runtime/process';
import { connectTemporalClient, payloadDataConverter, stoppableWithDatabase } from '../platform/runtime/services';
import { caseKeysFor } from '../privacy/case-keys';
import { startReportingSchedulesAtStart } from '../reporting/schedules';
import { ensureRetentionSchedule } from '../privacy/retention-schedule';
import { startConfiguredWorker } from '../worker';

/** Production worker: no embedded servers; scale out by running more of these on the task queue. */
runEntryPoint(async () => {
  const { config, logger, temporalAddress, databaseUrl } = productionProcess('the worker');
  const { cleanups, pool } = await stoppableWithDatabase(databaseUrl, config, logger);
  const dataConverter = payloadDataConverter(
    config,
    caseIdOwningWorkflow,
    await caseKeysFor(pool, config, cleanups, logger),
  );
  const { running } = await startConfiguredWorker({
    config,
    address: temporalAddress,
    pool,
    dataConverter,
    logger,
    cleanups,
  });
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE }, 'worker started');
  // Each worker ensures the reporting-pack schedules (create or update: any number of workers agree).
  const { client, connection } = await connectTemporalClient(temporalAddress, config.TEMPORAL_NAMESPACE, dataConverter);
  cleanups.push(() => connection.close());
  const profiles = await policyRegistryAtStart(config.POLICY_PROFILES_DIR, pool, logger);
  await startReportingSchedulesAtStart({ client, db: pool, profiles, taskQueue: config.TEMPORAL_TASK_QUEUE, logger });
  // Each worker ensures the retention schedule too (create or update to the profiles as loaded).
  await ensureRetentionSchedule({ client, profiles, taskQueue: config.TEMPORAL_TASK_QUEUE, logger });
  await running;
});
