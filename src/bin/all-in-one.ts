import path from 'node:path';
import { createConfiguredApiServer } from '../api';
import { authenticatorFromConfig, DEV_TOKEN_COMMAND } from '../platform/http/authentication';
import { consoleOptionsFromConfig } from '../platform/http/console';
import { loadConfig } from '../platform/config';
import { createLogger } from '../platform/logger';
import { startEmbeddedDatabase } from '../platform/runtime/embedded-database';
import { startEmbeddedTemporal } from '../platform/runtime/embedded-temporal';
import { ensurePortFree, freeLoopbackPort, listenOn } from '../platform/runtime/ports';
import { startTemporalUiGateway } from '../platform/runtime/temporal-ui-gateway';
import { runEntryPoint, stopOnSignal, type Cleanup } from '../platform/runtime/process';
import { openDatabase } from '../platform/runtime/services';
import { installTemporalRuntime, startConfiguredWorker } from '../worker';
import { connectCaseKeyedClient } from '../privacy/case-keys';
import { policyRegistryAtStart } from '../policy/registry';
import { startReportingSchedulesAtStart } from '../reporting/schedules';
import { ensureRetentionSchedule } from '../privacy/retention-schedule';

/**
 * `npm start`: the whole product in one process. Temporal and the database are embedded unless
 * TEMPORAL_ADDRESS / DATABASE_URL name real ones; both keep their data under DATA_DIR.
 */
/**
 * The embedded Temporal UI lets whoever reaches it terminate, reset or signal any case's workflow and
 * has no sign-in of its own: it is served on loopback only, whatever HOST the API listens on.
 */
const EMBEDDED_UI_HOST = '127.0.0.1';

runEntryPoint(async () => {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const dataDir = path.resolve(config.DATA_DIR);
  const cleanups: Cleanup[] = [];
  stopOnSignal(cleanups, logger);
  // Before anything is launched: a busy API port stops the start, naming PORT.
  await ensurePortFree(config.HOST, config.PORT, 'PORT');
  if (!config.TEMPORAL_ADDRESS) await ensurePortFree(EMBEDDED_UI_HOST, config.TEMPORAL_UI_PORT, 'TEMPORAL_UI_PORT');
  // First, so a broken key file stops the start before any server is launched.
  const { authenticate } = await authenticatorFromConfig(config, logger, { devKeys: true });
  // Before any native Temporal connection, the embedded dev server's included: TEMPORAL_METRICS_BIND.
  installTemporalRuntime(config, logger);

  let databaseUrl = config.DATABASE_URL;
  if (!databaseUrl) {
    const embedded = await startEmbeddedDatabase(dataDir, config.EMBEDDED_DATABASE_PORT, logger);
    cleanups.push(embedded.stop);
    databaseUrl = embedded.url;
    logger.info({ dataDir: path.join(dataDir, 'pglite') }, 'embedded database started');
  }
  const pool = await openDatabase(databaseUrl, config.DATABASE_POOL_MAX, logger);
  cleanups.push(() => pool.end());
  const profiles = await policyRegistryAtStart(config.POLICY_PROFILES_DIR, pool, logger);

  let temporalAddress = config.TEMPORAL_ADDRESS;
  let temporalUi: string | undefined;
  if (!temporalAddress) {
    const embedded = await startEmbeddedTemporal({
      dataDir,
      port: config.TEMPORAL_DEV_SERVER_PORT,
      // Behind the gateway below, which is what the browser opens.
      uiPort: await freeLoopbackPort(),
      namespace: config.TEMPORAL_NAMESPACE,
      uiCodecEndpoint: `http://${config.HOST}:${config.PORT}/codec`,
      logger,
    });
    cleanups.push(embedded.stop);
    temporalAddress = embedded.address;
    const gateway = await startTemporalUiGateway({
      host: EMBEDDED_UI_HOST,
      port: config.TEMPORAL_UI_PORT,
      upstreamPort: Number(new URL(embedded.uiUrl).port),
      api: { host: config.HOST, port: config.PORT },
    });
    cleanups.push(gateway.stop);
    temporalUi = gateway.url;
  }
  const temporal = await connectCaseKeyedClient(config, temporalAddress, pool, cleanups, logger);

  await startConfiguredWorker({
    config,
    address: temporalAddress,
    pool,
    dataConverter: temporal.dataConverter,
    logger,
    cleanups,
  });
  await startReportingSchedulesAtStart({
    client: temporal.client,
    db: pool,
    profiles,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    logger,
  });
  await ensureRetentionSchedule({ client: temporal.client, profiles, taskQueue: config.TEMPORAL_TASK_QUEUE, logger });

  const codecOrigins = config.TEMPORAL_UI_ORIGINS ?? [
    `http://127.0.0.1:${config.TEMPORAL_UI_PORT}`,
    `http://localhost:${config.TEMPORAL_UI_PORT}`,
  ];
  const server = createConfiguredApiServer(
    config,
    {
      pool,
      logger,
      authenticate,
      profiles,
      temporal,
      codecOrigins,
      console: consoleOptionsFromConfig(config, { devKeys: true }),
    },
    cleanups,
  );
  await listenOn(server, config.HOST, config.PORT, 'PORT');

  const apiUrl = `http://${config.HOST}:${config.PORT}`;
  logger.info(
    { apiUrl, temporalAddress, temporalUi, taskQueue: config.TEMPORAL_TASK_QUEUE },
    'DA Case Orchestrator is running',
  );
  process.stdout.write(
    [
      '',
      `  Console:      ${apiUrl}/  (${config.AUTH_JWKS_URL ? 'sign in with your organisation account' : 'development sign-in: pick a role, organisation and team'})`,
      `  API:          ${apiUrl}`,
      `  Temporal:     ${temporalAddress} (namespace ${config.TEMPORAL_NAMESPACE})`,
      ...(temporalUi
        ? [
            `  Temporal UI:  ${temporalUi}  (decrypted histories: auditors and DA leads sign in at ${`http://${config.HOST}:${config.PORT}`}/codec/sign-in)`,
          ]
        : []),
      `  Data:         ${dataDir}`,
      ...(config.AUTH_JWKS_URL
        ? [`  Sign-in:      bearer tokens from ${config.AUTH_JWKS_URL}`]
        : [
            `  Dev token:    ${DEV_TOKEN_COMMAND}`,
            '                (from this directory, with the same environment; --role manager, da_lead, head_of_service or auditor for others)',
            `                TOKEN=$(…); curl -H "Authorization: Bearer $TOKEN" ${apiUrl}/cases`,
          ]),
      '  Stop with Ctrl-C; cases and their workflows are kept for the next start.',
      '',
    ].join('\n') + '\n',
  );
});
