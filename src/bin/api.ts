import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import {
  connectTemporalClient,
  openDatabase,
  payloadCodec,
  runEntryPoint,
  stopOnSignal,
  type Cleanup,
} from '../platform/runtime/services';
import { createDataConverter } from '../platform/temporal/data-converter';
import { createConfiguredApiServer } from '../api';
import { authenticatorFromConfig } from '../platform/http/authentication';

/** Production API: no embedded servers and no worker. */
runEntryPoint(async () => {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  if (!config.TEMPORAL_ADDRESS || !config.DATABASE_URL || !config.PAYLOAD_ENCRYPTION_KEYS) {
    throw new Error(
      'the API needs TEMPORAL_ADDRESS, DATABASE_URL and PAYLOAD_ENCRYPTION_KEYS (use `npm start` for the embedded all-in-one)',
    );
  }
  // Before connecting anything: without AUTH_JWKS_URL it refuses to start.
  const { authenticate } = await authenticatorFromConfig(config, logger, { devKeys: false });
  const cleanups: Cleanup[] = [];
  stopOnSignal(cleanups, logger);
  const pool = await openDatabase(config.DATABASE_URL, config.DATABASE_POOL_MAX, logger);
  cleanups.push(() => pool.end());
  const codec = payloadCodec(config);
  const dataConverter = createDataConverter(codec);
  const { client, connection } = await connectTemporalClient(
    config.TEMPORAL_ADDRESS,
    config.TEMPORAL_NAMESPACE,
    dataConverter,
  );
  cleanups.push(() => connection.close());
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
