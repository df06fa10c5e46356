import { closeCaseUpdate, getCaseQuery, recordFeedbackUpdate, reopenCaseUpdate } from '../../src/case/messages';
import { eventually, refusal, staff, useCaseHarness } from '../support/case-harness';

/** After closure, the survivor's feedback on the time-skipping server: asked for safely, and the wait ends on an answer. */
describe('feedback after closure', () => {
  const harness = useCaseHarness();

  it('waits for the survivor’s answer once feedback is due, and ends when they decline', async () => {
    const handle = await harness.startCase();
    const closed = await handle.executeUpdate(closeCaseUpdate, {
      args: [{ actor: staff.officer, reason: 'resolved', survivorAgrees: true }],
    });
    await harness.skipTo(new Date(Date.parse(closed.entry.at) + 29 * 86_400_000));
    const caseId = handle.workflowId.replace('case-', '');
    await eventually(
      () => harness.alerts(caseId),
      (rows) => rows.some((row) => row.kind === 'feedback_due'),
    );
    const byEmail = { actor: staff.officer, channel: 'email', outcome: 'declined' } as const;
    expect(await refusal(handle.executeUpdate(recordFeedbackUpdate, { args: [byEmail] }))).toMatchObject({
      type: 'NotPossible',
    });
    await handle.executeUpdate(recordFeedbackUpdate, { args: [{ ...byEmail, channel: 'text' }] });
    await eventually(
      () => handle.describe(),
      (described) => described.status.name === 'COMPLETED',
    );
  });

  it('ends the wait for an answer when a manager reopens the case, and the feedback stays with the closure it followed', async () => {
    const handle = await harness.startCase();
    const closed = await handle.executeUpdate(closeCaseUpdate, {
      args: [{ actor: staff.officer, reason: 'resolved', survivorAgrees: true }],
    });
    await harness.skipTo(new Date(Date.parse(closed.entry.at) + 29 * 86_400_000));
    await eventually(
      () => handle.query(getCaseQuery),
      (view) => view.feedbackRequestedAt !== undefined,
    );
    await handle.executeUpdate(recordFeedbackUpdate, {
      args: [{ actor: staff.officer, channel: 'text', outcome: 'not_reached' }],
    });
    await handle.executeUpdate(reopenCaseUpdate, {
      args: [{ actor: staff.manager, kind: 'new_incident', reason: 'A new incident was reported today.' }],
    });
    const reopened = await eventually(
      () => handle.query(getCaseQuery),
      (view) => view.status === 'open' && (view.reopenings?.length ?? 0) === 1,
    );
    expect(reopened.feedback).toBeUndefined();
    expect(reopened.reopenings![0]!.feedback).toEqual([expect.objectContaining({ outcome: 'not_reached' })]);
  });
});
