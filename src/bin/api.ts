import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import {
  connectEncryptedClient,
  openDatabase,
  productionSettings,
  runEntryPoint,
  stopOnSignal,
  type Cleanup,
} from '../platform/runtime/services';
import { createConfiguredApiServer } from '../api';
import { authenticatorFromConfig } from '../platform/http/authentication';
import { caseIdOwningWorkflow } from '../case/workflow-ids';

/** Production API: no embedded servers and no worker. */
runEntryPoint(async () => {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const { temporalAddress, databaseUrl } = productionSettings(config, 'the API');
  // Before connecting anything: without AUTH_JWKS_URL it refuses to start.
  const { authenticate } = await authenticatorFromConfig(config, logger, { devKeys: false });
  const cleanups: Cleanup[] = [];
  stopOnSignal(cleanups, logger);
  const pool = await openDatabase(databaseUrl, config.DATABASE_POOL_MAX, logger);
  cleanups.push(() => pool.end());
  const { codec, dataConverter, client } = await connectEncryptedClient(
    config,
    temporalAddress,
    caseIdOwningWorkflow,
    cleanups,
  );
  const server = createConfiguredApiServer(
    config,
    {
      pool,
      client,
      logger,
      authenticate,
      historyConverter: dataConverter,
      // the Temporal UI decodes histories here (its --codec-endpoint); off unless its origins are configured
      codecEndpoint: config.TEMPORAL_UI_ORIGINS ? { codec, allowedOrigins: config.TEMPORAL_UI_ORIGINS } : undefined,
    },
    cleanups,
  );
  server.listen(config.PORT, config.HOST, () => logger.info({ port: config.PORT }, 'API listening'));
});
