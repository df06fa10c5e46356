import type { Pool } from 'pg';
import { endCaseFlags } from '../flags/repository';
import type { CaseProjection } from './projection';
import { recordCaseReportFacts } from '../reporting/facts-repository';

/** Writes the workflow's state to the listing table (an older state never overwrites a newer one), and ends a closed case's flags. */
export function createCaseProjectionActivities(pool: Pool) {
  return {
    async projectCase(projection: CaseProjection): Promise<void> {
      // perpetrator_officer_id: a projection that does not carry it (undefined) keeps the stored one.
      await pool.query(
        `INSERT INTO cases (case_id, workflow_id, organisation_id, policy_profile, policy_version, status, risk_level,
                            case_officer_id, team_id, breached, opened_at, updated_at, state_version, perpetrator_officer_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
         ON CONFLICT (case_id) DO UPDATE SET
           status = EXCLUDED.status, risk_level = EXCLUDED.risk_level, case_officer_id = EXCLUDED.case_officer_id,
           team_id = EXCLUDED.team_id, breached = EXCLUDED.breached, updated_at = EXCLUDED.updated_at,
           state_version = EXCLUDED.state_version,
           perpetrator_officer_id = CASE WHEN $15::boolean THEN EXCLUDED.perpetrator_officer_id ELSE cases.perpetrator_officer_id END
         WHERE cases.state_version < EXCLUDED.state_version`,
        [
          projection.caseId,
          projection.workflowId,
          projection.organisationId,
          projection.policyProfile,
          projection.policyVersion,
          projection.status,
          projection.riskLevel,
          projection.caseOfficerId,
          projection.teamId,
          projection.breached,
          projection.openedAt,
          projection.updatedAt,
          projection.stateVersion,
          projection.perpetratorOfficerId ?? null,
          projection.perpetratorOfficerId !== undefined,
        ],
      );
      if (projection.report) await recordCaseReportFacts(pool, projection, projection.report);
      // A case's flags end with it; ending is idempotent, so a replayed or older projection changes nothing more.
      if (projection.status === 'closed') await endCaseFlags(pool, projection.caseId);
    },
  };
}

/** What workflows call of these (as types only). */
export type CaseProjectionActivities = ReturnType<typeof createCaseProjectionActivities>;
