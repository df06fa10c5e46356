import type { Pool } from 'pg';
import type { CaseProjection } from '../workflows/case/state';

interface CaseRow {
  case_id: string;
  workflow_id: string;
  organisation_id: string;
  policy_profile: string;
  policy_version: string;
  status: CaseProjection['status'];
  risk_level: CaseProjection['riskLevel'];
  case_officer_id: string;
  team_id: string;
  breached: boolean;
  opened_at: Date;
  updated_at: Date;
  state_version: number;
}

const toProjection = (row: CaseRow): CaseProjection => ({
  caseId: row.case_id,
  workflowId: row.workflow_id,
  organisationId: row.organisation_id,
  policyProfile: row.policy_profile,
  policyVersion: row.policy_version,
  status: row.status,
  riskLevel: row.risk_level,
  caseOfficerId: row.case_officer_id,
  teamId: row.team_id,
  breached: row.breached,
  openedAt: row.opened_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
  stateVersion: row.state_version,
});

export async function findCase(pool: Pool, caseId: string): Promise<CaseProjection | undefined> {
  const result = await pool.query<CaseRow>('SELECT * FROM cases WHERE case_id = $1', [caseId]);
  return result.rows[0] && toProjection(result.rows[0]);
}

/** Waits briefly for the workflow's first projection so a client can read its own write. */
export async function waitForCase(pool: Pool, caseId: string, timeoutMs: number): Promise<CaseProjection | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (let delay = 25; ; delay = Math.min(delay * 2, 250)) {
    const found = await findCase(pool, caseId);
    if (found || Date.now() >= deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}
