import { LRUCache } from 'lru-cache';
import type { Pool, PoolClient } from 'pg';
import {
  newCaseKey,
  unwrapCaseKey,
  wrapCaseKey,
  type CaseDataKeys,
  type ErasedCaseKey,
} from '../platform/crypto/case-keys';
import type { Queryable } from '../platform/db/queryable';
import type { Config } from '../platform/config';
import type { Cleanup } from '../platform/runtime/process';
import type { Logger } from '../platform/logger';
import { connectEncryptedClient, payloadKeyring } from '../platform/runtime/services';
import { caseIdOwningWorkflow } from '../case/workflow-ids';
import type { CodecKeyring } from '../platform/temporal/codec';

/** The PostgreSQL channel each erasure is announced on; every process's case keys listen on it. */
export const CASE_ERASED_CHANNEL = 'case_erased';

interface CaseKeyRow {
  wrapped_key: Buffer | null;
  kek_id: string;
  erased_at: Date | null;
}

export interface CaseKeyCacheOptions {
  /** how many unwrapped keys one process keeps in memory */
  maxCached: number;
  /**
   * how long a key is used without reading its row again: the bound on how long another process
   * (a worker, when the API erased the case) could go on using a key just destroyed
   */
  ttlMs: number;
}

const DEFAULT_CACHE: CaseKeyCacheOptions = { maxCached: 10_000, ttlMs: 60_000 };

/**
 * Each case's data key, in PostgreSQL (case_keys), wrapped by the deployment's current payload key
 * (the key-encryption key); a key is created the first time its case needs one, by whichever
 * process asks first (INSERT … ON CONFLICT DO NOTHING, then read: concurrent first uses agree).
 * Unwrapped keys are cached in memory, bounded in number and age, and forgotten on erasure.
 */
export class PgCaseDataKeys implements CaseDataKeys {
  readonly #cache: LRUCache<string, Buffer | ErasedCaseKey>;

  constructor(
    private readonly db: Pool,
    private readonly keyring: CodecKeyring,
    cache: Partial<CaseKeyCacheOptions> = {},
  ) {
    const { maxCached, ttlMs } = { ...DEFAULT_CACHE, ...cache };
    this.#cache = new LRUCache({ max: maxCached, ttl: ttlMs });
  }

  async keyFor(caseId: string): Promise<Buffer | ErasedCaseKey> {
    const id = caseId.toLowerCase();
    const cached = this.#cache.get(id);
    if (cached !== undefined) return cached;
    const row = (await readKeyRow(this.db, id)) ?? (await this.create(id));
    const key: Buffer | ErasedCaseKey =
      row.wrapped_key === null
        ? { erased: true, erasedAt: row.erased_at ?? new Date(0) }
        : unwrapCaseKey(this.keyring, id, { kekId: row.kek_id, wrapped: row.wrapped_key });
    this.#cache.set(id, key);
    return key;
  }

  /** Creates the case's key ahead of its first use, recording its organisation (the API, when it opens a case). */
  async ensure(caseId: string, organisationId: string): Promise<void> {
    await this.insert(caseId.toLowerCase(), organisationId);
  }

  /** Forgets the case's unwrapped key (after its erasure). */
  forget(caseId: string): void {
    this.#cache.delete(caseId.toLowerCase());
  }

  /**
   * Forgets a key the moment any process erases its case (LISTEN on {@link CASE_ERASED_CHANNEL}),
   * instead of when the cache's age bound passes; while the connection is lost, that bound still
   * holds, and the listener connects again. Returns what stops it.
   */
  async listenForErasures(logger?: Logger): Promise<Cleanup> {
    let stopped = false;
    let listening: PoolClient | undefined;
    let retry: NodeJS.Timeout | undefined;
    const listen = async (): Promise<void> => {
      const client = await this.db.connect();
      try {
        await client.query(`LISTEN ${CASE_ERASED_CHANNEL}`);
      } catch (error) {
        client.release(error as Error);
        throw error;
      }
      client.on('notification', (message) => {
        if (message.channel === CASE_ERASED_CHANNEL && message.payload) this.forget(message.payload);
      });
      // a broken connection can say so more than once: it is released and replaced once
      client.once('error', (error) => {
        client.release(error);
        listening = undefined;
        listenAgain(error);
      });
      client.on('error', () => undefined);
      listening = client;
    };
    const listenAgain = (error: Error): void => {
      if (stopped) return;
      logger?.warn({ err: error.message }, 'case erasure listener lost its connection; listening again in 5 s');
      retry = setTimeout(() => {
        listen()
          // an erasure announced meanwhile was missed: read every key again
          .then(() => this.#cache.clear())
          .catch(listenAgain);
      }, 5_000).unref();
    };
    // a database that cannot listen (or is down now) leaves the age bound alone to hold
    await listen().catch((error: Error) =>
      logger?.warn(
        { err: error.message },
        'case erasure listener not started; cached case keys expire after their age bound',
      ),
    );
    return () => {
      stopped = true;
      clearTimeout(retry);
      listening?.release();
    };
  }

  private async create(caseId: string): Promise<CaseKeyRow> {
    await this.insert(caseId, null);
    const row = await readKeyRow(this.db, caseId);
    if (!row) throw new Error(`the data key of case ${caseId} could not be created`);
    return row;
  }

  private async insert(caseId: string, organisationId: string | null): Promise<void> {
    const { kekId, wrapped } = wrapCaseKey(this.keyring, caseId, newCaseKey());
    await this.db.query(
      `INSERT INTO case_keys (case_id, organisation_id, wrapped_key, kek_id)
       VALUES ($1, COALESCE($2, (SELECT organisation_id FROM cases WHERE case_id = $1),
               (SELECT organisation_id FROM disclosure_requests WHERE case_id = $1)), $3, $4)
       ON CONFLICT (case_id) DO UPDATE SET organisation_id = COALESCE(case_keys.organisation_id, EXCLUDED.organisation_id)
       WHERE case_keys.organisation_id IS NULL AND EXCLUDED.organisation_id IS NOT NULL`,
      [caseId, organisationId, wrapped, kekId],
    );
  }
}

/** The servers' case keys: in `pool`, wrapped by the configured payload keys, forgotten when any process erases their case. */
export async function caseKeysFor(
  pool: Pool,
  config: Config,
  cleanups: Cleanup[],
  logger?: Logger,
): Promise<PgCaseDataKeys> {
  const keys = new PgCaseDataKeys(pool, payloadKeyring(config));
  cleanups.push(await keys.listenForErasures(logger));
  return keys;
}

/** The servers' Temporal client: each case's payloads sealed under its data key in `pool`. */
export const connectCaseKeyedClient = async (
  config: Config,
  address: string,
  pool: Pool,
  cleanups: Cleanup[],
  logger?: Logger,
) =>
  connectEncryptedClient(
    config,
    address,
    caseIdOwningWorkflow,
    await caseKeysFor(pool, config, cleanups, logger),
    cleanups,
  );

async function readKeyRow(db: Queryable, caseId: string): Promise<CaseKeyRow | undefined> {
  const found = await db.query<CaseKeyRow>('SELECT wrapped_key, kek_id, erased_at FROM case_keys WHERE case_id = $1', [
    caseId,
  ]);
  return found.rows[0];
}

export type ErasureReason = 'retention' | 'erasure_request';

/**
 * Destroys the case's data key (crypto-shredding), in the caller's transaction; a case without a
 * key yet gets an erased row, so nothing can be sealed for it afterwards. Returns when it was
 * erased (the earlier date when it already was).
 */
export async function destroyCaseKey(
  db: Queryable,
  erasure: { caseId: string; organisationId: string; reason: ErasureReason; reference: string },
): Promise<{ erasedAt: Date; alreadyErased: boolean }> {
  const { caseId, organisationId, reason, reference } = erasure;
  const existing = await db.query<{ erased_at: Date | null }>(
    'SELECT erased_at FROM case_keys WHERE case_id = $1 FOR UPDATE',
    [caseId],
  );
  const earlier = existing.rows[0]?.erased_at;
  if (earlier) return { erasedAt: earlier, alreadyErased: true };
  const erased = await db.query<{ erased_at: Date }>(
    `INSERT INTO case_keys (case_id, organisation_id, wrapped_key, kek_id, erased_at, erasure_reason, erasure_reference)
     VALUES ($1, $2, NULL, 'none', now(), $3, $4)
     ON CONFLICT (case_id) DO UPDATE SET wrapped_key = NULL, erased_at = now(), erasure_reason = $3,
       erasure_reference = $4, organisation_id = COALESCE(case_keys.organisation_id, $2)
     RETURNING erased_at`,
    [caseId, organisationId, reason, reference],
  );
  // delivered to every process's listener when the transaction commits, not before
  await db.query('SELECT pg_notify($1, $2)', [CASE_ERASED_CHANNEL, caseId.toLowerCase()]);
  return { erasedAt: erased.rows[0]!.erased_at, alreadyErased: false };
}

/** When the case was erased, if it was. */
export async function caseErasedAt(db: Queryable, caseId: string): Promise<Date | undefined> {
  const found = await db.query<{ erased_at: Date | null }>('SELECT erased_at FROM case_keys WHERE case_id = $1', [
    caseId.toLowerCase(),
  ]);
  return found.rows[0]?.erased_at ?? undefined;
}
