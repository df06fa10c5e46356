import { caseWorkflow } from '../../src/workflows';
import { fetchWorkflowRuns } from '../../src/audit/history';
import { closeCaseUpdate, getCaseQuery, recordFeedbackUpdate } from '../../src/case/messages';
import { recordOf, reopenedRunInput } from '../../src/case/reopen-case';
import type { PolicyProfile } from '../../src/policy';
import { eventually, staff, useCaseHarness } from '../support/case-harness';
import { shippedProfile } from '../support/profiles';

/**
 * A case reopened after its run finished runs again under the same workflow id in a run that names
 * no run before it; the history export finds the earlier runs by listing them. The dev server, for
 * its visibility (the time-skipping server lists nothing).
 */
describe('the history of a case reopened after its run finished', () => {
  const harness = useCaseHarness({ server: 'dev' });

  it('holds every run of the case, oldest first', async () => {
    // Feedback asked for at once, so the closed run finishes without waiting weeks.
    const profile = {
      ...shippedProfile('stonewater'),
      feedback: { requestAfter: { unit: 'calendar_days', amount: 0 } },
    };
    const handle = await harness.startCase({ profile: profile as PolicyProfile });
    const closedRun = (await handle.describe()).runId;
    await handle.executeUpdate(closeCaseUpdate, {
      args: [{ actor: staff.officer, reason: 'resolved', survivorAgrees: true, openChildren: [] }],
    });
    // The survivor declines to give feedback: the closed run has nothing more to wait for.
    await eventually(
      () => handle.query(getCaseQuery),
      (view) => view.feedbackRequestedAt !== undefined,
    );
    await handle.executeUpdate(recordFeedbackUpdate, {
      args: [{ actor: staff.officer, channel: 'text', outcome: 'declined' }],
    });
    await handle.result();
    const record = recordOf(await handle.query(getCaseQuery));
    // As POST /cases/{caseId}/reopen starts it (src/case/reopen-case.ts).
    const reopened = await harness.env.client.workflow.start(caseWorkflow, {
      workflowId: handle.workflowId,
      taskQueue: harness.taskQueue,
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      workflowIdConflictPolicy: 'FAIL',
      args: [
        reopenedRunInput(record, {
          at: new Date().toISOString(),
          by: staff.manager.staffId,
          byRole: 'manager',
          kind: 'new_incident',
          reason: 'A new incident was reported.',
        }),
      ],
    });
    await eventually(
      async () => (await reopened.query(getCaseQuery)).status,
      (status) => status === 'open',
    );
    const runs = await eventually(
      () => fetchWorkflowRuns(harness.env.client, handle.workflowId),
      (found) => found.length === 2,
    );
    expect(runs.map((run) => run.runId)).toEqual([closedRun, reopened.firstExecutionRunId]);
  });
});
