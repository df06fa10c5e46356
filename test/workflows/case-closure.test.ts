import {
  closeCaseUpdate,
  recordContactAttemptUpdate,
  recordDashUpdate,
  recordPerpetratorReferralUpdate,
  recordSafeguardingReferralUpdate,
} from '../../src/case/messages';
import { caseTimeline } from '../../src/case/timeline';
import { shippedProfile } from '../support/profiles';
import { caseState, eventually, refusal, scheduledState, staff, useCaseHarness } from '../support/case-harness';

describe('high risk and closure', () => {
  const harness = useCaseHarness();

  it('alerts the DA lead on high risk, calls for MARAC, and refuses closure without DA-lead approval', async () => {
    const handle = await harness.startCase();
    const caseId = handle.workflowId.replace('case-', '');
    const dash = await handle.executeUpdate(recordDashUpdate, {
      args: [{ actor: staff.officer, assessment: { kind: 'count', yesCount: 15, policeCallOutsLast12Months: 1 } }],
    });
    expect(dash).toMatchObject({
      level: 'high',
      reasons: [expect.objectContaining({ kind: 'visible_high_risk', yesCount: 15 })],
    });
    const alerts = await eventually(
      () => harness.alerts(caseId),
      (rows) => rows.some((row) => row.kind === 'high_risk'),
    );
    expect(alerts.filter((row) => row.kind === 'high_risk')).toEqual([
      expect.objectContaining({ recipient_role: 'da_lead', recipient_staff_ids: ['lead-cai'] }),
    ]);
    expect((await caseState(handle)).marac).toEqual({ status: 'referral_required', requiredSince: dash.at });
    const projected = await eventually(
      () => harness.db.pool.query('SELECT risk_level FROM cases WHERE case_id = $1', [caseId]),
      (result) => result.rows[0]?.risk_level === 'high',
    );
    expect(projected.rows[0].risk_level).toBe('high');

    const resolved = { reason: 'resolved', survivorAgrees: true } as const;
    expect(
      await refusal(handle.executeUpdate(closeCaseUpdate, { args: [{ actor: staff.officer, ...resolved }] })),
    ).toEqual({
      type: 'NotPermitted',
      message: 'a high-risk case can only be closed with Head of Domestic Abuse Support approval',
    });
    expect(
      await refusal(handle.executeUpdate(closeCaseUpdate, { args: [{ actor: staff.manager, ...resolved }] })),
    ).toMatchObject({
      type: 'NotPermitted',
    });
    expect(
      await refusal(
        handle.executeUpdate(closeCaseUpdate, {
          args: [{ actor: staff.daLead, reason: 'resolved', survivorAgrees: false }],
        }),
      ),
    ).toEqual({
      type: 'NotPossible',
      message: 'a case is closed as resolved only when the survivor agrees it is resolved',
    });

    // The unsubmitted MARAC referral is not settled silently: the DA lead says what becomes of it.
    const marac = (
      await eventually(
        () => caseState(handle),
        (view) => view.children.some((child) => child.kind === 'marac' && child.open),
      )
    ).children[0]!;
    expect(
      await refusal(handle.executeUpdate(closeCaseUpdate, { args: [{ actor: staff.daLead, ...resolved }] })),
    ).toEqual({
      type: 'NotPossible',
      message: `1 linked workflow(s) still open: name what becomes of each and why (openChildren): MARAC referral ${marac.workflowId}`,
    });
    const withdrawn = {
      workflowId: marac.workflowId,
      kind: 'marac',
      disposition: 'withdrawn',
      reason: 'risk reduced to medium at the review',
    } as const;
    const closedAnswer = await handle.executeUpdate(closeCaseUpdate, {
      args: [{ actor: staff.daLead, ...resolved, openChildren: [withdrawn] }],
    });
    const closed = await caseState(handle);
    // The answer is the closure it recorded and the case's version, not the whole case.
    expect(closedAnswer).toEqual({
      caseId,
      stateVersion: closed.stateVersion,
      status: 'closed',
      entry: closed.closure,
    });
    expect(closed).toMatchObject({
      status: 'closed',
      closure: { by: 'lead-cai', byRole: 'da_lead', reason: 'resolved', openChildren: [withdrawn] },
    });
    expect(caseTimeline(closed)).toContainEqual(
      expect.objectContaining({
        code: 'case.child_disposition',
        what: 'MARAC referral withdrawn: risk reduced to medium at the review',
        actor: 'lead-cai',
      }),
    );
    const settled = await eventually(
      () => caseState(handle),
      (view) => view.deadlines.every((d) => d.status !== 'pending' && d.status !== 'overdue'),
    );
    expect(Object.fromEntries(settled.deadlines.map((d) => [d.id, d.status]))).toEqual({
      'initialContact#1': 'cancelled',
      'dashAssessment#1': 'met',
      'managerReview#1': 'cancelled',
      'safetyPlan#1': 'cancelled',
      'riskReassessment#1': 'cancelled',
    });
    expect(
      await refusal(
        handle.executeUpdate(recordContactAttemptUpdate, {
          args: [{ actor: staff.officer, outcome: 'reached', channel: 'phone' }],
        }),
      ),
    ).toEqual({
      type: 'NotPossible',
      message: 'the case is closed',
    });

    // Feedback is asked for later, through the officer, who knows the safe channels; then the workflow ends.
    await harness.skipTo(new Date(Date.parse(closed.closure!.at) + 29 * 86_400_000));
    expect(await handle.result()).toEqual({ caseId, closedAt: closed.closure!.at, reason: 'resolved' });
    const finalAlerts = await harness.alerts(caseId);
    expect(finalAlerts.filter((row) => row.kind === 'feedback_due')).toEqual([
      expect.objectContaining({ recipient_role: 'case_officer', recipient_staff_ids: ['officer-ada'] }),
    ]);
  });

  it('closes as uncontactable only after the policy number of unanswered attempts', async () => {
    const handle = await harness.startCase();
    const unanswered = { actor: staff.officer, outcome: 'not_reached', channel: 'text' } as const;
    await handle.executeUpdate(recordContactAttemptUpdate, { args: [unanswered] });
    await handle.executeUpdate(recordContactAttemptUpdate, { args: [unanswered] });
    const uncontactable = { actor: staff.officer, reason: 'uncontactable', survivorAgrees: false } as const;
    expect(await refusal(handle.executeUpdate(closeCaseUpdate, { args: [uncontactable] }))).toEqual({
      type: 'NotPossible',
      message: '2 unanswered contact attempts are recorded; the policy needs 3 before closing as uncontactable',
    });
    await handle.executeUpdate(recordContactAttemptUpdate, { args: [unanswered] });
    expect((await handle.executeUpdate(closeCaseUpdate, { args: [uncontactable] })).status).toBe('closed');
  });

  it("refers the perpetrator only by the routes the organisation's policy uses", async () => {
    const kent = await harness.startCase({
      disclosure: { organisationId: 'kent-housing' },
      profile: shippedProfile('kent-housing'),
    });
    await kent.executeUpdate(recordPerpetratorReferralUpdate, {
      args: [{ actor: staff.officer, route: 'dapp', agency: 'Fictional DAPP provider' }],
    });
    const referred = await caseState(kent);
    expect(referred.perpetratorReferrals).toEqual([expect.objectContaining({ route: 'dapp', by: 'officer-ada' })]);
    expect(
      await refusal(
        kent.executeUpdate(recordPerpetratorReferralUpdate, {
          args: [{ actor: staff.officer, route: 'matac', agency: 'Fictional MATAC' }],
        }),
      ),
    ).toEqual({
      type: 'NotPossible',
      message: "MATAC is not a route Kent housing provider's policy uses",
    });
  });

  it('records a safeguarding referral for children in the household, lawful without consent', async () => {
    const handle = await harness.startCase({
      disclosure: { survivor: { reference: 'FICTIONAL-TENANCY-0002', isResident: true, childrenInHousehold: true } },
    });
    expect((await caseState(handle)).safeguardingReferralRequired).toBe(true);
    await handle.executeUpdate(recordSafeguardingReferralUpdate, {
      args: [{ actor: staff.officer, subject: 'child', agency: "Children's Services" }],
    });
    const after = await caseState(handle);
    expect(after.safeguardingReferralRequired).toBe(false);
    expect(
      await refusal(
        handle.executeUpdate(recordSafeguardingReferralUpdate, {
          args: [{ actor: staff.auditor, subject: 'child', agency: 'x' }],
        }),
      ),
    ).toEqual({
      type: 'NotPermitted',
      message: 'the auditor role cannot act on a case',
    });
  });
});

describe('a long-running case', () => {
  const harness = useCaseHarness();

  it('continues as new with its whole state and still escalates its deadlines once', async () => {
    const handle = await harness.startCase({ continueAsNewAfterEvents: 60 });
    const caseId = handle.workflowId.replace('case-', '');
    const before = await scheduledState(handle);
    const firstRunId = (await handle.describe()).runId;

    for (let attempt = 0; attempt < 8; attempt += 1) {
      await handle.executeUpdate(recordContactAttemptUpdate, {
        args: [{ actor: staff.officer, outcome: 'not_reached', channel: 'text' }],
      });
    }
    const continued = await eventually(
      () => handle.describe(),
      (description) => description.runId !== firstRunId,
    );
    expect(continued.runId).not.toBe(firstRunId);

    const after = await caseState(handle);
    expect(after.contactAttempts).toHaveLength(8);
    expect(after.deadlines.map((d) => [d.id, d.schedule?.dueAt, d.status])).toEqual(
      before.deadlines.map((d) => [d.id, d.schedule?.dueAt, d.status]),
    );

    const contactDue = Date.parse(before.deadlines.find((d) => d.id === 'initialContact#1')!.schedule!.dueAt);
    await harness.skipTo(new Date(contactDue + 60_000));
    await eventually(
      () => harness.alerts(caseId),
      (rows) => rows.some((row) => row.kind === 'escalation'),
    );
    // Let any duplicate (a second watcher from the continued run would fire at the same moment) land.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const alerts = await harness.alerts(caseId);
    expect(
      alerts.filter((row) => row.deadline_id === 'initialContact#1').map((row) => `${row.kind}:${row.rung ?? ''}`),
    ).toEqual(['reminder:', 'escalation:line_manager']);
    expect((await caseState(handle)).deadlines.find((d) => d.id === 'initialContact#1')!.status).toBe('overdue');
  });
});
