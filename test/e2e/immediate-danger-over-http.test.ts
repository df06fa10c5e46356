import type { Principal } from '../../src/platform/auth';
import { fictionalDisclosure } from '../fixtures/disclosures';
import { startApi, type RunningApi } from '../support/api-server';
import { eventually, seedStaff, startCaseHarness, type CaseHarness } from '../support/case-harness';

const connect = (staffId: string, role: Principal['role'], teamId?: string): Principal => ({
  staffId,
  role,
  organisationId: 'connect',
  teamId,
});
const officer = connect('officer-ada', 'caseworker', 'team-north');
const daLead = connect('lead-cai', 'da_lead');

/** Immediate danger arising after the disclosure, recorded over HTTP on real Temporal and PostgreSQL. */
describe('recording immediate danger after the disclosure', () => {
  let harness: CaseHarness;
  let api: RunningApi;
  const tokens = new Map<Principal, string>();
  const call = (who: Principal, method: string, path: string, body?: unknown) =>
    api.call(method, path, { token: tokens.get(who)!, body });

  beforeAll(async () => {
    harness = await startCaseHarness();
    await seedStaff(harness.db, 'connect');
    api = await startApi({ pool: harness.db.pool, client: harness.env.client, taskQueue: harness.taskQueue });
    for (const principal of [officer, daLead]) tokens.set(principal, await api.tokenFor(principal));
  });
  afterAll(async () => {
    await api?.close();
    await harness?.stop();
  });

  it('alerts the DA lead, makes the open deadlines urgent, shows in the timeline, and is recorded once', async () => {
    // made "now" on the test server's clock
    const disclosedAt = new Date(await harness.env.currentTimeMs()).toISOString();
    const opened = await api.call('POST', '/cases', {
      token: tokens.get(officer)!,
      body: fictionalDisclosure({ organisationId: 'connect', disclosedAt }),
      headers: { 'Idempotency-Key': 'e2e-immediate-danger-later-0001' },
    });
    expect(opened.status).toBe(201);
    const path = `/cases/${opened.body.caseId}`;

    const invalid = await call(officer, 'POST', `${path}/immediate-danger`, { policeCalled: 'yes' });
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(invalid.body)).toContain('policeCalled');

    const recorded = await call(officer, 'POST', `${path}/immediate-danger`, { policeCalled: true });
    expect(recorded.status).toBe(200);
    expect(recorded.body).toMatchObject({ status: 'open', entry: { by: 'officer-ada', policeCalled: true } });

    const again = await call(officer, 'POST', `${path}/immediate-danger`, { policeCalled: false });
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe('immediate danger is already recorded for this case');

    const inbox = await eventually(
      () => call(daLead, 'GET', '/alerts'),
      (response) =>
        response.body.items.some(
          (alert: { caseId: string; kind: string }) =>
            alert.caseId === opened.body.caseId && alert.kind === 'immediate_danger',
        ),
    );
    expect(inbox.status).toBe(200);

    const urgent = await eventually(
      () => call(officer, 'GET', `${path}/state`),
      (response) =>
        response.body.deadlines
          .filter((deadline: { status: string }) => deadline.status === 'pending')
          .every((deadline: { urgent?: boolean }) => deadline.urgent === true),
    );
    const contact = urgent.body.deadlines.find((deadline: { task: string }) => deadline.task === 'initialContact');
    const rungAt = (rung: string) =>
      Date.parse(contact.schedule.rungs.find((step: { rung: string }) => step.rung === rung).at);
    // The DA lead an hour after the deadline, not a working day after it.
    expect(rungAt('da_lead') - Date.parse(contact.schedule.dueAt)).toBe(3_600_000);

    const timeline = await call(officer, 'GET', `${path}/timeline`);
    expect(timeline.status).toBe(200);
    expect(JSON.stringify(timeline.body)).toContain('Immediate danger recorded');
  });
});
