import type { Principal } from '../../src/platform/auth';
import { startApi, type RunningApi } from '../support/api-server';
import { eventually, startCaseHarness, type CaseHarness } from '../support/case-harness';
import { fictionalDisclosure } from '../fixtures/disclosures';
import { staffOf } from '../support/principals';

/**
 * A new provider sets up its people with the API only (README "Your people"), opens cases, and
 * the missed initial-contact deadline's escalations reach the people on each rung: the DA lead
 * of the officer's area, and, once that DA lead is marked absent, their cover, saying so.
 * Fictional organisation and staff.
 */
const example = staffOf('example-ha');
const admin = example('example-admin-ada', 'admin');
const officer = example('example-officer-oz', 'caseworker', 'team-north');

const STAFF_CSV = [
  'staffId,role,teamId,areaId,lineManagerId,email,active,absent,coverStaffId,gender',
  'example-head-hal,head_of_service,,,,hal@example.org,true,false,,',
  'example-lead-north,da_lead,,area-north,example-head-hal,lead.north@example.org,true,false,,',
  'example-lead-south,da_lead,,area-south,example-head-hal,lead.south@example.org,true,false,,',
  'example-lead-cover,da_lead,,,example-head-hal,lead.cover@example.org,true,false,,',
  'example-mgr-mo,manager,team-north,,example-head-hal,mo@example.org,true,false,,',
  'example-officer-oz,caseworker,team-north,,example-mgr-mo,oz@example.org,true,false,,',
].join('\n');

describe('alerts that follow people, set up over HTTP', () => {
  let harness: CaseHarness;
  let api: RunningApi;
  const tokens = new Map<Principal, string>();
  const call = (who: Principal, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    api.call(method, path, { token: tokens.get(who), body, headers });

  beforeAll(async () => {
    harness = await startCaseHarness();
    api = await startApi({ pool: harness.db.pool, client: harness.env.client, taskQueue: harness.taskQueue });
    for (const principal of [admin, officer]) tokens.set(principal, await api.tokenFor(principal));
    const setUp = [
      await call(admin, 'PUT', '/organisations/example-ha', {
        name: 'Example HA (fictional)',
        policyProfileId: 'stonewater',
      }),
      await call(admin, 'PUT', '/areas/area-north', { name: 'North' }),
      await call(admin, 'PUT', '/areas/area-south', { name: 'South' }),
      await call(admin, 'PUT', '/teams/team-north', { name: 'North team', areaId: 'area-north' }),
      await call(admin, 'POST', '/staff/import', STAFF_CSV, { 'content-type': 'text/csv' }),
    ];
    expect(setUp.map((response) => response.status)).toEqual([201, 201, 201, 201, 200]);
  });
  afterAll(async () => {
    await api?.close();
    await harness?.stop();
  });

  /** Opens a case as the officer, lets its initial-contact deadline pass, and answers its DA-lead escalation. */
  async function daLeadEscalation(idempotencyKey: string) {
    const opened = await call(
      officer,
      'POST',
      '/cases',
      fictionalDisclosure({ organisationId: 'example-ha', caseOfficerId: officer.staffId }),
      { 'Idempotency-Key': idempotencyKey },
    );
    expect(opened.status).toBe(201);
    const caseId: string = opened.body.caseId;
    const state = await eventually(
      () => call(officer, 'GET', `/cases/${caseId}/state`),
      (response) => response.body.deadlines?.[0]?.schedule !== undefined,
    );
    await harness.skipTo(new Date(Date.parse(state.body.deadlines[0].schedule.dueAt) + 7 * 24 * 3_600_000));
    const alerts = await eventually(
      () => harness.alerts(caseId),
      (rows) => rows.some((row) => row.rung === 'da_lead'),
    );
    // the directory's organisation named the profile its cases follow
    const projected = await harness.db.pool.query('SELECT policy_profile FROM cases WHERE case_id = $1', [caseId]);
    expect(projected.rows).toEqual([{ policy_profile: 'stonewater' }]);
    const lineManager = alerts.find((row) => row.rung === 'line_manager');
    expect(lineManager?.recipient_staff_ids).toEqual(['example-mgr-mo']);
    const daLead = alerts.find((row) => row.rung === 'da_lead')!;
    const { rows } = await harness.db.pool.query<{ routing_note: string | null }>(
      'SELECT routing_note FROM alerts WHERE case_id = $1 AND rung = $2',
      [caseId, 'da_lead'],
    );
    return { recipients: daLead.recipient_staff_ids, note: rows[0]!.routing_note };
  }

  it('reaches the DA lead of the officer’s area, and when they are absent their cover, saying so', async () => {
    expect(await daLeadEscalation('follow-people-0001')).toEqual({ recipients: ['example-lead-north'], note: null });

    const away = await call(admin, 'PUT', '/staff/example-lead-north', {
      role: 'da_lead',
      areaId: 'area-north',
      lineManagerId: 'example-head-hal',
      email: 'lead.north@example.org',
      absent: true,
      coverStaffId: 'example-lead-cover',
    });
    expect(away.status).toBe(200);
    expect(await daLeadEscalation('follow-people-0002')).toEqual({
      recipients: ['example-lead-cover'],
      note: 'example-lead-north is absent; their cover example-lead-cover stands in',
    });
  });
});
