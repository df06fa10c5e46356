import { staffOf, useHttpCases } from '../support/http-case';

const kent = staffOf('kent-housing');
const officer = kent('officer-ada', 'caseworker', 'team-north');
const daLead = kent('lead-cai', 'da_lead');

const PERPETRATOR_REFERENCE = 'FICTIONAL-PERP-7731';
const THIRD_PARTY = 'Fictional neighbour at number 12';

/**
 * A survivor's subject access request (issue 16, item 4), answered by a DA lead: the survivor's own
 * data from the case, notes and documents, with nothing of the alleged perpetrator or third parties,
 * as JSON and as a readable document, each export in the access log.
 */
describe('subject access', () => {
  const http = useHttpCases({ organisationId: 'kent-housing', principals: [officer, daLead] });
  const call = http.call;

  it('gives a DA lead the survivor’s own data, withholding the perpetrator’s and third parties’ by field', async () => {
    const caseId = await http.openCase(officer, 'e2e-subject-access-0001', {
      perpetrator: { isResident: true, reference: PERPETRATOR_REFERENCE, officerId: 'officer-eve' },
    });
    const path = `/cases/${caseId}`;
    const note = await call(
      officer,
      'POST',
      `${path}/notes`,
      {
        type: 'visit',
        occurredAt: new Date(Date.now() - 60_000).toISOString(),
        withWhom: THIRD_PARTY,
        text: 'Home visit: the survivor agreed a safety plan review next week.',
      },
      { 'Idempotency-Key': 'sar-note-0001' },
    );
    expect(note.status).toBe(201);
    const action = await call(officer, 'POST', `${path}/perpetrator-actions`, {
      kind: 'dapp',
      owner: { agency: 'Example Perpetrator Programme', role: 'referrals team' },
      survivorAgrees: true,
    });
    expect(action.status).toBe(200);

    expect((await call(officer, 'GET', `${path}/subject-access`)).status).toBe(403);
    const bad = await call(daLead, 'GET', `${path}/subject-access?format=pdf`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('format');

    const exported = await call(daLead, 'GET', `${path}/subject-access`);
    expect(exported.status).toBe(200);
    expect(exported.body).toMatchObject({
      format: 'da-subject-access/v1',
      caseId,
      producedBy: 'lead-cai',
      case: { disclosure: { survivor: { childrenInHousehold: expect.any(Boolean) } } },
      notes: [{ type: 'visit', text: expect.stringContaining('safety plan review') }],
    });
    const json = JSON.stringify(exported.body);
    expect(json).not.toContain(PERPETRATOR_REFERENCE);
    expect(json).not.toContain(THIRD_PARTY);
    expect(json).not.toContain('officer-eve');
    expect(json).not.toContain('Example Perpetrator Programme');
    expect(json).not.toMatch(/"perpetrator/);
    expect(exported.body.withheld.join(' ')).toContain('alleged perpetrator');

    const document = await fetch(`${http.api.baseUrl}${path}/subject-access?format=text`, {
      headers: { authorization: `Bearer ${http.token(daLead)}` },
    });
    expect(document.status).toBe(200);
    expect(document.headers.get('content-type')).toContain('text/plain');
    const text = await document.text();
    expect(text).toContain('Your information held in a domestic abuse support case');
    expect(text).not.toContain(PERPETRATOR_REFERENCE);

    const logged = await http.harness.db.pool.query<{ actor_staff_id: string }>(
      `SELECT actor_staff_id FROM access_log WHERE case_id = $1 AND resource = 'case.subject_access'`,
      [caseId],
    );
    expect(logged.rows.map((row) => row.actor_staff_id)).toEqual(['lead-cai', 'lead-cai']);
  });
});
