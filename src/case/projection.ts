import type { CaseReportFacts } from '../reporting/facts';
import type { RiskLevel } from './risk';

/*
 * The projectCase activity's contract, apart from the case workflow's state so that the activity
 * and the workflow code each import it without importing the other.
 */

export type CaseStatus = 'open' | 'closed';
export type RiskLevelState = 'unassessed' | RiskLevel;

/** What the PostgreSQL projection mirrors: ids and states, no survivor narrative. */
export interface CaseProjection {
  caseId: string;
  workflowId: string;
  organisationId: string;
  policyProfile: string;
  policyVersion: string;
  status: CaseStatus;
  riskLevel: RiskLevelState;
  caseOfficerId: string;
  teamId: string;
  /**
   * The officer working with the perpetrator (the disclosure's perpetrator.officerId), who must
   * never see this case (DESIGN §6, src/case/access.ts). Optional so that a projection without
   * it (written before the workflow carried it) leaves the stored value alone.
   */
  perpetratorOfficerId?: string | null;
  breached: boolean;
  openedAt: string;
  updatedAt: string;
  stateVersion: number;
  /** what reporting packs count (src/reporting/facts.ts); absent from projections written before it existed */
  report?: CaseReportFacts;
}
