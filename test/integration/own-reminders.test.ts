import { randomUUID } from 'node:crypto';
import { Client } from '@temporalio/client';
import { createAlertActivities } from '../../src/alerts/activities';
import type { Principal } from '../../src/platform/auth';
import { startApi, type RunningApi } from '../support/api-server';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { stonewaterStaff } from '../support/principals';

/** A caseworker with no row in the staff directory yet: only their token names them. */
const newOfficer = stonewaterStaff('officer-new-zoe', 'caseworker', 'team-north');
const otherOfficer = stonewaterStaff('officer-ian', 'caseworker', 'team-north');

describe("a case officer's own reminders", () => {
  let db: TestDatabase;
  let api: RunningApi;
  beforeAll(async () => {
    db = await createTestDatabase();
    // GET /alerts reads PostgreSQL only; the client never connects.
    api = await startApi({ pool: db.pool, client: new Client(), taskQueue: 'unused' });
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  async function openCase(caseOfficerId: string): Promise<string> {
    const caseId = randomUUID();
    await db.pool.query(
      `INSERT INTO cases (case_id, workflow_id, organisation_id, policy_profile, policy_version, status, risk_level,
                          case_officer_id, team_id, opened_at, updated_at, state_version)
       VALUES ($1, $2, 'stonewater', 'stonewater', '1.0.0', 'open', 'unassessed', $3, 'team-north', now(), now(), 1)`,
      [caseId, `case-${caseId}`, caseOfficerId],
    );
    return caseId;
  }
  const inboxOf = async (principal: Principal) => {
    const response = await api.call('GET', '/alerts', { token: await api.tokenFor(principal) });
    expect(response.status).toBe(200);
    return response.body.items as { alertId: string; recipientStaffIds: string[] }[];
  };

  it('are addressed to the officer and in their inbox even without a staff row', async () => {
    const caseId = await openCase(newOfficer.staffId);
    const alertId = randomUUID();
    await createAlertActivities(db.pool, {}).raiseAlert({
      alertId,
      caseId,
      organisationId: 'stonewater',
      caseOfficerId: newOfficer.staffId,
      kind: 'reminder',
      task: 'initialContact',
      recipientRole: 'case_officer',
      recipientTitle: 'Case officer',
      raisedAt: new Date().toISOString(),
    });
    expect(await inboxOf(newOfficer)).toEqual([
      expect.objectContaining({ alertId, recipientStaffIds: [newOfficer.staffId] }),
    ]);
    expect(await inboxOf(otherOfficer)).toEqual([]);
  });

  it('stored before they were addressed by name still reach the officer, and nobody else', async () => {
    const caseId = await openCase(newOfficer.staffId);
    const alertId = randomUUID();
    await db.pool.query(
      `INSERT INTO alerts (alert_id, case_id, organisation_id, kind, task, recipient_role, recipient_title, recipient_staff_ids, raised_at)
       VALUES ($1, $2, 'stonewater', 'reminder', 'dashAssessment', 'case_officer', 'Case officer', '{}', now())`,
      [alertId, caseId],
    );
    expect((await inboxOf(newOfficer)).map((alert) => alert.alertId)).toContain(alertId);
    expect(await inboxOf(otherOfficer)).toEqual([]);
  });

  it('stop reaching the officer when the directory marks them inactive, and say so', async () => {
    await db.pool.query(
      "INSERT INTO staff (staff_id, organisation_id, role, active) VALUES ('officer-left-lou', 'stonewater', 'caseworker', false)",
    );
    const caseId = await openCase('officer-left-lou');
    const alertId = randomUUID();
    await createAlertActivities(db.pool, {}).raiseAlert({
      alertId,
      caseId,
      organisationId: 'stonewater',
      caseOfficerId: 'officer-left-lou',
      kind: 'reminder',
      task: 'initialContact',
      recipientRole: 'case_officer',
      recipientTitle: 'Case officer',
      raisedAt: new Date().toISOString(),
    });
    const stored = await db.pool.query('SELECT recipient_staff_ids, routing_note FROM alerts WHERE alert_id = $1', [
      alertId,
    ]);
    // nobody else stands on the ladder in this directory: the alert is stored, addressed to nobody, with why
    expect(stored.rows[0].recipient_staff_ids).toEqual([]);
    expect(stored.rows[0].routing_note).toMatch(/^officer-left-lou has left; .*this alert reached nobody$/);
  });
});
