import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  Client,
  WorkflowUpdateFailedError,
  type WorkflowHandle,
  type WorkflowHandleWithFirstExecutionRunId,
} from '@temporalio/client';
import { ApplicationFailure, type DataConverter } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import type { NotifierConfig, PartnerGatewayConfig } from '../../src/activities';
import { disclosureSchema, type Disclosure, type DisclosureInput } from '../../src/case/disclosure';
import type { PolicyProfile } from '../../src/policy';
import { shippedProfile } from './profiles';
import type { OpenChildDisposition } from '../../src/case/commands';
import { closeCaseUpdate, getCaseQuery } from '../../src/case/messages';
import { caseWorkflowId, type CaseView } from '../../src/case/state';
import { caseWorkflow } from '../../src/workflows';
import { fictionalDisclosure } from '../fixtures/disclosures';
import { createTestDatabase, type TestDatabase } from './database';
import { createDevServerEnv, createTestWorker, createTimeSkippingEnv } from './temporal';
import { caseKeyedDataConverter, testCaseKeys, testDataConverter } from './test-keys';
import type { PgCaseDataKeys } from '../../src/privacy/case-keys';
import { gatewayTo, partnerSecret, startPartnerStub, type PartnerStub } from './partner-stub';

/** Fictional staff: who stands on each rung for the fixtures' organisations. */
export const staff = {
  officer: { staffId: 'officer-ada', role: 'caseworker' },
  otherOfficer: { staffId: 'officer-eve', role: 'caseworker' },
  manager: { staffId: 'mgr-bea', role: 'manager' },
  daLead: { staffId: 'lead-cai', role: 'da_lead' },
  headOfService: { staffId: 'head-dee', role: 'head_of_service' },
  auditor: { staffId: 'audit-fay', role: 'auditor' },
} as const;

export async function seedStaff(db: TestDatabase, organisationId: string): Promise<void> {
  await db.pool.query(
    `INSERT INTO staff (staff_id, organisation_id, team_id, role, line_manager_id, email) VALUES
       ('mgr-bea', $1, 'team-north', 'manager', NULL, 'mgr-bea@example.test'),
       ('lead-cai', $1, NULL, 'da_lead', NULL, 'lead-cai@example.test'),
       ('head-dee', $1, NULL, 'head_of_service', NULL, 'head-dee@example.test'),
       ('repairs-gus', $1, NULL, 'repairs_manager', NULL, 'repairs-gus@example.test'),
       ('officer-ada', $1, 'team-north', 'caseworker', 'mgr-bea', 'officer-ada@example.test'),
       ('officer-eve', $1, 'team-north', 'caseworker', 'mgr-bea', 'officer-eve@example.test')
     ON CONFLICT DO NOTHING`,
    [organisationId],
  );
}

export interface AlertRow {
  kind: string;
  task: string;
  rung: string | null;
  recipient_role: string;
  recipient_staff_ids: string[];
  deadline_id: string | null;
}

export interface CaseHarness {
  env: TestWorkflowEnvironment;
  /** the client the cases are started with: env.client, or (caseKeys) one sealing each case under its data key */
  client: Client;
  /** each case's data key, when the harness was started with case keys (as the servers run) */
  caseKeys?: PgCaseDataKeys;
  dataConverter: DataConverter;
  db: TestDatabase;
  taskQueue: string;
  startCase(options?: {
    disclosure?: Partial<DisclosureInput>;
    profile?: PolicyProfile;
    continueAsNewAfterEvents?: number;
    continueAsNewAfterHistoryBytes?: number;
  }): Promise<WorkflowHandle<typeof caseWorkflow>>;
  /** moves the test server's clock forward to `instant`, firing every timer on the way */
  skipTo(instant: Date): Promise<void>;
  alerts(caseId: string): Promise<AlertRow[]>;
  stop(): Promise<void>;
}

/** Opens a case on a fictional disclosure as the API does: its workflow, its organisation's profile, opened now. */
export function startCaseWorkflow(
  client: Client,
  taskQueue: string,
  options: {
    caseId?: string;
    disclosure?: Disclosure;
    openedAt?: string;
    profile?: PolicyProfile;
    continueAsNewAfterEvents?: number;
    continueAsNewAfterHistoryBytes?: number;
  } = {},
): Promise<WorkflowHandleWithFirstExecutionRunId<typeof caseWorkflow>> {
  const caseId = options.caseId ?? randomUUID();
  const disclosure = options.disclosure ?? disclosureSchema.parse(fictionalDisclosure());
  return client.workflow.start(caseWorkflow, {
    workflowId: caseWorkflowId(caseId),
    taskQueue,
    args: [
      {
        caseId,
        openedAt: options.openedAt ?? new Date().toISOString(),
        disclosure,
        profile: options.profile ?? shippedProfile(disclosure.organisationId),
        continueAsNewAfterEvents: options.continueAsNewAfterEvents,
        continueAsNewAfterHistoryBytes: options.continueAsNewAfterHistoryBytes,
      },
    ],
  });
}

/**
 * `server: 'dev'` runs the cases on the dev server instead, for what the time-skipping server does
 * not report (a workflow's history size); its clock is real, so skipTo waits in real time.
 */
export async function startCaseHarness(
  notifier: NotifierConfig = {},
  partners?: PartnerGatewayConfig,
  server: 'time-skipping' | 'dev' = 'time-skipping',
  keys: 'test-key' | 'case-keys' = 'test-key',
): Promise<CaseHarness> {
  const [env, db] = await Promise.all([
    server === 'dev' ? createDevServerEnv() : createTimeSkippingEnv(),
    createTestDatabase(),
  ]);
  const taskQueue = `cases-${randomUUID()}`;
  const caseKeys = keys === 'case-keys' ? testCaseKeys(db.pool) : undefined;
  const dataConverter = caseKeys ? caseKeyedDataConverter(caseKeys) : testDataConverter;
  const client = caseKeys
    ? new Client({ connection: env.connection, namespace: env.namespace ?? 'default', dataConverter })
    : env.client;
  const worker: Worker = await createTestWorker(env, db.pool, taskQueue, notifier, partners, dataConverter);
  const workerRun = worker.run();
  const started: WorkflowHandleWithFirstExecutionRunId<typeof caseWorkflow>[] = [];
  return {
    env,
    client,
    caseKeys,
    dataConverter,
    db,
    taskQueue,
    async startCase(options = {}) {
      const disclosure = disclosureSchema.parse(fictionalDisclosure(options.disclosure));
      await seedStaff(db, disclosure.organisationId);
      const handle = await startCaseWorkflow(client, taskQueue, {
        ...options,
        disclosure,
        openedAt: new Date(await env.currentTimeMs()).toISOString(),
      });
      started.push(handle);
      return handle;
    },
    async skipTo(instant) {
      const remaining = instant.getTime() - (await env.currentTimeMs());
      if (remaining > 0) await env.sleep(remaining);
    },
    async alerts(caseId) {
      const result = await db.pool.query<AlertRow>(
        `SELECT kind, task, rung, recipient_role, recipient_staff_ids, deadline_id FROM alerts
         WHERE case_id = $1 ORDER BY raised_at, kind`,
        [caseId],
      );
      return result.rows;
    },
    async stop() {
      if (process.env.RECORD_GOLDEN_HISTORIES) await recordHistories(env, started, process.env.RECORD_GOLDEN_HISTORIES);
      worker.shutdown();
      await workerRun;
      await env.teardown();
      await db.drop();
    },
  };
}

/**
 * `RECORD_GOLDEN_HISTORIES=dir npx jest test/workflows` writes every workflow history a test file
 * produced, to choose golden histories from (see test/golden/README.md).
 */
async function recordHistories(
  env: TestWorkflowEnvironment,
  cases: WorkflowHandleWithFirstExecutionRunId<typeof caseWorkflow>[],
  directory: string,
): Promise<void> {
  const testFile = path.basename(expect.getState().testPath ?? 'unknown', '.test.ts');
  fs.mkdirSync(directory, { recursive: true });
  for (const handle of cases) {
    const latest = await handle.describe();
    const runs = new Set([handle.firstExecutionRunId, latest.runId]);
    const children = (await handle.query(getCaseQuery)).children.map((child) => child.workflowId);
    const executions = [
      ...[...runs].map((runId) => ({ workflowId: handle.workflowId, runId })),
      ...children.map((workflowId) => ({ workflowId, runId: undefined })),
    ];
    for (const execution of executions) {
      const history = await env.client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
      const name = `${testFile}--${execution.workflowId.replace(/[^a-z0-9-]+/gi, '_').slice(0, 60)}--${(execution.runId ?? 'latest').slice(0, 8)}.json`;
      fs.writeFileSync(path.join(directory, name), historyToJSON(history));
    }
  }
}

/**
 * `RECORD_GOLDEN_HISTORIES=dir`: writes one finished workflow's history as `name.json`, and its
 * workflow id beside it, to keep as a golden history (see test/golden/README.md).
 */
export async function recordGoldenHistory(handle: WorkflowHandle, name: string): Promise<void> {
  const directory = process.env.RECORD_GOLDEN_HISTORIES;
  if (!directory) return;
  await handle.result();
  fs.mkdirSync(directory, { recursive: true });
  fs.writeFileSync(path.join(directory, `${name}.json`), historyToJSON(await handle.fetchHistory()));
  fs.writeFileSync(path.join(directory, `${name}.workflow-id`), handle.workflowId);
}

/**
 * Polls in real time (the test server's clock stays put) until `check` holds, and fails the test
 * when it never does, showing the last value, so a caller cannot pass by timing out.
 */
export async function eventually<T>(
  probe: () => Promise<T>,
  check: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (check(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(
        `the condition never held within ${timeoutMs} ms; last value: ${JSON.stringify(value)?.slice(0, 2_000)}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const caseState = (handle: WorkflowHandle<typeof caseWorkflow>): Promise<CaseView> => handle.query(getCaseQuery);

/** Waits until every deadline of the case has its computed schedule. */
export function scheduledState(handle: WorkflowHandle<typeof caseWorkflow>): Promise<CaseView> {
  return eventually(
    () => caseState(handle),
    (view) => view.deadlines.length > 0 && view.deadlines.every((d) => d.schedule),
  );
}

/** The reason a staff action was refused: the failure type and message the validator gave. */
export async function refusal(action: Promise<unknown>): Promise<{ type: string | undefined; message: string }> {
  try {
    await action;
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
      return { type: error.cause.type ?? undefined, message: error.cause.message };
    }
    throw error;
  }
  throw new Error('the action was accepted but should have been refused');
}

/**
 * A closing DA lead's word on each linked workflow still open (closure must name every one): here,
 * each is handed on to the partner that carries it after the case closes.
 */
export function openChildrenTransferred(view: Pick<CaseView, 'children'>): OpenChildDisposition[] {
  return view.children
    .filter((child) => child.open)
    .map((child) => ({
      workflowId: child.workflowId,
      kind: child.kind,
      disposition: 'transferred',
      reason: 'carried on by the partner agency after closure',
    }));
}

/**
 * One harness for a test file's describe block: started before its tests, stopped after them.
 * The object answers for the harness once started; `partnerStub` also runs a stand-in for the
 * partners (contractor, MARAC coordinator) that the harness's gateway sends to.
 */
export function useCaseHarness(
  options: {
    notifier?: NotifierConfig;
    partnerStub?: boolean;
    server?: 'time-skipping' | 'dev';
    keys?: 'test-key' | 'case-keys';
  } = {},
): CaseHarness & { readonly partners: PartnerStub } {
  let harness: CaseHarness | undefined;
  let partners: PartnerStub | undefined;
  beforeAll(async () => {
    if (options.partnerStub) partners = await startPartnerStub(partnerSecret);
    harness = await startCaseHarness(options.notifier, partners && gatewayTo(partners), options.server, options.keys);
  });
  afterAll(async () => {
    await harness?.stop();
    await partners?.close();
  });
  const started = <T>(part: T | undefined, name: string): T => {
    if (part === undefined) throw new Error(`the ${name} starts in beforeAll; use it inside a test or a later hook`);
    return part;
  };
  const current = () => started(harness, 'case harness');
  return {
    get env() {
      return current().env;
    },
    get db() {
      return current().db;
    },
    get client() {
      return current().client;
    },
    get caseKeys() {
      return current().caseKeys;
    },
    get dataConverter() {
      return current().dataConverter;
    },
    get taskQueue() {
      return current().taskQueue;
    },
    get partners() {
      return started(partners, 'partner stub (pass partnerStub: true)');
    },
    startCase: (startOptions) => current().startCase(startOptions),
    skipTo: (instant) => current().skipTo(instant),
    alerts: (caseId) => current().alerts(caseId),
    stop: () => current().stop(),
  };
}

/**
 * Closes the case as resolved by the DA lead (each open linked workflow handed on), then moves the
 * clock past the four weeks to the feedback request, until the case's workflow ends. Answers the
 * closed case.
 */
export async function closeAndAwaitFeedback(
  harness: Pick<CaseHarness, 'skipTo'>,
  handle: WorkflowHandle<typeof caseWorkflow>,
): Promise<CaseView> {
  await handle.executeUpdate(closeCaseUpdate, {
    args: [
      {
        actor: staff.daLead,
        reason: 'resolved',
        survivorAgrees: true,
        openChildren: openChildrenTransferred(await caseState(handle)),
      },
    ],
  });
  const closed = await caseState(handle);
  await harness.skipTo(new Date(Date.parse(closed.closure!.at) + 29 * 86_400_000));
  await handle.result();
  return closed;
}
