import type { Pool } from 'pg';
import { IdempotencyKeyReusedError } from './open-case';
import { requestFingerprint } from './request-fingerprint';

/** One caller's Idempotency-Key on one workflow: keys of different staff never meet. */
export interface CaseActionKey {
  workflowId: string;
  staffId: string;
  idempotencyKey: string;
}

/**
 * Claims the key for this action and answers the workflow run it was first sent to (undefined
 * before it was sent anywhere); the same key for a different action is refused.
 */
export async function claimActionKey(pool: Pool, key: CaseActionKey, action: unknown): Promise<string | undefined> {
  const fingerprint = requestFingerprint(action);
  await pool.query(
    `INSERT INTO case_action_keys (workflow_id, staff_id, idempotency_key, request_fingerprint)
     VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
    [key.workflowId, key.staffId, key.idempotencyKey, fingerprint],
  );
  // A separate statement, so that it sees a concurrent retry's claim once that has committed.
  const { rows } = await pool.query<{ request_fingerprint: string; run_id: string | null }>(
    'SELECT request_fingerprint, run_id FROM case_action_keys WHERE workflow_id = $1 AND staff_id = $2 AND idempotency_key = $3',
    [key.workflowId, key.staffId, key.idempotencyKey],
  );
  const row = rows[0]!;
  if (row.request_fingerprint !== fingerprint) throw new IdempotencyKeyReusedError('a different action on this case');
  return row.run_id ?? undefined;
}

/**
 * Records the run the action is sent to, replacing `replacing` (a run that ended without it);
 * answers the run recorded, which a concurrent retry may have set first.
 */
export async function recordActionRun(
  pool: Pool,
  key: CaseActionKey,
  runId: string,
  replacing?: string,
): Promise<string> {
  const { rows } = await pool.query<{ run_id: string }>(
    `UPDATE case_action_keys SET run_id = CASE WHEN run_id IS NOT DISTINCT FROM $5 THEN $4 ELSE run_id END
      WHERE workflow_id = $1 AND staff_id = $2 AND idempotency_key = $3 RETURNING run_id`,
    [key.workflowId, key.staffId, key.idempotencyKey, runId, replacing ?? null],
  );
  return rows[0]!.run_id;
}
