import { Client } from '@temporalio/client';
import { startApi, type RunningApi } from '../support/api-server';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { staffOf } from '../support/principals';

/** An admin of a fictional new provider sets up their people, as the README's "Your people" does. */
const example = staffOf('example-ha');
const admin = example('example-admin-ada', 'admin');
const manager = example('example-mgr-mo', 'manager');
const otherAdmin = staffOf('other-ha')('other-admin-bo', 'admin');

const csv = (...rows: string[]) =>
  ['staffId,role,teamId,areaId,lineManagerId,email,active,absent,coverStaffId,gender', ...rows].join('\r\n');

describe('the staff directory over HTTP', () => {
  let db: TestDatabase;
  let api: RunningApi;
  const tokens: Record<string, string> = {};
  const as = (who: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    api.call(method, path, { token: tokens[who], body, headers });
  const importCsv = (who: string, text: string) =>
    as(who, 'POST', '/staff/import', text, { 'content-type': 'text/csv' });

  beforeAll(async () => {
    db = await createTestDatabase();
    // the directory reads and writes PostgreSQL only; the client never connects
    api = await startApi({ pool: db.pool, client: new Client(), taskQueue: 'unused' });
    for (const [name, principal] of Object.entries({ admin, manager, otherAdmin }))
      tokens[name] = await api.tokenFor(principal);
    expect((await as('admin', 'PUT', '/areas/area-north', { name: 'North (example)' })).status).toBe(201);
    expect((await as('admin', 'PUT', '/teams/team-north', { name: 'North team', areaId: 'area-north' })).status).toBe(
      201,
    );
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  it('is for admins only: a manager is refused (403) and the refusal is audited', async () => {
    expect((await as('manager', 'GET', '/staff')).status).toBe(403);
    const put = await as('manager', 'PUT', '/staff/example-officer-oz', { role: 'caseworker' });
    expect(put.status).toBe(403);
    const audited = await db.pool.query(
      "SELECT outcome, detail FROM audit_log WHERE action = 'directory.staff.put' AND actor_staff_id = $1",
      [manager.staffId],
    );
    expect(audited.rows).toEqual([
      { outcome: 'refused', detail: expect.objectContaining({ staffId: 'example-officer-oz', status: 403 }) },
    ]);
  });

  it('creates the organisation with a known policy profile, idempotently, and only the admin’s own', async () => {
    const body = { name: 'Example Housing Association (fictional)', policyProfileId: 'stonewater' };
    const created = await as('admin', 'PUT', '/organisations/example-ha', body);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ organisationId: 'example-ha', ...body });
    expect((await as('admin', 'PUT', '/organisations/example-ha', body)).status).toBe(200);
    const unknownProfile = await as('admin', 'PUT', '/organisations/example-ha', { ...body, policyProfileId: 'nope' });
    expect(unknownProfile.status).toBe(400);
    expect(unknownProfile.body.errors).toEqual([
      expect.objectContaining({ field: 'body.policyProfileId', message: expect.stringContaining('stonewater') }),
    ]);
    const another = await as('admin', 'PUT', '/organisations/other-ha', body);
    expect(another.status).toBe(400);
    expect(another.body.errors[0].field).toBe('path.organisationId');
    expect((await as('otherAdmin', 'GET', '/organisations/example-ha')).status).toBe(404);
    expect((await as('admin', 'GET', '/organisations')).body).toMatchObject({
      total: 1,
      items: [{ organisationId: 'example-ha' }],
    });
  });

  it('stores a member of staff by PUT, refusing a field it cannot hold by name', async () => {
    const head = await as('admin', 'PUT', '/staff/example-head-hal', {
      role: 'head_of_service',
      email: 'hal@example.org',
    });
    expect(head.status).toBe(201);
    expect(head.body).toMatchObject({ staffId: 'example-head-hal', active: true, absent: false, coverStaffId: null });

    const bad = await as('admin', 'PUT', '/staff/example-mgr-mo', {
      role: 'manager',
      email: 'not an address',
      lineManagerId: 'example-nobody',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((error: { field: string }) => error.field)).toEqual(['body.email']);
    const unknownManager = await as('admin', 'PUT', '/staff/example-mgr-mo', {
      role: 'manager',
      lineManagerId: 'example-nobody',
    });
    expect(unknownManager.status).toBe(400);
    expect(unknownManager.body.errors).toEqual([expect.objectContaining({ field: 'body.lineManagerId' })]);
    const coverWhilePresent = await as('admin', 'PUT', '/staff/example-mgr-mo', {
      role: 'manager',
      coverStaffId: 'example-head-hal',
    });
    expect(coverWhilePresent.body.errors).toEqual([expect.objectContaining({ field: 'body.coverStaffId' })]);
    expect((await as('admin', 'GET', '/staff/example-mgr-mo')).status).toBe(404);

    // another organisation cannot take the id (staff ids are the tokens' subjects)
    expect((await as('otherAdmin', 'PUT', '/staff/example-head-hal', { role: 'caseworker' })).status).toBe(409);
    expect((await as('admin', 'GET', '/staff/example-head-hal')).body.role).toBe('head_of_service');
  });

  it('imports a CSV file whose rows name each other in any order, and lists them paged', async () => {
    const imported = await importCsv(
      'admin',
      csv(
        'example-officer-oz,caseworker,team-north,area-north,example-mgr-mo,oz@example.org,true,yes,example-officer-pip,man',
        'example-mgr-mo,manager,team-north,area-north,example-head-hal,mo@example.org,true,false,,',
        'example-officer-pip,caseworker,team-north,area-north,example-mgr-mo,"pip@example.org",true,no,,woman',
      ),
    );
    expect(imported.status).toBe(200);
    expect(imported.body).toEqual({ imported: 3, created: 3, updated: 0 });
    const oz = await as('admin', 'GET', '/staff/example-officer-oz');
    expect(oz.body).toMatchObject({
      absent: true,
      coverStaffId: 'example-officer-pip',
      lineManagerId: 'example-mgr-mo',
      gender: 'man',
    });
    const page = await as('admin', 'GET', '/staff?limit=2&offset=1');
    expect(page.body).toMatchObject({ total: 4, limit: 2, offset: 1 });
    expect(page.body.items.map((item: { staffId: string }) => item.staffId)).toEqual([
      'example-mgr-mo',
      'example-officer-oz',
    ]);
    const audited = await db.pool.query("SELECT outcome FROM audit_log WHERE action = 'directory.staff.imported'");
    expect(audited.rows).toEqual([{ outcome: 'accepted' }]);
  });

  it('refuses a whole file with one bad row, naming each row and column, and imports none of it', async () => {
    const refused = await importCsv(
      'admin',
      csv(
        'example-officer-quin,caseworker,team-north,area-north,example-mgr-mo,quin@example.org,true,false,,',
        'example-officer-rue,chief,team-north,,,rue@example.org,true,false,,',
        'example-officer-sol,caseworker,team-south,,example-nobody,sol@example.org,maybe,false,,',
      ),
    );
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([
      { field: 'body.row[3].role', message: expect.stringContaining('caseworker') },
      { field: 'body.row[4].active', message: expect.any(String) },
    ]);
    expect((await as('admin', 'GET', '/staff/example-officer-quin')).status).toBe(404);

    const references = await importCsv(
      'admin',
      csv('example-officer-sol,caseworker,team-south,,example-nobody,sol@example.org,true,false,,'),
    );
    expect(references.body.errors).toEqual([
      { field: 'body.row[2].lineManagerId', message: expect.stringContaining('example-nobody') },
      { field: 'body.row[2].teamId', message: expect.stringContaining('team-south') },
    ]);
    const header = await importCsv('admin', 'staffId,rank\nexample-x,caseworker');
    expect(header.body.errors.map((error: { field: string }) => error.field)).toEqual([
      'body.row[1].rank',
      'body.row[1].role',
    ]);
    const json = await as('admin', 'POST', '/staff/import', { staffId: 'example-x' });
    expect(json.status).toBe(415);
    // a CSV sent as plain text is told the type it needs, not to send JSON
    const plain = await as('admin', 'POST', '/staff/import', 'staffId,role\nexample-x,caseworker', {
      'content-type': 'text/plain',
    });
    expect([plain.status, plain.body.detail]).toEqual([415, 'send the staff file as Content-Type: text/csv']);
    // a file saved in another encoding (a Latin-1 é) is an invalid request, not malformed JSON
    const latin1 = Buffer.concat([
      Buffer.from('staffId,role\nexample-'),
      Buffer.from([0xe9]),
      Buffer.from(',caseworker'),
    ]);
    const notUtf8 = await as('admin', 'POST', '/staff/import', latin1, { 'content-type': 'text/csv' });
    expect([notUtf8.status, notUtf8.body.type]).toEqual([400, '/problems/invalid-request']);
    expect((await as('admin', 'GET', '/staff')).body.total).toBe(4);
  });

  it('keeps the on-call rota: a shift of an active member of staff, idempotent by its id', async () => {
    const shiftId = '5b0c4c1e-8f3a-4d6e-9a51-0d3f2b7c9e11';
    const shift = { staffId: 'example-mgr-mo', startsAt: '2031-03-14T17:00:00Z', endsAt: '2031-03-15T09:00:00Z' };
    expect((await as('admin', 'PUT', `/on-call-shifts/${shiftId}`, shift)).status).toBe(201);
    expect((await as('admin', 'PUT', `/on-call-shifts/${shiftId}`, shift)).status).toBe(200);
    const backwards = await as('admin', 'PUT', `/on-call-shifts/${shiftId}`, { ...shift, endsAt: shift.startsAt });
    expect(backwards.body.errors).toEqual([expect.objectContaining({ field: 'body.endsAt' })]);
    const nobody = await as('admin', 'PUT', `/on-call-shifts/${shiftId}`, { ...shift, staffId: 'example-nobody' });
    expect(nobody.body.errors).toEqual([expect.objectContaining({ field: 'body.staffId' })]);
    // an instant outside the years a case can carry is refused by name, never passed to the database
    const ancient = await as('admin', 'GET', '/on-call-shifts?from=0018-08-25T16%3A33%3A09-23%3A29');
    expect(ancient.status).toBe(400);
    expect(ancient.body.errors).toEqual([
      { field: 'query.from', message: 'must lie between 2000-01-01 and 2099-12-31' },
    ]);
    const during = await as('admin', 'GET', '/on-call-shifts?from=2031-03-15T08:00:00Z&to=2031-03-15T10:00:00Z');
    expect(during.body).toMatchObject({
      total: 1,
      items: [{ shiftId, ...shift, startsAt: '2031-03-14T17:00:00.000Z', endsAt: '2031-03-15T09:00:00.000Z' }],
    });
    const after = await as('admin', 'GET', '/on-call-shifts?from=2031-03-15T09:00:00Z');
    expect(after.body.total).toBe(0);
    expect((await as('admin', 'GET', '/on-call-shifts/not-a-uuid')).status).toBe(400);
  });
});
