import { closeCaseUpdate, recordContactAttemptUpdate, reopenCaseUpdate } from '../../src/case/messages';
import { caseState, eventually, refusal, staff, useCaseHarness } from '../support/case-harness';

/** A closed case reopened while its run waits for the feedback request: the run ends, the reopened run starts afresh. */
describe('reopening a closed case', () => {
  const harness = useCaseHarness();

  it('ends the closed run and starts the reopened one with fresh deadlines and the earlier record', async () => {
    const handle = await harness.startCase();
    const contact = { actor: staff.officer, outcome: 'reached', channel: 'phone' } as const;
    await handle.executeUpdate(recordContactAttemptUpdate, { args: [contact] });
    await handle.executeUpdate(closeCaseUpdate, {
      args: [{ actor: staff.officer, reason: 'resolved', survivorAgrees: true, openChildren: [] }],
    });
    const firstRun = (await handle.describe()).runId;
    const reopen = { kind: 'survivor_returned', reason: 'The survivor asked for support again.' } as const;
    expect(
      await refusal(handle.executeUpdate(reopenCaseUpdate, { args: [{ actor: staff.officer, ...reopen }] })),
    ).toEqual({ type: 'NotPermitted', message: 'only a manager or above reopens a case, not a caseworker' });
    const reopened = await handle.executeUpdate(reopenCaseUpdate, { args: [{ actor: staff.manager, ...reopen }] });
    expect(reopened).toMatchObject({ status: 'open', entry: { by: staff.manager.staffId, kind: 'survivor_returned' } });

    const state = await eventually(
      () => caseState(handle),
      (view) =>
        view.status === 'open' &&
        view.deadlines.filter((d) => d.startedAt === reopened.entry.at && d.schedule).length === 3,
    );
    expect((await handle.describe()).runId).not.toBe(firstRun);
    expect(state.contactAttempts).toHaveLength(1);
    expect(state.reopenings).toEqual([
      expect.objectContaining({ kind: 'survivor_returned', closure: expect.anything() }),
    ]);
    expect(state.deadlines.filter((d) => d.startedAt === reopened.entry.at).map((d) => [d.id, d.status])).toEqual([
      ['initialContact#2', 'pending'],
      ['dashAssessment#2', 'pending'],
      ['managerReview#2', 'pending'],
    ]);
    // A contact since the reopening meets the fresh deadline.
    await handle.executeUpdate(recordContactAttemptUpdate, { args: [contact] });
    await eventually(
      () => caseState(handle),
      (view) => view.deadlines.find((d) => d.id === 'initialContact#2')?.status === 'met',
    );
  });
});
