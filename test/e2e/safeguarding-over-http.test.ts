import { eventually } from '../support/case-harness';
import { staffOf, useHttpCases } from '../support/http-case';

const stonewater = staffOf('stonewater');
const principals = {
  officer: stonewater('officer-ada', 'caseworker', 'team-north'),
  localAuthority: { ...stonewater('la-system', 'partner'), partnerId: 'local-authority' },
  contractor: { ...stonewater('contractor-system', 'partner'), partnerId: 'contractor' },
  // the same local authority id, signed in for another organisation
  otherOrganisationsLocalAuthority: {
    ...staffOf('kent-housing')('la-system', 'partner'),
    partnerId: 'local-authority',
  },
};

/** The safeguarding referral child workflow driven over HTTP, the local authority's callbacks included. */
describe('a safeguarding referral over HTTP', () => {
  const cases = useHttpCases({ organisationId: 'stonewater', principals: Object.values(principals) });
  const as = (who: keyof typeof principals, method: string, path: string, body?: unknown, key?: string) =>
    cases.call(principals[who], method, path, body, key ? { 'Idempotency-Key': key } : undefined);
  const openCase = (key: string, disclosure = {}) => cases.openCase(principals.officer, key, disclosure);
  const harness = { skipTo: (at: Date) => cases.harness.skipTo(at), db: () => cases.harness.db };

  // First: the next test moves the test server's clock on, past the API's own, which dates disclosures.
  it('lets staff raise one for a household the disclosure did not flag, one at a time', async () => {
    const caseId = await openCase('safeguarding-http-0002');
    const raise = { subject: 'adult_at_risk', concern: 'The survivor’s father depends on the perpetrator for care.' };
    expect((await as('officer', 'POST', `/cases/${caseId}/safeguarding`, { subject: 'adult_at_risk' })).status).toBe(
      400,
    );
    const raised = await as('officer', 'POST', `/cases/${caseId}/safeguarding`, raise, 'sg-raise-1');
    expect(raised).toMatchObject({ status: 200, body: { kind: 'safeguarding', open: true } });
    expect((await as('officer', 'POST', `/cases/${caseId}/safeguarding`, raise, 'sg-raise-2')).status).toBe(409);
    const child = await eventually(
      () => as('officer', 'GET', `/cases/${caseId}/safeguarding/1`),
      (r) => r.status === 200,
    );
    expect(child.body).toMatchObject({ reason: 'staff_raised', subjects: ['adult_at_risk'], raisedBy: 'officer-ada' });
  });

  it('starts for a household with children, escalates when not made, and closes on the local authority’s outcome', async () => {
    const caseId = await openCase('safeguarding-http-0001', {
      survivor: { reference: 'FICTIONAL-TENANCY-SG02', isResident: true, childrenInHousehold: true },
    });
    const base = `/cases/${caseId}/safeguarding/1`;
    const started = await eventually(
      () => as('officer', 'GET', base),
      (r) => r.status === 200 && r.body.deadlines?.[0]?.schedule !== undefined,
    );
    expect(started.body).toMatchObject({ status: 'to_refer', reason: 'household', subjects: ['child'] });
    const referralId: string = started.body.referralId;

    // Not made by the deadline: the safeguarding role is alerted, then the profile's first rung.
    const dueAt = new Date(started.body.deadlines[0].schedule.dueAt);
    await harness.skipTo(new Date(dueAt.getTime() + 60_000));
    const overdue = await eventually(
      () => as('officer', 'GET', base),
      (r) => r.body.deadlines[0].escalations.length === 2,
    );
    expect(overdue.body.deadlines[0]).toMatchObject({ task: 'safeguardingReferral', status: 'overdue' });
    expect(overdue.body.deadlines[0].escalations.map((e: { rung: string }) => e.rung).sort()).toEqual([
      'line_manager',
      'safeguarding_lead',
    ]);

    // Every input validated, naming the field.
    const bad = await as(
      'officer',
      'POST',
      `${base}/referral`,
      { agency: 'Fictional Children’s Services' },
      'sg-make-0',
    );
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('agencyReference');
    const making = { agency: 'Fictional Children’s Services', agencyReference: 'MASH-7', survivorInformed: true };
    const made = await as('officer', 'POST', `${base}/referral`, making, 'sg-make-1');
    expect(made).toMatchObject({
      status: 200,
      body: { status: 'referred', referral: { lawfulBasis: 'safeguarding_child' } },
    });
    // A keyed retry answers as the first did; a new attempt is refused.
    expect(await as('officer', 'POST', `${base}/referral`, making, 'sg-make-1')).toMatchObject({ status: 200 });
    expect((await as('officer', 'POST', `${base}/referral`, making, 'sg-make-2')).status).toBe(409);
    const ledger = await harness
      .db()
      .pool.query('SELECT basis, agency FROM information_releases WHERE case_id = $1', [caseId]);
    expect(ledger.rows).toEqual([{ basis: 'safeguarding_child', agency: 'Fictional Children’s Services' }]);

    // Only the local authority of this organisation reaches the referral.
    const acknowledgement = `/partners/local-authority/safeguarding-referrals/${referralId}/acknowledgement`;
    const ack = { localAuthorityReference: 'LA-SG-7' };
    expect((await as('contractor', 'POST', acknowledgement, ack)).status).toBe(404);
    expect((await as('otherOrganisationsLocalAuthority', 'POST', acknowledgement, ack)).status).toBe(404);
    expect((await as('localAuthority', 'POST', acknowledgement, {})).status).toBe(400);
    expect((await as('localAuthority', 'POST', acknowledgement, ack, 'la-ack-1')).body).toEqual({
      requestId: referralId,
      changed: true,
      status: 'acknowledged',
    });
    expect((await as('localAuthority', 'POST', acknowledgement, ack, 'la-ack-2')).body).toMatchObject({
      changed: false,
    });

    const reviewed = await as(
      'officer',
      'POST',
      `${base}/reviews`,
      { summary: 'Chased the local authority.' },
      'sg-rev-1',
    );
    expect(reviewed).toMatchObject({
      status: 200,
      body: { reviews: [expect.objectContaining({ by: 'officer-ada' })] },
    });

    const outcome = `/partners/local-authority/safeguarding-referrals/${referralId}/outcome`;
    const badOutcome = await as('localAuthority', 'POST', outcome, {
      localAuthorityReference: 'LA-SG-7',
      outcome: 'x',
    });
    expect(badOutcome.status).toBe(400);
    expect(JSON.stringify(badOutcome.body)).toContain('outcome');
    expect(
      (
        await as(
          'localAuthority',
          'POST',
          outcome,
          { localAuthorityReference: 'LA-SG-7', outcome: 'early_help' },
          'la-out-1',
        )
      ).body,
    ).toEqual({ requestId: referralId, changed: true, status: 'completed' });

    const closed = await eventually(
      () => as('officer', 'GET', `/cases/${caseId}/state`),
      (r) => r.body.children?.[0]?.open === false,
    );
    expect(closed.body.children[0]).toMatchObject({ kind: 'safeguarding', status: 'completed' });
    expect(closed.body.safeguardingReferralRequired).toBe(false);
    // A late callback, once the referral has ended, is refused.
    expect(
      (await as('localAuthority', 'POST', outcome, { localAuthorityReference: 'LA-SG-7', outcome: 'child_in_need' }))
        .status,
    ).toBe(409);
    // The one-line record still works alongside.
    expect(
      (
        await as(
          'officer',
          'POST',
          `/cases/${caseId}/safeguarding-referrals`,
          { subject: 'child', agency: 'Fictional Children’s Services' },
          'sg-line-1',
        )
      ).status,
    ).toBe(200);
  });
});
