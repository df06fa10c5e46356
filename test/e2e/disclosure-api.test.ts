import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { startApi, postJson, type RunningApi } from '../support/api-server';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { createDevServerEnv, createTestWorker } from '../support/temporal';
import { fictionalDisclosure } from '../fixtures/disclosures';

/** Through HTTP against a real Temporal dev server and real PostgreSQL. */
describe('opening a case from a disclosure', () => {
  const taskQueue = 'e2e-disclosures';
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let worker: Worker;
  let workerRun: Promise<void>;
  let api: RunningApi;

  beforeAll(async () => {
    [env, db] = await Promise.all([createDevServerEnv(), createTestDatabase()]);
    worker = await createTestWorker(env, db.pool, taskQueue);
    workerRun = worker.run();
    api = await startApi({ pool: db.pool, client: env.client, taskQueue });
  });

  afterAll(async () => {
    await api?.close();
    worker?.shutdown();
    await workerRun;
    await env?.teardown();
    await db?.drop();
  });

  it('starts one running case workflow, records the case in PostgreSQL and serves it back', async () => {
    const created = await postJson(`${api.baseUrl}/cases`, fictionalDisclosure(), { 'Idempotency-Key': 'e2e-open-0001' });
    expect(created.status).toBe(201);
    const { caseId, workflowId } = created.body;
    expect(workflowId).toBe(`case-${caseId}`);
    expect(created.headers.get('location')).toBe(`/cases/${caseId}`);

    const description = await env.client.workflow.getHandle(workflowId).describe();
    expect(description.status.name).toBe('RUNNING');

    const row = await db.pool.query('SELECT status, organisation_id, workflow_id FROM cases WHERE case_id = $1', [caseId]);
    expect(row.rows).toEqual([{ status: 'open', organisation_id: 'stonewater', workflow_id: workflowId }]);

    const fetched = await fetch(`${api.baseUrl}/cases/${caseId}`);
    expect(fetched.status).toBe(200);
    expect(await fetched.json()).toMatchObject({ caseId, status: 'open', caseOfficerId: 'officer-ada' });
  });

  it('returns the same case for a repeated Idempotency-Key and never starts a second workflow', async () => {
    const disclosure = fictionalDisclosure({ caseOfficerId: 'officer-grace' });
    const first = await postJson(`${api.baseUrl}/cases`, disclosure, { 'Idempotency-Key': 'e2e-repeat-0001' });
    const again = await Promise.all([1, 2, 3].map(() => postJson(`${api.baseUrl}/cases`, disclosure, { 'Idempotency-Key': 'e2e-repeat-0001' })));
    expect(first.status).toBe(201);
    for (const response of again) {
      expect(response.status).toBe(200);
      expect(response.body.caseId).toBe(first.body.caseId);
    }
    const officerCases = await db.pool.query("SELECT count(*)::int AS n FROM cases WHERE case_officer_id = 'officer-grace'");
    expect(officerCases.rows[0].n).toBe(1);
    let workflows = 0;
    for await (const _ of env.client.workflow.list({ query: `WorkflowId = '${first.body.workflowId}'` })) workflows += 1;
    expect(workflows).toBe(1);
  });

  it('refuses to reuse an Idempotency-Key for a different disclosure', async () => {
    await postJson(`${api.baseUrl}/cases`, fictionalDisclosure(), { 'Idempotency-Key': 'e2e-reuse-0001' });
    const reused = await postJson(`${api.baseUrl}/cases`, fictionalDisclosure({ immediateDanger: true }), { 'Idempotency-Key': 'e2e-reuse-0001' });
    expect(reused.status).toBe(422);
    expect(reused.body.detail).toMatch(/already used for a different disclosure/);
  });

  it('rejects invalid disclosures with the field and the reason, and records nothing', async () => {
    const before = await db.pool.query('SELECT count(*)::int AS n FROM cases');
    const missingKey = await postJson(`${api.baseUrl}/cases`, fictionalDisclosure());
    expect(missingKey.status).toBe(400);
    expect(missingKey.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(missingKey.body.errors[0]).toEqual({ field: 'header.Idempotency-Key', message: expect.stringMatching(/required/) });

    const sameOfficer = await postJson(
      `${api.baseUrl}/cases`,
      fictionalDisclosure({ perpetrator: { isResident: true, officerId: 'officer-ada' } }),
      { 'Idempotency-Key': 'e2e-invalid-0001' },
    );
    expect(sameOfficer.status).toBe(400);
    expect(sameOfficer.body.errors).toContainEqual({
      field: 'body.caseOfficerId',
      message: "the survivor's case officer cannot be the officer working with the perpetrator",
    });

    const unknownField = await postJson(`${api.baseUrl}/cases`, { ...fictionalDisclosure(), favouriteColour: 'teal' }, { 'Idempotency-Key': 'e2e-invalid-0002' });
    expect(unknownField.status).toBe(400);
    const notJson = await postJson(`${api.baseUrl}/cases`, '{"organisationId":', { 'Idempotency-Key': 'e2e-invalid-0003' });
    expect(notJson.status).toBe(400);
    expect(notJson.body.detail).toBe('the body is not valid JSON');

    const after = await db.pool.query('SELECT count(*)::int AS n FROM cases');
    expect(after.rows[0].n).toBe(before.rows[0].n);
  });

  it('answers 404 for an unknown case and 400 for a malformed case id', async () => {
    expect((await fetch(`${api.baseUrl}/cases/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await fetch(`${api.baseUrl}/cases/not-a-uuid`)).status).toBe(400);
  });
});
