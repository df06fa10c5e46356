import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import {
  openDatabase,
  payloadDataConverter,
  runEntryPoint,
  stopOnSignal,
  type Cleanup,
} from '../platform/runtime/services';
import { startConfiguredWorker } from '../worker';

/** Production worker: no embedded servers; scale out by running more of these on the task queue. */
runEntryPoint(async () => {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  if (!config.TEMPORAL_ADDRESS || !config.DATABASE_URL || !config.PAYLOAD_ENCRYPTION_KEYS) {
    throw new Error(
      'the worker needs TEMPORAL_ADDRESS, DATABASE_URL and PAYLOAD_ENCRYPTION_KEYS (use `npm start` for the embedded all-in-one)',
    );
  }
  const dataConverter = payloadDataConverter(config);
  const cleanups: Cleanup[] = [];
  stopOnSignal(cleanups, logger);
  const pool = await openDatabase(config.DATABASE_URL, config.DATABASE_POOL_MAX, logger);
  cleanups.push(() => pool.end());
  const { running } = await startConfiguredWorker({
    config,
    address: config.TEMPORAL_ADDRESS,
    pool,
    dataConverter,
    logger,
    cleanups,
  });
  logger.info({ taskQueue: config.TEMPORAL_TASK_QUEUE }, 'worker started');
  await running;
});
