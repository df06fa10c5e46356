import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createCaseProjectionActivities } from '../../src/case/activities';
import type { CaseProjection } from '../../src/case/projection';
import type { Principal } from '../../src/platform/auth';
import type { CaseReportFacts } from '../../src/reporting/facts';
import { previousCompletePeriod } from '../../src/reporting/periods';
import { reportingScheduleId, startReportingSchedules } from '../../src/reporting/schedules';
import { startApi, type RunningApi } from '../support/api-server';
import { eventually, recordGoldenHistory } from '../support/case-harness';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { shippedProfiles } from '../support/profiles';
import { createDevServerEnv, createTestWorker } from '../support/temporal';

const KENT = 'kent-housing';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * Issue 15 item 5: Kent's monthly pack, produced by its Temporal schedule (triggered here rather
 * than waited for), from cases as their workflows project them, with its small counts suppressed,
 * and downloaded as JSON and CSV by a manager of Kent only.
 */
describe('reporting packs produced by their schedules', () => {
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let worker: Worker;
  let workerRun: Promise<void>;
  let api: RunningApi;
  const taskQueue = `packs-${randomUUID()}`;
  const tokens: Record<string, string> = {};
  const people: Record<string, Principal> = {
    kentManager: { staffId: 'mgr-kim', role: 'manager', organisationId: KENT },
    kentAuditor: { staffId: 'audit-kay', role: 'auditor', organisationId: KENT },
    kentOfficer: { staffId: 'officer-kit', role: 'caseworker', organisationId: KENT, teamId: 'team-east' },
    stonewaterManager: { staffId: 'mgr-bea', role: 'manager', organisationId: 'stonewater' },
  };
  const as = (who: string, path: string) => api.call('GET', path, { token: tokens[who] });
  // The schedule's run stands at now: its pack is for last month.
  const period = previousCompletePeriod('monthly', new Date());
  const start = Date.parse(period.startsAt);
  let version = 0;

  /** A case opened `offset` ms into the period, as its workflow projects it (the projectCase activity), with what packs count. */
  async function projectCase(
    organisationId: string,
    offset: number,
    report: Partial<CaseReportFacts> & { riskLevel?: CaseProjection['riskLevel'] } = {},
  ): Promise<void> {
    const { riskLevel = 'standard', ...facts } = report;
    const caseId = randomUUID();
    const openedAt = start + offset;
    version += 1;
    await createCaseProjectionActivities(db.pool).projectCase({
      caseId,
      workflowId: `case-${caseId}`,
      organisationId,
      policyProfile: organisationId,
      policyVersion: '1.4.0',
      status: facts.closedAt ? 'closed' : 'open',
      riskLevel,
      caseOfficerId: 'officer-kit',
      teamId: 'team-east',
      breached: false,
      openedAt: new Date(openedAt).toISOString(),
      updatedAt: new Date(openedAt).toISOString(),
      stateVersion: version,
      report: {
        channel: 'phone',
        reporter: 'survivor',
        firstContactAt: new Date(openedAt + 2 * HOUR).toISOString(),
        closedAt: null,
        safeguardingConcern: false,
        followsEarlierCase: false,
        events: [],
        ...facts,
      },
    });
  }
  const at = (offset: number) => new Date(start + offset).toISOString();

  beforeAll(async () => {
    [env, db] = await Promise.all([createDevServerEnv(), createTestDatabase()]);
    worker = await createTestWorker(env, db.pool, taskQueue);
    workerRun = worker.run();
    api = await startApi({ pool: db.pool, client: env.client, taskQueue });
    for (const [name, principal] of Object.entries(people)) tokens[name] = await api.tokenFor(principal);

    await db.pool.query(
      `INSERT INTO areas (organisation_id, area_id, name) VALUES ($1, 'east', 'East'), ($1, 'west', 'West');
       INSERT INTO teams (organisation_id, team_id, name, area_id) VALUES ($1, 'team-east', 'East team', 'east')`.replace(
        /\$1/g,
        `'${KENT}'`,
      ),
    );
    // Seven cases opened last month: two closed in it, one high risk more, one by email, two reported by a neighbour.
    await projectCase(KENT, DAY, {
      riskLevel: 'high',
      closedAt: at(10 * DAY),
      safeguardingConcern: true,
      events: [{ source: 'safeguarding_referral', ordinal: 0, kind: 'child', at: at(2 * DAY) }],
    });
    await projectCase(KENT, 2 * DAY, {
      riskLevel: 'high',
      closedAt: at(12 * DAY),
      safeguardingConcern: true,
      events: [{ source: 'perpetrator_action', ordinal: 0, kind: 'dapp', at: at(3 * DAY) }],
    });
    await projectCase(KENT, 3 * DAY, { safeguardingConcern: true, reporter: 'neighbour' });
    await projectCase(KENT, 4 * DAY, { reporter: 'neighbour' });
    await projectCase(KENT, 5 * DAY);
    await projectCase(KENT, 6 * DAY, { firstContactAt: at(6 * DAY + 30 * HOUR) });
    await projectCase(KENT, 7 * DAY, { channel: 'email', firstContactAt: null, followsEarlierCase: true });
    // One opened before the period and still open; one of another organisation.
    await projectCase(KENT, -20 * DAY);
    await projectCase('stonewater', 3 * DAY);
  });
  afterAll(async () => {
    for (const kind of ['monthly', 'quarterly'] as const)
      await env?.client.schedule
        .getHandle(reportingScheduleId(KENT, kind))
        .delete()
        .catch(() => undefined);
    await api?.close();
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await workerRun;
    await env?.teardown();
    await db?.drop();
  });

  /** RECORD_GOLDEN_HISTORIES=dir: the pack workflow's history, to keep as a golden history (test/golden/README.md). */
  async function recordPackHistory(): Promise<void> {
    const schedule = await env.client.schedule.getHandle(reportingScheduleId(KENT, 'monthly')).describe();
    const { workflowId } = schedule.info.recentActions[0]!.action.workflow;
    await recordGoldenHistory(env.client.workflow.getHandle(workflowId), 'reporting-pack-monthly');
  }

  const kentPacks = () =>
    db.pool.query<{ pack_id: string; generated_at: Date }>(
      `SELECT pack_id, generated_at FROM reporting_packs WHERE organisation_id = $1 AND kind = 'monthly'`,
      [KENT],
    );

  let packId: string;

  it('each organisation gets a schedule per pack its profile names, and starting again updates them', async () => {
    const ids = await startReportingSchedules({
      client: env.client,
      db: db.pool,
      profiles: shippedProfiles,
      taskQueue,
    });
    expect(ids).toEqual([
      'reporting-pack/kent-housing/monthly',
      'reporting-pack/kent-housing/quarterly',
      'reporting-pack/stonewater/annual',
    ]);
    // A second start (another worker, a restart) finds them and updates them in place.
    expect(
      await startReportingSchedules({ client: env.client, db: db.pool, profiles: shippedProfiles, taskQueue }),
    ).toEqual(ids);
    const monthly = await env.client.schedule.getHandle(ids[0]!).describe();
    expect(monthly.spec.timezone).toBe('Europe/London');
    expect(monthly.action).toMatchObject({ workflowType: 'reportingPackWorkflow', taskQueue });
    expect(monthly.info.nextActionTimes[0]!.toISOString()).toMatch(/-01T0[12]:00:00\.000Z$/); // 02:00 UK on a 1st
  });

  it('a monthly pack is produced when the schedule fires, small counts suppressed', async () => {
    await env.client.schedule.getHandle(reportingScheduleId(KENT, 'monthly')).trigger();
    const stored = await eventually(kentPacks, (result) => result.rowCount === 1, 30_000);
    packId = stored.rows[0]!.pack_id;
    if (process.env.RECORD_GOLDEN_HISTORIES) await recordPackHistory();

    const listed = await as('kentManager', '/reports/packs?kind=monthly');
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject({ total: 1, items: [{ packId, kind: 'monthly', smallCountThreshold: 5 }] });
    expect(listed.body.items[0].period).toEqual({ label: period.label, from: period.from, to: period.to });

    const pack = await as('kentAuditor', `/reports/packs/${packId}`);
    expect(pack.status).toBe(200);
    expect(pack.body).toMatchObject({ organisationId: KENT, kind: 'monthly', period, suppression: { threshold: 5 } });
    const { cases } = pack.body;
    expect(cases.volumes).toMatchObject({ opened: 7, closed: '<5', openAtStart: '<5', openAtEnd: 6 });
    expect(cases.volumes.byRisk).toEqual({ unassessed: 0, standard: '<5', medium: 0, high: '<5' });
    // 6 by phone and 1 by email: the 6 is hidden too, or it would give the 1 away (7 − 6).
    expect(cases.volumes.byChannel).toMatchObject({ phone: '<5', email: '<5', web: 0, unknown: 0 });
    expect(cases.volumes.byReporter).toMatchObject({ survivor: '<5', neighbour: '<5', relative: 0 });
    expect(cases.volumes.byArea).toEqual({ east: 7, west: 0, no_area: 0 });
    expect(cases.repeatVictimisation).toEqual({
      openedFollowingEarlierCase: '<5',
      reopened: 0,
      repeatMaracReferrals: 0,
    });
    expect(cases.safeguarding).toMatchObject({ openedWithConcern: '<5', referrals: { child: '<5', adult_at_risk: 0 } });
    expect(cases.perpetrator.actions).toMatchObject({ dapp: '<5', mappa: 0 });
    expect(cases.firstContact).toEqual({
      bands: { within24Hours: 5, within72Hours: '<5', after72Hours: 0, notYetReached: '<5', unknown: 0 },
      medianHours: 2,
    });
    // Nowhere in the pack is a count from 1 to 4.
    const small: unknown[] = [];
    JSON.stringify(pack.body.cases, (key, value: unknown) => {
      if (key !== 'medianHours' && typeof value === 'number' && value > 0 && value < 5) small.push([key, value]);
      return value;
    });
    expect(small).toEqual([]);
    expect(JSON.stringify(pack.body)).not.toContain('stonewater');
  });

  it('downloads as CSV, one figure per line', async () => {
    const response = await fetch(`${api.baseUrl}/reports/packs/${packId}?format=csv`, {
      headers: { authorization: `Bearer ${tokens.kentManager}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toContain(`kent-housing-monthly-${period.label}.csv`);
    const lines = (await response.text()).trimEnd().split('\r\n');
    const prefix = `${KENT},monthly,${period.label},${period.from},${period.to}`;
    expect(lines[0]).toBe('organisation_id,pack_kind,period,period_from,period_to,section,item,measure,value');
    expect(lines).toContain(`${prefix},cases.volumes,all,opened,7`);
    expect(lines).toContain(`${prefix},cases.volumes,email,by_channel,<5`);
    expect(lines).toContain(`${prefix},cases.volumes,east,by_area,7`);
  });

  it('a second run for the same period replaces the figures under the same pack id', async () => {
    const before = (await kentPacks()).rows[0]!.generated_at.getTime();
    await env.client.schedule.getHandle(reportingScheduleId(KENT, 'monthly')).trigger();
    const after = await eventually(kentPacks, (result) => result.rows[0]!.generated_at.getTime() > before, 30_000);
    expect(after.rows.map((row) => row.pack_id)).toEqual([packId]);
  });

  it('only those who report, only their own organisation, and every parameter checked', async () => {
    expect((await as('kentOfficer', '/reports/packs')).status).toBe(403);
    expect((await as('stonewaterManager', `/reports/packs/${packId}`)).status).toBe(404);
    expect((await as('stonewaterManager', '/reports/packs')).body).toMatchObject({ total: 0, items: [] });
    const badId = await as('kentManager', '/reports/packs/not-a-pack');
    expect(badId.status).toBe(400);
    expect(badId.body.errors).toEqual([expect.objectContaining({ field: 'path.packId' })]);
    const badKind = await as('kentManager', '/reports/packs?kind=weekly');
    expect(badKind.status).toBe(400);
    expect(badKind.body.errors).toEqual([expect.objectContaining({ field: 'query.kind' })]);
    const badFormat = await as('kentManager', `/reports/packs/${packId}?format=xlsx`);
    expect(badFormat.body.errors).toEqual([expect.objectContaining({ field: 'query.format' })]);
    const backwards = await as('kentManager', '/reports/packs?from=2026-06-01&to=2026-01-01');
    expect(backwards.body.errors).toEqual([expect.objectContaining({ field: 'query.to' })]);
    expect((await as('kentManager', `/reports/packs/${randomUUID()}`)).status).toBe(404);
    // The period filters compare dates (they answered 500 once: a period shown as text against a date).
    const within = await as('kentManager', '/reports/packs?kind=monthly&from=2000-01-01&to=2099-12-31');
    expect(within.status).toBe(200);
    expect(within.body.items.map((item: any) => item.packId)).toContain(packId);
    const later = await as('kentManager', '/reports/packs?from=2098-12-23&kind=annual');
    expect(later.body).toMatchObject({ total: 0, items: [] });
  });

  it('an organisation an admin adds to the directory gets its schedules at once, not at the next start', async () => {
    const organisationId = `example-org-${randomUUID().slice(0, 8)}`;
    const admin = await api.tokenFor({ staffId: 'admin-ada', role: 'admin', organisationId });
    const saved = await api.call('PUT', `/organisations/${organisationId}`, {
      token: admin,
      body: { name: 'Example Organisation (fictional)', policyProfileId: 'stonewater' },
    });
    expect(saved.status).toBe(201);
    const annual = env.client.schedule.getHandle(reportingScheduleId(organisationId, 'annual'));
    expect((await annual.describe()).action).toMatchObject({ workflowType: 'reportingPackWorkflow' });
    await annual.delete();
  });
});
