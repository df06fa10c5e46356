import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { caseWorkflowId } from '../case/state';

/**
 * Ends the runs of a case about to be erased that are still open (a closed case's run waits out
 * its feedback window; a child may still be settling): with the key destroyed, none of them could
 * decode its history again, and each would fail its next workflow task for ever instead.
 */
export async function endCaseRuns(client: Client, caseId: string): Promise<void> {
  const open = client.workflow.list({
    // the case's own id and its children's (`case-<id>/<kind>-<n>`); a case id is a UUID
    query: `WorkflowId STARTS_WITH "${caseWorkflowId(caseId)}" AND ExecutionStatus = "Running"`,
  });
  for await (const run of open) {
    await client.workflow
      .getHandle(run.workflowId, run.runId)
      .terminate('the case is being erased: its data key is destroyed')
      // it ended meanwhile
      .catch((error: unknown) => {
        if (!(error instanceof WorkflowNotFoundError)) throw error;
      });
  }
}
