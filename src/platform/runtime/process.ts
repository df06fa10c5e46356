import { loadConfig, type Config } from '../config';
import { createLogger, type Logger } from '../logger';
import { loadDotEnv } from './dot-env';

/* How an entry point starts, stops on a signal, and reports a start that failed. */

export type Cleanup = () => Promise<unknown> | unknown;

/** The cleanups of the running entry point, so a failed start stops what it had already launched. */
let activeCleanups: { cleanups: Cleanup[]; logger: Logger } | undefined;

/** Runs cleanups in reverse order of acquisition, each after the one before has finished. */
async function runCleanups(cleanups: Cleanup[], logger: Logger): Promise<void> {
  for (const cleanup of [...cleanups].reverse()) {
    try {
      await cleanup();
    } catch (error) {
      logger.warn({ err: error }, 'a component did not stop cleanly');
    }
  }
}

/** Runs cleanups in reverse order of acquisition on SIGINT/SIGTERM, then exits. */
export function stopOnSignal(cleanups: Cleanup[], logger: Logger): void {
  activeCleanups = { cleanups, logger };
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await runCleanups(cleanups, logger);
    logger.info('stopped');
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

/** Entry points report a bad configuration plainly and exit non-zero instead of crashing. */
export function runEntryPoint(main: () => Promise<void>): void {
  Promise.resolve()
    .then(() => {
      loadDotEnv();
      return main();
    })
    .catch(async (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      if (activeCleanups) await runCleanups(activeCleanups.cleanups, activeCleanups.logger);
      process.exit(1);
    });
}

/**
 * The settings a production process (the API or the worker alone, no embedded servers) cannot
 * run without; `process` names it in the refusal.
 */
export function productionSettings(config: Config, process: string): { temporalAddress: string; databaseUrl: string } {
  if (!config.TEMPORAL_ADDRESS || !config.DATABASE_URL || !config.PAYLOAD_ENCRYPTION_KEYS) {
    throw new Error(
      `${process} needs TEMPORAL_ADDRESS, DATABASE_URL and PAYLOAD_ENCRYPTION_KEYS (use \`npm start\` for the embedded all-in-one)`,
    );
  }
  return { temporalAddress: config.TEMPORAL_ADDRESS, databaseUrl: config.DATABASE_URL };
}

/** A production process's start: its configuration and logger, and the settings it cannot run without. */
export function productionProcess(process: string) {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  return { config, logger, ...productionSettings(config, process) };
}
