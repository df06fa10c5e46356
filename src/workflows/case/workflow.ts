import { condition, proxyActivities, setHandler, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { CaseActivities } from '../../activities';
import { breachedKey, caseOfficerKey, caseStatusKey, organisationKey, riskLevelKey } from '../../temporal/search-attributes';
import { getCaseQuery } from './messages';
import type { CaseProjection, CaseStatus, CaseView, CaseWorkflowInput, RiskLevelState } from './state';

const { projectCase } = proxyActivities<CaseActivities>({
  startToCloseTimeout: '30 seconds',
  retry: { maximumInterval: '1 minute' },
});

/** One durable workflow per disclosure: the case's single source of truth. */
export async function caseWorkflow(input: CaseWorkflowInput): Promise<void> {
  const { disclosure } = input;
  let status: CaseStatus = 'open';
  const riskLevel: RiskLevelState = 'unassessed';
  let stateVersion = 0;
  let updatedAt = input.openedAt;

  const projection = (): CaseProjection => ({
    caseId: input.caseId,
    workflowId: workflowInfo().workflowId,
    organisationId: disclosure.organisationId,
    policyProfile: input.policy.id,
    policyVersion: input.policy.version,
    status,
    riskLevel,
    caseOfficerId: disclosure.caseOfficerId,
    teamId: disclosure.teamId,
    breached: false,
    openedAt: input.openedAt,
    updatedAt,
    stateVersion,
  });
  const view = (): CaseView => ({ ...projection(), immediateDanger: disclosure.immediateDanger });

  /** Every state change is published to visibility and to the PostgreSQL projection. */
  async function publish(): Promise<void> {
    stateVersion += 1;
    updatedAt = new Date().toISOString();
    const current = projection();
    upsertSearchAttributes([
      { key: caseStatusKey, value: current.status },
      { key: riskLevelKey, value: current.riskLevel },
      { key: caseOfficerKey, value: current.caseOfficerId },
      { key: organisationKey, value: current.organisationId },
      { key: breachedKey, value: current.breached },
    ]);
    await projectCase(current);
  }

  setHandler(getCaseQuery, view);
  await publish();
  await condition(() => status !== 'open');
  status = 'closed';
}
