import { recordDashUpdate } from '../../src/case/messages';
import { requestMaracReferralUpdate } from '../../src/children/marac/messages';
import {
  completeMaracActionUpdate,
  getMaracReferralQuery,
  maracMeetingScheduledUpdate,
  maracOutcomeUpdate,
  submitMaracReferralUpdate,
} from '../../src/children/marac/messages';
import type { maracReferralWorkflow } from '../../src/children/marac/workflow';
import { caseState, eventually, refusal, staff, useCaseHarness } from '../support/case-harness';
import { london, plusDays, quietMondayAfter } from '../support/dates';

const highRiskDash = {
  actor: staff.officer,
  assessment: { kind: 'count', yesCount: 16, policeCallOutsLast12Months: 0 },
} as const;

describe('the MARAC referral child workflow', () => {
  const harness = useCaseHarness({ partnerStub: true });

  it('starts on a high-risk DASH, escalates a missed submission, then tracks the meeting and each action to completion', async () => {
    const monday = quietMondayAfter(await harness.env.currentTimeMs());
    await harness.skipTo(london(monday, '10:00'));
    const handle = await harness.startCase();
    const caseId = handle.workflowId.replace('case-', '');
    await handle.executeUpdate(recordDashUpdate, { args: [highRiskDash] });

    const childId = `${handle.workflowId}/marac-1`;
    let parent = await eventually(
      () => caseState(handle),
      (view) => view.children[0]?.nextDeadline !== undefined,
    );
    expect(parent.children).toEqual([
      expect.objectContaining({
        workflowId: childId,
        kind: 'marac',
        status: 'preparing',
        open: true,
        repeatReferral: false,
        nextDeadline: { task: 'maracSubmission', dueAt: london(plusDays(monday, 1), '17:00').toISOString() },
      }),
    ]);
    const child = harness.env.client.workflow.getHandle<typeof maracReferralWorkflow>(childId);

    // Not submitted by close of business the next working day: a high-risk case's work is urgent, so
    // whoever is on call (the DA leads, with no rota) is told at once, and the line manager.
    await harness.skipTo(london(plusDays(monday, 1), '17:01'));
    const alerts = await eventually(
      () => harness.alerts(caseId),
      (rows) => rows.filter((row) => row.task === 'maracSubmission' && row.kind === 'escalation').length === 2,
    );
    expect(
      alerts
        .filter((row) => row.task === 'maracSubmission')
        .map((row) => `${row.kind}:${row.rung ?? '-'}:${row.recipient_staff_ids.join()}`)
        .sort(),
    ).toEqual(['escalation:line_manager:mgr-bea', 'escalation:on_call:lead-cai', 'reminder:-:officer-ada']);

    // Submitted, with the decision not to tell the survivor recorded and explained.
    const notTold = { actor: staff.officer, area: 'Fictional Borough', survivorInformed: false };
    expect(await refusal(child.executeUpdate(submitMaracReferralUpdate, { args: [notTold] }))).toEqual({
      type: 'InvalidCommand',
      message: 'reasonNotInformed: record why telling the survivor would raise the risk',
    });
    const submitted = await child.executeUpdate(submitMaracReferralUpdate, {
      args: [{ ...notTold, reasonNotInformed: 'the perpetrator monitors her phone' }],
    });
    expect(submitted.submission).toMatchObject({
      area: 'Fictional Borough',
      delivery: { channel: 'gateway', partnerReference: 'PARTNER-REF-1' },
    });
    expect(harness.partners.requests).toEqual([
      expect.objectContaining({
        idempotencyKey: submitted.referralId,
        signatureValid: true,
        body: expect.objectContaining({ caseId, area: 'Fictional Borough' }),
      }),
    ]);
    expect(JSON.stringify(harness.partners.requests)).not.toContain('FICTIONAL-TENANCY');

    // The coordinator's callbacks: a duplicate changes nothing and says so.
    const meetingDate = plusDays(monday, 10);
    expect((await child.executeUpdate(maracMeetingScheduledUpdate, { args: [{ meetingDate }] })).changed).toBe(true);
    expect((await child.executeUpdate(maracMeetingScheduledUpdate, { args: [{ meetingDate }] })).changed).toBe(false);
    const actions = [
      { actionId: 'A1', description: 'Fit a door viewer', dueDate: plusDays(monday, 14) },
      { actionId: 'A2', description: 'Review the safety plan', dueDate: plusDays(monday, 17) },
    ];
    expect((await child.executeUpdate(maracOutcomeUpdate, { args: [{ actions }] })).changed).toBe(true);
    expect((await child.executeUpdate(maracOutcomeUpdate, { args: [{ actions }] })).changed).toBe(false);
    expect(
      await refusal(child.executeUpdate(maracOutcomeUpdate, { args: [{ actions: actions.slice(0, 1) }] })),
    ).toMatchObject({
      type: 'NotPossible',
      message: expect.stringContaining('a different outcome was already recorded'),
    });
    expect(
      await refusal(
        child.executeUpdate(maracMeetingScheduledUpdate, { args: [{ meetingDate: plusDays(monday, 11) }] }),
      ),
    ).toMatchObject({
      message: 'the meeting has already happened: its outcome is recorded',
    });

    // Each action has its own deadline: close of business on the date the MARAC set.
    const referral = await eventually(
      () => child.query(getMaracReferralQuery),
      (view) => view.deadlines.filter((d) => d.schedule).length === 3,
    );
    expect(
      referral.deadlines.filter((d) => d.task === 'maracAction').map((d) => [d.subjectId, d.schedule!.dueAt]),
    ).toEqual([
      ['A1', london(plusDays(monday, 14), '17:00').toISOString()],
      ['A2', london(plusDays(monday, 17), '17:00').toISOString()],
    ]);
    await child.executeUpdate(completeMaracActionUpdate, { args: [{ actor: staff.officer, actionId: 'A2' }] });
    await harness.skipTo(london(plusDays(monday, 14), '17:01'));
    const actionEscalations = async () =>
      (await harness.alerts(caseId)).filter((row) => row.task === 'maracAction' && row.kind === 'escalation');
    // Only the open action's deadline escalates: on call and the line manager, as it is urgent work.
    const actionAlerts = await eventually(actionEscalations, (rows) => rows.length === 2);
    expect(actionAlerts.map((row) => `${row.deadline_id}:${row.rung}`).sort()).toEqual([
      'maracAction#1:line_manager',
      'maracAction#1:on_call',
    ]);

    await child.executeUpdate(completeMaracActionUpdate, { args: [{ actor: staff.officer, actionId: 'A1' }] });
    expect((await child.result()).status).toBe('completed');
    parent = await eventually(
      () => caseState(handle),
      (view) => view.children[0]?.open === false,
    );
    expect(parent.children[0]).toMatchObject({ status: 'completed', open: false });

    // (A callback after the referral has finished answers 409: test/e2e/children-over-http.test.ts.)
  });

  it('flags a repeat referral within 12 months of the last one for the same survivor, and not after', async () => {
    const survivor = { reference: 'FICTIONAL-TENANCY-REPEAT', isResident: true, childrenInHousehold: false };
    const referralFor = async () => {
      const handle = await harness.startCase({ disclosure: { survivor } });
      await handle.executeUpdate(recordDashUpdate, { args: [highRiskDash] });
      const view = await eventually(
        () => caseState(handle),
        (state) => state.children[0]?.repeatReferral !== undefined,
      );
      return view.children[0]!;
    };
    const first = await referralFor();
    expect(first.repeatReferral).toBe(false);

    await harness.skipTo(new Date((await harness.env.currentTimeMs()) + 180 * 86_400_000));
    expect((await referralFor()).repeatReferral).toBe(true);

    await harness.skipTo(new Date((await harness.env.currentTimeMs()) + 370 * 86_400_000));
    expect((await referralFor()).repeatReferral).toBe(false);
  });

  it('lets staff refer on professional judgement, once while a referral is open', async () => {
    const handle = await harness.startCase();
    const judgement = {
      actor: staff.officer,
      rationale: 'Escalating coercive control although the DASH count is low.',
    };
    const started = await handle.executeUpdate(requestMaracReferralUpdate, { args: [judgement] });
    expect(started).toMatchObject({ kind: 'marac', open: true });
    const again = await refusal(handle.executeUpdate(requestMaracReferralUpdate, { args: [judgement] }));
    expect(again).toEqual({ type: 'NotPossible', message: 'a MARAC referral for this case is already open' });
    const child = harness.env.client.workflow.getHandle<typeof maracReferralWorkflow>(started.workflowId);
    expect((await child.query(getMaracReferralQuery)).reason).toBe('professional_judgement');
  });
});
