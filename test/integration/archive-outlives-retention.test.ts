import { createHash } from 'node:crypto';
import { archiveClosedRunsWorkflow } from '../../src/workflows';
import { createArchiveReader } from '../../src/archive/store';
import { exportCaseHistory, replayCaseHistory, type CaseHistoryExport } from '../../src/audit/history';
import { loadCaseTimeline } from '../../src/audit/timeline-source';
import { verifyAllChains } from '../../src/audit/log';
import { recordContactAttemptUpdate } from '../../src/case/messages';
import { caseState, eventually, staff, useCaseHarness } from '../support/case-harness';
import { workflowBundleFile } from '../support/test-env';
import { testDataConverter } from '../support/test-keys';

/**
 * Temporal deletes a closed run when its namespace's retention ends. The archive keeps every closed
 * run of a case (its continue-as-new runs and its children): here each run is deleted from a real
 * dev server as retention would delete it, and the auditor's export, timeline and replay still
 * give the same answers, read from the archive, whose hashes are chained into the audit log.
 * (Temporal 1.29 refuses a namespace retention under one hour, "A valid retention period is not
 * set on request", so the test deletes each run with DeleteWorkflowExecution, which removes it as
 * retention does, rather than wait an hour for the retention timer.)
 */
describe('the archive outlives Temporal’s retention', () => {
  const harness = useCaseHarness({ server: 'dev' });

  it('keeps export, timeline and replay of a case whose runs Temporal has deleted', async () => {
    const handle = await harness.startCase({ continueAsNewAfterEvents: 40 });
    const caseId = handle.workflowId.replace('case-', '');
    const client = harness.env.client;
    const firstRunId = (await client.workflow.getHandle(handle.workflowId).describe()).runId;
    // Enough actions to continue as new at least once: the first run closes as continued_as_new.
    for (let attempt = 0; attempt < 6; attempt += 1)
      await handle.executeUpdate(recordContactAttemptUpdate, {
        args: [{ actor: staff.officer, outcome: 'not_reached', channel: 'phone', leftVoicemail: false }],
      });
    await eventually(
      async () => (await client.workflow.getHandle(handle.workflowId).describe()).runId,
      (runId) => runId !== firstRunId,
    );
    // The case's work ends: its run and its children's close (as a case's do after its feedback window).
    const view = await caseState(handle);
    for (const child of view.children) await client.workflow.getHandle(child.workflowId).terminate('test: case ended');
    await client.workflow.getHandle(handle.workflowId).terminate('test: case ended');

    const archive = createArchiveReader(harness.db.pool);
    const before = await exportCaseHistory(client, caseId, { archive });
    expect(before.workflows.length).toBeGreaterThanOrEqual(2);
    expect(new Set(before.workflows.map((run) => run.source))).toEqual(new Set(['temporal']));
    const timelineBefore = await loadCaseTimeline(client, caseId);

    // The schedule's workflow archives every closed run (visibility may list a run a moment late).
    const archiveOnce = () =>
      client.workflow.execute(archiveClosedRunsWorkflow, {
        taskQueue: harness.taskQueue,
        workflowId: `archive-${caseId}-${Date.now()}`,
      });
    const archivedRows = async () =>
      (await harness.db.pool.query<{ run_id: string }>('SELECT run_id FROM archived_runs WHERE case_id = $1', [caseId]))
        .rows;
    await eventually(
      async () => {
        await archiveOnce();
        return archivedRows();
      },
      (rows) => rows.length === before.workflows.length,
    );
    expect((await archiveOnce()).archived).toBe(0); // idempotent: nothing archived twice

    // Each archived run's SHA-256 is in the audit log, whose chains still verify.
    const audited = await harness.db.pool.query<{ detail: { runId: string; sha256: string } }>(
      `SELECT detail FROM audit_log WHERE case_id = $1 AND action = 'archive.run_archived'`,
      [caseId],
    );
    expect(audited.rows.map((row) => row.detail.runId).sort()).toEqual(before.workflows.map((run) => run.runId).sort());
    const stored = await harness.db.pool.query<{ run_id: string; history: string }>(
      'SELECT run_id, history FROM archived_runs WHERE case_id = $1',
      [caseId],
    );
    for (const row of stored.rows)
      expect(audited.rows.find((entry) => entry.detail.runId === row.run_id)?.detail.sha256).toBe(
        createHash('sha256').update(row.history).digest('hex'),
      );
    expect((await verifyAllChains(harness.db.pool)).every((chain) => chain.ok)).toBe(true);
    // Only a last run keeps its state: a run that continued as new handed it on.
    const states = await harness.db.pool.query<{ status: string; kept: boolean }>(
      'SELECT status, final_state IS NOT NULL AS kept FROM archived_runs WHERE case_id = $1',
      [caseId],
    );
    expect(states.rows.every((row) => row.kept === (row.status !== 'continued_as_new'))).toBe(true);

    // Retention ends: Temporal deletes every run.
    for (const run of before.workflows)
      await client.workflowService.deleteWorkflowExecution({
        namespace: 'default',
        workflowExecution: { workflowId: run.workflowId, runId: run.runId },
      });
    const gone = async () => {
      const remaining: string[] = [];
      for (const run of before.workflows) {
        const found = await client.workflow
          .getHandle(run.workflowId, run.runId)
          .fetchHistory()
          .then(() => true)
          .catch(() => false);
        if (found) remaining.push(run.runId);
      }
      return remaining;
    };
    // Deletion is a task of the server's own: give it time on a busy machine.
    await eventually(gone, (remaining) => remaining.length === 0, 120_000);

    const after = await eventually(
      () => exportCaseHistory(client, caseId, { archive }),
      (exported) => exported.workflows.every((run) => run.source === 'archive'),
    );
    const comparable = (exported: CaseHistoryExport) =>
      exported.workflows.map(({ workflowId, runId, kind, status, history }) => ({
        workflowId,
        runId,
        kind,
        status,
        history,
      }));
    expect(comparable(after)).toEqual(comparable(before));

    const timelineAfter = await loadCaseTimeline(client, caseId, { archive, dataConverter: testDataConverter });
    expect(timelineAfter.source).toBe('archive');
    expect(timelineAfter.timeline).toEqual(timelineBefore.timeline);

    const outcomes = await replayCaseHistory(after, {
      dataConverter: testDataConverter,
      workflowBundle: { codePath: workflowBundleFile },
    });
    expect(outcomes.map((outcome) => [outcome.source, outcome.deterministic])).toEqual(
      after.workflows.map(() => ['archive', true]),
    );
  });
});
