import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { createAlertActivities } from '../../src/alerts/activities';
import { startApi, type RunningApi } from '../support/api-server';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { staffOf } from '../support/principals';

/**
 * Recipients resolved from the directory when an alert is raised (issue 13): the area's DA lead,
 * an absent person's cover or else the next rung (and the alert says so), the on-call rota.
 * A fictional organisation; each test gives its case officer their own people.
 */
const ORGANISATION = 'example-routing';

describe('who an alert reaches', () => {
  let db: TestDatabase;
  let api: RunningApi;
  beforeAll(async () => {
    db = await createTestDatabase();
    // GET /alerts reads PostgreSQL only; the client never connects
    api = await startApi({ pool: db.pool, client: new Client(), taskQueue: 'unused' });
    await db.pool.query(
      `INSERT INTO areas (organisation_id, area_id, name) VALUES ($1, 'area-north', 'North'), ($1, 'area-south', 'South');
       INSERT INTO teams (organisation_id, team_id, name, area_id) VALUES ($1, 'team-north', 'North team', 'area-north')`.replaceAll(
        '$1',
        `'${ORGANISATION}'`,
      ),
    );
    await addStaff('head-hal', 'head_of_service');
    await addStaff('lead-north', 'da_lead', { area: 'area-north' });
    await addStaff('lead-south', 'da_lead', { area: 'area-south' });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  async function addStaff(
    staffId: string,
    role: string,
    options: { team?: string; area?: string; manager?: string; absent?: boolean; cover?: string } = {},
  ): Promise<void> {
    await db.pool.query(
      `INSERT INTO staff (staff_id, organisation_id, role, team_id, area_id, line_manager_id, absent, cover_staff_id, email)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $1 || '@example.org')`,
      [
        staffId,
        ORGANISATION,
        role,
        options.team ?? null,
        options.area ?? null,
        options.manager ?? null,
        options.absent ?? false,
        options.cover ?? null,
      ],
    );
  }

  async function raise(recipientRole: string, caseOfficerId: string, raisedAt = new Date().toISOString()) {
    const caseId = randomUUID();
    await db.pool.query(
      `INSERT INTO cases (case_id, workflow_id, organisation_id, policy_profile, policy_version, status, risk_level,
                          case_officer_id, team_id, opened_at, updated_at, state_version)
       VALUES ($1, $2, $3, 'stonewater', '1.0.0', 'open', 'unassessed', $4, 'team-north', now(), now(), 1)`,
      [caseId, `case-${caseId}`, ORGANISATION, caseOfficerId],
    );
    const alertId = randomUUID();
    await createAlertActivities(db.pool, {}).raiseAlert({
      alertId,
      caseId,
      organisationId: ORGANISATION,
      caseOfficerId,
      kind: 'escalation',
      task: 'initialContact',
      recipientRole,
      recipientTitle: 'Whoever stands on the rung',
      raisedAt,
    });
    const { rows } = await db.pool.query<{ recipient_staff_ids: string[]; routing_note: string | null }>(
      'SELECT recipient_staff_ids, routing_note FROM alerts WHERE alert_id = $1',
      [alertId],
    );
    return { alertId, recipients: rows[0]!.recipient_staff_ids, note: rows[0]!.routing_note };
  }

  it('reaches the DA lead of the officer’s area (their team’s), or every DA lead when the area is unknown', async () => {
    await addStaff('officer-north', 'caseworker', { team: 'team-north' });
    await addStaff('officer-nowhere', 'caseworker');
    expect(await raise('da_lead', 'officer-north')).toMatchObject({ recipients: ['lead-north'], note: null });
    expect(await raise('da_lead', 'officer-nowhere')).toMatchObject({
      recipients: ['lead-north', 'lead-south'],
      note: null,
    });
  });

  it('reaches the officer’s current line manager, and an absent one’s cover, saying so', async () => {
    await addStaff('mgr-cover', 'manager');
    await addStaff('mgr-away', 'manager', { absent: true, cover: 'mgr-cover' });
    await addStaff('officer-a', 'caseworker', { manager: 'mgr-away' });
    const covered = await raise('line_manager', 'officer-a');
    expect(covered).toEqual({
      alertId: expect.any(String),
      recipients: ['mgr-cover'],
      note: 'mgr-away is absent; their cover mgr-cover stands in',
    });
    // the routing follows the directory as it is when the alert is raised
    await db.pool.query("UPDATE staff SET absent = false, cover_staff_id = NULL WHERE staff_id = 'mgr-away'");
    expect(await raise('line_manager', 'officer-a')).toMatchObject({ recipients: ['mgr-away'], note: null });

    // and the cover's inbox shows the alert with the reason it is theirs
    const inbox = await api.call('GET', '/alerts', {
      token: await api.tokenFor(staffOf(ORGANISATION)('mgr-cover', 'manager')),
    });
    expect(inbox.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          alertId: covered.alertId,
          routingNote: covered.note,
          recipientStaffIds: ['mgr-cover'],
        }),
      ]),
    );
  });

  it('goes to the next rung when an absent person names no present cover, and records it', async () => {
    await addStaff('mgr-sick', 'manager', { absent: true });
    await addStaff('officer-b', 'caseworker', { team: 'team-north', manager: 'mgr-sick' });
    expect(await raise('line_manager', 'officer-b')).toMatchObject({
      recipients: ['lead-north'],
      note: 'mgr-sick is absent and no cover of theirs is present; nobody present on the line manager rung; raised to the DA lead instead',
    });
    // an absent case officer's reminder: their cover when they name one who is present, else their line manager
    await addStaff('officer-c-cover', 'caseworker', { absent: true });
    await addStaff('officer-c', 'caseworker', { manager: 'mgr-cover', absent: true, cover: 'officer-c-cover' });
    expect(await raise('case_officer', 'officer-c')).toMatchObject({
      recipients: ['mgr-cover'],
      note: expect.stringContaining('raised to the line manager instead'),
    });
  });

  it('records an alert that reached nobody rather than dropping it', async () => {
    await db.pool.query("UPDATE staff SET absent = true WHERE staff_id = 'head-hal'");
    try {
      const nobody = await raise('head_of_service', 'officer-north');
      expect(nobody).toMatchObject({
        recipients: [],
        note: 'head-hal is absent and no cover of theirs is present; nobody present on the head of service rung: this alert reached nobody',
      });
    } finally {
      await db.pool.query("UPDATE staff SET absent = false WHERE staff_id = 'head-hal'");
    }
  });

  it('reaches whoever is on call when the alert is raised, else the organisation’s DA leads', async () => {
    await addStaff('oncall-olu', 'manager');
    await db.pool.query(
      `INSERT INTO on_call_shifts (shift_id, organisation_id, staff_id, starts_at, ends_at)
       VALUES ($1, $2, 'oncall-olu', '2031-03-14T17:00:00Z', '2031-03-15T09:00:00Z')`,
      [randomUUID(), ORGANISATION],
    );
    expect(await raise('on_call', 'officer-north', '2031-03-15T02:00:00.000Z')).toMatchObject({
      recipients: ['oncall-olu'],
      note: null,
    });
    expect(await raise('on_call', 'officer-north', '2031-03-15T09:00:00.000Z')).toMatchObject({
      recipients: ['lead-north', 'lead-south'],
      note: "nobody on call at 2031-03-15T09:00:00.000Z; the organisation's DA leads instead",
    });
  });
});
