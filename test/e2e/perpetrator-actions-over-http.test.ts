import { staffOf, useHttpCases } from '../support/http-case';

const kent = staffOf('kent-housing');
const officer = kent('officer-ada', 'caseworker', 'team-north');
const manager = kent('mgr-bea', 'manager', 'team-north');
const daLead = kent('lead-cai', 'da_lead');

/**
 * Actions about the perpetrator over HTTP (issue 15, item 2), under Kent's profile (004 §7): a
 * tenancy step only with the survivor's agreement or a DA lead's safety reason, a DAPP referral
 * followed to its outcome, and nothing the policy does not name.
 */
describe('perpetrator actions', () => {
  const http = useHttpCases({ organisationId: 'kent-housing', principals: [officer, manager, daLead] });
  const call = http.call;

  it('takes a tenancy warning only with the survivor’s agreement or a DA lead’s safety reason, and follows a DAPP referral to its outcome', async () => {
    const path = `/cases/${await http.openCase(officer, 'e2e-perpetrator-0001')}`;
    const warning = { kind: 'tenancy_breach_warning', owner: { staffId: 'officer-ada' }, survivorAgrees: false };

    // An owner on the staff must be in the directory, as for a reassignment.
    const unknownOwner = await call(officer, 'POST', `${path}/perpetrator-actions`, {
      ...warning,
      survivorAgrees: true,
      owner: { staffId: 'officer-zed' },
    });
    expect(unknownOwner.status).toBe(422);
    expect(unknownOwner.body.errors).toEqual([
      { field: 'body.owner.staffId', message: 'is not in your organisation’s staff directory' },
    ]);
    const pastDate = await call(officer, 'POST', `${path}/perpetrator-actions`, {
      ...warning,
      survivorAgrees: true,
      dueBy: '2001-01-01',
    });
    expect(pastDate.status).toBe(400);
    expect(pastDate.body.detail).toMatch(/^dueBy: must be after/);

    const refused = await call(officer, 'POST', `${path}/perpetrator-actions`, warning);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toContain('taken only where the survivor agrees');
    const safetyReason = 'Police advise the warning is needed now to stop escalating threats.';
    expect((await call(manager, 'POST', `${path}/perpetrator-actions`, { ...warning, safetyReason })).status).toBe(403);
    const byDaLead = await call(daLead, 'POST', `${path}/perpetrator-actions`, { ...warning, safetyReason });
    expect(byDaLead.status).toBe(200);
    expect(byDaLead.body.entry).toMatchObject({
      id: 'pa1',
      survivorAgrees: false,
      safetyOverride: { by: 'lead-cai', reason: safetyReason },
      status: 'open',
    });

    // Kent's policy names no MATAC: refused, saying what it does name
    const matac = await call(officer, 'POST', `${path}/perpetrator-actions`, {
      kind: 'matac',
      owner: { agency: 'Example Police', role: 'MATAC coordinator' },
      survivorAgrees: true,
    });
    expect(matac.status).toBe(409);
    expect(matac.body.detail).toContain('it names: tenancy breach warning');

    const dapp = await call(officer, 'POST', `${path}/perpetrator-actions`, {
      kind: 'dapp',
      owner: { agency: 'Example Perpetrator Programme', role: 'referrals team' },
      survivorAgrees: true,
    });
    expect(dapp.body.entry).toMatchObject({ id: 'pa2', kind: 'dapp', status: 'open' });
    const progress = (status: string, outcome: string) =>
      call(officer, 'POST', `${path}/perpetrator-actions/pa2/outcome`, { status, outcome });
    expect((await progress('in_progress', 'Assessment booked')).body.entry.status).toBe('in_progress');
    const completed = await progress('completed', 'Accepted onto the programme');
    expect(completed.body.entry).toMatchObject({
      status: 'completed',
      outcomes: [
        { by: 'officer-ada', status: 'in_progress', outcome: 'Assessment booked' },
        { by: 'officer-ada', status: 'completed', outcome: 'Accepted onto the programme' },
      ],
    });
    expect((await progress('withdrawn', 'Changed our mind')).status).toBe(409);
    expect(
      (await call(officer, 'POST', `${path}/perpetrator-actions/pa9/outcome`, { status: 'completed', outcome: 'x' }))
        .status,
    ).toBe(409);

    const timeline = (await call(officer, 'GET', `${path}/timeline`)).body.entries.map(
      (entry: { what: string }) => entry.what,
    );
    expect(timeline).toEqual(
      expect.arrayContaining([
        'Perpetrator action: tenancy breach warning',
        'Perpetrator action: dapp',
        'Perpetrator action completed: dapp',
      ]),
    );
  });
});
