import { connectCaseKeyedClient } from '../privacy/case-keys';
import { productionProcess, runEntryPoint } from '../platform/runtime/process';
import { stoppableWithDatabase } from '../platform/runtime/services';
import { createConfiguredApiServer } from '../api';
import { consoleOptionsFromConfig } from '../platform/http/console';
import { authenticatorFromConfig } from '../platform/http/authentication';
import { policyRegistryAtStart } from '../policy/registry';

/** Production API: no embedded servers and no worker. */
runEntryPoint(async () => {
  const { config, logger, temporalAddress, databaseUrl } = productionProcess('the API');
  // Before connecting anything: without AUTH_JWKS_URL it refuses to start.
  const { authenticate } = await authenticatorFromConfig(config, logger, { devKeys: false });
  const { cleanups, pool } = await stoppableWithDatabase(databaseUrl, config, logger);
  const profiles = await policyRegistryAtStart(config.POLICY_PROFILES_DIR, pool, logger);
  const temporal = await connectCaseKeyedClient(config, temporalAddress, pool, cleanups, logger);
  // the Temporal UI decodes histories at /codec (its --codec-endpoint); off unless its origins are configured
  const server = createConfiguredApiServer(
    config,
    {
      pool,
      logger,
      authenticate,
      profiles,
      temporal,
      codecOrigins: config.TEMPORAL_UI_ORIGINS,
      console: consoleOptionsFromConfig(config, { devKeys: false }),
    },
    cleanups,
  );
  server.listen(config.PORT, config.HOST, () => logger.info({ port: config.PORT }, 'API listening'));
});
