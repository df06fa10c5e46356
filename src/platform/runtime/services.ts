import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { Pool } from 'pg';
import { migrateToLatest } from '../db/migrate';
import { createPool } from '../db/pool';
import type { Logger } from '../logger';
import type { Config } from '../config';
import { AesGcmPayloadCodec, DEV_KEYS_FILE_NAME, loadOrCreateDevKeys, type CaseOfWorkflow } from '../temporal/codec';
import { createDataConverter } from '../temporal/data-converter';
import { temporalConnectionOptions } from '../temporal/connection';
import { registerSearchAttributes } from '../temporal/register-search-attributes';
import { loadDotEnv } from './dot-env';

export type Cleanup = () => Promise<unknown> | unknown;

/** Migrations first, then the pool: the schema is always current before anything reads it. */
export async function openDatabase(url: string, poolMax: number, logger: Logger): Promise<Pool> {
  await migrateToLatest(url, logger);
  return createPool(url, poolMax);
}

/**
 * Every client and worker encrypts payloads, so Temporal stores only ciphertext. Without configured
 * keys (the embedded all-in-one only) a development key is created once under DATA_DIR.
 */
export function payloadCodec(config: Config, caseOfWorkflow: CaseOfWorkflow): AesGcmPayloadCodec {
  const keys = config.PAYLOAD_ENCRYPTION_KEYS ?? loadOrCreateDevKeys(devPayloadKeysFile(config));
  return new AesGcmPayloadCodec(keys, caseOfWorkflow);
}

/** Where `npm start` keeps its development payload keys. */
export const devPayloadKeysFile = (config: Config): string =>
  path.join(path.resolve(config.DATA_DIR), DEV_KEYS_FILE_NAME);

/**
 * The same keys for a tool that only reads what the servers wrote (the audit CLI): undefined when
 * there are none, since a development key created now could decrypt nothing.
 */
export function existingPayloadCodec(config: Config, caseOfWorkflow: CaseOfWorkflow): AesGcmPayloadCodec | undefined {
  if (!config.PAYLOAD_ENCRYPTION_KEYS && !fs.existsSync(devPayloadKeysFile(config))) return undefined;
  return payloadCodec(config, caseOfWorkflow);
}

export function payloadDataConverter(config: Config, caseOfWorkflow: CaseOfWorkflow): DataConverter {
  return createDataConverter(payloadCodec(config, caseOfWorkflow));
}

export async function connectTemporalClient(
  address: string,
  namespace: string,
  dataConverter: DataConverter,
): Promise<{ client: Client; connection: Connection }> {
  const connection = await Connection.connect(temporalConnectionOptions(address));
  await registerSearchAttributes(connection, namespace);
  return { client: new Client({ connection, namespace, dataConverter }), connection };
}

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

/** The payload codec, its data converter and a Temporal client using them; the connection closes with `cleanups`. */
export async function connectEncryptedClient(
  config: Config,
  address: string,
  caseOfWorkflow: CaseOfWorkflow,
  cleanups: Cleanup[],
) {
  const codec = payloadCodec(config, caseOfWorkflow);
  const dataConverter = createDataConverter(codec);
  const { client, connection } = await connectTemporalClient(address, config.TEMPORAL_NAMESPACE, dataConverter);
  cleanups.push(() => connection.close());
  return { codec, dataConverter, client };
}
