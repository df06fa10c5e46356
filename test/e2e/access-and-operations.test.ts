import { Client as PgClient } from 'pg';
import { verifyAllChains } from '../../src/audit';
import type { Principal } from '../../src/platform/auth';
import { createPool } from '../../src/platform/db/pool';
import { fictionalDisclosure } from '../fixtures/disclosures';
import { startApi, type ApiResponse, type RunningApi } from '../support/api-server';
import { eventually, seedStaff, startCaseHarness, type CaseHarness } from '../support/case-harness';
import { withUnwritableAccessLog } from '../support/database';
import { openEventStream, type EventStream } from '../support/event-stream';
import { stonewaterIdva, stonewaterStaff } from '../support/principals';

const stonewater = stonewaterStaff;
const officer = stonewater('officer-ada', 'caseworker', 'team-north');
const southOfficer = stonewater('officer-ian', 'caseworker', 'team-south');
/** works with the perpetrator of the first case, in the same team as its officer */
const perpetratorOfficer = stonewater('officer-pat', 'caseworker', 'team-north');
const manager = stonewater('mgr-bea', 'manager', 'team-north');
const daLead = stonewater('lead-cai', 'da_lead');
/** a DA lead who works with the perpetrator of the immediate-danger case */
const perpetratorLead = stonewater('lead-pat', 'da_lead');
const auditor = stonewater('audit-fay', 'auditor');
const partner = stonewaterIdva;
const kentLead: Principal = { staffId: 'lead-kim', role: 'da_lead', organisationId: 'kent' };

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const contact = { outcome: 'reached', channel: 'phone' };

/**
 * Need-to-know, the access and audit logs, and what operators get (/readyz, /metrics, the live
 * alert stream), through real HTTP on the time-skipping server with a real worker and PostgreSQL.
 */
describe('need-to-know, logs and operations over HTTP', () => {
  let harness: CaseHarness;
  let api: RunningApi;
  const tokens = new Map<Principal, string>();
  const streams: EventStream[] = [];
  const extraApis: RunningApi[] = [];

  const call = (
    who: Principal,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiResponse> => api.call(method, path, { token: tokens.get(who)!, body, headers });

  let opened = 0;
  async function openCase(who: Principal, overrides: Parameters<typeof fictionalDisclosure>[0] = {}): Promise<string> {
    opened += 1;
    const response = await call(who, 'POST', '/cases', fictionalDisclosure(overrides), {
      'Idempotency-Key': `e2e-access-${String(opened).padStart(4, '0')}`,
    });
    expect(response.status).toBe(201);
    return response.body.caseId;
  }

  /**
   * Records who works with the perpetrator as the projection will once the case workflow projects
   * it (the disclosure's perpetrator.officerId); a no-op when it already does.
   */
  async function projectPerpetratorOfficer(caseId: string, staffId: string): Promise<void> {
    await harness.db.pool.query(
      'UPDATE cases SET perpetrator_officer_id = $2 WHERE case_id = $1 AND perpetrator_officer_id IS NULL',
      [caseId, staffId],
    );
    const row = await harness.db.pool.query('SELECT perpetrator_officer_id FROM cases WHERE case_id = $1', [caseId]);
    expect(row.rows).toEqual([{ perpetrator_officer_id: staffId }]);
  }

  async function openStream(who: Principal, on: RunningApi = api): Promise<EventStream> {
    const stream = await openEventStream(`${on.baseUrl}/alerts/stream`, {
      authorization: `Bearer ${tokens.get(who) ?? (await on.tokenFor(who))}`,
    });
    expect(stream.status).toBe(200);
    expect(stream.contentType).toMatch(/^text\/event-stream/);
    streams.push(stream);
    await eventually(
      async () => stream.events,
      (seen) => seen.some((event) => event.event === 'ready'),
      10_000,
    );
    expect(stream.events[0]).toMatchObject({ event: 'ready' });
    return stream;
  }

  beforeAll(async () => {
    harness = await startCaseHarness();
    await seedStaff(harness.db, 'stonewater');
    api = await startApi({ pool: harness.db.pool, client: harness.env.client, taskQueue: harness.taskQueue });
    for (const principal of [
      officer,
      southOfficer,
      perpetratorOfficer,
      manager,
      daLead,
      perpetratorLead,
      auditor,
      partner,
      kentLead,
    ]) {
      tokens.set(principal, await api.tokenFor(principal));
    }
  });

  afterAll(async () => {
    for (const stream of streams) await stream.close();
    for (const extra of extraApis) await extra.close();
    await api?.close();
    await harness?.stop();
  });

  it("hides a case from another team's caseworker and from the perpetrator's officer, and shows the manager every case", async () => {
    const north = await openCase(officer, { perpetrator: { isResident: false, officerId: 'officer-pat' } });
    const south = await openCase(manager, { caseOfficerId: 'officer-ian', teamId: 'team-south' });
    await projectPerpetratorOfficer(north, 'officer-pat');
    const unknown = await call(officer, 'GET', '/cases/00000000-0000-4000-8000-000000000000');
    const listed = async (who: Principal) =>
      (await call(who, 'GET', '/cases?limit=100')).body.items.map((item: { caseId: string }) => item.caseId);

    // Another team's caseworker: 404 exactly as for a case that does not exist, and not listed.
    for (const [method, path] of [
      ['GET', `/cases/${north}`],
      ['GET', `/cases/${north}/state`],
      ['POST', `/cases/${north}/contact-attempts`],
    ] as const) {
      const response = await call(southOfficer, method, path, method === 'POST' ? contact : undefined);
      expect({ path, status: response.status, title: response.body.title }).toEqual({
        path,
        status: 404,
        title: unknown.body.title,
      });
    }
    expect(await listed(southOfficer)).toEqual([south]);
    expect((await call(southOfficer, 'GET', `/cases/${south}`)).status).toBe(200);
    // ...and the other way round.
    expect((await call(officer, 'GET', `/cases/${south}`)).status).toBe(404);
    expect((await call(officer, 'GET', `/cases/${north}`)).status).toBe(200);

    // The perpetrator's officer, in the case's own team: never, by any route.
    for (const [method, path] of [
      ['GET', `/cases/${north}`],
      ['GET', `/cases/${north}/state`],
      ['GET', `/cases/${north}/marac/1`],
      ['POST', `/cases/${north}/contact-attempts`],
    ] as const) {
      const response = await call(perpetratorOfficer, method, path, method === 'POST' ? contact : undefined);
      expect({ path, status: response.status }).toEqual({ path, status: 404 });
    }
    expect(await listed(perpetratorOfficer)).not.toContain(north);
    expect(await listed(officer)).toContain(north);

    // The manager sees every case of the organisation, whichever team.
    const managed = await listed(manager);
    expect(managed).toEqual(expect.arrayContaining([north, south]));
    expect((await call(manager, 'GET', `/cases/${south}/state`)).status).toBe(200);
    // Another organisation's DA lead sees none of them.
    expect(await listed(kentLead)).toEqual([]);
  });

  it('serves a case just opened, before its projection is written, under the same need-to-know', async () => {
    // The projection cannot be written while this transaction holds the table (reads still pass).
    const blocker = new PgClient({ connectionString: harness.db.url });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE cases IN EXCLUSIVE MODE');
      const opening = await call(
        officer,
        'POST',
        '/cases',
        fictionalDisclosure({ perpetrator: { isResident: false, officerId: 'officer-pat' } }),
        {
          'Idempotency-Key': 'e2e-access-unprojected',
        },
      );
      expect(opening.status).toBe(202);
      const { caseId } = opening.body;

      const read = await call(officer, 'GET', `/cases/${caseId}`);
      expect(read.status).toBe(200);
      expect(read.body).toMatchObject({
        caseId,
        organisationId: 'stonewater',
        caseOfficerId: 'officer-ada',
        teamId: 'team-north',
        status: 'open',
      });
      expect(read.body).not.toHaveProperty('perpetratorOfficerId');
      expect((await call(manager, 'GET', `/cases/${caseId}`)).status).toBe(200);
      // Others answer exactly as for a case that was never opened.
      const neverOpened = await call(officer, 'GET', '/cases/00000000-0000-4000-8000-000000000001');
      expect(neverOpened.status).toBe(404);
      for (const outsider of [kentLead, southOfficer, perpetratorOfficer]) {
        const refused = await call(outsider, 'GET', `/cases/${caseId}`);
        expect(refused.status).toBe(404);
        expect(refused.body.title).toBe(neverOpened.body.title);
      }
      expect((await call(southOfficer, 'POST', `/cases/${caseId}/contact-attempts`, contact)).status).toBe(404);

      // The officer's action reaches the workflow; it answers once the case is projected.
      const action = call(officer, 'POST', `/cases/${caseId}/contact-attempts`, contact);
      await eventually(
        async () => (await call(officer, 'GET', `/cases/${caseId}/state`)).body.contactAttempts,
        (attempts) => Array.isArray(attempts) && attempts.length === 1,
      );
      await blocker.query('ROLLBACK');
      expect((await action).status).toBe(200);
    } finally {
      await blocker.end();
    }
  });

  it('logs every case read before answering, and every action with its outcome, actor and reason', async () => {
    const caseId = await openCase(officer);
    const opened = await harness.db.pool.query(
      "SELECT actor_staff_id, actor_role, organisation_id, outcome, detail FROM audit_log WHERE case_id = $1 AND action = 'case.opened'",
      [caseId],
    );
    expect(opened.rows).toEqual([
      {
        actor_staff_id: 'officer-ada',
        actor_role: 'caseworker',
        organisation_id: 'stonewater',
        outcome: 'accepted',
        detail: { status: 201 },
      },
    ]);

    // An auditor's reads are in the access log.
    expect((await call(auditor, 'GET', `/cases/${caseId}`)).status).toBe(200);
    expect((await call(auditor, 'GET', `/cases/${caseId}/state`)).status).toBe(200);
    const reads = await harness.db.pool.query(
      'SELECT actor_staff_id, actor_role, organisation_id, resource FROM access_log WHERE case_id = $1 ORDER BY seq',
      [caseId],
    );
    expect(reads.rows).toEqual([
      { actor_staff_id: 'audit-fay', actor_role: 'auditor', organisation_id: 'stonewater', resource: 'case' },
      { actor_staff_id: 'audit-fay', actor_role: 'auditor', organisation_id: 'stonewater', resource: 'case.state' },
    ]);

    // Actions: refused by role, by the workflow, by need-to-know; and accepted.
    expect((await call(auditor, 'POST', `/cases/${caseId}/contact-attempts`, contact)).status).toBe(403);
    expect((await call(officer, 'POST', `/cases/${caseId}/reviews`, { notes: 'looked at it' })).status).toBe(403);
    expect((await call(southOfficer, 'POST', `/cases/${caseId}/contact-attempts`, contact)).status).toBe(404);
    expect((await call(officer, 'POST', `/cases/${caseId}/sharing-requests/no-such-request/release`, {})).status).toBe(
      409,
    );
    expect((await call(officer, 'POST', `/cases/${caseId}/contact-attempts`, contact)).status).toBe(200);
    const actions = await harness.db.pool.query(
      "SELECT actor_staff_id, actor_role, action, outcome, detail FROM audit_log WHERE case_id = $1 AND action <> 'case.opened' ORDER BY seq",
      [caseId],
    );
    expect(actions.rows).toEqual([
      {
        actor_staff_id: 'audit-fay',
        actor_role: 'auditor',
        action: 'case.update.recordContactAttempt',
        outcome: 'refused',
        detail: { status: 403, reason: 'Forbidden' },
      },
      {
        actor_staff_id: 'officer-ada',
        actor_role: 'caseworker',
        action: 'case.update.recordManagerReview',
        outcome: 'refused',
        detail: { status: 403, reason: 'NotPermitted' },
      },
      {
        actor_staff_id: 'officer-ian',
        actor_role: 'caseworker',
        action: 'case.update.recordContactAttempt',
        outcome: 'refused',
        detail: { status: 404, reason: 'CaseNotVisible' },
      },
      {
        actor_staff_id: 'officer-ada',
        actor_role: 'caseworker',
        action: 'case.update.releaseInformation',
        outcome: 'refused',
        detail: { status: 409, reason: 'NotPossible', requestId: 'no-such-request' },
      },
      {
        actor_staff_id: 'officer-ada',
        actor_role: 'caseworker',
        action: 'case.update.recordContactAttempt',
        outcome: 'accepted',
        detail: { status: 200 },
      },
    ]);
    // Nothing of the request's content went into either log.
    const everything = JSON.stringify((await harness.db.pool.query('SELECT * FROM audit_log')).rows);
    expect(everything).not.toContain('looked at it');
    expect(everything).not.toContain('FICTIONAL-TENANCY');
    expect((await verifyAllChains(harness.db.pool)).every((chain) => chain.ok)).toBe(true);
  });

  it('answers 503 and withholds the case when the access log cannot be written', async () => {
    const caseId = await openCase(officer);
    const unlogged = await startApi({
      pool: withUnwritableAccessLog(harness.db.pool),
      client: harness.env.client,
      taskQueue: harness.taskQueue,
    });
    extraApis.push(unlogged);
    const read = await unlogged.call('GET', `/cases/${caseId}`, { token: await unlogged.tokenFor(auditor) });
    expect(read.status).toBe(503);
    expect(read.body).toMatchObject({ title: 'Log unavailable' });
    expect(JSON.stringify(read.body)).not.toContain(caseId);
  });

  it('reports readiness on /readyz, and 503 naming the database when its pool is gone; /healthz stays live', async () => {
    const ready = await api.call('GET', '/readyz');
    expect(ready).toMatchObject({ status: 200, body: { status: 'ready', checks: { database: 'ok', temporal: 'ok' } } });

    const deadPool = createPool(harness.db.url, 1);
    await deadPool.end();
    const broken = await startApi({ pool: deadPool, client: harness.env.client, taskQueue: harness.taskQueue });
    extraApis.push(broken);
    const notReady = await broken.call('GET', '/readyz');
    expect(notReady).toMatchObject({
      status: 503,
      body: { status: 'not_ready', checks: { database: 'failed', temporal: 'ok' } },
    });
    expect((await broken.call('GET', '/healthz')).status).toBe(200);
  });

  it('exposes Prometheus metrics by route template, with no id anywhere', async () => {
    const caseId = await openCase(officer);
    expect((await call(officer, 'GET', `/cases/${caseId}`)).status).toBe(200);
    expect((await call(southOfficer, 'GET', `/cases/${caseId}`)).status).toBe(404);
    const response = await fetch(`${api.baseUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    expect(text).toMatch(/^http_requests_total\{method="GET",route="\/cases\/:caseId",status="200"\} \d+$/m);
    expect(text).toMatch(/^http_requests_total\{method="GET",route="\/cases\/:caseId",status="404"\} \d+$/m);
    expect(text).toMatch(
      /^http_requests_total\{method="POST",route="\/cases\/:caseId\/contact-attempts",status="200"\} \d+$/m,
    );
    expect(text).toMatch(
      /^http_request_duration_seconds_bucket\{le="0\.1",method="GET",route="\/cases\/:caseId",status="200"\} \d+$/m,
    );
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).not.toMatch(UUID);
    for (const staffId of ['officer-ada', 'officer-ian', 'audit-fay', 'lead-cai']) expect(text).not.toContain(staffId);
  });

  it('streams new alerts to whoever may see them, as they are stored', async () => {
    expect((await api.call('GET', '/alerts/stream')).status).toBe(401);
    expect((await api.call('GET', '/alerts/stream', { token: tokens.get(partner)! })).status).toBe(403);
    const [leadStream, kentStream, southStream] = [
      await openStream(daLead),
      await openStream(kentLead),
      await openStream(southOfficer),
    ];

    // Immediate danger: the DA lead is told at once, on the stream too.
    const caseId = await openCase(officer, {
      immediateDanger: true,
      perpetrator: { isResident: true, officerId: 'lead-pat' },
    });
    const danger = await eventually(
      // Out of hours the on-call alert reaches the DA lead too (nobody is on the rota): take the DA lead's own.
      async () => leadStream.alerts().find((alert) => alert.caseId === caseId && alert.recipientRole === 'da_lead'),
      (found) => found !== undefined,
    );
    expect(danger).toMatchObject({
      caseId,
      kind: 'immediate_danger',
      recipientRole: 'da_lead',
      recipientStaffIds: ['lead-cai'],
      acknowledgedAt: null,
    });
    // Its id is its place in the feed, after the stream's start, for a reconnecting client's Last-Event-ID.
    const [ready, first] = [
      leadStream.events.find((event) => event.event === 'ready'),
      leadStream.events.find((event) => event.event === 'alert'),
    ];
    expect(BigInt(first!.id!)).toBeGreaterThan(BigInt(ready!.id!));
    // It is the same alert the inbox holds.
    const inbox = await call(daLead, 'GET', '/alerts');
    expect(inbox.body.items).toContainEqual(danger);

    // The perpetrator's officer is a DA lead too, but never learns of the survivor's case.
    await projectPerpetratorOfficer(caseId, 'lead-pat');
    const perpetratorStream = await openStream(perpetratorLead);
    const dash = await call(officer, 'POST', `/cases/${caseId}/dash`, {
      assessment: { kind: 'count', yesCount: 15, policeCallOutsLast12Months: 0 },
    });
    expect(dash.body).toMatchObject({ level: 'high' });
    const highRisk = await eventually(
      async () => leadStream.alerts().find((alert) => alert.caseId === caseId && alert.kind === 'high_risk'),
      (found) => found !== undefined,
    );
    expect(highRisk).toBeDefined();
    expect(
      (await call(perpetratorLead, 'GET', '/alerts')).body.items.filter(
        (alert: { caseId: string }) => alert.caseId === caseId,
      ),
    ).toEqual([]);

    // Give any wrongly addressed event time to arrive, then check that none did.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(perpetratorStream.alerts()).toEqual([]);
    expect(kentStream.alerts()).toEqual([]);
    expect(southStream.alerts()).toEqual([]);
  });
});
