import type { Principal } from '../../src/platform/auth';
import { fictionalDisclosure } from '../fixtures/disclosures';
import type { DisclosureInput } from '../../src/case/disclosure';
import { startApi, type ApiResponse, type RunningApi } from './api-server';
import { seedStaff, startCaseHarness, type CaseHarness } from './case-harness';

/** Fictional staff of one organisation, as their tokens name them. */
export const staffOf =
  (organisationId: string) =>
  (staffId: string, role: Principal['role'], teamId?: string): Principal => ({ staffId, role, organisationId, teamId });

export interface HttpCases {
  readonly harness: CaseHarness;
  readonly api: RunningApi;
  token(who: Principal): string;
  call(
    who: Principal,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<ApiResponse>;
  /** opens a case over HTTP, disclosed "now" on the test server's clock, and answers its id */
  openCase(who: Principal, idempotencyKey: string, disclosure?: Partial<DisclosureInput>): Promise<string>;
}

/**
 * One test file's API on real Temporal (the time-skipping server) and PostgreSQL, with the fixtures'
 * staff seeded for `organisationId` and a token for each principal; started before the file's tests.
 */
export function useHttpCases(options: {
  organisationId: string;
  principals: readonly Principal[];
  documentMaxBytes?: number;
  /** the Temporal server: the time-skipping one unless 'dev' */
  server?: 'time-skipping' | 'dev';
  /** 'case-keys': each case sealed under its data key, as the servers run */
  keys?: 'test-key' | 'case-keys';
}): HttpCases {
  let harness: CaseHarness;
  let api: RunningApi;
  const tokens = new Map<Principal, string>();

  beforeAll(async () => {
    harness = await startCaseHarness({}, undefined, options.server, options.keys);
    await seedStaff(harness.db, options.organisationId);
    api = await startApi({
      pool: harness.db.pool,
      client: harness.client,
      caseKeys: harness.caseKeys,
      historyConverter: harness.dataConverter,
      taskQueue: harness.taskQueue,
      documentMaxBytes: options.documentMaxBytes,
      workflowClock: async () => new Date(await harness.env.currentTimeMs()),
    });
    for (const principal of options.principals) tokens.set(principal, await api.tokenFor(principal));
  });
  afterAll(async () => {
    await api?.close();
    await harness?.stop();
  });

  const token = (who: Principal): string => {
    const found = tokens.get(who);
    if (!found) throw new Error(`no token for ${who.staffId}: list them in useHttpCases' principals`);
    return found;
  };
  return {
    get harness() {
      return harness;
    },
    get api() {
      return api;
    },
    token,
    call: (who, method, path, body, headers) => api.call(method, path, { token: token(who), body, headers }),
    async openCase(who, idempotencyKey, disclosure = {}) {
      const disclosedAt = new Date(await harness.env.currentTimeMs()).toISOString();
      const opened = await api.call('POST', '/cases', {
        token: token(who),
        body: fictionalDisclosure({ organisationId: options.organisationId, disclosedAt, ...disclosure }),
        headers: { 'Idempotency-Key': idempotencyKey },
      });
      if (opened.status !== 201)
        throw new Error(`opening the case answered ${opened.status}: ${JSON.stringify(opened.body)}`);
      return opened.body.caseId as string;
    },
  };
}
