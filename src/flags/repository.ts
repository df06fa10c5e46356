import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { CASE_CLOSED_REASON, type FlagSubject, type FlagToRaise, type RiskFlag } from './flag';

interface FlagRow {
  flag_id: string;
  case_id: string;
  subject: FlagSubject;
  subject_reference: string;
  warning: string;
  raised_at: Date;
  raised_by: string;
  ended_at: Date | null;
  ended_by: string | null;
  end_reason: string | null;
}

const flagOf = (row: FlagRow): RiskFlag => ({
  flagId: row.flag_id,
  caseId: row.case_id,
  subject: row.subject,
  subjectReference: row.subject_reference,
  warning: row.warning,
  raisedAt: row.raised_at.toISOString(),
  raisedBy: row.raised_by,
  ...(row.ended_at && { endedAt: row.ended_at.toISOString() }),
  ...(row.ended_by && { endedBy: row.ended_by }),
  ...(row.end_reason && { endReason: row.end_reason }),
});

/** Whose case a flag is raised on, and by whom. */
export interface FlagRaising {
  organisationId: string;
  caseId: string;
  raisedBy: string;
}

/** The flag with this content on the case, as first raised: `created` is false when it was raised before. */
export async function raiseFlag(
  pool: Pool,
  raising: FlagRaising,
  flag: FlagToRaise,
): Promise<{ flag: RiskFlag; created: boolean }> {
  const values = [raising.caseId, flag.subject, flag.subjectReference, flag.warning];
  const inserted = await pool.query<FlagRow>(
    `INSERT INTO risk_flags (case_id, subject, subject_reference, warning, flag_id, organisation_id, raised_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (case_id, subject, subject_reference, warning) DO NOTHING RETURNING *`,
    [...values, randomUUID(), raising.organisationId, raising.raisedBy],
  );
  const row =
    inserted.rows[0] ??
    (
      await pool.query<FlagRow>(
        'SELECT * FROM risk_flags WHERE case_id = $1 AND subject = $2 AND subject_reference = $3 AND warning = $4',
        values,
      )
    ).rows[0]!;
  return { flag: flagOf(row), created: inserted.rows.length > 0 };
}

/** A case's flags, active and ended, in the order they were raised. */
export async function caseFlags(pool: Pool, caseId: string): Promise<RiskFlag[]> {
  const rows = await pool.query<FlagRow>('SELECT * FROM risk_flags WHERE case_id = $1 ORDER BY raised_at, flag_id', [
    caseId,
  ]);
  return rows.rows.map(flagOf);
}

/** The flag with this id in the organisation. */
export async function findFlag(pool: Pool, organisationId: string, flagId: string): Promise<RiskFlag | undefined> {
  const found = await pool.query<FlagRow>('SELECT * FROM risk_flags WHERE flag_id = $1 AND organisation_id = $2', [
    flagId,
    organisationId,
  ]);
  return found.rows[0] && flagOf(found.rows[0]);
}

/** The active warnings on a reference in the organisation, oldest first, each one once: the words and since when, nothing else. */
export async function activeWarnings(
  pool: Pool,
  organisationId: string,
  reference: string,
): Promise<{ warning: string; since: string }[]> {
  const rows = await pool.query<{ warning: string; since: Date }>(
    `SELECT warning, min(raised_at) AS since FROM risk_flags
     WHERE organisation_id = $1 AND subject_reference = $2 AND ended_at IS NULL
     GROUP BY warning ORDER BY since, warning`,
    [organisationId, reference],
  );
  return rows.rows.map((row) => ({ warning: row.warning, since: row.since.toISOString() }));
}

/** Ends an active flag; undefined when it had already ended. */
export async function endFlag(
  pool: Pool,
  flagId: string,
  ending: { endedBy: string; reason: string },
): Promise<RiskFlag | undefined> {
  const ended = await pool.query<FlagRow>(
    `UPDATE risk_flags SET ended_at = now(), ended_by = $2, end_reason = $3
     WHERE flag_id = $1 AND ended_at IS NULL RETURNING *`,
    [flagId, ending.endedBy, ending.reason],
  );
  return ended.rows[0] && flagOf(ended.rows[0]);
}

/** Who ends a closed case's flags: the worker projecting the case, not a member of staff. */
export const CASE_CLOSURE_ACTOR = 'case-projection';

/** Flags end with their case (issue 14.3): a closed case's active flags end, with the reason why. */
export async function endCaseFlags(pool: Pool, caseId: string): Promise<void> {
  await pool.query(
    `UPDATE risk_flags SET ended_at = now(), ended_by = $2, end_reason = $3 WHERE case_id = $1 AND ended_at IS NULL`,
    [caseId, CASE_CLOSURE_ACTOR, CASE_CLOSED_REASON],
  );
}
