import type { Principal } from '../../src/platform/auth';
import { startApi, type RunningApi } from '../support/api-server';
import { eventually, startCaseHarness, type CaseHarness } from '../support/case-harness';
import { dateInDays } from '../support/dates';
import { childWorkflowId } from '../../src/case/workflow-ids';
import { caseWorkflowId } from '../../src/case/state';
import { gatewayTo, partnerSecret, startPartnerStub } from '../support/partner-stub';
import { fictionalDisclosure } from '../fixtures/disclosures';

/** MARAC referral, repairs and rehousing driven end to end over HTTP, partners' callbacks included. */
describe('child workflows over HTTP', () => {
  let harness: CaseHarness;
  let partners: Awaited<ReturnType<typeof startPartnerStub>>;
  let api: RunningApi;
  const tokens: Record<string, string> = {};

  const principals: Record<string, Principal> = {
    officer: { staffId: 'officer-ada', role: 'caseworker', organisationId: 'stonewater', teamId: 'team-north' },
    daLead: { staffId: 'lead-cai', role: 'da_lead', organisationId: 'stonewater' },
    coordinator: {
      staffId: 'marac-system',
      role: 'partner',
      organisationId: 'stonewater',
      partnerId: 'marac-coordinator',
    },
    contractor: {
      staffId: 'contractor-system',
      role: 'partner',
      organisationId: 'stonewater',
      partnerId: 'contractor',
    },
    localAuthority: {
      staffId: 'la-system',
      role: 'partner',
      organisationId: 'stonewater',
      partnerId: 'local-authority',
    },
    // the same contractor id, signed in for another organisation
    otherOrganisationsContractor: {
      staffId: 'contractor-system',
      role: 'partner',
      organisationId: 'kent-housing',
      partnerId: 'contractor',
    },
  };

  beforeAll(async () => {
    partners = await startPartnerStub(partnerSecret);
    harness = await startCaseHarness({}, gatewayTo(partners));
    api = await startApi({ pool: harness.db.pool, client: harness.env.client, taskQueue: harness.taskQueue });
    for (const [name, principal] of Object.entries(principals)) tokens[name] = await api.tokenFor(principal);
  });
  afterAll(async () => {
    await api?.close();
    await harness?.stop();
    await partners?.close();
  });

  const as = (who: string, method: string, path: string, body?: unknown) =>
    api.call(method, path, { token: tokens[who], body });

  async function openCase(key: string, overrides = {}): Promise<string> {
    const opened = await api.call('POST', '/cases', {
      token: tokens.officer,
      body: fictionalDisclosure(overrides),
      headers: { 'Idempotency-Key': key },
    });
    expect(opened.status).toBe(201);
    return opened.body.caseId;
  }

  it('runs a MARAC referral: high-risk DASH, submission, the coordinator’s callbacks, actions, completion', async () => {
    const caseId = await openCase('children-marac-0001');
    expect(
      (
        await as('officer', 'POST', `/cases/${caseId}/dash`, {
          assessment: { kind: 'count', yesCount: 17, policeCallOutsLast12Months: 2 },
        })
      ).status,
    ).toBe(200);
    const state = await eventually(
      () => as('officer', 'GET', `/cases/${caseId}/state`),
      (r) => r.body.children?.length === 1,
    );
    expect(state.body.children[0]).toMatchObject({ kind: 'marac', open: true });

    const submitted = await as('officer', 'POST', `/cases/${caseId}/marac/1/submission`, {
      area: 'Fictional Borough',
      survivorInformed: true,
    });
    expect(submitted.status).toBe(200);
    const referralId = submitted.body.referralId;
    // The coordinator's research questions answered from the case, under the high-risk MARAC basis.
    const research = {
      riskSummary: { level: 'high', dashYesCount: 17, reasons: expect.arrayContaining(['visible_high_risk']) },
      childrenInHousehold: expect.any(Boolean),
      repeatIncidentsLast12Months: 0,
      agenciesInvolved: [],
    };
    expect(submitted.body.submission).toMatchObject({ research, sharedUnder: 'high_risk_marac' });
    expect(partners.requests.find((request) => request.idempotencyKey === referralId)).toMatchObject({
      signatureValid: true,
      body: { reason: 'high_risk_assessment', research },
    });

    const meeting = `/partners/marac/referrals/${referralId}/meeting`;
    const meetingDate = dateInDays(10, await harness.env.currentTimeMs());
    expect(await as('coordinator', 'POST', meeting, { meetingDate: '2001-03-04' })).toMatchObject({
      status: 400,
      body: { detail: expect.stringMatching(/^meetingDate: must be after the request/) },
    });
    expect(await as('coordinator', 'POST', meeting, { meetingDate })).toMatchObject({
      status: 200,
      body: { changed: true, status: 'meeting_scheduled' },
    });
    expect(await as('coordinator', 'POST', meeting, { meetingDate })).toMatchObject({
      status: 200,
      body: { changed: false },
    });
    expect((await as('contractor', 'POST', meeting, { meetingDate })).status).toBe(404);
    expect((await as('officer', 'POST', meeting, { meetingDate })).status).toBe(403);
    // Partners act from outside the organisation: each callback, accepted or refused, is audited.
    const audited = await harness.db.pool.query(
      "SELECT actor_staff_id, outcome, detail->>'requestId' AS request_id FROM audit_log WHERE action = 'partner.update.maracMeetingScheduled' ORDER BY seq",
    );
    expect(audited.rows).toEqual([
      { actor_staff_id: 'marac-system', outcome: 'refused', request_id: referralId },
      { actor_staff_id: 'marac-system', outcome: 'accepted', request_id: referralId },
      { actor_staff_id: 'marac-system', outcome: 'accepted', request_id: referralId },
      { actor_staff_id: 'contractor-system', outcome: 'refused', request_id: referralId },
      { actor_staff_id: 'officer-ada', outcome: 'refused', request_id: referralId },
    ]);
    expect(await as('coordinator', 'POST', meeting, { meetingDate: 'next tuesday' })).toMatchObject({
      status: 400,
      body: { errors: [expect.objectContaining({ field: 'body.meetingDate' })] },
    });

    const outcome = await as('coordinator', 'POST', `/partners/marac/referrals/${referralId}/outcome`, {
      actions: [
        {
          actionId: 'A1',
          description: 'Fit a door viewer',
          dueDate: dateInDays(14, await harness.env.currentTimeMs()),
        },
      ],
    });
    expect(outcome.body).toMatchObject({ changed: true, status: 'actions_open' });
    expect((await as('officer', 'POST', `/cases/${caseId}/marac/1/actions/A1/completion`, {})).status).toBe(200);
    const finished = await eventually(
      () => as('officer', 'GET', `/cases/${caseId}/marac/1`),
      (r) => r.body.status === 'completed',
    );
    expect(finished.body).toMatchObject({
      status: 'completed',
      outcome: { actions: [expect.objectContaining({ actionId: 'A1', completedBy: 'officer-ada' })] },
    });

    // Late: the referral has finished, so the coordinator is told so rather than ignored.
    expect(
      await as('coordinator', 'POST', meeting, { meetingDate: dateInDays(11, await harness.env.currentTimeMs()) }),
    ).toMatchObject({ status: 409 });
  });

  it('runs emergency repairs: the works order, the contractor’s delay and completion, the survivor’s confirmation', async () => {
    const caseId = await openCase('children-repairs-0001');
    const ordered = await as('officer', 'POST', `/cases/${caseId}/repairs`, { works: ['lock change'] });
    expect(ordered).toMatchObject({ status: 200, body: { kind: 'repairs', open: true } });
    const repairs = await eventually(
      () => as('officer', 'GET', `/cases/${caseId}/repairs/1`),
      (r) => r.body.order !== undefined,
    );
    expect(repairs.body).toMatchObject({ chargeToSurvivorPence: 0, order: { delivery: { channel: 'gateway' } } });
    const updates = `/partners/contractor/works-orders/${repairs.body.orderId}/updates`;

    // A partner's dates must fit the request: not before it, not done in the future, not due years on.
    const badDates = [
      { outcome: 'not_practicable', newCompletionBy: '2001-03-01T10:00:00Z', reason: 'specialist lock' },
      {
        outcome: 'not_practicable',
        newCompletionBy: `${dateInDays(400, await harness.env.currentTimeMs())}T10:00:00Z`,
        reason: 'specialist lock',
      },
      {
        outcome: 'completed',
        completedAt: new Date(Date.parse(repairs.body.requestedAt) + 48 * 3_600_000).toISOString(),
        evidenceReference: 'PHOTOS-0',
      },
    ];
    for (const body of badDates) {
      const refused = await as('contractor', 'POST', updates, body);
      expect({ status: refused.status, body: refused.body }).toEqual({
        status: 400,
        body: expect.objectContaining({ detail: expect.stringMatching(/^(newCompletionBy|completedAt): must /) }),
      });
    }
    const newCompletionBy = new Date(Date.parse(repairs.body.requestedAt) + 48 * 3_600_000).toISOString();
    expect(
      (
        await as('contractor', 'POST', updates, {
          outcome: 'not_practicable',
          newCompletionBy,
          reason: 'specialist lock',
        })
      ).body,
    ).toMatchObject({ changed: true, status: 'delayed' });
    // Neither another partner nor another organisation's contractor reaches the works order.
    for (const outsider of ['coordinator', 'otherOrganisationsContractor']) {
      const delay = { outcome: 'not_practicable', newCompletionBy, reason: 'specialist lock' };
      expect({ outsider, status: (await as(outsider, 'POST', updates, delay)).status }).toEqual({
        outsider,
        status: 404,
      });
    }
    const toldOfDelay = `/cases/${caseId}/repairs/1/survivor-told-of-delay`;
    // held to the survivor's safe-contact profile as the case holds it: text and phone, no letters
    const byLetter = await as('officer', 'POST', toldOfDelay, { channel: 'letter' });
    expect(byLetter.status).toBe(409);
    expect(byLetter.body.detail).toContain("letter is not one of the survivor's safe channels");
    const smuggled = await as('officer', 'POST', toldOfDelay, {
      channel: 'letter',
      safeContact: { channels: ['letter'], lettersSafe: true, voicemailSafe: false },
    });
    expect(smuggled.status).toBe(400);
    expect((await as('officer', 'POST', toldOfDelay, { channel: 'text' })).status).toBe(200);
    const completedAt = new Date(await harness.env.currentTimeMs()).toISOString();
    expect(
      (await as('contractor', 'POST', updates, { outcome: 'completed', completedAt, evidenceReference: 'PHOTOS-1' }))
        .body,
    ).toMatchObject({ changed: true });
    expect(
      (await as('contractor', 'POST', updates, { outcome: 'completed', completedAt, evidenceReference: 'PHOTOS-1' }))
        .body,
    ).toMatchObject({ changed: false });
    expect(
      (await as('officer', 'POST', `/cases/${caseId}/repairs/1/survivor-confirmation`, { satisfied: true })).status,
    ).toBe(200);
    const done = await eventually(
      () => as('officer', 'GET', `/cases/${caseId}/state`),
      (r) => r.body.children[0]?.open === false,
    );
    expect(done.body.children[0]).toMatchObject({ kind: 'repairs', status: 'completed' });
    // The repairs are done but the case is open: a late callback is told which workflow finished
    // (once it has: the case hears of the completion just before the repairs workflow ends).
    await harness.env.client.workflow.getHandle(childWorkflowId(caseWorkflowId(caseId), 'repairs', 1)).result();
    const late = await as('contractor', 'POST', updates, {
      outcome: 'completed',
      completedAt,
      evidenceReference: 'PHOTOS-2',
    });
    expect(late).toMatchObject({
      status: 409,
      body: {
        type: '/problems/workflow-finished',
        detail: expect.stringMatching(
          /^the case’s emergency repairs workflow number 1 has finished .*the case itself may still be open/,
        ),
      },
    });
    expect(done.body.status).toBe('open');
  });

  it('runs rehousing: placement, appraisal, offers, the local authority’s decision, the move', async () => {
    const caseId = await openCase('children-rehousing-0001', { immediateDanger: true });
    expect((await as('officer', 'POST', `/cases/${caseId}/rehousing`, {})).status).toBe(200);
    const base = `/cases/${caseId}/rehousing/1`;
    const rehousing = await eventually(
      () => as('officer', 'GET', base),
      (r) => r.status === 200,
    );
    expect(
      (await as('officer', 'POST', `${base}/temporary-accommodation`, { placementReference: 'TA-1' })).status,
    ).toBe(200);
    expect(
      (
        await as('officer', 'POST', `${base}/options-appraisal`, {
          optionsConsidered: ['sole_tenancy', 'management_transfer'],
          chosen: 'management_transfer',
          agreedWithSurvivor: true,
        })
      ).status,
    ).toBe(200);
    expect(
      (await as('officer', 'POST', `${base}/offers`, { offerReference: 'OFFER-9', kind: 'management_transfer' }))
        .status,
    ).toBe(200);
    expect((await as('officer', 'POST', `${base}/offers/OFFER-9/decision`, { decision: 'accepted' })).status).toBe(200);
    const decisions = `/partners/local-authority/rehousing/${rehousing.body.requestId}/decisions`;
    expect(
      (await as('localAuthority', 'POST', decisions, { decisionReference: 'LA-1', decision: 'relief_duty' })).body,
    ).toMatchObject({ changed: true });
    expect(
      (await as('localAuthority', 'POST', decisions, { decisionReference: 'LA-1', decision: 'not_eligible' })).status,
    ).toBe(409);
    expect((await as('officer', 'POST', `${base}/move-date`, { moveDate: '2031-04-01' })).status).toBe(200);
    const moved = await as('officer', 'POST', `${base}/move-completion`, {});
    expect(moved).toMatchObject({ status: 200, body: { status: 'completed' } });
    expect((await as('officer', 'GET', `/cases/${caseId}/rehousing/7`)).status).toBe(404);
    expect((await as('officer', 'GET', `/cases/${caseId}/gardening/1`)).status).toBe(400);
  });
});
