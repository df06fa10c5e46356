import type { Principal } from '../../src/platform/auth';
import { startApi, type RunningApi } from '../support/api-server';
import { eventually, startCaseHarness, type CaseHarness } from '../support/case-harness';
import { fictionalDisclosure, fictionalSurvivorReference } from '../fixtures/disclosures';

/** What an auditor does with only the README: read, export, decode, replay and report on a case. */
describe('auditing a case over HTTP', () => {
  let harness: CaseHarness;
  let api: RunningApi;
  let caseId: string;
  const tokens: Record<string, string> = {};
  const people: Record<string, Principal> = {
    officer: { staffId: 'officer-ada', role: 'caseworker', organisationId: 'stonewater', teamId: 'team-north' },
    manager: { staffId: 'mgr-bea', role: 'manager', organisationId: 'stonewater' },
    auditor: { staffId: 'audit-fay', role: 'auditor', organisationId: 'stonewater' },
  };
  const as = (who: string, path: string) => api.call('GET', path, { token: tokens[who] });

  beforeAll(async () => {
    harness = await startCaseHarness();
    api = await startApi({ pool: harness.db.pool, client: harness.env.client, taskQueue: harness.taskQueue });
    for (const [name, principal] of Object.entries(people)) tokens[name] = await api.tokenFor(principal);

    const opened = await api.call('POST', '/cases', {
      token: tokens.officer,
      body: fictionalDisclosure(),
      headers: { 'Idempotency-Key': 'audit-http-0001' },
    });
    caseId = opened.body.caseId;
    await api.call('POST', `/cases/${caseId}/dash`, {
      token: tokens.officer,
      body: { assessment: { kind: 'count', yesCount: 15, policeCallOutsLast12Months: 0 } },
    });
    // Let the initial-contact deadline pass, so the case has a missed deadline and an escalation to show.
    const state = await eventually(
      () => as('officer', `/cases/${caseId}/state`),
      (r) => r.body.deadlines?.[0]?.schedule !== undefined,
    );
    await harness.skipTo(new Date(Date.parse(state.body.deadlines[0].schedule.dueAt) + 60_000));
    await eventually(
      () => harness.alerts(caseId),
      (rows) => rows.some((row) => row.kind === 'escalation'),
    );
  });
  afterAll(async () => {
    await api?.close();
    await harness?.stop();
  });

  const accessLog = async () =>
    (
      await harness.db.pool.query('SELECT actor_staff_id, resource FROM access_log WHERE case_id = $1 ORDER BY seq', [
        caseId,
      ])
    ).rows;

  it('reads as a timeline: who did what and when, each deadline and whether it was met', async () => {
    const timeline = await as('officer', `/cases/${caseId}/timeline`);
    expect(timeline.status).toBe(200);
    const text = JSON.stringify(timeline.body.entries);
    expect(text).toMatch(/initialContact/);
    expect(text).toMatch(/line_manager|line manager/i);
    expect(text).not.toContain(fictionalSurvivorReference);
    expect(await accessLog()).toContainEqual({ actor_staff_id: 'officer-ada', resource: 'case.timeline' });
  });

  it('exports the whole history, parent and child, encrypted unless an auditor asks for it decoded', async () => {
    expect((await as('officer', `/cases/${caseId}/history`)).status).toBe(403);
    const raw = await as('auditor', `/cases/${caseId}/history`);
    expect(raw.status).toBe(200);
    expect(raw.body.workflows.map((workflow: { workflowId: string }) => workflow.workflowId)).toEqual([
      `case-${caseId}`,
      `case-${caseId}/marac-1`,
    ]);
    expect(JSON.stringify(raw.body)).not.toContain(fictionalSurvivorReference);

    const decoded = await as('auditor', `/cases/${caseId}/history?decoded=true`);
    expect(JSON.stringify(decoded.body)).toContain(fictionalSurvivorReference);
    expect(await accessLog()).toEqual(
      expect.arrayContaining([
        { actor_staff_id: 'audit-fay', resource: 'case.history' },
        { actor_staff_id: 'audit-fay', resource: 'case.history.decoded' },
      ]),
    );
  });

  it('replays every run against the current code and says it is deterministic', async () => {
    const replay = await as('auditor', `/cases/${caseId}/replay`);
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ caseId, deterministic: true });
    expect(replay.body.outcomes).toHaveLength(2);
  });

  it('reports compliance for the period as JSON and CSV', async () => {
    const now = new Date(await harness.env.currentTimeMs());
    const day = (offset: number) => new Date(now.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
    const report = await as('manager', `/reports/compliance?from=${day(-30)}&to=${day(30)}`);
    expect(report.status).toBe(200);
    expect(JSON.stringify(report.body)).toMatch(/initialContact/);
    // The case figures, from what the case's workflow projected (its report facts): one high-risk case by phone.
    expect(report.body.cases).toEqual([expect.objectContaining({ organisationId: 'stonewater' })]);
    expect(report.body.cases[0].volumes).toMatchObject({
      opened: 1,
      openAtEnd: 1,
      byRisk: expect.objectContaining({ high: 1 }),
      byChannel: expect.objectContaining({ phone: 1, unknown: 0 }),
      byReporter: expect.objectContaining({ survivor: 1 }),
    });
    const csv = await fetch(`${api.baseUrl}/reports/compliance?from=${day(-30)}&to=${day(30)}&format=csv`, {
      headers: { authorization: `Bearer ${tokens.manager}` },
    });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect((await csv.text()).split(/\r?\n/)[0]).toBe(
      'period_from,period_to,organisation_id,policy_profile,section,item,measure,value',
    );
    expect((await as('officer', `/reports/compliance?from=${day(-30)}&to=${day(30)}`)).status).toBe(403);
    expect((await as('manager', `/reports/compliance?from=${day(30)}&to=${day(-30)}`)).status).toBe(400);
  });
});
