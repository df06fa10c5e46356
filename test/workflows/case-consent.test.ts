import {
  approveLawfulBasisUpdate,
  recordConsentDecisionUpdate,
  releaseInformationUpdate,
  requestSharingUpdate,
  withdrawConsentUpdate,
} from '../../src/case/messages';
import { caseState, eventually, refusal, scheduledState, staff, useCaseHarness } from '../support/case-harness';

/** The consent gate: nothing leaves the organisation without consent or a recorded, approved lawful basis. */
describe('sharing information with another agency', () => {
  const harness = useCaseHarness();

  const childrensServices = {
    agency: "Children's Services",
    purpose: 'child safeguarding assessment',
    dataCategories: ['contact details', 'risk summary'],
  };
  const releases = (caseId: string) =>
    harness.db.pool.query(
      'SELECT agency, basis, approved_by, released_by, tell_survivor FROM information_releases WHERE case_id = $1',
      [caseId],
    );

  it('after a refusal, releases only on a lawful basis a manager approved, and records basis and approver', async () => {
    const handle = await harness.startCase();
    const caseId = handle.workflowId.replace('case-', '');
    const requested = await handle.executeUpdate(requestSharingUpdate, {
      args: [{ actor: staff.officer, ...childrensServices }],
    });
    expect(requested.status).toBe('awaiting_decision');
    const requestId = requested.request.id;

    const afterRefusal = await handle.executeUpdate(recordConsentDecisionUpdate, {
      args: [{ actor: staff.officer, decision: 'refused', scope: childrensServices }],
    });
    expect(afterRefusal[0]).toMatchObject({
      status: 'blocked',
      blockedReason: expect.stringContaining('refused consent'),
    });
    expect(
      await refusal(handle.executeUpdate(releaseInformationUpdate, { args: [{ actor: staff.officer, requestId }] })),
    ).toEqual({
      type: 'NotPossible',
      message: expect.stringContaining('nothing may be sent: the survivor refused consent'),
    });

    const rationale = 'Two children in the household; the perpetrator has threatened them directly.';
    expect(
      await refusal(
        handle.executeUpdate(approveLawfulBasisUpdate, {
          args: [{ actor: staff.officer, requestId, basis: 'safeguarding_child', rationale, tellSurvivor: true }],
        }),
      ),
    ).toEqual({
      type: 'NotPermitted',
      message: 'only a manager, DA lead or head of service can approve sharing without consent',
    });
    expect(
      await refusal(
        handle.executeUpdate(approveLawfulBasisUpdate, {
          args: [{ actor: staff.manager, requestId, basis: 'safeguarding_child', rationale, tellSurvivor: false }],
        }),
      ),
    ).toEqual({ type: 'InvalidCommand', message: 'reasonNotTelling: record why the survivor will not be told' });
    expect(
      await refusal(
        handle.executeUpdate(approveLawfulBasisUpdate, {
          args: [{ actor: staff.manager, requestId, basis: 'high_risk_marac', rationale, tellSurvivor: true }],
        }),
      ),
    ).toEqual({ type: 'NotPossible', message: 'the high-risk MARAC basis needs a case assessed as high risk' });
    expect((await releases(caseId)).rows).toEqual([]);

    const approved = await handle.executeUpdate(approveLawfulBasisUpdate, {
      args: [
        {
          actor: staff.manager,
          requestId,
          basis: 'safeguarding_child',
          rationale,
          tellSurvivor: false,
          reasonNotTelling: 'telling her now would alert the perpetrator',
        },
      ],
    });
    expect(approved.status).toBe('authorised');
    const released = await handle.executeUpdate(releaseInformationUpdate, {
      args: [{ actor: staff.officer, requestId }],
    });
    expect(released).toMatchObject({
      status: 'released',
      release: { basis: 'safeguarding_child', approvedBy: 'mgr-bea', by: 'officer-ada', tellSurvivor: false },
    });
    expect((await releases(caseId)).rows).toEqual([
      {
        agency: "Children's Services",
        basis: 'safeguarding_child',
        approved_by: 'mgr-bea',
        released_by: 'officer-ada',
        tell_survivor: false,
      },
    ]);
    expect(
      await refusal(handle.executeUpdate(releaseInformationUpdate, { args: [{ actor: staff.officer, requestId }] })),
    ).toEqual({
      type: 'NotPossible',
      message: 'this information has already been released',
    });
  });

  it('stops a pending share when the survivor withdraws consent before it is sent', async () => {
    const handle = await harness.startCase();
    const caseId = handle.workflowId.replace('case-', '');
    const housingOptions = {
      agency: 'Local authority housing options',
      purpose: 'homelessness application',
      dataCategories: ['household'],
    };
    const consents = await handle.executeUpdate(recordConsentDecisionUpdate, {
      args: [{ actor: staff.officer, decision: 'given', scope: housingOptions }],
    });
    expect(consents).toEqual([]);
    const requested = await handle.executeUpdate(requestSharingUpdate, {
      args: [{ actor: staff.officer, ...housingOptions }],
    });
    expect(requested.status).toBe('authorised');

    const consentId = (await caseState(handle)).sharing.consents[0]!.id;
    const afterWithdrawal = await handle.executeUpdate(withdrawConsentUpdate, {
      args: [{ actor: staff.officer, consentId }],
    });
    expect(afterWithdrawal[0]).toMatchObject({
      status: 'blocked',
      blockedReason: expect.stringContaining('withdrew consent'),
    });
    expect(
      await refusal(
        handle.executeUpdate(releaseInformationUpdate, {
          args: [{ actor: staff.officer, requestId: requested.request.id }],
        }),
      ),
    ).toMatchObject({ type: 'NotPossible', message: expect.stringContaining('withdrew consent') });
    expect(
      await refusal(handle.executeUpdate(withdrawConsentUpdate, { args: [{ actor: staff.officer, consentId }] })),
    ).toMatchObject({
      message: expect.stringContaining('already withdrawn'),
    });
    expect((await releases(caseId)).rows).toEqual([]);
  });

  it('never shares with the perpetrator, whatever is approved', async () => {
    const handle = await harness.startCase({
      disclosure: { perpetrator: { isResident: false, reference: 'FICTIONAL-PERP-0001' } },
    });
    const toPerpetrator = await handle.executeUpdate(requestSharingUpdate, {
      args: [
        {
          actor: staff.officer,
          agency: 'FICTIONAL-PERP-0001',
          purpose: 'tenancy enforcement',
          dataCategories: ['address'],
        },
      ],
    });
    expect(toPerpetrator).toMatchObject({
      status: 'blocked',
      blockedReason: expect.stringContaining('never shared with the perpetrator'),
    });
    const viaSolicitor = await handle.executeUpdate(requestSharingUpdate, {
      args: [
        {
          actor: staff.officer,
          agency: 'A solicitor',
          purpose: 'court bundle',
          dataCategories: ['address'],
          recipientIsPerpetrator: true,
        },
      ],
    });
    for (const [requestId, basis] of [
      [viaSolicitor.request.id, 'legal_duty'],
      [toPerpetrator.request.id, 'prevention_of_crime_or_vital_interests'],
    ] as const) {
      expect(
        await refusal(
          handle.executeUpdate(approveLawfulBasisUpdate, {
            args: [
              {
                actor: staff.daLead,
                requestId,
                basis,
                rationale: 'A court order was produced for the records.',
                tellSurvivor: true,
              },
            ],
          }),
        ),
      ).toMatchObject({ type: 'NotPossible', message: expect.stringContaining('never shared with the perpetrator') });
    }
    const state = await caseState(handle);
    expect(state.sharing.approvals).toEqual([]);
    expect(state.sharing.requests.map((entry) => entry.status)).toEqual(['blocked', 'blocked']);
    expect(
      await refusal(
        handle.executeUpdate(releaseInformationUpdate, {
          args: [{ actor: staff.officer, requestId: viaSolicitor.request.id }],
        }),
      ),
    ).toMatchObject({
      type: 'NotPossible',
    });
  });

  it('escalates a sharing request nobody decides on within the consent timescale', async () => {
    const handle = await harness.startCase();
    const caseId = handle.workflowId.replace('case-', '');
    await handle.executeUpdate(requestSharingUpdate, { args: [{ actor: staff.officer, ...childrensServices }] });
    const view = await scheduledState(handle);
    const consentDeadline = view.deadlines.find((deadline) => deadline.task === 'consentDecision')!;
    expect(consentDeadline.schedule!.rule).toContain('2nd working day');

    await harness.skipTo(new Date(Date.parse(consentDeadline.schedule!.dueAt) + 60_000));
    const alerts = await eventually(
      () => harness.alerts(caseId),
      (rows) => rows.some((row) => row.task === 'consentDecision' && row.kind === 'escalation'),
    );
    expect(alerts.filter((row) => row.task === 'consentDecision')).toEqual([
      expect.objectContaining({ kind: 'reminder', recipient_staff_ids: ['officer-ada'] }),
      expect.objectContaining({ kind: 'escalation', rung: 'line_manager', recipient_staff_ids: ['mgr-bea'] }),
    ]);
  });
});
