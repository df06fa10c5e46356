import { getCaseQuery, reassignCaseUpdate } from '../../src/case/messages';
import { requestEmergencyRepairsUpdate } from '../../src/children/repairs/messages';
import { eventually, refusal, staff, useCaseHarness } from '../support/case-harness';

/**
 * A case passed to another officer on the time-skipping server: the reminders of its open
 * deadlines, and of the repairs it ordered, reach the officer who holds it when they fall due.
 */
describe('reassigning a case', () => {
  const harness = useCaseHarness();

  it('sends the open deadlines’ next reminders, the case’s and its repairs’, to the new officer', async () => {
    const handle = await harness.startCase({ disclosure: { requestedOfficerGender: 'female' } });
    const caseId = handle.workflowId.replace('case-', '');
    await handle.executeUpdate(requestEmergencyRepairsUpdate, {
      args: [{ actor: staff.officer, works: ['lock change'], securityScheme: 'sanctuary' }],
    });
    const toEve = { actor: staff.manager, toOfficerId: staff.otherOfficer.staffId, reason: 'Officer Ada is on leave' };
    // the directory does not record Eve as a woman: a manager must say why, or choose another
    expect(
      await refusal(handle.executeUpdate(reassignCaseUpdate, { args: [{ ...toEve, toOfficer: { gender: null } }] })),
    ).toMatchObject({
      type: 'NotPossible',
    });
    const passed = await handle.executeUpdate(reassignCaseUpdate, {
      args: [{ ...toEve, toOfficer: { gender: 'woman' } }],
    });
    expect(passed.entry).toMatchObject({ fromOfficerId: 'officer-ada', toOfficerId: 'officer-eve' });

    const { deadlines, children } = await eventually(
      () => handle.query(getCaseQuery),
      (view) =>
        view.deadlines.every((deadline) => deadline.schedule !== undefined) &&
        view.children.some((child) => child.nextDeadline !== undefined),
    );
    const initialContact = deadlines.find((deadline) => deadline.task === 'initialContact')!;
    const repairsDue = children.find((child) => child.nextDeadline)!.nextDeadline!.dueAt;
    // Working days against clock hours: which falls due first depends on when the case opened.
    const lastDue = Math.max(Date.parse(initialContact.schedule!.dueAt), Date.parse(repairsDue));
    await harness.skipTo(new Date(lastDue - 60_000));
    const reminders = await eventually(
      async () => (await harness.alerts(caseId)).filter((row) => row.kind === 'reminder'),
      (rows) => rows.some((row) => row.task === 'initialContact') && rows.some((row) => row.task !== 'initialContact'),
    );
    expect(new Set(reminders.flatMap((row) => row.recipient_staff_ids))).toEqual(new Set(['officer-eve']));
  });
});
