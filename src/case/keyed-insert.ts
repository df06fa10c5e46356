import type { QueryResultRow } from 'pg';
import type { Queryable } from '../platform/db/queryable';
import { IdempotencyKeyReusedError } from './open-case';

interface Statement {
  text: string;
  values: unknown[];
}

/**
 * Records a row of a case once per Idempotency-Key. `insert` ends `ON CONFLICT … DO NOTHING
 * RETURNING …`; when it inserts nothing, the key was used before and `firstWithKey` reads that
 * row: the same request (`fingerprint`) answers it with `created` false, other content is refused.
 */
export async function insertOnceByKey<Row extends QueryResultRow & { request_fingerprint: string | null }>(
  db: Queryable,
  statements: { insert: Statement; firstWithKey: Statement },
  fingerprint: string | null,
  usedFor: string,
): Promise<{ row: Row; created: boolean }> {
  const inserted = await db.query<Row>(statements.insert.text, statements.insert.values);
  if (inserted.rows[0]) return { row: inserted.rows[0], created: true };
  const first = (await db.query<Row>(statements.firstWithKey.text, statements.firstWithKey.values)).rows[0]!;
  if (first.request_fingerprint !== fingerprint) throw new IdempotencyKeyReusedError(usedFor);
  return { row: first, created: false };
}

/**
 * How much a case may hold of what is kept beside its workflow. Far above what a case needs, so
 * that one case cannot fill the database or make its chronology (built whole) unbounded.
 */
export const CASE_RECORD_LIMITS = {
  notes: { table: 'case_notes', max: 5_000 },
  documents: { table: 'case_documents', max: 500 },
} as const;

/** Why the case has no room for another of `kind`, or undefined. */
export async function caseRecordFullRefusal(
  db: Queryable,
  kind: keyof typeof CASE_RECORD_LIMITS,
  caseId: string,
): Promise<string | undefined> {
  const { table, max } = CASE_RECORD_LIMITS[kind];
  const { rows } = await db.query<{ held: number }>(`SELECT count(*)::int AS held FROM ${table} WHERE case_id = $1`, [
    caseId,
  ]);
  return rows[0]!.held >= max ? `the case already holds ${max} ${kind}, the most it may` : undefined;
}
