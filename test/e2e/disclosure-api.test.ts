import { buildOpenApiDocument } from '../../src/api';
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { Principal } from '../../src/platform/auth';
import { disclosureSchema } from '../../src/case/disclosure';
import { shippedProfile } from '../support/profiles';
import { caseWorkflow } from '../../src/workflows';
import { DATA_CATEGORIES_MAX, REASONING_TEXT_MAX } from '../../src/case/commands';
import { caseWorkflowId } from '../../src/case/state';
import { startApi, type RunningApi } from '../support/api-server';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createDevServerEnv, createTestWorker } from '../support/temporal';
import { fictionalDisclosure } from '../fixtures/disclosures';
import { staffOf, stonewaterIdva, stonewaterStaff } from '../support/principals';

const stonewater = (staffId: string, role: Principal['role']) => stonewaterStaff(staffId, role, 'team-north');
const officer = stonewater('officer-ada', 'caseworker');
const manager = stonewater('mgr-bea', 'manager');
const auditor = stonewater('audit-fay', 'auditor');
const partner = stonewaterIdva;
const admin = stonewater('admin-gil', 'admin');
const kentOfficer = staffOf('kent')('officer-kit', 'caseworker', 'team-east');

/** Through HTTP against a real Temporal dev server and real PostgreSQL. */
describe('opening a case from a disclosure', () => {
  const taskQueue = 'e2e-disclosures';
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let worker: Worker;
  let workerRun: Promise<void>;
  let api: RunningApi;
  const tokens = new Map<Principal, string>();
  const as = (principal: Principal) => tokens.get(principal)!;

  /** Opens a case as the case officer and returns its projection. */
  async function openCase(key: string, overrides: Parameters<typeof fictionalDisclosure>[0] = {}) {
    const created = await api.call('POST', '/cases', {
      token: as(officer),
      body: fictionalDisclosure(overrides),
      headers: { 'Idempotency-Key': key },
    });
    expect(created.status).toBe(201);
    return created.body;
  }

  beforeAll(async () => {
    [env, db] = await Promise.all([createDevServerEnv(), createTestDatabase()]);
    worker = await createTestWorker(env, db.pool, taskQueue);
    workerRun = worker.run();
    api = await startApi({ pool: db.pool, client: env.client, taskQueue });
    for (const principal of [officer, manager, auditor, partner, admin, kentOfficer])
      tokens.set(principal, await api.tokenFor(principal));
  });

  afterAll(async () => {
    await api?.close();
    worker?.shutdown();
    await workerRun;
    await env?.teardown();
    await db?.drop();
  });

  it('starts one running case workflow, records the case in PostgreSQL and serves it back', async () => {
    const created = await api.call('POST', '/cases', {
      token: as(officer),
      body: fictionalDisclosure(),
      headers: { 'Idempotency-Key': 'e2e-open-0001' },
    });
    expect(created.status).toBe(201);
    const { caseId, workflowId } = created.body;
    expect(workflowId).toBe(`case-${caseId}`);
    expect(created.headers.get('location')).toBe(`/cases/${caseId}`);

    const description = await env.client.workflow.getHandle(workflowId).describe();
    expect(description.status.name).toBe('RUNNING');

    const row = await db.pool.query('SELECT status, organisation_id, workflow_id FROM cases WHERE case_id = $1', [
      caseId,
    ]);
    expect(row.rows).toEqual([{ status: 'open', organisation_id: 'stonewater', workflow_id: workflowId }]);

    const fetched = await api.call('GET', `/cases/${caseId}`, { token: as(officer) });
    expect(fetched.status).toBe(200);
    expect(fetched.body).toMatchObject({ caseId, status: 'open', caseOfficerId: 'officer-ada' });
    // An auditor reads it too, including the live state from the workflow.
    const state = await api.call('GET', `/cases/${caseId}/state`, { token: as(auditor) });
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({
      caseId,
      status: 'open',
      workflowId,
      disclosure: { caseOfficerId: 'officer-ada' },
    });
  });

  it('returns the same case for a repeated Idempotency-Key and never starts a second workflow', async () => {
    const disclosure = fictionalDisclosure({ caseOfficerId: 'officer-grace' });
    const post = () =>
      api.call('POST', '/cases', {
        token: as(officer),
        body: disclosure,
        headers: { 'Idempotency-Key': 'e2e-repeat-0001' },
      });
    const first = await post();
    const again = await Promise.all([1, 2, 3].map(post));
    expect(first.status).toBe(201);
    for (const response of again) {
      expect(response.status).toBe(200);
      expect(response.body.caseId).toBe(first.body.caseId);
    }
    const officerCases = await db.pool.query(
      "SELECT count(*)::int AS n FROM cases WHERE case_officer_id = 'officer-grace'",
    );
    expect(officerCases.rows[0].n).toBe(1);
    let workflows = 0;
    for await (const _ of env.client.workflow.list({ query: `WorkflowId = '${first.body.workflowId}'` }))
      workflows += 1;
    expect(workflows).toBe(1);
  });

  it('tells staff to call 999 when the survivor is in immediate danger, and only then', async () => {
    const danger = await api.call('POST', '/cases', {
      token: as(officer),
      body: fictionalDisclosure({ immediateDanger: true }),
      headers: { 'Idempotency-Key': 'e2e-danger-0001' },
    });
    expect(danger.status).toBe(201);
    expect(danger.body.guidance).toEqual([
      expect.stringMatching(/^Immediate danger: call 999 now/),
      'The DA lead has been alerted.',
    ]);
    const calm = await api.call('POST', '/cases', {
      token: as(officer),
      body: fictionalDisclosure(),
      headers: { 'Idempotency-Key': 'e2e-danger-0002' },
    });
    expect(calm.body.guidance).toBeUndefined();
  });

  it('refuses to reuse an Idempotency-Key for a different disclosure', async () => {
    await api.call('POST', '/cases', {
      token: as(officer),
      body: fictionalDisclosure(),
      headers: { 'Idempotency-Key': 'e2e-reuse-0001' },
    });
    const reused = await api.call('POST', '/cases', {
      token: as(officer),
      body: fictionalDisclosure({ immediateDanger: true }),
      headers: { 'Idempotency-Key': 'e2e-reuse-0001' },
    });
    expect(reused.status).toBe(422);
    expect(reused.body.detail).toMatch(/already used for a different disclosure/);
  });

  it('rejects invalid disclosures with the field and the reason, and records nothing', async () => {
    const before = await db.pool.query('SELECT count(*)::int AS n FROM cases');
    const post = (body: unknown, headers: Record<string, string> = {}) =>
      api.call('POST', '/cases', { token: as(officer), body, headers });
    const missingKey = await post(fictionalDisclosure());
    expect(missingKey.status).toBe(400);
    expect(missingKey.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(missingKey.body.errors[0]).toEqual({
      field: 'header.Idempotency-Key',
      message: expect.stringMatching(/required/),
    });

    const sameOfficer = await post(
      fictionalDisclosure({ perpetrator: { isResident: true, officerId: 'officer-ada' } }),
      { 'Idempotency-Key': 'e2e-invalid-0001' },
    );
    expect(sameOfficer.status).toBe(400);
    expect(sameOfficer.body.errors).toContainEqual({
      field: 'body.caseOfficerId',
      message: "the survivor's case officer cannot be the officer working with the perpetrator",
    });

    const unknownField = await post(
      { ...fictionalDisclosure(), favouriteColour: 'teal' },
      { 'Idempotency-Key': 'e2e-invalid-0002' },
    );
    expect(unknownField.status).toBe(400);
    const notJson = await post('{"organisationId":', { 'Idempotency-Key': 'e2e-invalid-0003' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.detail).toBe('the body is not valid JSON');

    const after = await db.pool.query('SELECT count(*)::int AS n FROM cases');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('answers 404 for an unknown case and 400 for a malformed case id', async () => {
    expect((await api.call('GET', '/cases/00000000-0000-4000-8000-000000000000', { token: as(officer) })).status).toBe(
      404,
    );
    expect((await api.call('GET', '/cases/not-a-uuid', { token: as(officer) })).status).toBe(400);
  });

  it('answers 401 without a valid bearer token, and keeps /healthz open', async () => {
    const anonymous = await api.call('POST', '/cases', {
      body: fictionalDisclosure(),
      headers: { 'Idempotency-Key': 'e2e-anon-0001' },
    });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Bearer');
    expect(anonymous.body.detail).toBe('a bearer token is required');
    expect((await api.call('GET', '/cases')).status).toBe(401);
    expect((await api.call('GET', '/alerts')).status).toBe(401);
    expect((await api.call('GET', '/no-such-route')).status).toBe(401);
    const forged = await api.call('GET', '/cases', { token: `${as(officer).slice(0, -4)}AAAA` });
    expect(forged.status).toBe(401);
    expect((await api.call('GET', '/healthz')).body).toEqual({ status: 'ok' });
  });

  it('lets an auditor read but not act, and keeps partners and admins off the case routes', async () => {
    const audited = await api.call('POST', '/cases', {
      token: as(auditor),
      body: fictionalDisclosure(),
      headers: { 'Idempotency-Key': 'e2e-auditor-0001' },
    });
    expect(audited.status).toBe(403);
    expect(audited.body.detail).toBe('this action needs one of: caseworker, manager, da_lead, head_of_service');
    const { caseId } = await openCase('e2e-roles-0001');
    expect((await api.call('GET', `/cases/${caseId}`, { token: as(auditor) })).status).toBe(200);
    const contact = { outcome: 'reached', channel: 'phone' };
    expect(
      (await api.call('POST', `/cases/${caseId}/contact-attempts`, { token: as(auditor), body: contact })).status,
    ).toBe(403);
    for (const outsider of [partner, admin]) {
      expect((await api.call('GET', `/cases/${caseId}`, { token: as(outsider) })).status).toBe(403);
      expect((await api.call('GET', '/cases', { token: as(outsider) })).status).toBe(403);
      expect(
        (await api.call('POST', `/cases/${caseId}/contact-attempts`, { token: as(outsider), body: contact })).status,
      ).toBe(403);
      expect((await api.call('GET', '/alerts', { token: as(outsider) })).status).toBe(403);
    }
  });

  it("hides another organisation's cases: 404 as if they did not exist, and never in its listing", async () => {
    const { caseId } = await openCase('e2e-other-org-0001');
    const unknown = await api.call('GET', '/cases/00000000-0000-4000-8000-000000000000', { token: as(kentOfficer) });
    for (const [method, path] of [
      ['GET', `/cases/${caseId}`],
      ['GET', `/cases/${caseId}/state`],
      ['POST', `/cases/${caseId}/contact-attempts`],
    ] as const) {
      const response = await api.call(method, path, {
        token: as(kentOfficer),
        body: method === 'POST' ? { outcome: 'reached', channel: 'phone' } : undefined,
      });
      expect(response.status).toBe(404);
      expect(response.body.title).toBe(unknown.body.title);
    }
    const listed = await api.call('GET', '/cases', { token: as(kentOfficer) });
    expect(listed.body).toEqual({ items: [], total: 0, limit: 25, offset: 0 });
    // Nor may its staff open a case in the name of another organisation.
    const foreign = await api.call('POST', '/cases', {
      token: as(kentOfficer),
      body: fictionalDisclosure(),
      headers: { 'Idempotency-Key': 'e2e-other-org-0002' },
    });
    expect(foreign.status).toBe(403);
    expect(foreign.body.errors).toEqual([{ field: 'body.organisationId', message: 'is not your organisation' }]);
  });

  it('lists the organisation’s cases from the projection, filtered and paged, with the query validated', async () => {
    await openCase('e2e-list-0001', { caseOfficerId: 'officer-hal' });
    await openCase('e2e-list-0002', { caseOfficerId: 'officer-hal' });
    const list = (query: string) => api.call('GET', `/cases${query}`, { token: as(manager) });
    const hal = await list('?caseOfficerId=officer-hal&status=open&riskLevel=unassessed&breached=false&limit=1');
    expect(hal.status).toBe(200);
    expect(hal.body).toMatchObject({
      total: 2,
      limit: 1,
      offset: 0,
      items: [{ caseOfficerId: 'officer-hal', organisationId: 'stonewater' }],
    });
    const next = await list('?caseOfficerId=officer-hal&limit=1&offset=1');
    expect(next.body.items).toHaveLength(1);
    expect(next.body.items[0].caseId).not.toBe(hal.body.items[0].caseId);
    expect((await list('?caseOfficerId=officer-hal&status=closed')).body.total).toBe(0);

    const invalid = await list('?limit=0&breached=maybe&riskLevel=severe&colour=teal');
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((error: { field: string }) => error.field).sort()).toEqual([
      'query',
      'query.breached',
      'query.limit',
      'query.riskLevel',
    ]);
  });

  it('runs case actions as the signed-in principal and maps the workflow’s refusals to 400, 403, 404 and 409', async () => {
    const { caseId, workflowId } = await openCase('e2e-actions-0001');
    const act = (path: string, body: unknown, who: Principal = officer) =>
      api.call('POST', `/cases/${caseId}${path}`, { token: as(who), body });

    const contact = await act('/contact-attempts', { outcome: 'reached', channel: 'phone' });
    expect(contact.status).toBe(200);
    // It answers with the attempt it recorded and the case's version, not the whole case.
    expect(contact.body).toEqual({
      caseId,
      stateVersion: expect.any(Number),
      status: 'open',
      entry: expect.objectContaining({ by: 'officer-ada', outcome: 'reached', channel: 'phone' }),
    });
    expect((await api.call('GET', `/cases/${caseId}/state`, { token: as(officer) })).body.contactAttempts).toEqual([
      expect.objectContaining({ by: 'officer-ada', outcome: 'reached', channel: 'phone' }),
    ]);

    // The body is the command without its actor; unknown and misplaced fields are named.
    const invalid = await act('/contact-attempts', { outcome: 'reached', channel: 'pigeon', mood: 'calm' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors.map((error: { field: string }) => error.field).sort()).toEqual(['body', 'body.channel']);
    const impersonating = await act('/contact-attempts', {
      outcome: 'reached',
      channel: 'phone',
      actor: { staffId: 'lead-cai', role: 'da_lead' },
    });
    expect(impersonating.status).toBe(400);
    expect(impersonating.body.errors).toEqual([
      { field: 'body.actor', message: expect.stringMatching(/bearer token/) },
    ]);
    const misplaced = await act('/sharing-requests/abc/release', { requestId: 'def' });
    expect(misplaced.body.errors).toEqual([
      { field: 'body.requestId', message: expect.stringMatching(/given in the path/) },
    ]);
    expect((await act('/closure', [])).status).toBe(400);
    const untold = await act(
      '/sharing-requests/abc/lawful-basis',
      { basis: 'legal_duty', rationale: 'a court order requires this disclosure', tellSurvivor: false },
      manager,
    );
    expect(untold.status).toBe(400);
    expect(untold.body.errors).toEqual([
      { field: 'body.reasonNotTelling', message: 'record why the survivor will not be told' },
    ]);

    // The workflow's own refusals: not permitted for the role (403), not possible now (409).
    const review = await act('/reviews', { notes: 'looked at it' });
    expect(review.status).toBe(403);
    expect(review.body.detail).toBe('a case review is recorded by a manager, DA lead or head of service');
    const release = await act('/sharing-requests/no-such-request/release', {});
    expect(release.status).toBe(409);
    expect(release.body.detail).toBe('no sharing request no-such-request on this case');
    expect((await act('/reviews', { notes: 'plan in place' }, manager)).status).toBe(200);

    // A finished workflow (here: terminated) takes no more actions.
    await env.client.workflow.getHandle(workflowId).terminate('e2e: finished');
    const late = await act('/contact-attempts', { outcome: 'reached', channel: 'phone' });
    expect(late.status).toBe(409);
    expect(late.body.detail).toMatch(/workflow has finished/);
  });

  it('refuses an over-long list or reason in a case action with 400 naming the field, and records nothing', async () => {
    const { caseId } = await openCase('e2e-bounds-0001');
    const act = (path: string, body: unknown, who: Principal = officer) =>
      api.call('POST', `/cases/${caseId}${path}`, { token: as(who), body });
    const categories = Array.from({ length: DATA_CATEGORIES_MAX + 1 }, (_, index) => `test category ${index}`);
    const scope = { agency: 'Test agency', purpose: 'test purpose', dataCategories: categories };

    const sharing = await act('/sharing-requests', scope);
    expect(sharing.status).toBe(400);
    expect(sharing.body.errors).toEqual([
      { field: 'body.dataCategories', message: `name at most ${DATA_CATEGORIES_MAX} categories of information` },
    ]);
    const consent = await act('/consents', { decision: 'given', scope });
    expect(consent.status).toBe(400);
    expect(consent.body.errors).toEqual([
      { field: 'body.scope.dataCategories', message: `name at most ${DATA_CATEGORIES_MAX} categories of data` },
    ]);
    const basis = await act(
      '/sharing-requests/r-1/lawful-basis',
      { basis: 'legal_duty', rationale: 'r'.repeat(REASONING_TEXT_MAX + 1), tellSurvivor: true },
      manager,
    );
    expect(basis.status).toBe(400);
    expect(basis.body.errors).toEqual([
      { field: 'body.rationale', message: `keep it to ${REASONING_TEXT_MAX} characters` },
    ]);

    const state = await api.call('GET', `/cases/${caseId}/state`, { token: as(officer) });
    expect(state.status).toBe(200);
    expect(state.body.sharing).toEqual({ requests: [], consents: [], approvals: [] });
  });

  it('answers 503, not a hang, when no worker answers for the case', async () => {
    // A case whose workflow waits on a task queue no worker polls.
    const caseId = randomUUID();
    const disclosure = disclosureSchema.parse(fictionalDisclosure());
    const handle = await env.client.workflow.start(caseWorkflow, {
      workflowId: caseWorkflowId(caseId),
      taskQueue: 'e2e-no-worker',
      args: [{ caseId, openedAt: new Date().toISOString(), disclosure, profile: shippedProfile('stonewater') }],
    });
    await db.pool.query(
      `INSERT INTO cases (case_id, workflow_id, organisation_id, policy_profile, policy_version, status, risk_level, case_officer_id, team_id, opened_at, updated_at, state_version)
       VALUES ($1, $2, 'stonewater', 'stonewater', '1.0.0', 'open', 'unassessed', 'officer-ada', 'team-north', now(), now(), 1)`,
      [caseId, handle.workflowId],
    );
    const impatient = await startApi({ pool: db.pool, client: env.client, taskQueue, caseCallTimeoutMs: 1_500 });
    try {
      const token = await impatient.tokenFor(officer);
      const update = await impatient.call('POST', `/cases/${caseId}/contact-attempts`, {
        token,
        body: { outcome: 'reached', channel: 'phone' },
      });
      expect(update.status).toBe(503);
      expect(update.body.detail).toMatch(/did not answer in time/);
      expect(update.body.type).toBe('/problems/no-answer-in-time');
      const read = await impatient.call('GET', `/cases/${caseId}/state`, { token });
      expect(read).toMatchObject({
        status: 503,
        body: { type: '/problems/no-answer-in-time', detail: expect.stringMatching(/did not answer in time/) },
      });
    } finally {
      await impatient.close();
      await handle.terminate('e2e: done');
    }
  });

  it('opens a case from the documented example of POST /cases, as “Try it out” sends it', async () => {
    const operation = (buildOpenApiDocument().paths!['/cases'] as any).post;
    const example = operation.requestBody.content['application/json'].example;
    const idempotencyKey = operation.parameters.find((parameter: any) => parameter.name === 'Idempotency-Key').schema
      .example;
    expect(idempotencyKey).toMatch(/^example-/);
    const opened = await api.call('POST', '/cases', {
      token: as(officer),
      body: example,
      headers: { 'Idempotency-Key': idempotencyKey },
    });
    expect([200, 201, 202]).toContain(opened.status);
    expect(opened.body.caseId).toEqual(expect.any(String));
  });

  it('takes the documented example of each case action, in the order casework does them, on a fresh case', async () => {
    const { caseId } = await openCase('e2e-documented-examples-0001');
    const paths = buildOpenApiDocument().paths as Record<string, any>;
    const steps: [string, Principal][] = [
      ['contact-attempts', officer],
      ['dash', officer],
      ['safety-plan', officer],
      ['safety-plan/review', officer],
      ['sharing-requests', officer],
      ['consents', officer],
      ['reviews', manager],
      ['closure', manager],
    ];
    for (const [action, principal] of steps) {
      const example = paths[`/cases/{caseId}/${action}`].post.requestBody.content['application/json'].example;
      const sent = await api.call('POST', `/cases/${caseId}/${action}`, { token: as(principal), body: example });
      expect({ action, status: sent.status, body: sent.status < 300 ? 'ok' : sent.body }).toEqual({
        action,
        status: 200,
        body: 'ok',
      });
    }
  });

  it('answers 415 naming the type expected for a body that is not sent as JSON', async () => {
    const { caseId } = await openCase('e2e-media-type-0001');
    for (const contentType of ['text/plain;charset=UTF-8', 'application/x-www-form-urlencoded']) {
      const sent = await api.call('POST', `/cases/${caseId}/contact-attempts`, {
        token: as(officer),
        body: JSON.stringify({ outcome: 'reached', channel: 'phone' }),
        headers: { 'content-type': contentType },
      });
      expect(sent).toMatchObject({
        status: 415,
        body: {
          type: '/problems/unsupported-media-type',
          errors: [{ field: 'header.Content-Type', message: 'must be application/json' }],
        },
      });
    }
    // An action without a body needs no Content-Type.
    expect(
      (await api.call('POST', '/alerts/00000000-0000-4000-8000-000000000000/acknowledgement', { token: as(manager) }))
        .status,
    ).toBe(404);
  });

  it('validates the alert inbox query and answers 404 for an alert outside the inbox', async () => {
    const inbox = await api.call('GET', '/alerts?limit=101', { token: as(manager) });
    expect(inbox.status).toBe(400);
    expect(inbox.body.errors).toEqual([{ field: 'query.limit', message: 'limit must be at most 100' }]);
    expect((await api.call('GET', '/alerts', { token: as(manager) })).body).toMatchObject({ items: [], total: 0 });
    const unknown = await api.call('POST', '/alerts/00000000-0000-4000-8000-000000000000/acknowledgement', {
      token: as(manager),
    });
    expect(unknown.status).toBe(404);
    expect(
      (await api.call('POST', '/alerts/00000000-0000-4000-8000-000000000000/acknowledgement', { token: as(auditor) }))
        .status,
    ).toBe(403);
  });
});
