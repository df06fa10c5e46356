import type { Principal } from '../../src/platform/auth';
import { fictionalDisclosure, fictionalSafeWord, fictionalSurvivorReference } from '../fixtures/disclosures';
import { startApi, type ApiResponse, type RunningApi } from '../support/api-server';
import {
  eventually,
  openChildrenTransferred,
  seedStaff,
  startCaseHarness,
  type CaseHarness,
} from '../support/case-harness';
import {
  startMailReceiver,
  startWebhookReceiver,
  type ReceivedMail,
  type ReceivedWebhook,
  type Receiver,
} from './alert-receivers';

const stonewater = (staffId: string, role: Principal['role'], teamId?: string): Principal => ({
  staffId,
  role,
  organisationId: 'stonewater',
  teamId,
});
const officer = stonewater('officer-ada', 'caseworker', 'team-north');
const manager = stonewater('mgr-bea', 'manager', 'team-north');
const daLead = stonewater('lead-cai', 'da_lead');

const webhookSecret = 'e2e-webhook-secret-that-is-long-enough';
const sharing = {
  agency: 'Northshire IDVA service',
  purpose: 'independent advocacy',
  dataCategories: ['contact details', 'risk assessment'],
};

/**
 * A whole case driven through HTTP, on the time-skipping server: the real timescales, a real
 * SMTP server and a real webhook receiver, and a worker delivering alerts as in production.
 */
describe('a case driven over HTTP from disclosure to closure', () => {
  let harness: CaseHarness;
  let api: RunningApi;
  let mail: Receiver<ReceivedMail>;
  let webhook: Receiver<ReceivedWebhook>;
  const tokens = new Map<Principal, string>();

  const call = (who: Principal, method: string, path: string, body?: unknown): Promise<ApiResponse> =>
    api.call(method, path, { token: tokens.get(who)!, body });
  /** Deliveries are activities that Temporal retries: wait (in real time) until one arrives. */
  const mailTo = (address: string, subject: RegExp) =>
    eventually(
      async () => mail.received.find((message) => message.to.includes(address) && subject.test(message.subject)),
      (found) => found !== undefined,
    );
  /** Whose alert is meant: out of hours, immediate danger reaches whoever is on call as well. */
  const webhookFor = (caseId: string, kind: string, recipientRole: string) =>
    eventually(
      async () =>
        webhook.received.find(
          ({ alert }) => alert.caseId === caseId && alert.kind === kind && alert.recipientRole === recipientRole,
        ),
      (found) => found !== undefined,
    );

  beforeAll(async () => {
    [mail, webhook] = await Promise.all([startMailReceiver(), startWebhookReceiver(webhookSecret)]);
    harness = await startCaseHarness({
      email: { smtp: { host: '127.0.0.1', port: mail.port, secure: false }, from: 'da-case-alerts@example.test' },
      webhook: { url: `http://127.0.0.1:${webhook.port}/alerts`, secret: webhookSecret },
    });
    await seedStaff(harness.db, 'stonewater');
    api = await startApi({ pool: harness.db.pool, client: harness.env.client, taskQueue: harness.taskQueue });
    for (const principal of [officer, manager, daLead]) tokens.set(principal, await api.tokenFor(principal));
  });

  afterAll(async () => {
    await api?.close();
    await harness?.stop();
    await Promise.all([mail?.close(), webhook?.close()]);
  });

  it('alerts, escalates, gates sharing, needs the DA lead to close, and finishes', async () => {
    // Disclosure in immediate danger, made "now" on the test server's clock.
    const disclosedAt = new Date(await harness.env.currentTimeMs()).toISOString();
    const opened = await api.call('POST', '/cases', {
      token: tokens.get(officer)!,
      body: fictionalDisclosure({ immediateDanger: true, disclosedAt }),
      headers: { 'Idempotency-Key': 'e2e-whole-case-0001' },
    });
    expect(opened.status).toBe(201);
    const { caseId } = opened.body;
    const path = (suffix = '') => `/cases/${caseId}${suffix}`;

    // The DA lead is told at once, by email and by a signed webhook.
    const danger = await mailTo('lead-cai@example.test', /Immediate danger/);
    expect(danger).toBeDefined();
    expect(danger!.text).toContain(`Case: ${caseId}`);
    const dangerHook = await webhookFor(caseId, 'immediate_danger', 'da_lead');
    expect(dangerHook).toMatchObject({ signatureValid: true, alert: { recipientRole: 'da_lead', task: 'disclosure' } });

    // Nobody makes contact: past the deadline, the officer's line manager is alerted.
    const scheduled = await eventually(
      () => call(officer, 'GET', path('/state')),
      (response) =>
        response.body.deadlines.some(
          (deadline: { task: string; schedule?: unknown }) => deadline.task === 'initialContact' && deadline.schedule,
        ),
    );
    const contactDeadline = scheduled.body.deadlines.find(
      (deadline: { task: string }) => deadline.task === 'initialContact',
    );
    const lineManagerAt = contactDeadline.schedule.rungs.find(
      (step: { rung: string }) => step.rung === 'line_manager',
    ).at;
    await harness.skipTo(new Date(Date.parse(lineManagerAt) + 60_000));
    const escalation = await mailTo('mgr-bea@example.test', /Escalation: initial contact overdue/);
    expect(escalation).toBeDefined();
    expect((await webhookFor(caseId, 'escalation', 'line_manager'))?.signatureValid).toBe(true);

    // Contact, then a DASH with 15 "yes" answers: high risk, and the DA lead is told.
    expect(
      (await call(officer, 'POST', path('/contact-attempts'), { outcome: 'reached', channel: 'phone' })).status,
    ).toBe(200);
    const dash = await call(officer, 'POST', path('/dash'), {
      assessment: { kind: 'count', yesCount: 15, policeCallOutsLast12Months: 0 },
    });
    expect(dash.status).toBe(200);
    expect(dash.body).toMatchObject({ level: 'high', yesCount: 15, by: 'officer-ada' });
    expect(await mailTo('lead-cai@example.test', /High risk/)).toBeDefined();

    // Sharing: the survivor refuses; a caseworker cannot override that, a manager can on a lawful basis.
    const requested = await call(officer, 'POST', path('/sharing-requests'), sharing);
    expect(requested.status).toBe(200);
    expect(requested.body).toMatchObject({
      status: 'awaiting_decision',
      request: { agency: sharing.agency, requestedBy: 'officer-ada' },
    });
    const requestId: string = requested.body.request.id;
    const refused = await call(officer, 'POST', path('/consents'), { scope: sharing, decision: 'refused' });
    expect(refused.status).toBe(200);
    expect(refused.body).toEqual([
      expect.objectContaining({ status: 'blocked', blockedReason: expect.stringMatching(/refused consent/) }),
    ]);
    const lawfulBasis = {
      basis: 'high_risk_marac',
      rationale: 'high risk on the DASH; the MARAC needs the advocacy service informed',
      tellSurvivor: false,
      reasonNotTelling: 'telling the survivor now could alert the perpetrator',
    };
    const byOfficer = await call(officer, 'POST', path(`/sharing-requests/${requestId}/lawful-basis`), lawfulBasis);
    expect(byOfficer.status).toBe(403);
    expect(byOfficer.body.detail).toBe(
      'only a manager, DA lead or head of service can approve sharing without consent',
    );
    const byManager = await call(manager, 'POST', path(`/sharing-requests/${requestId}/lawful-basis`), lawfulBasis);
    expect(byManager.status).toBe(200);
    expect(byManager.body).toMatchObject({ status: 'authorised' });
    const released = await call(officer, 'POST', path(`/sharing-requests/${requestId}/release`), {});
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({
      status: 'released',
      release: { basis: 'high_risk_marac', approvedBy: 'mgr-bea', by: 'officer-ada', tellSurvivor: false },
    });

    // Closing a high-risk case takes the DA lead.
    const closure = { reason: 'resolved', survivorAgrees: true };
    const byCaseworker = await call(officer, 'POST', path('/closure'), closure);
    expect(byCaseworker.status).toBe(403);
    expect(byCaseworker.body.detail).toBe(
      'a high-risk case can only be closed with Head of Domestic Abuse Support approval',
    );
    // ... who says what becomes of the MARAC referral still open; without that, 409 names it.
    const unnamed = await call(daLead, 'POST', path('/closure'), closure);
    expect(unnamed.status).toBe(409);
    const beforeClosing = await call(officer, 'GET', path('/state'));
    const maracId = beforeClosing.body.children.find((child: { kind: string }) => child.kind === 'marac').workflowId;
    expect(unnamed.body.detail).toContain(`(openChildren): MARAC referral ${maracId}`);
    const closed = await call(daLead, 'POST', path('/closure'), {
      ...closure,
      openChildren: openChildrenTransferred(beforeClosing.body),
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      caseId,
      status: 'closed',
      entry: { by: 'lead-cai', byRole: 'da_lead', reason: 'resolved' },
    });

    // The manager acknowledges the escalation once; acknowledging does not do the task.
    const inbox = await call(manager, 'GET', '/alerts');
    expect(inbox.status).toBe(200);
    const escalated = inbox.body.items.find(
      (alert: { caseId: string; kind: string }) => alert.caseId === caseId && alert.kind === 'escalation',
    );
    expect(escalated).toMatchObject({
      task: 'initialContact',
      recipientRole: 'line_manager',
      recipientStaffIds: ['mgr-bea'],
      acknowledgedAt: null,
    });
    const acknowledged = await call(manager, 'POST', `/alerts/${escalated.alertId}/acknowledgement`);
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body).toMatchObject({
      alertId: escalated.alertId,
      acknowledgedBy: 'mgr-bea',
      taskCompleted: false,
      note: expect.stringMatching(/does not complete the task/),
    });
    const again = await call(manager, 'POST', `/alerts/${escalated.alertId}/acknowledgement`);
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe(
      `this alert was already acknowledged at ${acknowledged.body.acknowledgedAt} by mgr-bea`,
    );
    // The officer's inbox holds only what was addressed to them: the reminders, not the escalation.
    const officerInbox = await call(officer, 'GET', '/alerts');
    expect(officerInbox.body.items.length).toBeGreaterThan(0);
    expect(
      officerInbox.body.items.every((alert: { recipientStaffIds: string[] }) =>
        alert.recipientStaffIds.includes('officer-ada'),
      ),
    ).toBe(true);

    // The live state: deadlines with their outcome, every alert, the closure.
    const state = await call(officer, 'GET', path('/state'));
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({
      status: 'closed',
      risk: { level: 'high' },
      closure: { by: 'lead-cai', byRole: 'da_lead' },
    });
    expect(state.body.deadlines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          task: 'initialContact',
          status: 'met_late',
          // urgent (immediate danger) and due at closing time: on call first, then the line manager
          escalations: [
            expect.objectContaining({ rung: 'on_call' }),
            expect.objectContaining({ rung: 'line_manager' }),
          ],
        }),
        expect.objectContaining({
          task: 'dashAssessment',
          schedule: expect.objectContaining({ dueAt: expect.any(String), rule: expect.any(String) }),
        }),
      ]),
    );
    expect(state.body.alerts.map((alert: { kind: string }) => alert.kind)).toEqual(
      expect.arrayContaining(['immediate_danger', 'escalation', 'high_risk']),
    );

    // After the feedback request the workflow finishes; it takes no more actions.
    await harness.env.client.workflow.getHandle(`case-${caseId}`).result();
    const late = await call(officer, 'POST', path('/contact-attempts'), { outcome: 'reached', channel: 'phone' });
    expect(late.status).toBe(409);
    expect(await mailTo('officer-ada@example.test', /Ask for feedback/)).toBeDefined();

    // Nothing that left the system carries the survivor's reference or safe word.
    expect(mail.received.length).toBeGreaterThanOrEqual(4);
    for (const message of mail.received) {
      for (const text of [message.subject, message.text, message.raw]) {
        expect(text).not.toContain(fictionalSurvivorReference);
        expect(text).not.toContain(fictionalSafeWord);
      }
    }
    expect(webhook.received.every(({ signatureValid }) => signatureValid)).toBe(true);
    for (const { rawBody } of webhook.received) {
      expect(rawBody).not.toContain(fictionalSurvivorReference);
      expect(rawBody).not.toContain(fictionalSafeWord);
    }
  });
});
