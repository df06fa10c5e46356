import {
  isGrpcDeadlineError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { ApplicationFailure, WorkflowNotFoundError } from '@temporalio/common';
import { HttpProblem, type Problem } from './problem';

/**
 * How the case workflow's answers become HTTP answers, in one place. Its validators refuse an
 * action with an ApplicationFailure whose type says why (src/workflows/case/workflow.ts):
 */
const REFUSALS: Record<string, Pick<Problem, 'status' | 'title'>> = {
  InvalidCommand: { status: 400, title: 'Invalid request' },
  NotPermitted: { status: 403, title: 'Not permitted' },
  NotPossible: { status: 409, title: 'Not possible now' },
};

export interface CaseWorkflowAccess {
  client: Client;
  /** how long a request waits for the case to answer (no worker, a stuck activity) before 503 */
  caseCallTimeoutMs: number;
}

/**
 * Runs a call on a case's workflow (an Update or a Query) and turns the workflow's answers into
 * problems: refused by a validator → 400/403/409 with the workflow's reason; no such workflow →
 * 404; a workflow that has finished (the case closed and its follow-up done, or terminated) →
 * 409; no answer in time → 503. Anything else is unexpected and left to the last-resort handler.
 */
export async function onCaseWorkflow<T>(
  { client, caseCallTimeoutMs }: CaseWorkflowAccess,
  workflowId: string,
  call: (handle: WorkflowHandle) => Promise<T>,
): Promise<T> {
  const handle = client.workflow.getHandle(workflowId);
  try {
    return await client.withDeadline(Date.now() + caseCallTimeoutMs, () => call(handle));
  } catch (error) {
    throw (await problemFor(error, handle)) ?? error;
  }
}

async function problemFor(error: unknown, handle: WorkflowHandle): Promise<HttpProblem | undefined> {
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    const refusal = error.cause.type ? REFUSALS[error.cause.type] : undefined;
    return refusal && new HttpProblem({ ...refusal, detail: error.cause.message }, error.cause.type ?? undefined);
  }
  if (error instanceof WorkflowNotFoundError) {
    return (await hasFinished(handle))
      ? new HttpProblem({ status: 409, title: 'Case workflow finished', detail: 'the case is closed and its workflow has finished; it accepts no more actions' }, 'WorkflowFinished')
      : new HttpProblem({ status: 404, title: 'Case not found', detail: 'the case has no workflow' }, 'WorkflowNotFound');
  }
  if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || isGrpcDeadlineError(error)) {
    return new HttpProblem({
      status: 503,
      title: 'Case temporarily unavailable',
      detail: 'the case did not answer in time; an action may still be recorded, so read the case before trying again',
    }, 'NoAnswerInTime');
  }
  return undefined;
}

/** The server answers an Update on a finished workflow with "not found": tell the two apart. */
async function hasFinished(handle: WorkflowHandle): Promise<boolean> {
  try {
    return (await handle.describe()).status.name !== 'RUNNING';
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return false;
    throw error;
  }
}
