import { actionUpdateId } from '../../src/case/idempotency';
import { randomUUID } from 'node:crypto';
import type { Connection } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { createPool } from '../../src/platform/db/pool';
import { freeLoopbackPort } from '../../src/platform/runtime/ports';
import { connectTemporalClient } from '../../src/platform/runtime/services';
import { caseWorkflowId } from '../../src/case/state';
import { fictionalDisclosure } from '../fixtures/disclosures';
import { startApi, type ApiResponse, type RunningApi } from '../support/api-server';
import { eventually, seedStaff, startCaseWorkflow } from '../support/case-harness';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';
import { createDevServerEnv, createTestWorker, testDataConverter } from '../support/temporal';
import { stonewaterStaff } from '../support/principals';

const officer = stonewaterStaff('officer-ada', 'caseworker', 'team-north');
const auditor = stonewaterStaff('audit-fay', 'auditor');
const contactAttempt = { outcome: 'not_reached', channel: 'text' };

/**
 * The API as production connects it (src/platform/runtime/services.ts), against a real Temporal dev server
 * behind a loopback proxy that the test cuts, and real PostgreSQL.
 */
describe('outages and retried actions over HTTP', () => {
  const taskQueue = `e2e-outages-${randomUUID()}`;
  let env: TestWorkflowEnvironment;
  let db: TestDatabase;
  let worker: Worker | undefined;
  let workerRun: Promise<void> | undefined;
  let proxy: TcpProxy;
  let connection: Connection;
  let api: RunningApi;
  let token: string;

  const startWorker = async () => {
    worker = await createTestWorker(env, db.pool, taskQueue);
    workerRun = worker.run();
  };
  const stopWorker = async () => {
    worker?.shutdown();
    await workerRun;
    worker = undefined;
  };
  const act = (caseId: string, body: unknown, idempotencyKey?: string) =>
    api.call('POST', `/cases/${caseId}/contact-attempts`, {
      token,
      body,
      headers: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : {},
    });
  /** After an outage the API's connection comes back within seconds of the server. */
  const reachableAgain = async (caseId: string) => {
    await eventually(
      () => api.call('GET', `/cases/${caseId}/state`, { token }),
      (read) => read.status === 200,
      30_000,
    );
  };
  const contactAttempts = async (caseId: string): Promise<number> =>
    (await api.call('GET', `/cases/${caseId}/state`, { token })).body.contactAttempts.length;

  /** What the audit log recorded of the case's refused actions: the reason, and whether they may have taken effect. */
  const refusedActions = async (caseId: string) =>
    (
      await db.pool.query<{ reason: string; may_have_taken_effect: boolean | null }>(
        `SELECT detail->>'reason' AS reason, (detail->'mayHaveTakenEffect')::boolean AS may_have_taken_effect
           FROM audit_log WHERE case_id = $1 AND outcome = 'refused' ORDER BY seq`,
        [caseId],
      )
    ).rows;

  async function openCase(): Promise<string> {
    const opened = await api.call('POST', '/cases', {
      token,
      body: fictionalDisclosure(),
      headers: { 'Idempotency-Key': `outage-open-${randomUUID()}` },
    });
    expect(opened.status).toBe(201);
    return opened.body.caseId;
  }

  beforeAll(async () => {
    [env, db] = await Promise.all([createDevServerEnv(), createTestDatabase()]);
    await seedStaff(db, 'stonewater');
    await startWorker();
    proxy = await startTcpProxy(env.address);
    const connected = await connectTemporalClient(proxy.address, env.namespace ?? 'default', testDataConverter);
    connection = connected.connection;
    api = await startApi({ pool: db.pool, client: connected.client, taskQueue, caseCallTimeoutMs: 60_000 });
    token = await api.tokenFor(officer);
  });

  afterAll(async () => {
    await api?.close();
    await connection?.close();
    await proxy?.close();
    await stopWorker();
    await env?.teardown();
    await db?.drop();
  });

  describe('an action sent with an Idempotency-Key', () => {
    it('is applied once however often it is retried, and every retry answers the first result', async () => {
      const caseId = await openCase();
      const first = await act(caseId, contactAttempt, 'retry-key-0001');
      expect(first.status).toBe(200);
      const again = await act(caseId, contactAttempt, 'retry-key-0001');
      expect(again).toMatchObject({ status: 200, body: first.body });
      expect(await contactAttempts(caseId)).toBe(1);
    });

    it('answers the first result after the case has continued as new', async () => {
      const caseId = randomUUID();
      const handle = await startCaseWorkflow(env.client, taskQueue, { caseId, continueAsNewAfterEvents: 60 });
      await eventually(
        () => api.call('GET', `/cases/${caseId}`, { token }),
        (found) => found.status === 200,
      );
      const first = await act(caseId, contactAttempt, 'before-continue-0001');
      expect(first.status).toBe(200);
      const firstRunId = (await handle.describe()).runId;
      for (let attempt = 2; attempt <= 8; attempt += 1) {
        // As the README tells clients: a 503 that may have applied is sent again with the same key (a
        // busy machine can answer more than one while the case continues as new).
        let answer = await act(caseId, contactAttempt, `more-attempts-000${attempt}`);
        for (let resent = 1; answer.status === 503 && resent <= 4; resent += 1)
          answer = await act(caseId, contactAttempt, `more-attempts-000${attempt}`);
        expect({ attempt, status: answer.status, refusal: answer.status === 200 ? undefined : answer.body }).toEqual({
          attempt,
          status: 200,
          refusal: undefined,
        });
      }
      await eventually(
        () => handle.describe(),
        (description) => description.runId !== firstRunId,
      );

      const retried = await act(caseId, contactAttempt, 'before-continue-0001');
      expect(retried).toMatchObject({ status: 200, body: first.body });
      expect(await contactAttempts(caseId)).toBe(8);
      // Each action that meets the continue-as-new may wait out the API's timeout (503) before it is
      // resent: on a busy machine several do, so this test is given room beyond the default 120 s.
    }, 360_000);

    it('refuses the same key for a different action, and a key that is not one, naming the header', async () => {
      const caseId = await openCase();
      expect((await act(caseId, contactAttempt, 'reused-key-0001')).status).toBe(200);
      const reused = await act(caseId, { outcome: 'reached', channel: 'text' }, 'reused-key-0001');
      expect(reused).toMatchObject({ status: 422, body: { type: '/problems/idempotency-key-reused' } });
      const invalid = await act(caseId, contactAttempt, 'not a key\u00e9');
      expect(invalid).toMatchObject({
        status: 400,
        body: { type: '/problems/invalid-request', errors: [{ field: 'header.Idempotency-Key' }] },
      });
      expect(await contactAttempts(caseId)).toBe(1);
    });
  });

  describe('with Temporal unreachable', () => {
    afterEach(async () => {
      await proxy.restore().catch(() => undefined); // already listening when a test restored it
      if (!worker) await startWorker();
    });

    it('answers 503 with Retry-After within seconds, saying truthfully that nothing was applied', async () => {
      const caseId = await openCase();
      await proxy.cut();
      const startedAt = Date.now();
      const refused = await act(caseId, contactAttempt, 'unreached-0001');
      const tookMs = Date.now() - startedAt;
      expectUnavailable(refused, 'workflow-service-unavailable');
      expect(refused.body.detail).toMatch(/so the action was not applied/);
      expect(await refusedActions(caseId)).toEqual([
        { reason: 'WorkflowServiceUnavailable', may_have_taken_effect: null },
      ]);
      // The SDK's own retries took 17–30 s; the API waits up to 60 s here.
      expect(tookMs).toBeLessThan(10_000);

      const read = await api.call('GET', `/cases/${caseId}/state`, { token });
      expectUnavailable(read, 'workflow-service-unavailable');
      expect(read.body.detail).toMatch(/nothing was changed/);
      // A case never opened is not looked for in Temporal: 404 now as ever.
      expect((await api.call('GET', `/cases/${randomUUID()}`, { token })).status).toBe(404);
      // The history export answers the outage as every other call on Temporal does.
      const history = await api.call('GET', `/cases/${caseId}/history`, { token: await api.tokenFor(auditor) });
      expectUnavailable(history, 'workflow-service-unavailable');
      expect(history.body.detail).toMatch(/nothing was changed/);
      const opening = await api.call('POST', '/cases', {
        token,
        body: fictionalDisclosure(),
        headers: { 'Idempotency-Key': `outage-open-${randomUUID()}` },
      });
      expectUnavailable(opening, 'workflow-service-unavailable');

      await proxy.restore();
      await reachableAgain(caseId);
      expect(await contactAttempts(caseId)).toBe(0);
      expect((await act(caseId, contactAttempt, 'unreached-0001')).status).toBe(200);
      expect(await contactAttempts(caseId)).toBe(1);
    });

    it('says an action cut off after it was sent may have been applied, and a retry with its key applies it once', async () => {
      const caseId = await openCase();
      await stopWorker(); // the Update waits at the server for a worker, so the connection can be cut mid-call
      const pending = act(caseId, contactAttempt, 'cut-off-0001');
      await eventually(
        () => updateAdmitted(env, caseWorkflowId(caseId), actionUpdateId(officer.staffId, 'cut-off-0001')),
        (admitted) => admitted,
        30_000,
      );
      await proxy.cut();
      const refused = await pending;
      expectUnavailable(refused, 'workflow-service-unavailable');
      expect(refused.body.detail).toMatch(/may have been applied; retry with the same Idempotency-Key/);
      expect(await refusedActions(caseId)).toEqual([
        { reason: 'WorkflowServiceUnavailable', may_have_taken_effect: true },
      ]);

      await proxy.restore();
      await startWorker();
      await reachableAgain(caseId);
      const retried = await act(caseId, contactAttempt, 'cut-off-0001');
      expect(retried.status).toBe(200);
      // the first result: the attempt recorded once, not a second one
      expect(retried.body.entry).toMatchObject({ by: officer.staffId, ...contactAttempt });
      expect(await contactAttempts(caseId)).toBe(1);
    });
  });

  it('answers 503 with Retry-After when PostgreSQL cannot be reached, saying that a read changed nothing', async () => {
    const caseId = await eventually(
      () => openCase().catch(() => undefined),
      (opened) => opened !== undefined,
      30_000,
    );
    const unreachable = createPool(`postgres://nobody@127.0.0.1:${await freeLoopbackPort()}/none`, 1);
    const cutOff = await startApi({ pool: unreachable, client: env.client, taskQueue });
    try {
      const cutOffToken = await cutOff.tokenFor(officer);
      for (const path of ['/cases', `/cases/${caseId}`, '/alerts']) {
        const read = await cutOff.call('GET', path, { token: cutOffToken });
        expectUnavailable(read, 'database-unavailable');
        expect(read.body.detail).toMatch(/nothing was changed/);
      }
      // An action cannot even be logged, so it is withheld: a 503, never a 500.
      const action = await cutOff.call('POST', `/cases/${caseId}/contact-attempts`, {
        token: cutOffToken,
        body: contactAttempt,
        headers: { 'Idempotency-Key': 'db-outage-0001' },
      });
      expectUnavailable(action, 'log-unavailable');
      expect(action.body.detail).toMatch(/read the case before trying again/);
    } finally {
      await cutOff.close();
      await unreachable.end();
    }
  });
});

function expectUnavailable(response: ApiResponse, type: string): void {
  expect({ status: response.status, type: response.body?.type }).toEqual({ status: 503, type: `/problems/${type}` });
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
}

/** Whether the server holds the Update (admitted, awaiting a worker), asked directly, not through the proxy. */
async function updateAdmitted(env: TestWorkflowEnvironment, workflowId: string, updateId: string): Promise<boolean> {
  try {
    await env.connection.withDeadline(Date.now() + 2_000, () =>
      env.connection.workflowService.pollWorkflowExecutionUpdate({
        namespace: env.namespace ?? 'default',
        updateRef: { workflowExecution: { workflowId }, updateId },
        waitPolicy: {
          lifecycleStage:
            temporal.api.enums.v1.UpdateWorkflowExecutionLifecycleStage
              .UPDATE_WORKFLOW_EXECUTION_LIFECYCLE_STAGE_ADMITTED,
        },
      }),
    );
    return true;
  } catch {
    return false;
  }
}
