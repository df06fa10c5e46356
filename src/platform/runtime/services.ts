import fs from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import type { Pool } from 'pg';
import { migrateToLatest } from '../db/migrate';
import { createPool } from '../db/pool';
import type { Logger } from '../logger';
import type { Config } from '../config';
import {
  AesGcmPayloadCodec,
  DEV_KEYS_FILE_NAME,
  loadOrCreateDevKeys,
  type CaseOfWorkflow,
  type CodecKeyring,
} from '../temporal/codec';
import type { CaseDataKeys } from '../crypto/case-keys';
import { createDataConverter } from '../temporal/data-converter';
import { temporalConnectionOptions } from '../temporal/connection';
import { registerSearchAttributes } from '../temporal/register-search-attributes';
import { stopOnSignal, type Cleanup } from './process';

/** Migrations first, then the pool: the schema is always current before anything reads it. */
export async function openDatabase(url: string, poolMax: number, logger: Logger): Promise<Pool> {
  await migrateToLatest(url, logger);
  return createPool(url, poolMax);
}

/**
 * Every client and worker encrypts payloads, so Temporal stores only ciphertext. Without configured
 * keys (the embedded all-in-one only) a development key is created once under DATA_DIR. With
 * `caseKeys` (the servers always give them) each case's payloads are sealed under its data key.
 */
export function payloadCodec(
  config: Config,
  caseOfWorkflow: CaseOfWorkflow,
  caseKeys?: CaseDataKeys,
): AesGcmPayloadCodec {
  return new AesGcmPayloadCodec(payloadKeyring(config), caseOfWorkflow, caseKeys);
}

/** The payload encryption keys, which also seal the records kept outside Temporal (case notes). */
export const payloadKeyring = (config: Config): CodecKeyring =>
  config.PAYLOAD_ENCRYPTION_KEYS ?? loadOrCreateDevKeys(devPayloadKeysFile(config));

/** Where `npm start` keeps its development payload keys. */
export const devPayloadKeysFile = (config: Config): string =>
  path.join(path.resolve(config.DATA_DIR), DEV_KEYS_FILE_NAME);

/**
 * The same keys for a tool that only reads what the servers wrote (the audit CLI): undefined when
 * there are none, since a development key created now could decrypt nothing.
 */
export function existingPayloadCodec(
  config: Config,
  caseOfWorkflow: CaseOfWorkflow,
  caseKeys?: (keyring: CodecKeyring) => CaseDataKeys,
): AesGcmPayloadCodec | undefined {
  if (!config.PAYLOAD_ENCRYPTION_KEYS && !fs.existsSync(devPayloadKeysFile(config))) return undefined;
  const keyring = payloadKeyring(config);
  return new AesGcmPayloadCodec(keyring, caseOfWorkflow, caseKeys?.(keyring));
}

export function payloadDataConverter(
  config: Config,
  caseOfWorkflow: CaseOfWorkflow,
  caseKeys: CaseDataKeys,
): DataConverter {
  return createDataConverter(payloadCodec(config, caseOfWorkflow, caseKeys));
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

/** The cleanups a process runs on SIGINT/SIGTERM, and its database: opened first, so closed last. */
export async function stoppableWithDatabase(databaseUrl: string, config: Config, logger: Logger) {
  const cleanups: Cleanup[] = [];
  stopOnSignal(cleanups, logger);
  const pool = await openDatabase(databaseUrl, config.DATABASE_POOL_MAX, logger);
  cleanups.push(() => pool.end());
  return { cleanups, pool };
}

export type EncryptedClient = Awaited<ReturnType<typeof connectEncryptedClient>>;

/** The payload codec, its data converter and a Temporal client using them; the connection closes with `cleanups`. */
export async function connectEncryptedClient(
  config: Config,
  address: string,
  caseOfWorkflow: CaseOfWorkflow,
  caseKeys: CaseDataKeys,
  cleanups: Cleanup[],
) {
  const codec = payloadCodec(config, caseOfWorkflow, caseKeys);
  const dataConverter = createDataConverter(codec);
  const { client, connection } = await connectTemporalClient(address, config.TEMPORAL_NAMESPACE, dataConverter);
  cleanups.push(() => connection.close());
  return { codec, dataConverter, client, caseKeys };
}
