import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { ApiDependencies } from '../platform/http/dependencies';
import { HttpProblem } from '../platform/http/problem';
import {
  breachedKey,
  caseOfficerKey,
  caseStatusKey,
  organisationKey,
  riskLevelKey,
} from '../platform/temporal/search-attributes';
import { caseWorkflow } from '../workflows';
import type { ReopenCase } from './commands';
import { getCaseQuery } from './messages';
import { reopeningRefusals, reopeningRequestOf } from './rules/reopening';
import { currentCaseOfficer } from './rules/assignment';
import type { CaseChange, CaseReopeningRequest, CaseState, CaseView, CaseWorkflowInput } from './state';
import { callWorkflow, onWorkflowService, problemOfRefusal } from './temporal-errors';

/** The case's record as the closed run left it, without what its view derives. */
export function recordOf(view: CaseView): CaseState {
  const {
    workflowId: _workflowId,
    breached: _breached,
    repeatIncidents: _repeats,
    safeguardingReferralRequired: _required,
    ...state
  } = view;
  return state;
}

/** The input of the reopened case's new run: the closed record, carried, and the reopening. */
export const reopenedRunInput = (record: CaseState, reopening: CaseReopeningRequest): CaseWorkflowInput => ({
  caseId: record.caseId,
  openedAt: record.openedAt,
  disclosure: record.disclosure,
  profile: record.profile,
  carriedState: record,
  reopening,
});

/**
 * Reopens a case whose run has finished (closed, and its feedback request made): the same case id,
 * a new run of its workflow (a closed workflow id may be used again) that starts from the closed
 * run's record, read with its getCase Query, and starts its deadlines afresh from now. The rules
 * are the reopenCase Update's (src/case/rules/reopening.ts), asked here of the closed record.
 */
const reopenedBySomeoneElse = (): HttpProblem =>
  new HttpProblem(
    { type: 'not-possible', detail: 'the case has just been reopened by someone else; read it before acting' },
    'NotPossible',
  );

export async function reopenFinishedCase(
  deps: ApiDependencies,
  workflowId: string,
  command: ReopenCase,
  at: Date,
  /** the caller's Idempotency-Key as an Update id (actionUpdateId), if the request had one */
  requestId?: string,
): Promise<CaseChange<CaseReopeningRequest>> {
  const handle = deps.client.workflow.getHandle(workflowId);
  const description = await callWorkflow(deps, workflowId, (current) => current.describe());
  // Finished a moment ago and already running again: another manager's reopening won.
  if (description.status.name === 'RUNNING') throw reopenedBySomeoneElse();
  if (description.status.name !== 'COMPLETED') {
    throw new HttpProblem(
      {
        type: 'workflow-finished',
        detail: `the case’s workflow was ended (${description.status.name.toLowerCase()}), not closed; it cannot be reopened`,
      },
      'WorkflowFinished',
    );
  }
  const view = await callWorkflow(deps, workflowId, () => handle.query(getCaseQuery));
  const refusal = reopeningRefusals(view, command.actor, at.toISOString())[0];
  if (refusal) throw problemOfRefusal(refusal);
  const reopening = reopeningRequestOf(command, at.toISOString(), requestId);
  const record = recordOf(view);
  try {
    await onWorkflowService(
      () =>
        deps.client.workflow.start(caseWorkflow, {
          workflowId,
          taskQueue: deps.taskQueue,
          // one case, one workflow id: a closed one may run again, a running one is never doubled
          workflowIdReusePolicy: 'ALLOW_DUPLICATE',
          workflowIdConflictPolicy: 'FAIL',
          args: [reopenedRunInput(record, reopening)],
          typedSearchAttributes: [
            { key: caseStatusKey, value: 'open' },
            { key: riskLevelKey, value: record.risk.level },
            { key: caseOfficerKey, value: currentCaseOfficer(record) },
            { key: organisationKey, value: record.disclosure.organisationId },
            { key: breachedKey, value: false },
          ],
        }),
      { changes: true },
    );
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) throw reopenedBySomeoneElse();
    throw error;
  }
  return { caseId: record.caseId, stateVersion: record.stateVersion + 1, status: 'open', entry: reopening };
}

/**
 * A keyed reopening retried after it started the case's new run: the new run's Update refuses it (the
 * case is open), so its answer is the reopening that request made, if it did; undefined otherwise.
 */
export async function retriedReopening(
  deps: ApiDependencies,
  workflowId: string,
  requestId: string,
): Promise<CaseChange<CaseReopeningRequest> | undefined> {
  const view = await callWorkflow(deps, workflowId, (handle) => handle.query(getCaseQuery));
  const reopenings = view.reopenings ?? [];
  const index = reopenings.findIndex((reopening) => reopening.requestId === requestId);
  if (index < 0) return undefined;
  // the request alone, not the closure or feedback it undid (the survivor's words among them)
  const reopening = reopenings[index]!;
  const entry = reopeningRequestOf(
    { ...reopening, actor: { staffId: reopening.by, role: reopening.byRole } },
    reopening.at,
    reopening.requestId,
  );
  return { caseId: view.caseId, stateVersion: view.stateVersion, status: view.status, entry };
}
