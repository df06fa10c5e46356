import type { Principal } from '../../src/platform/auth';
import { startApi, type RunningApi } from '../support/api-server';
import { eventually, startCaseHarness, type CaseHarness } from '../support/case-harness';
import { fictionalDisclosure } from '../fixtures/disclosures';
import { staffOf } from '../support/principals';

/**
 * A manager passes a case to another officer (issue 13, item 4) over HTTP, on real Temporal and
 * PostgreSQL: the survivor's request for a female officer is honoured or its exception recorded,
 * need-to-know follows at once, the case's and its repairs' next reminders reach the new officer,
 * and the timeline shows who held the case when. Fictional organisation and staff.
 */
const example = staffOf('reassign-ha');
const admin = example('example-admin-ada', 'admin');
// no team claim: each officer sees only the cases they hold
const oz = example('example-officer-oz', 'caseworker');
const ava = example('example-officer-ava', 'caseworker');
const manager = example('example-mgr-mo', 'manager');

const STAFF_CSV = [
  'staffId,role,teamId,areaId,lineManagerId,email,active,absent,coverStaffId,gender',
  'example-head-hal,head_of_service,,,,hal@example.org,true,false,,',
  'example-lead-lu,da_lead,,area-north,example-head-hal,lu@example.org,true,false,,',
  'example-mgr-mo,manager,team-north,,example-head-hal,mo@example.org,true,false,,',
  'example-mgr-may,manager,team-north,,example-head-hal,may@example.org,true,false,,',
  'example-officer-oz,caseworker,team-north,,example-mgr-mo,oz@example.org,true,false,,man',
  'example-officer-ava,caseworker,team-north,,example-mgr-may,ava@example.org,true,false,,woman',
  'example-officer-dan,caseworker,team-north,,example-mgr-mo,dan@example.org,true,false,,man',
  'example-officer-left,caseworker,team-north,,example-mgr-mo,left@example.org,false,false,,woman',
  'example-officer-away,caseworker,team-north,,example-mgr-mo,away@example.org,true,true,,woman',
  'example-auditor-al,auditor,,,,al@example.org,true,false,,woman',
].join('\n');

describe('reassigning a case over HTTP', () => {
  let harness: CaseHarness;
  let api: RunningApi;
  const tokens = new Map<Principal, string>();
  const call = (who: Principal, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    api.call(method, path, { token: tokens.get(who), body, headers });
  let keys = 0;
  const reassign = (who: Principal, caseId: string, body: object) =>
    call(who, 'POST', `/cases/${caseId}/reassignment`, body, { 'Idempotency-Key': `reassign-${++keys}` });

  /** Oz opens a case for a survivor who asked for a female officer. */
  async function openCaseAsOz(idempotencyKey: string): Promise<string> {
    const opened = await call(
      oz,
      'POST',
      '/cases',
      fictionalDisclosure({
        organisationId: 'reassign-ha',
        caseOfficerId: oz.staffId,
        teamId: 'team-north',
        requestedOfficerGender: 'female',
      }),
      { 'Idempotency-Key': idempotencyKey },
    );
    expect(opened.status).toBe(201);
    return opened.body.caseId as string;
  }

  beforeAll(async () => {
    harness = await startCaseHarness();
    api = await startApi({ pool: harness.db.pool, client: harness.env.client, taskQueue: harness.taskQueue });
    for (const principal of [admin, oz, ava, manager]) tokens.set(principal, await api.tokenFor(principal));
    const setUp = [
      await call(admin, 'PUT', '/organisations/reassign-ha', {
        name: 'Reassign HA (fictional)',
        // a ladder whose first rung is the officer's line manager
        policyProfileId: 'connect',
      }),
      await call(admin, 'PUT', '/areas/area-north', { name: 'North' }),
      await call(admin, 'PUT', '/teams/team-north', { name: 'North team', areaId: 'area-north' }),
      await call(admin, 'POST', '/staff/import', STAFF_CSV, { 'content-type': 'text/csv' }),
    ];
    expect(setUp.map((response) => response.status)).toEqual([201, 201, 201, 200]);
  });
  afterAll(async () => {
    await api?.close();
    await harness?.stop();
  });

  it('passes the case and its work to an officer who meets the survivor’s request, and need-to-know follows', async () => {
    const caseId = await openCaseAsOz('reassign-open-1');
    const repairs = await call(
      oz,
      'POST',
      `/cases/${caseId}/repairs`,
      { works: ['Change the front door locks'], securityScheme: 'sanctuary' },
      { 'Idempotency-Key': 'reassign-repairs-1' },
    );
    expect(repairs.status).toBe(200);
    expect((await call(ava, 'GET', `/cases/${caseId}`)).status).toBe(404);

    // nobody the directory cannot vouch for, and only a manager
    const left = await reassign(manager, caseId, { toOfficerId: 'example-officer-left', reason: 'Covering the case' });
    expect(left.status).toBe(422);
    expect(left.body.errors).toEqual([
      { field: 'body.toOfficerId', message: 'has left (the directory records them as not active)' },
    ]);
    const away = await reassign(manager, caseId, { toOfficerId: 'example-officer-away', reason: 'Covering the case' });
    expect(away.body.errors?.[0]?.field).toBe('body.toOfficerId');
    const auditor = await reassign(manager, caseId, { toOfficerId: 'example-auditor-al', reason: 'Covering the case' });
    expect(auditor.body.errors).toEqual([
      { field: 'body.toOfficerId', message: 'is a auditor, a role that does not hold cases' },
    ]);
    const smuggled = await reassign(manager, caseId, {
      toOfficerId: 'example-officer-dan',
      reason: 'Covering the case',
      toOfficer: { gender: 'woman' },
    });
    expect(smuggled.status).toBe(400);
    expect((await reassign(oz, caseId, { toOfficerId: ava.staffId, reason: 'Handing over my case' })).status).toBe(403);

    // the survivor asked for a female officer: Dan is not recorded as one, and no reason was given
    const unmet = await reassign(manager, caseId, { toOfficerId: 'example-officer-dan', reason: 'Covering the case' });
    expect(unmet.status).toBe(409);
    expect(unmet.body.detail).toContain('the survivor asked for a female officer');

    const passed = await reassign(manager, caseId, {
      toOfficerId: ava.staffId,
      reason: 'Officer Oz is on long-term leave',
    });
    expect(passed.status).toBe(200);
    expect(passed.body.entry).toMatchObject({
      by: manager.staffId,
      fromOfficerId: oz.staffId,
      toOfficerId: ava.staffId,
      genderPreference: { requested: 'female', met: true },
    });

    // need-to-know follows at once: the old officer loses the case, the new one has it
    expect((await call(oz, 'GET', `/cases/${caseId}`)).status).toBe(404);
    const read = await call(ava, 'GET', `/cases/${caseId}`);
    expect(read.status).toBe(200);
    expect(read.body.caseOfficerId).toBe(ava.staffId);
    expect((await call(ava, 'GET', '/cases')).body.items.map((item: { caseId: string }) => item.caseId)).toContain(
      caseId,
    );

    // the open deadlines' reminders and escalations reach the new officer and her line manager
    type ChildStatus = { kind: string; nextDeadline?: { dueAt: string } };
    const repairsOf = (body: { children: ChildStatus[] }) => body.children.find((child) => child.kind === 'repairs');
    const state = await eventually(
      () => call(ava, 'GET', `/cases/${caseId}/state`),
      (response) => repairsOf(response.body)?.nextDeadline !== undefined,
    );
    const initialContact = state.body.deadlines.find(
      (deadline: { task: string }) => deadline.task === 'initialContact',
    );
    const repairsDue = repairsOf(state.body)!.nextDeadline!.dueAt;
    // Working days against clock hours: which falls due first depends on when the case opened.
    await harness.skipTo(
      new Date(Math.max(Date.parse(initialContact.schedule.dueAt) + 3_600_000, Date.parse(repairsDue) - 60_000)),
    );
    const alerts = await eventually(
      () => harness.alerts(caseId),
      (rows) =>
        rows.some((row) => row.task === 'initialContact' && row.rung === 'line_manager') &&
        rows.some((row) => row.kind === 'reminder' && row.task !== 'initialContact'),
    );
    const reminders = alerts.filter((row) => row.kind === 'reminder');
    expect(reminders.length).toBeGreaterThanOrEqual(2);
    for (const reminder of reminders) expect(reminder.recipient_staff_ids).toEqual([ava.staffId]);
    const lineManager = alerts.find((row) => row.task === 'initialContact' && row.rung === 'line_manager');
    expect(lineManager?.recipient_staff_ids).toEqual(['example-mgr-may']);
    const everyRecipient = alerts.flatMap((row) => row.recipient_staff_ids);
    expect(everyRecipient).not.toContain(oz.staffId);
    expect(everyRecipient).not.toContain('example-mgr-mo');
  });

  it('records a manager’s reason where the new officer does not meet the request, and the timeline shows who held it when', async () => {
    const caseId = await openCaseAsOz('reassign-open-2');
    const exception = 'No female officer is available in the area until next month';
    const passed = await reassign(manager, caseId, {
      toOfficerId: 'example-officer-dan',
      reason: 'Officer Oz has left the team',
      genderPreferenceException: exception,
    });
    expect(passed.status).toBe(200);
    expect(passed.body.entry.genderPreference).toEqual({ requested: 'female', met: false, exception });
    const back = await reassign(manager, caseId, { toOfficerId: ava.staffId, reason: 'A female officer is free now' });
    expect(back.status).toBe(200);
    expect(back.body.entry.fromOfficerId).toBe('example-officer-dan');

    const timeline = await call(manager, 'GET', `/cases/${caseId}/timeline`);
    expect(timeline.status).toBe(200);
    const held = timeline.body.entries
      .filter((entry: { code: string }) => entry.code === 'case.reassigned')
      .map((entry: { detail: string }) => entry.detail);
    expect(held).toEqual([
      `case officer ${oz.staffId} until now, example-officer-dan from now: Officer Oz has left the team; does not meet the survivor’s request for a female officer, because: ${exception}`,
      `case officer example-officer-dan until now, ${ava.staffId} from now: A female officer is free now; meets the survivor’s request for a female officer`,
    ]);
  });
});
