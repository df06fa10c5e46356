import { getCaseQuery } from '../../src/case/messages';
import {
  getSafeguardingReferralQuery,
  makeSafeguardingReferralUpdate,
  requestSafeguardingReferralUpdate,
  reviewSafeguardingReferralUpdate,
  safeguardingAcknowledgedUpdate,
  safeguardingOutcomeUpdate,
} from '../../src/children/safeguarding/messages';
import type { safeguardingReferralWorkflow } from '../../src/children/safeguarding/workflow';
import { caseState, eventually, refusal, staff, useCaseHarness } from '../support/case-harness';
import { london, plusDays, quietMondayAfter } from '../support/dates';

const withChildren = { survivor: { reference: 'FICTIONAL-TENANCY-SG01', isResident: true, childrenInHousehold: true } };

describe('the safeguarding referral child workflow', () => {
  const harness = useCaseHarness();

  it('starts for a household with children, escalates when not made in time, and closes on the local authority’s outcome', async () => {
    const monday = quietMondayAfter(await harness.env.currentTimeMs());
    await harness.skipTo(london(monday, '10:00'));
    const handle = await harness.startCase({ disclosure: withChildren });
    const caseId = handle.workflowId.replace('case-', '');
    const childId = `${handle.workflowId}/safeguarding-1`;

    // The disclosure named children in the household: the case starts the referral at once.
    const parent = await eventually(
      () => caseState(handle),
      (view) => view.children[0]?.nextDeadline !== undefined,
    );
    expect(parent.children).toEqual([
      expect.objectContaining({
        workflowId: childId,
        kind: 'safeguarding',
        status: 'to_refer',
        open: true,
        // Stonewater names no time: the platform's default, close of business the next working day.
        nextDeadline: { task: 'safeguardingReferral', dueAt: london(plusDays(monday, 1), '17:00').toISOString() },
      }),
    ]);
    expect(parent.safeguardingReferralRequired).toBe(true);
    const child = harness.env.client.workflow.getHandle<typeof safeguardingReferralWorkflow>(childId);
    expect(await child.query(getSafeguardingReferralQuery)).toMatchObject({
      reason: 'household',
      subjects: ['child'],
    });
    // One open at a time: staff cannot raise a second while this one runs.
    expect(
      await refusal(
        handle.executeUpdate(requestSafeguardingReferralUpdate, {
          args: [{ actor: staff.officer, subject: 'child', concern: 'A second concern about the same children.' }],
        }),
      ),
    ).toEqual({ type: 'NotPossible', message: 'a safeguarding referral for this case is already open' });

    // Not made by the deadline: the profile's safeguarding role hears first (nobody holds it in the
    // fixtures' directory, so the DA lead does), then the profile's ladder from its first rung.
    await harness.skipTo(london(plusDays(monday, 1), '17:01'));
    const escalations = await eventually(
      () => harness.alerts(caseId),
      (rows) => rows.filter((row) => row.task === 'safeguardingReferral' && row.kind === 'escalation').length === 2,
    );
    expect(
      escalations
        .filter((row) => row.task === 'safeguardingReferral')
        .map((row) => `${row.kind}:${row.rung ?? '-'}:${row.recipient_role}:${row.recipient_staff_ids.join()}`)
        .sort(),
    ).toEqual([
      'escalation:line_manager:line_manager:mgr-bea',
      'escalation:safeguarding_lead:safeguarding_lead:lead-cai',
      'reminder:-:case_officer:officer-ada',
    ]);

    // Made late, with the agency and its reference; the lawful basis goes to the sharing ledger.
    const making = {
      actor: staff.officer,
      agency: 'Fictional Children’s Services',
      agencyReference: 'MASH-0042',
      survivorInformed: true,
    };
    const made = await child.executeUpdate(makeSafeguardingReferralUpdate, { args: [making] });
    expect(made).toMatchObject({
      status: 'referred',
      referral: {
        agency: 'Fictional Children’s Services',
        agencyReference: 'MASH-0042',
        lawfulBasis: 'safeguarding_child',
      },
    });
    const ledger = await harness.db.pool.query(
      'SELECT agency, basis, approved_by, released_by, tell_survivor FROM information_releases WHERE request_id = $1',
      [made.referralId],
    );
    expect(ledger.rows).toEqual([
      {
        agency: 'Fictional Children’s Services',
        basis: 'safeguarding_child',
        approved_by: 'officer-ada',
        released_by: 'officer-ada',
        tell_survivor: true,
      },
    ]);
    expect(await refusal(child.executeUpdate(makeSafeguardingReferralUpdate, { args: [making] }))).toEqual({
      type: 'NotPossible',
      message: `the referral was already made at ${made.referral!.at}`,
    });

    // The local authority acknowledges (a duplicate changes nothing); the referral is reviewed meanwhile.
    const ack = { localAuthorityReference: 'LA-SG-0042' };
    expect((await child.executeUpdate(safeguardingAcknowledgedUpdate, { args: [ack] })).changed).toBe(true);
    expect((await child.executeUpdate(safeguardingAcknowledgedUpdate, { args: [ack] })).changed).toBe(false);
    const reviewing = await eventually(
      () => child.query(getSafeguardingReferralQuery),
      (view) => view.deadlines.some((d) => d.task === 'safeguardingReview' && d.schedule),
    );
    expect(reviewing.status).toBe('acknowledged');
    const review = reviewing.deadlines.find((d) => d.task === 'safeguardingReview')!;
    // every 14 days (a platform default) from the referral
    expect(review.timescale).toEqual({ unit: 'calendar_days', amount: 14 });
    const reviewed = await child.executeUpdate(reviewSafeguardingReferralUpdate, {
      args: [{ actor: staff.officer, summary: 'Chased the local authority for its decision.' }],
    });
    expect(reviewed.deadlines.filter((d) => d.task === 'safeguardingReview').map((d) => d.subjectId)).toEqual([
      '1',
      '2',
    ]);

    // A different reference is refused; the outcome closes the referral and the case sees it closed.
    expect(
      await refusal(
        child.executeUpdate(safeguardingOutcomeUpdate, {
          args: [{ localAuthorityReference: 'LA-SG-9999', outcome: 'early_help' }],
        }),
      ),
    ).toMatchObject({ type: 'InvalidCommand' });
    const outcome = { localAuthorityReference: 'LA-SG-0042', outcome: 'child_in_need' } as const;
    expect((await child.executeUpdate(safeguardingOutcomeUpdate, { args: [outcome] })).changed).toBe(true);
    const closed = await child.result();
    expect(closed).toMatchObject({ status: 'completed', outcome: { outcome: 'child_in_need' } });
    expect(closed.deadlines.map((d) => `${d.task}:${d.status}`)).toEqual([
      'safeguardingReferral:met_late',
      'safeguardingReview:met',
      'safeguardingReview:cancelled',
    ]);
    const after = await eventually(
      () => handle.query(getCaseQuery),
      (view) => view.children[0]?.open === false,
    );
    expect(after.children[0]).toMatchObject({ kind: 'safeguarding', status: 'completed', open: false });
    expect(after.safeguardingReferralRequired).toBe(false);
  });

  it('starts none for a household without children or an adult at risk, until staff raise one', async () => {
    const handle = await harness.startCase();
    expect((await caseState(handle)).children).toEqual([]);
    const started = await handle.executeUpdate(requestSafeguardingReferralUpdate, {
      args: [
        {
          actor: staff.officer,
          subject: 'adult_at_risk',
          concern: 'The survivor’s father lives with her and depends on the perpetrator for care.',
        },
      ],
    });
    expect(started).toMatchObject({ kind: 'safeguarding', open: true });
    const child = harness.env.client.workflow.getHandle<typeof safeguardingReferralWorkflow>(started.workflowId);
    const state = await eventually(
      () => child.query(getSafeguardingReferralQuery),
      (view) => view.deadlines.length === 1,
    );
    expect(state).toMatchObject({ reason: 'staff_raised', subjects: ['adult_at_risk'], raisedBy: 'officer-ada' });
  });
});
