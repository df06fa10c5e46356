import { PERPETRATOR_WARNING, SURVIVOR_WARNING } from '../../src/flags/flag';
import { fictionalDisclosure } from '../fixtures/disclosures';
import { eventually } from '../support/case-harness';
import { staffOf, useHttpCases } from '../support/http-case';

const kent = staffOf('kent-housing');
const officer = kent('officer-ada', 'caseworker', 'team-north');
// works with the perpetrator, so must never see the survivor's case or its flags
const perpetratorsOfficer = kent('officer-eve', 'caseworker', 'team-north');
const manager = kent('mgr-bea', 'manager', 'team-north');
const repairs = kent('repairs-gus', 'repairs_manager');
const otherOrganisation = staffOf('stonewater')('repairs-gus', 'repairs_manager');

/** Fictional references, as the provider's systems would hold them. */
const SURVIVOR = 'FICTIONAL-TENANCY-F001';
const PERPETRATOR = 'FICTIONAL-PERSON-F002';
const PROPERTY = 'FICTIONAL-PROPERTY-F003';
const PROPERTY_WARNING = 'Do not attend alone; contact the domestic abuse team first';

describe('risk flags on people and properties over HTTP', () => {
  const http = useHttpCases({
    organisationId: 'kent-housing',
    principals: [officer, perpetratorsOfficer, manager, repairs, otherOrganisation],
  });
  const call = http.call;
  const lookUp = (who: typeof officer, reference: string) => call(who, 'POST', '/flags/lookup', { reference });
  let caseId: string;

  beforeAll(async () => {
    const disclosedAt = new Date(await http.harness.env.currentTimeMs()).toISOString();
    const disclosure = fictionalDisclosure({
      organisationId: 'kent-housing',
      disclosedAt,
      survivor: { reference: SURVIVOR, isResident: true, childrenInHousehold: false },
      perpetrator: { isResident: false, reference: PERPETRATOR, officerId: 'officer-eve' },
    });
    const open = () => call(officer, 'POST', '/cases', disclosure, { 'Idempotency-Key': 'e2e-risk-flags-0001' });
    const opened = await open();
    expect(opened.status).toBe(201);
    caseId = opened.body.caseId;
    // a retry of the same request opens nothing more, and raises no flag twice
    expect((await open()).status).toBe(200);
  });

  it('flags the survivor and the named perpetrator when the case opens, once whatever the retries', async () => {
    const listed = await call(officer, 'GET', `/cases/${caseId}/flags`);
    expect(listed.status).toBe(200);
    expect(listed.body.flags).toEqual([
      expect.objectContaining({
        caseId,
        subject: 'survivor',
        subjectReference: SURVIVOR,
        warning: SURVIVOR_WARNING,
        raisedBy: 'officer-ada',
      }),
      expect.objectContaining({ subject: 'perpetrator', subjectReference: PERPETRATOR, warning: PERPETRATOR_WARNING }),
    ]);
    const reads = await http.harness.db.pool.query(
      `SELECT actor_staff_id FROM access_log WHERE case_id = $1 AND resource = 'case.flags'`,
      [caseId],
    );
    expect(reads.rows.map((row) => row.actor_staff_id)).toContain('officer-ada');
  });

  it('shows a repairs manager the warning on the survivor and nothing else', async () => {
    const found = await lookUp(repairs, SURVIVOR);
    expect(found.status).toBe(200);
    expect(Object.keys(found.body)).toEqual(['warnings']);
    expect(found.body.warnings).toHaveLength(1);
    expect(Object.keys(found.body.warnings[0]).sort()).toEqual(['since', 'warning']);
    expect(found.body.warnings[0].warning).toBe(SURVIVOR_WARNING);
    expect(JSON.stringify(found.body)).not.toContain(caseId);
    // another organisation's staff see none of it; a reference with no flag has no warnings
    expect((await lookUp(otherOrganisation, SURVIVOR)).body).toEqual({ warnings: [] });
    expect((await lookUp(repairs, 'FICTIONAL-TENANCY-NONE')).body).toEqual({ warnings: [] });
    // the look-up is in the audit log, without the reference
    const looked = await http.harness.db.pool.query(
      `SELECT detail FROM audit_log WHERE action = 'flags.lookup' AND actor_staff_id = 'repairs-gus'`,
    );
    expect(looked.rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(looked.rows)).not.toContain(SURVIVOR);
  });

  it("hides the case's flags from the perpetrator's officer as if the case did not exist", async () => {
    expect((await call(perpetratorsOfficer, 'GET', `/cases/${caseId}/flags`)).status).toBe(404);
    const raised = await call(perpetratorsOfficer, 'POST', '/flags', {
      caseId,
      propertyReference: PROPERTY,
      warning: PROPERTY_WARNING,
    });
    expect(raised.status).toBe(404);
  });

  it('flags a property for the look-up, and lets only a manager end a flag, with a reason', async () => {
    const body = { caseId, propertyReference: PROPERTY, warning: PROPERTY_WARNING };
    const raised = await call(officer, 'POST', '/flags', body);
    expect(raised.status).toBe(201);
    expect(raised.body).toMatchObject({
      caseId,
      subject: 'property',
      subjectReference: PROPERTY,
      raisedBy: 'officer-ada',
    });
    const again = await call(officer, 'POST', '/flags', body);
    expect(again.status).toBe(200);
    expect(again.body.flagId).toBe(raised.body.flagId);
    expect((await lookUp(repairs, PROPERTY)).body.warnings).toEqual([
      { warning: PROPERTY_WARNING, since: raised.body.raisedAt },
    ]);
    const audited = await http.harness.db.pool.query(
      `SELECT case_id, detail FROM audit_log WHERE action = 'case.flag.raised' AND outcome = 'accepted'`,
    );
    expect(audited.rows).toContainEqual({
      case_id: caseId,
      detail: expect.objectContaining({ flagId: raised.body.flagId }),
    });

    const end = `/flags/${raised.body.flagId}/end`;
    const reason = { reason: 'The survivor has moved to a new tenancy.' };
    const byCaseworker = await call(officer, 'POST', end, reason);
    expect(byCaseworker.status).toBe(403);
    expect((await call(manager, 'POST', end, { reason: 'moved' })).body.errors).toEqual([
      expect.objectContaining({ field: 'body.reason' }),
    ]);
    const ended = await call(manager, 'POST', end, reason);
    expect(ended.status).toBe(200);
    expect(ended.body).toMatchObject({ flagId: raised.body.flagId, endedBy: 'mgr-bea', endReason: reason.reason });
    expect((await call(manager, 'POST', end, reason)).status).toBe(409);
    expect((await lookUp(repairs, PROPERTY)).body).toEqual({ warnings: [] });
    // an ended warning is not raised again in silence: the answer says it was ended
    expect((await call(officer, 'POST', '/flags', body)).status).toBe(409);
    // the ended flag stays in the case's record
    const listed = await call(manager, 'GET', `/cases/${caseId}/flags`);
    expect(listed.body.flags).toContainEqual(
      expect.objectContaining({ flagId: raised.body.flagId, endedBy: 'mgr-bea' }),
    );
  });

  it('refuses bad bodies, naming the field', async () => {
    const noReference = await call(repairs, 'POST', '/flags/lookup', {});
    expect(noReference.status).toBe(400);
    expect(noReference.body.errors).toEqual([expect.objectContaining({ field: 'body.reference' })]);
    const badCase = await call(officer, 'POST', '/flags', {
      caseId: 'nope',
      propertyReference: PROPERTY,
      warning: 'x',
    });
    expect(badCase.status).toBe(400);
    expect(badCase.body.errors).toEqual([expect.objectContaining({ field: 'body.caseId' })]);
    const noWarning = await call(officer, 'POST', '/flags', { caseId, propertyReference: PROPERTY });
    expect(noWarning.body.errors).toEqual([expect.objectContaining({ field: 'body.warning' })]);
    expect((await call(manager, 'POST', '/flags/not-a-flag/end', { reason: 'a reason long enough' })).status).toBe(400);
    expect((await call(repairs, 'POST', '/flags', { caseId, propertyReference: PROPERTY, warning: 'x' })).status).toBe(
      403,
    );
  });

  it("ends a case's active flags when the case closes", async () => {
    const closing = await http.openCase(officer, 'e2e-risk-flags-0002', {
      survivor: { reference: 'FICTIONAL-TENANCY-F004', isResident: true, childrenInHousehold: false },
    });
    expect((await lookUp(repairs, 'FICTIONAL-TENANCY-F004')).body.warnings).toHaveLength(1);
    const closed = await call(manager, 'POST', `/cases/${closing}/closure`, {
      reason: 'resolved',
      survivorAgrees: true,
    });
    expect(closed.status).toBe(200);
    const { flags } = (
      await eventually(
        () => call(manager, 'GET', `/cases/${closing}/flags`),
        (response) => response.body.flags[0]?.endReason !== undefined,
      )
    ).body;
    expect(flags).toEqual([expect.objectContaining({ subject: 'survivor', endReason: 'the case was closed' })]);
    expect((await lookUp(repairs, 'FICTIONAL-TENANCY-F004')).body).toEqual({ warnings: [] });
    // nor can a closed case raise a new one, which nothing would ever end
    const late = await call(officer, 'POST', '/flags', {
      caseId: closing,
      propertyReference: 'FICTIONAL-PROPERTY-F004',
      warning: 'Do not attend alone; contact the DA team first',
    });
    expect(late.status).toBe(409);
    expect(late.body.detail).toBe('the case is closed, and its flags ended with it');
  });
});
