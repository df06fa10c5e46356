import { staffOf, useHttpCases } from '../support/http-case';

const ssj = staffOf('ssj');
const officer = ssj('officer-ada', 'caseworker', 'team-north');
const manager = ssj('mgr-bea', 'manager', 'team-north');
const daLead = ssj('lead-cai', 'da_lead');

/**
 * SSJ 001's "report and refer" over HTTP (issue 15, item 3): a repeat incident with injuries and
 * damage, a serious-incident report approved by the DA lead, and the notifications ledger, where an
 * agency is told only under a released sharing request.
 */
describe('incidents and notifications', () => {
  const http = useHttpCases({ organisationId: 'ssj', principals: [officer, manager, daLead] });
  const call = http.call;

  it('records a repeat incident, takes a serious-incident report to approval, and ledgers who was told under which basis', async () => {
    const path = `/cases/${await http.openCase(officer, 'e2e-incident-0001')}`;
    const occurredAt = new Date(Date.now() - 3_600_000).toISOString();

    const incident = await call(officer, 'POST', `${path}/incidents`, {
      occurredAt,
      policeCalled: true,
      injuries: true,
      propertyDamage: 'yes',
    });
    expect(incident.status).toBe(400);
    expect(JSON.stringify(incident.body)).toContain('propertyDamage');
    const recorded = await call(officer, 'POST', `${path}/incidents`, {
      occurredAt,
      policeCalled: true,
      injuries: true,
    });
    expect(recorded.status).toBe(200);
    expect(recorded.body.entry).toMatchObject({ injuries: true });
    expect(recorded.body.entry.propertyDamage).toBeUndefined();

    const report = { incidentNumber: 1, category: 'serious_injury', summary: 'Injuries needing hospital treatment.' };
    const raised = await call(officer, 'POST', `${path}/serious-incident-reports`, report);
    expect(raised.status).toBe(200);
    expect(raised.body.entry).toMatchObject({ id: 'sir1', status: 'awaiting_approval' });
    expect((await call(officer, 'POST', `${path}/serious-incident-reports`, report)).status).toBe(409);
    expect(
      (await call(officer, 'POST', `${path}/serious-incident-reports`, { ...report, incidentNumber: 0 })).status,
    ).toBe(400);
    expect((await call(manager, 'POST', `${path}/serious-incident-reports/sir1/approval`, {})).status).toBe(403);
    const approved = await call(daLead, 'POST', `${path}/serious-incident-reports/sir1/approval`, {});
    expect(approved.status).toBe(200);
    expect(approved.body.entry).toMatchObject({ status: 'approved', approval: { by: 'lead-cai' } });

    const notice = { recipient: 'police', method: 'phone', notifiedAt: new Date().toISOString() };
    const unnamed = await call(officer, 'POST', `${path}/notifications`, notice);
    expect(unnamed.status).toBe(400);
    expect(JSON.stringify(unnamed.body)).toContain('sharingRequestId');
    const sharing = await call(officer, 'POST', `${path}/sharing-requests`, {
      agency: 'Fictional Police',
      purpose: 'prevention of further harm',
      dataCategories: ['risk summary'],
    });
    const requestId = sharing.body.request.id;
    const early = await call(officer, 'POST', `${path}/notifications`, { ...notice, sharingRequestId: requestId });
    expect(early.status).toBe(409);
    expect(early.body.detail).toContain('released under consent or a recorded lawful basis');
    const approval = await call(manager, 'POST', `${path}/sharing-requests/${requestId}/lawful-basis`, {
      basis: 'safeguarding_child',
      rationale: 'The children in the household witnessed the incident; police asked for the risk summary.',
      tellSurvivor: true,
    });
    expect(approval.status).toBe(200);
    expect((await call(officer, 'POST', `${path}/sharing-requests/${requestId}/release`, {})).status).toBe(200);
    const told = await call(officer, 'POST', `${path}/notifications`, {
      ...notice,
      notifiedAt: new Date().toISOString(),
      sharingRequestId: requestId,
    });
    expect(told.status).toBe(200);
    expect(told.body.entry).toMatchObject({
      recipient: 'police',
      sharedUnder: { requestId, agency: 'Fictional Police', basis: 'safeguarding_child' },
    });

    const state = (await call(officer, 'GET', `${path}/state`)).body;
    expect(state.repeatIncidents).toEqual({ total: 1, inLast12Months: 1 });
    const timeline = (await call(officer, 'GET', `${path}/timeline`)).body.entries.map(
      (entry: { what: string }) => entry.what,
    );
    expect(timeline).toEqual(
      expect.arrayContaining([
        'Incident recorded',
        'Serious-incident report raised',
        'Serious-incident report approved',
        'Notified: police',
      ]),
    );
  });
});
