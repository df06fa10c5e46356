import type { Disclosure } from '../../domain/disclosure';

export const caseWorkflowIdPrefix = 'case-';
export const caseWorkflowId = (caseId: string): string => `${caseWorkflowIdPrefix}${caseId}`;

export interface CaseWorkflowInput {
  caseId: string;
  /** when the provider received the disclosure: the start of every timescale */
  openedAt: string;
  disclosure: Disclosure;
  policy: { id: string; version: string };
}

export type CaseStatus = 'open' | 'closed';
export type RiskLevelState = 'unassessed' | 'standard' | 'medium' | 'high';

/** What the case projection in PostgreSQL mirrors: ids and states, no survivor narrative. */
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
  breached: boolean;
  openedAt: string;
  updatedAt: string;
  stateVersion: number;
}

export interface CaseView extends CaseProjection {
  immediateDanger: boolean;
}
