import { randomUUID } from 'node:crypto';
import type { Pool, QueryResultRow } from 'pg';
import { recordAudit, SYSTEM_ROLE } from '../audit/log';
import { caseWorkflowId } from '../case/state';
import type { Queryable } from '../platform/db/queryable';
import { entryLimitRefusal } from '../platform/workflow/bounds';
import { inTransaction } from '../platform/db/transaction';
import { destroyCaseKey, type ErasureReason } from './case-keys';
import type { RetentionCandidate } from './retention';

/*
 * Erasure by key (crypto-shredding, issue 16 item 3): the case's data key is destroyed, so its
 * Temporal history, its archived runs, its notes and documents (in the database and in every
 * backup) can no longer be decrypted; the sealed bytes kept here are removed as well, the listing
 * projection keeps only what reports count (no staff on the case), the case's risk flags go, and
 * the audit log records the erasure. The audit and access logs are never changed, so their chains
 * still verify. What was sealed under the deployment's keys before case keys cannot be shredded:
 * the codec refuses it once the case is erased, and its archived runs are deleted.
 */

/**
 * Serialises what decides a case's erasure (a hold placed, an erasure, an approval) in the caller's
 * transaction: a hold placed while a case is being erased waits, and the erasure sees it or it sees the erasure.
 */
export async function lockCaseErasure(db: Queryable, caseId: string): Promise<void> {
  await db.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`erasure:${caseId}`]);
}

export class LegalHoldInPlaceError extends Error {
  override readonly name = 'LegalHoldInPlaceError';
  constructor(readonly holdId: string) {
    super(`legal hold ${holdId} is in place`);
  }
}

/** Holds and erasure requests a case may gather: enough for any real case, bounded against a runaway client. */
export const MAX_ENTRIES_PER_CASE = 100;

export class CaseEntryLimitError extends Error {
  override readonly name = 'CaseEntryLimitError';
}

/** The hold or request a retry of `entry` (the same case, author and Idempotency-Key) recorded before. */
async function recordedBefore<Row extends QueryResultRow>(
  db: Queryable,
  table: 'legal_holds' | 'erasure_requests',
  authorColumn: 'placed_by' | 'requested_by',
  entry: ReasonedEntry,
): Promise<Row | undefined> {
  if (entry.idempotencyKey === undefined) return undefined;
  const found = await db.query<Row>(
    `SELECT * FROM ${table} WHERE case_id = $1 AND ${authorColumn} = $2 AND idempotency_key = $3`,
    [entry.caseId, entry.by, entry.idempotencyKey],
  );
  return found.rows[0];
}

async function refuseAtLimit(db: Queryable, table: 'legal_holds' | 'erasure_requests', caseId: string): Promise<void> {
  const counted = await db.query<{ count: number }>(`SELECT count(*)::int AS count FROM ${table} WHERE case_id = $1`, [
    caseId,
  ]);
  const refusal = entryLimitRefusal(counted.rows[0]!.count, MAX_ENTRIES_PER_CASE, table.replace('_', ' '), 'case');
  if (refusal) throw new CaseEntryLimitError(refusal);
}

export interface Erasure {
  caseId: string;
  organisationId: string;
  reason: ErasureReason;
  /** what decided it: the retention period that ended, or the approved request (`request-<n>`) */
  reference: string;
  /** who erases: the retention sweep (system) or the DA lead approving a request */
  actor: { staffId: string; role: string };
}

export async function eraseCase(
  pool: Pool,
  erasure: Erasure,
  afterCommit?: (caseId: string) => void,
): Promise<{ erasedAt: Date; alreadyErased: boolean }> {
  const result = await inTransaction(pool, (client) => eraseCaseIn(client, erasure));
  afterCommit?.(erasure.caseId);
  return result;
}

/** The erasure in the caller's transaction (with the request's decision, for one). */
export async function eraseCaseIn(
  db: Queryable,
  erasure: Erasure,
): Promise<{ erasedAt: Date; alreadyErased: boolean }> {
  const { caseId, organisationId } = erasure;
  await lockCaseErasure(db, caseId);
  // a hold placed since the caller looked still blocks the erasure
  const held = await db.query<{ hold_id: string }>(
    'SELECT hold_id FROM legal_holds WHERE case_id = $1 AND lifted_at IS NULL ORDER BY placed_at LIMIT 1',
    [caseId],
  );
  if (held.rows[0]) throw new LegalHoldInPlaceError(held.rows[0].hold_id);
  const destroyed = await destroyCaseKey(db, erasure);
  if (destroyed.alreadyErased) return destroyed;
  await db.query(`UPDATE cases SET case_officer_id = 'erased', perpetrator_officer_id = NULL WHERE case_id = $1`, [
    caseId,
  ]);
  const notes = await db.query(
    `UPDATE case_notes SET sealed = '\\x'::bytea, request_fingerprint = NULL WHERE case_id = $1`,
    [caseId],
  );
  const documents = await db.query(
    `UPDATE case_documents SET sealed = '\\x'::bytea, request_fingerprint = NULL WHERE case_id = $1`,
    [caseId],
  );
  // a request's plain fingerprint would confirm a guess at what it said; the keys stay, so a retry is still known
  await db.query(`UPDATE disclosure_requests SET request_fingerprint = 'erased' WHERE case_id = $1`, [caseId]);
  await db.query(
    `UPDATE case_action_keys SET request_fingerprint = 'erased' WHERE workflow_id = $1 OR workflow_id LIKE $1 || '/%'`,
    [caseWorkflowId(caseId)],
  );
  // A run sealed, even in part, under the deployment's keys before case keys cannot be shredded:
  // its copy here goes (the codec refuses Temporal's own copy until retention removes it).
  const legacyRuns = await db.query(
    `DELETE FROM archived_runs WHERE case_id = $1 AND (history LIKE '%"encryption-key-id"%' OR final_state::text LIKE '%encryption-key-id%')`,
    [caseId],
  );
  const flags = await db.query('DELETE FROM risk_flags WHERE case_id = $1', [caseId]);
  await db.query(`UPDATE marac_referrals SET survivor_key = 'erased' WHERE case_id = $1`, [caseId]);
  await recordAudit(db, {
    actorStaffId: erasure.actor.staffId,
    actorRole: erasure.actor.role as typeof SYSTEM_ROLE,
    organisationId,
    caseId,
    action: 'case.erased',
    outcome: 'accepted',
    detail: {
      reason: erasure.reason,
      reference: erasure.reference,
      erasedAt: destroyed.erasedAt.toISOString(),
      sealedRecordsRemoved: (notes.rowCount ?? 0) + (documents.rowCount ?? 0),
      flagsRemoved: flags.rowCount ?? 0,
      archivedRunsSealedBeforeCaseKeysRemoved: legacyRuns.rowCount ?? 0,
    },
  });
  return destroyed;
}

// --- what the rules read ---------------------------------------------------------------------------

export interface CaseForErasure extends RetentionCandidate {
  organisationId: string;
  policyProfile: string;
}

interface CandidateRow {
  case_id: string;
  organisation_id: string;
  policy_profile: string;
  status: 'open' | 'closed';
  closed_at: Date | null;
  erased_at: Date | null;
  holds: string[];
}

const CANDIDATE_SELECT = `
  SELECT c.case_id, c.organisation_id, c.policy_profile, c.status, f.closed_at, k.erased_at,
         COALESCE((SELECT array_agg(h.hold_id::text ORDER BY h.placed_at) FROM legal_holds h
                   WHERE h.case_id = c.case_id AND h.lifted_at IS NULL), '{}') AS holds
  FROM cases c
  LEFT JOIN case_report_facts f ON f.case_id = c.case_id
  LEFT JOIN case_keys k ON k.case_id = c.case_id`;

const candidateOf = (row: CandidateRow): CaseForErasure => ({
  caseId: row.case_id,
  organisationId: row.organisation_id,
  policyProfile: row.policy_profile,
  status: row.status,
  closedAt: row.closed_at ?? undefined,
  erasedAt: row.erased_at ?? undefined,
  holds: row.holds,
});

export async function caseForErasure(db: Queryable, caseId: string): Promise<CaseForErasure | undefined> {
  const found = await db.query<CandidateRow>(`${CANDIDATE_SELECT} WHERE c.case_id = $1`, [caseId]);
  return found.rows[0] && candidateOf(found.rows[0]);
}

/** Closed cases not yet erased that closed before `closedBefore`, oldest first: what the sweep weighs. */
export async function closedCasesNotErased(
  db: Queryable,
  closedBefore: Date,
  limit: number,
  afterCaseId?: string,
): Promise<CaseForErasure[]> {
  const found = await db.query<CandidateRow>(
    `${CANDIDATE_SELECT}
     WHERE c.status = 'closed' AND f.closed_at < $1 AND k.erased_at IS NULL AND c.case_id > $2
     ORDER BY c.case_id LIMIT $3`,
    [closedBefore, afterCaseId ?? '00000000-0000-0000-0000-000000000000', limit],
  );
  return found.rows.map(candidateOf);
}

/** What a legal hold or an erasure request is recorded with: the case, why, and by whom. */
export interface ReasonedEntry {
  caseId: string;
  organisationId: string;
  reason: string;
  by: string;
  role: string;
  idempotencyKey?: string;
}

// --- legal holds ------------------------------------------------------------------------------------

export interface LegalHold {
  holdId: string;
  caseId: string;
  reason: string;
  placedBy: string;
  placedAt: string;
  liftedBy?: string;
  liftedAt?: string;
  liftReason?: string;
}

interface HoldRow {
  hold_id: string;
  case_id: string;
  reason: string;
  placed_by: string;
  placed_at: Date;
  lifted_by: string | null;
  lifted_at: Date | null;
  lift_reason: string | null;
}

const holdOf = (row: HoldRow): LegalHold => ({
  holdId: row.hold_id,
  caseId: row.case_id,
  reason: row.reason,
  placedBy: row.placed_by,
  placedAt: row.placed_at.toISOString(),
  ...(row.lifted_by && { liftedBy: row.lifted_by }),
  ...(row.lifted_at && { liftedAt: row.lifted_at.toISOString() }),
  ...(row.lift_reason && { liftReason: row.lift_reason }),
});

export function placeLegalHold(pool: Pool, hold: ReasonedEntry): Promise<{ hold: LegalHold; created: boolean }> {
  return inTransaction(pool, async (db) => {
    await lockCaseErasure(db, hold.caseId);
    return placeLegalHoldIn(db, hold);
  });
}

async function placeLegalHoldIn(db: Queryable, hold: ReasonedEntry): Promise<{ hold: LegalHold; created: boolean }> {
  // a retry returns the hold it placed, even at the limit
  const retried = await recordedBefore<HoldRow>(db, 'legal_holds', 'placed_by', hold);
  if (retried) return { hold: holdOf(retried), created: false };
  await refuseAtLimit(db, 'legal_holds', hold.caseId);
  const inserted = await db.query<HoldRow>(
    `INSERT INTO legal_holds (hold_id, case_id, organisation_id, reason, placed_by, placed_role, idempotency_key)
     VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *`,
    [randomUUID(), hold.caseId, hold.organisationId, hold.reason, hold.by, hold.role, hold.idempotencyKey ?? null],
  );
  return { hold: holdOf(inserted.rows[0]!), created: true };
}

/** Lifts a hold in place; undefined when the case has no such hold, `lifted: false` when it was already lifted. */
export async function liftLegalHold(
  db: Queryable,
  lift: { caseId: string; holdId: string; reason: string; by: string; role: string },
): Promise<{ hold: LegalHold; lifted: boolean } | undefined> {
  const updated = await db.query<HoldRow>(
    `UPDATE legal_holds SET lifted_by = $3, lifted_role = $4, lifted_at = now(), lift_reason = $5
     WHERE case_id = $1 AND hold_id = $2 AND lifted_at IS NULL RETURNING *`,
    [lift.caseId, lift.holdId, lift.by, lift.role, lift.reason],
  );
  if (updated.rows[0]) return { hold: holdOf(updated.rows[0]), lifted: true };
  const existing = await db.query<HoldRow>('SELECT * FROM legal_holds WHERE case_id = $1 AND hold_id = $2', [
    lift.caseId,
    lift.holdId,
  ]);
  return existing.rows[0] && { hold: holdOf(existing.rows[0]), lifted: false };
}

export async function legalHoldsOf(db: Queryable, caseId: string): Promise<LegalHold[]> {
  const found = await db.query<HoldRow>('SELECT * FROM legal_holds WHERE case_id = $1 ORDER BY placed_at, hold_id', [
    caseId,
  ]);
  return found.rows.map(holdOf);
}

// --- erasure requests -------------------------------------------------------------------------------

export interface ErasureRequest {
  caseId: string;
  requestNumber: number;
  reason: string;
  requestedBy: string;
  requestedAt: string;
  decision?: 'approved' | 'refused';
  decisionReason?: string;
  decidedBy?: string;
  decidedAt?: string;
}

interface RequestRow {
  case_id: string;
  request_number: number;
  reason: string;
  requested_by: string;
  requested_at: Date;
  decision: 'approved' | 'refused' | null;
  decision_reason: string | null;
  decided_by: string | null;
  decided_at: Date | null;
}

const requestOf = (row: RequestRow): ErasureRequest => ({
  caseId: row.case_id,
  requestNumber: row.request_number,
  reason: row.reason,
  requestedBy: row.requested_by,
  requestedAt: row.requested_at.toISOString(),
  ...(row.decision && { decision: row.decision }),
  ...(row.decision_reason && { decisionReason: row.decision_reason }),
  ...(row.decided_by && { decidedBy: row.decided_by }),
  ...(row.decided_at && { decidedAt: row.decided_at.toISOString() }),
});

export async function recordErasureRequest(
  pool: Pool,
  request: ReasonedEntry,
): Promise<{ request: ErasureRequest; created: boolean }> {
  return inTransaction(pool, async (client) => {
    // one at a time per case: each is numbered after the last, and a retry racing its first try
    // finds the request that try recorded rather than a duplicate key
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`erasure-request:${request.caseId}`]);
    const retried = await recordedBefore<RequestRow>(client, 'erasure_requests', 'requested_by', request);
    if (retried) return { request: requestOf(retried), created: false };
    await refuseAtLimit(client, 'erasure_requests', request.caseId);
    const inserted = await client.query<RequestRow>(
      `INSERT INTO erasure_requests (case_id, request_number, organisation_id, reason, requested_by, requested_role, idempotency_key)
       VALUES ($1, (SELECT COALESCE(max(request_number), 0) + 1 FROM erasure_requests WHERE case_id = $1), $2, $3, $4, $5, $6)
       RETURNING *`,
      [
        request.caseId,
        request.organisationId,
        request.reason,
        request.by,
        request.role,
        request.idempotencyKey ?? null,
      ],
    );
    return { request: requestOf(inserted.rows[0]!), created: true };
  });
}

export async function erasureRequestsOf(db: Queryable, caseId: string): Promise<ErasureRequest[]> {
  const found = await db.query<RequestRow>(
    'SELECT * FROM erasure_requests WHERE case_id = $1 ORDER BY request_number',
    [caseId],
  );
  return found.rows.map(requestOf);
}

export async function erasureRequest(
  db: Queryable,
  caseId: string,
  requestNumber: number,
): Promise<ErasureRequest | undefined> {
  const found = await db.query<RequestRow>(
    'SELECT * FROM erasure_requests WHERE case_id = $1 AND request_number = $2',
    [caseId, requestNumber],
  );
  return found.rows[0] && requestOf(found.rows[0]);
}

/** Records the decision on an undecided request; undefined when it was already decided. */
export async function decideErasureRequest(
  db: Queryable,
  decision: { caseId: string; requestNumber: number; decision: 'approved' | 'refused'; reason: string; by: string },
): Promise<ErasureRequest | undefined> {
  const updated = await db.query<RequestRow>(
    `UPDATE erasure_requests SET decision = $3, decision_reason = $4, decided_by = $5, decided_at = now()
     WHERE case_id = $1 AND request_number = $2 AND decision IS NULL RETURNING *`,
    [decision.caseId, decision.requestNumber, decision.decision, decision.reason, decision.by],
  );
  return updated.rows[0] && requestOf(updated.rows[0]);
}
