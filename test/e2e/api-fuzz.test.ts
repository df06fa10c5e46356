import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { Principal } from '../../src/platform/auth';
import { startApi, type RunningApi } from '../support/api-server';
import { eventually, startCaseHarness, type CaseHarness } from '../support/case-harness';
import { dateInDays } from '../support/dates';
import {
  answerProblems,
  bodyFor,
  encodeSegment,
  junkSegment,
  operationsOf,
  queryFor,
  valueFor,
  type FieldHints,
  type FuzzBody,
  type OpenApiDoc,
  type Operation,
} from '../support/openapi-fuzz';
import { gatewayTo, partnerSecret, startPartnerStub } from '../support/partner-stub';
import { fictionalDisclosure } from '../fixtures/disclosures';

/**
 * A fuzz pass over every operation in the API's own OpenAPI document, through the real app, the
 * real bearer-token check, a real worker and PostgreSQL: valid requests, near misses, prototype
 * keys, odd paths, queries and headers, and anything at all, from tokens of every role. No answer
 * may be a 5xx, every refusal is problem+json, and nothing recorded before is lost or changed.
 *
 * Reproduce a failure with the seed it prints: FUZZ_SEED=<seed> npx jest test/e2e/api-fuzz.test.ts
 * (FUZZ_RUNS raises the runs per operation).
 */
const SEED = Number(process.env.FUZZ_SEED ?? 20_251_122);
const RUNS = Number(process.env.FUZZ_RUNS ?? 50);

const STAFF: Record<string, Principal> = {
  caseworker: { staffId: 'officer-ada', role: 'caseworker', organisationId: 'stonewater', teamId: 'team-north' },
  manager: { staffId: 'mgr-bea', role: 'manager', organisationId: 'stonewater', teamId: 'team-north' },
  da_lead: { staffId: 'lead-cai', role: 'da_lead', organisationId: 'stonewater' },
  head_of_service: { staffId: 'head-dee', role: 'head_of_service', organisationId: 'stonewater' },
  auditor: { staffId: 'audit-fay', role: 'auditor', organisationId: 'stonewater' },
  repairs_manager: { staffId: 'repairs-gus', role: 'repairs_manager', organisationId: 'stonewater' },
  admin: { staffId: 'admin-hal', role: 'admin', organisationId: 'stonewater' },
  contractor: { staffId: 'contractor-system', role: 'partner', organisationId: 'stonewater', partnerId: 'contractor' },
  coordinator: {
    staffId: 'marac-system',
    role: 'partner',
    organisationId: 'stonewater',
    partnerId: 'marac-coordinator',
  },
  localAuthority: { staffId: 'la-system', role: 'partner', organisationId: 'stonewater', partnerId: 'local-authority' },
  otherOrganisation: {
    staffId: 'officer-kim',
    role: 'caseworker',
    organisationId: 'kent-housing',
    teamId: 'team-south',
  },
  // ids no log could record (too long, a control character): authentication refuses them
  longSubject: {
    staffId: `officer-${'x'.repeat(150)}`,
    role: 'caseworker',
    organisationId: 'stonewater',
    teamId: 'team-north',
  },
  controlSubject: { staffId: 'officer\u0000ada', role: 'manager', organisationId: 'stonewater', teamId: 'team-north' },
  longOrganisation: {
    staffId: 'officer-ada',
    role: 'caseworker',
    organisationId: `stonewater-${'x'.repeat(120)}`,
    teamId: 'team-north',
  },
};

/** Principals whose ids no log could record: authentication refuses them. */
const UNRECORDABLE = ['longSubject', 'controlSubject', 'longOrganisation'];

/** Rows that record what happened; none may ever disappear. */
const RECORD_TABLES = [
  'cases',
  'disclosure_requests',
  'alerts',
  'information_releases',
  'partner_requests',
  'marac_referrals',
  'audit_log',
  'access_log',
] as const;

interface FuzzRequest {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: FuzzBody;
  as: string;
}

describe('fuzzing every operation of the OpenAPI document', () => {
  let harness: CaseHarness;
  let partners: Awaited<ReturnType<typeof startPartnerStub>>;
  let api: RunningApi;
  let doc: OpenApiDoc;
  const tokens: Record<string, string> = {};
  const seeded: { caseIds: string[]; known: Record<string, string[]> } = { caseIds: [], known: {} };
  let before: { states: Record<string, any>; cases: Record<string, any>; counts: Record<string, number> };

  const as = (who: string, method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    api.call(method, path, { token: tokens[who], body, ...(headers ? { headers } : {}) });

  async function openCase(who: string, key: string, overrides = {}): Promise<string> {
    const opened = await as(who, 'POST', '/cases', fictionalDisclosure(overrides), { 'Idempotency-Key': key });
    expect(opened.status).toBe(201);
    return opened.body.caseId;
  }

  async function ok(response: Promise<{ status: number; body: any }>): Promise<any> {
    const answered = await response;
    if (answered.status !== 200)
      throw new Error(`expected 200, got ${answered.status}: ${JSON.stringify(answered.body)}`);
    return answered.body;
  }

  async function counts(): Promise<Record<string, number>> {
    const entries = await Promise.all(
      RECORD_TABLES.map(
        async (table) =>
          [table, Number((await harness.db.pool.query(`SELECT count(*) AS n FROM ${table}`)).rows[0].n)] as const,
      ),
    );
    return Object.fromEntries(entries);
  }

  async function snapshot() {
    const states: Record<string, any> = {};
    const cases: Record<string, any> = {};
    for (const caseId of seeded.caseIds) {
      const who = caseId === seeded.known.otherCase![0] ? 'otherOrganisation' : 'caseworker';
      states[caseId] = await ok(as(who, 'GET', `/cases/${caseId}/state`));
      cases[caseId] = await ok(as(who, 'GET', `/cases/${caseId}`));
    }
    return { states, cases, counts: await counts() };
  }

  beforeAll(async () => {
    partners = await startPartnerStub(partnerSecret);
    harness = await startCaseHarness({}, gatewayTo(partners));
    api = await startApi({
      pool: harness.db.pool,
      client: harness.env.client,
      taskQueue: harness.taskQueue,
      caseCallTimeoutMs: 20_000,
    });
    for (const [name, principal] of Object.entries(STAFF)) tokens[name] = await api.tokenFor(principal);
    doc = (await api.call('GET', '/openapi.json')).body;

    // A case with casework, sharing (released on consent) and a MARAC referral sent to the coordinator.
    const a = await openCase('caseworker', 'fuzz-seed-case-a');
    await ok(as('caseworker', 'POST', `/cases/${a}/contact-attempts`, { outcome: 'reached', channel: 'phone' }));
    await ok(
      as('caseworker', 'POST', `/cases/${a}/dash`, {
        assessment: { kind: 'count', yesCount: 17, policeCallOutsLast12Months: 2 },
      }),
    );
    await ok(
      as('caseworker', 'POST', `/cases/${a}/incidents`, { occurredAt: '2030-01-02T03:04:05Z', policeCalled: true }),
    );
    await ok(
      as('caseworker', 'POST', `/cases/${a}/safeguarding-referrals`, {
        subject: 'child',
        agency: 'Fictional Children’s Services',
      }),
    );
    const scope = { agency: 'Fictional Police', purpose: 'safety planning', dataCategories: ['risk level'] };
    await ok(as('caseworker', 'POST', `/cases/${a}/sharing-requests`, scope));
    await ok(as('caseworker', 'POST', `/cases/${a}/consents`, { scope, decision: 'given' }));
    const sharing = (await ok(as('caseworker', 'GET', `/cases/${a}/state`))).sharing;
    const sharingRequestId: string = sharing.requests[0].request.id;
    await ok(as('caseworker', 'POST', `/cases/${a}/sharing-requests/${sharingRequestId}/release`, {}));
    await ok(as('manager', 'POST', `/cases/${a}/reviews`, { notes: 'Seeded review' }));
    await eventually(
      () => as('caseworker', 'GET', `/cases/${a}/marac/1`),
      (r) => r.status === 200,
    );
    const referral = await ok(
      as('caseworker', 'POST', `/cases/${a}/marac/1/submission`, { area: 'Fictional Borough', survivorInformed: true }),
    );
    await ok(
      as('coordinator', 'POST', `/partners/marac/referrals/${referral.referralId}/meeting`, {
        meetingDate: dateInDays(10, await harness.env.currentTimeMs()),
      }),
    );
    await ok(
      as('coordinator', 'POST', `/partners/marac/referrals/${referral.referralId}/outcome`, {
        actions: [
          {
            actionId: 'A1',
            description: 'Fit a door viewer',
            dueDate: dateInDays(14, await harness.env.currentTimeMs()),
          },
        ],
      }),
    );

    // A case with an emergency works order at the contractor.
    const b = await openCase('caseworker', 'fuzz-seed-case-b');
    await ok(as('caseworker', 'POST', `/cases/${b}/repairs`, { works: ['lock change'] }));
    const repairs = await eventually(
      () => as('caseworker', 'GET', `/cases/${b}/repairs/1`),
      (r) => r.body?.order !== undefined,
    );

    // A case in immediate danger, being rehoused, with an offer made.
    const c = await openCase('caseworker', 'fuzz-seed-case-c', { immediateDanger: true });
    await ok(as('caseworker', 'POST', `/cases/${c}/rehousing`, {}));
    const rehousing = await eventually(
      () => as('caseworker', 'GET', `/cases/${c}/rehousing/1`),
      (r) => r.status === 200,
    );
    await ok(
      as('caseworker', 'POST', `/cases/${c}/rehousing/1/temporary-accommodation`, { placementReference: 'TA-1' }),
    );
    await ok(
      as('caseworker', 'POST', `/cases/${c}/rehousing/1/options-appraisal`, {
        optionsConsidered: ['sole_tenancy', 'management_transfer'],
        chosen: 'management_transfer',
        agreedWithSurvivor: true,
      }),
    );
    await ok(
      as('caseworker', 'POST', `/cases/${c}/rehousing/1/offers`, {
        offerReference: 'OFFER-1',
        kind: 'management_transfer',
      }),
    );

    // Another organisation's case, which no stonewater principal may reach.
    const d = await openCase('otherOrganisation', 'fuzz-seed-case-d', {
      organisationId: 'kent-housing',
      caseOfficerId: 'officer-kim',
      teamId: 'team-south',
    });

    // Three days on: deadlines pass and alerts are raised, for the inbox and its acknowledgements.
    await harness.skipTo(new Date((await harness.env.currentTimeMs()) + 3 * 86_400_000));
    const alerts = await eventually(
      () => harness.db.pool.query<{ alert_id: string }>('SELECT alert_id FROM alerts ORDER BY raised_at LIMIT 6'),
      (r) => r.rows.length >= 3,
    );
    expect(sharing.consents).toHaveLength(1);

    // The first replay bundles the workflow code (seconds, more on a loaded machine); do it once here,
    // so a fuzzed replay is timed on replaying alone.
    await ok(as('auditor', 'GET', `/cases/${a}/replay`));

    seeded.caseIds = [a, b, c, d];
    seeded.known = {
      caseId: [a, b, c, d],
      otherCase: [d],
      sequence: ['1', '2'],
      kind: ['marac', 'repairs', 'rehousing'],
      requestId: [sharingRequestId, referral.referralId, repairs.body.orderId, rehousing.body.requestId],
      consentId: [sharing.consents[0]!.id],
      actionId: ['A1', 'A2'],
      offerReference: ['OFFER-1', 'OFFER-2'],
      alertId: alerts.rows.map((row) => row.alert_id),
    };
    before = await snapshot();
  }, 120_000);

  afterAll(async () => {
    await api?.close();
    await harness?.stop();
    await partners?.close();
  });

  /** Field values that get a request past the obvious checks, so fuzzing reaches the workflows. */
  const hints = (): FieldHints => ({
    organisationId: ['stonewater'],
    caseOfficerId: ['officer-ada', 'officer-eve'],
    teamId: ['team-north'],
    agency: ['Fictional Police'],
    purpose: ['safety planning'],
    actionId: seeded.known.actionId!,
    offerReference: seeded.known.offerReference!,
  });

  const BAD_AUTHORISATION = [
    '',
    'Bearer',
    'Bearer ',
    'Bearer not.a.jwt',
    'Basic Zm9vOmJhcg==',
    'bearer x',
    `Bearer ${'a'.repeat(3_000)}`,
  ];
  const headerText = fc.string({
    unit: fc
      .integer({ min: 0x20, max: 0xff })
      .filter((code) => code !== 0x7f)
      .map((code) => String.fromCharCode(code)),
    maxLength: 80,
  });

  function requestFor(op: Operation): fc.Arbitrary<FuzzRequest> {
    const parameters: any[] = op.operation.parameters ?? [];
    const roles: string[] = op.operation['x-roles'] ?? [];
    const allowed = Object.keys(STAFF).filter(
      (name) => roles.includes(STAFF[name]!.role) && !UNRECORDABLE.includes(name),
    );
    const others = Object.keys(STAFF).filter((name) => !allowed.includes(name));
    const who = fc.oneof(
      ...(allowed.length > 0 ? [{ weight: 7, arbitrary: fc.constantFrom(...allowed) }] : []),
      { weight: 2, arbitrary: fc.constantFrom(...others) },
      { weight: 1, arbitrary: fc.constantFrom(...BAD_AUTHORISATION.map((_, index) => `bad-${index}`)) },
    );

    const names = [...op.path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name!);
    const segment = (name: string) => {
      const schema = parameters.find((parameter) => parameter.in === 'path' && parameter.name === name)?.schema;
      const known = seeded.known[name] ?? [];
      return fc.oneof(
        ...(known.length > 0 ? [{ weight: 6, arbitrary: fc.constantFrom(...known) }] : []),
        { weight: 2, arbitrary: valueFor(schema, doc).map((value) => encodeSegment(String(value))) },
        { weight: 2, arbitrary: junkSegment },
      );
    };
    const path = fc.tuple(...names.map(segment)).map((values) => {
      let index = 0;
      return op.path.replace(/\{(\w+)\}/g, () => values[index++]!);
    });

    const bodySchema = op.operation.requestBody?.content?.['application/json']?.schema;
    const body = bodySchema
      ? bodyFor(bodySchema, doc, hints())
      : fc.oneof(
          { weight: 8, arbitrary: fc.constant<FuzzBody>(undefined) },
          { weight: 2, arbitrary: bodyFor(undefined, doc) },
        );

    const contentType = fc.oneof(
      { weight: 8, arbitrary: fc.constant('application/json') },
      {
        weight: 3,
        arbitrary: fc.constantFrom(
          'application/json; charset=utf-8',
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/json; charset=utf-16',
          'application/json; charset=bogus',
          'application/problem+json',
          'application/vnd.api+json',
          'multipart/form-data; boundary=x',
          '',
        ),
      },
    );
    const idempotencyKey = fc.oneof(
      { weight: 5, arbitrary: fc.stringMatching(/^[A-Za-z0-9._:-]{8,40}$/) },
      { weight: 2, arbitrary: fc.constantFrom('fuzz-seed-case-a', 'fuzz-reused-key-0001') },
      { weight: 2, arbitrary: headerText },
      { weight: 1, arbitrary: fc.constant(undefined) },
    );
    const extraHeaders = fc.dictionary(
      fc.constantFrom(
        'accept',
        'accept-encoding',
        'content-encoding',
        'x-forwarded-for',
        'x-namespace',
        'cookie',
        'origin',
        'if-none-match',
        'range',
      ),
      fc.oneof(
        headerText,
        fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'bogus', '*/*', 'text/html', 'bytes=0-1'),
      ),
      { maxKeys: 2 },
    );

    return fc
      .record({
        method: fc.oneof(
          { weight: 12, arbitrary: fc.constant(op.method.toUpperCase()) },
          { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD') },
        ),
        path,
        query: queryFor(parameters, doc),
        who,
        contentType,
        idempotencyKey,
        extraHeaders,
        body,
      })
      .map(
        ({
          method,
          path: fuzzedPath,
          query,
          who: as,
          contentType: type,
          idempotencyKey: key,
          extraHeaders: extra,
          body: fuzzedBody,
        }) => {
          const headers: Record<string, string> = { ...extra };
          if (as.startsWith('bad-')) {
            const authorisation = BAD_AUTHORISATION[Number(as.slice(4))]!;
            if (authorisation) headers.authorization = authorisation;
          } else headers.authorization = `Bearer ${tokens[as]}`;
          if (fuzzedBody !== undefined && type) headers['content-type'] = type;
          if (key !== undefined) headers['idempotency-key'] = key;
          const bodyless = method === 'GET' || method === 'HEAD';
          return { method, path: fuzzedPath, query, headers, body: bodyless ? undefined : fuzzedBody, as };
        },
      );
  }

  /** Requests to paths no operation has: every one answers a problem, never a 5xx. */
  function strayRequest(): fc.Arbitrary<FuzzRequest> {
    return fc
      .record({
        prefix: fc.constantFrom(
          '',
          '/cases',
          `/cases/${randomUUID()}`,
          '/partners',
          '/alerts',
          '/docs',
          '/openapi.json',
        ),
        segments: fc.array(junkSegment, { maxLength: 4 }),
        method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
        who: fc.constantFrom(...Object.keys(STAFF)),
        body: bodyFor(undefined, doc),
      })
      .map(({ prefix, segments, method, who, body }) => ({
        method,
        path: [prefix, ...segments].join('/') || '/',
        query: '',
        headers: { authorization: `Bearer ${tokens[who]}`, 'content-type': 'application/json' },
        body: method === 'GET' || method === 'HEAD' ? undefined : body,
        as: who,
      }));
  }

  const tally = new Map<number, number>();

  async function send(request: FuzzRequest): Promise<string | undefined> {
    const url = `${api.baseUrl}${request.path}${request.query ? `?${request.query}` : ''}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method: request.method,
        headers: request.headers,
        redirect: 'manual',
        signal: AbortSignal.timeout(30_000),
        ...(request.body === undefined ? {} : { body: request.body.text }),
      });
    } catch (error) {
      return `the request failed: ${(error as Error).message} ${String((error as { cause?: unknown }).cause ?? '')}`;
    }
    tally.set(response.status, (tally.get(response.status) ?? 0) + 1);
    if (response.headers.get('content-type')?.startsWith('text/event-stream')) {
      // a stream that stays open: its status and type are the answer
      await response.body?.cancel();
      return response.status === 200 ? undefined : `answered ${response.status} as an event stream`;
    }
    const text = await response.text().catch((error: Error) => `(the body could not be read: ${error.message})`);
    return answerProblems(request.method, response.status, response.headers.get('content-type'), text);
  }

  const describeRequest = (request: FuzzRequest) =>
    `${request.method} ${request.path.slice(0, 300)}${request.query ? `?${request.query.slice(0, 200)}` : ''} as ${request.as}, body (${request.body?.kind ?? 'none'}): ${
      request.body === undefined
        ? ''
        : typeof request.body.text === 'string'
          ? request.body.text.slice(0, 300)
          : `${request.body.text.length} bytes`
    }`;

  it(`answers no request with a 5xx, and every refusal as problem+json (seed ${SEED}, ${RUNS} runs per operation)`, async () => {
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThan(30);
    const failures: string[] = [];
    const started = Date.now();
    const targets: [string, fc.Arbitrary<FuzzRequest>][] = [
      ...operations.map((op): [string, fc.Arbitrary<FuzzRequest>] => [
        `${op.method.toUpperCase()} ${op.path}`,
        requestFor(op),
      ]),
      ['stray paths', strayRequest()],
    ];
    for (const [index, [name, arbitrary]] of targets.entries()) {
      const seed = SEED + index;
      const result = await fc.check(
        fc.asyncProperty(arbitrary, async (request) => {
          const problem = await send(request);
          if (problem) throw new Error(`${problem}\n    request: ${describeRequest(request)}`);
        }),
        { seed, numRuns: RUNS, endOnFailure: true },
      );
      if (result.failed) {
        const cause =
          result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
        failures.push(
          `${name} — FUZZ_SEED=${SEED} (this operation's seed ${seed}, path ${result.counterexamplePath}):\n    ${cause}`,
        );
      }
    }
    console.log(
      `API fuzz: seed ${SEED}, ${RUNS} runs × ${targets.length} targets in ${((Date.now() - started) / 1000).toFixed(1)} s; statuses ${JSON.stringify(Object.fromEntries([...tally].sort(([x], [y]) => x - y)))}`,
    );
    if (failures.length > 0)
      throw new Error(`fuzzing found ${failures.length} operation(s) answering wrongly:\n${failures.join('\n')}`);
  }, 240_000);

  it('refuses what could be accepted but never recorded: NUL characters, instants PostgreSQL cannot hold, unrecordable principals', async () => {
    const open = (body: unknown, key: string) => as('caseworker', 'POST', '/cases', body, { 'Idempotency-Key': key });
    const refusedField = (response: { status: number; body: any }) => {
      expect(response.status).toBe(400);
      return response.body.errors.map((error: { field: string }) => error.field);
    };
    expect(refusedField(await open(fictionalDisclosure({ teamId: 'team\u0000north' }), 'fuzz-nul-team-0001'))).toEqual([
      'body.teamId',
    ]);
    for (const disclosedAt of [
      '9999-12-31T23:59:59-14:00',
      '0000-01-01T00:00:00+14:00',
      '1999-12-31T23:59:59Z',
      new Date(Date.now() + 3_600_000).toISOString(),
    ]) {
      expect(
        refusedField(
          await open(fictionalDisclosure({ disclosedAt }), `fuzz-instant-${disclosedAt.replace(/[^0-9]/g, '')}`),
        ),
      ).toEqual(['body.disclosedAt']);
    }
    const [a] = seeded.caseIds;
    const sharing = await as('caseworker', 'POST', `/cases/${a}/sharing-requests`, {
      agency: 'Police\u0000',
      purpose: 'safety',
      dataCategories: ['risk\u0000level'],
    });
    expect(refusedField(sharing).sort()).toEqual(['body.agency', 'body.dataCategories.0']);
    expect(refusedField(await as('caseworker', 'GET', '/cases?caseOfficerId=officer%00ada'))).toEqual([
      'query.caseOfficerId',
    ]);
    for (const who of UNRECORDABLE) expect((await as(who, 'GET', '/cases')).status).toBe(401);
    expect((await as('repairs_manager', 'GET', `/cases/${a}`)).status).toBe(403);
  });

  it('loses and changes nothing recorded before the fuzzing, even under concurrent requests', async () => {
    // Concurrent retries of one disclosure open one case; concurrent actions are each recorded.
    const key = `fuzz-concurrent-${randomUUID()}`;
    const retries = await Promise.all(
      Array.from({ length: 6 }, () =>
        as('caseworker', 'POST', '/cases', fictionalDisclosure(), { 'Idempotency-Key': key }),
      ),
    );
    expect(retries.map((response) => response.status).every((status) => [200, 201, 202].includes(status))).toBe(true);
    expect(new Set(retries.map((response) => response.body.caseId)).size).toBe(1);
    // On the fresh case (the fuzzing may have closed the seeded ones), every one of eight is recorded.
    const fresh = retries[0]!.body.caseId;
    await eventually(
      () => as('caseworker', 'GET', `/cases/${fresh}/state`),
      (response) => response.status === 200,
    );
    const attempts = await Promise.all(
      Array.from({ length: 8 }, () =>
        as('caseworker', 'POST', `/cases/${fresh}/contact-attempts`, { outcome: 'not_reached', channel: 'text' }),
      ),
    );
    expect(attempts.map((response) => response.status)).toEqual(Array(8).fill(200));
    expect((await ok(as('caseworker', 'GET', `/cases/${fresh}/state`))).contactAttempts).toHaveLength(8);
    // An escalation of the fresh case to the line manager, which the fuzzing never saw (it may have
    // acknowledged every earlier one): exactly one of these may acknowledge it.
    await harness.skipTo(new Date((await harness.env.currentTimeMs()) + 3 * 86_400_000));
    const open = await eventually(
      () =>
        harness.db.pool.query<{ alert_id: string }>(
          "SELECT alert_id FROM alerts WHERE case_id = $1 AND recipient_role = 'line_manager' AND acknowledged_at IS NULL LIMIT 1",
          [fresh],
        ),
      (result) => result.rows.length === 1,
    );
    const alertId = open.rows[0]!.alert_id;
    const acknowledgements = await Promise.all(
      ['manager', 'da_lead', 'head_of_service', 'caseworker'].map((who) =>
        as(who, 'POST', `/alerts/${alertId}/acknowledgement`),
      ),
    );
    expect(acknowledgements.every((response) => response.status < 500)).toBe(true);
    expect(acknowledgements.filter((response) => response.status === 200)).toHaveLength(1);

    // Every disclosure accepted, by the fuzzing too, is recorded as a case.
    const unrecorded = await eventually(
      () =>
        harness.db.pool.query(
          'SELECT d.case_id FROM disclosure_requests d LEFT JOIN cases c USING (case_id) WHERE c.case_id IS NULL',
        ),
      (result) => result.rows.length === 0,
    );
    expect(unrecorded.rows).toEqual([]);

    const after = await snapshot();
    for (const table of RECORD_TABLES) {
      expect({ table, count: after.counts[table]! >= before.counts[table]! }).toEqual({ table, count: true });
    }
    for (const caseId of seeded.caseIds) {
      const was = before.states[caseId];
      const now = after.states[caseId];
      expect(now).toMatchObject({ caseId, openedAt: was.openedAt, disclosure: was.disclosure, profile: was.profile });
      expect(now.stateVersion).toBeGreaterThanOrEqual(was.stateVersion);
      for (const list of ['contactAttempts', 'assessments', 'incidents', 'safeguardingReferrals', 'reviews'] as const) {
        expect({ list, kept: now[list].slice(0, was[list].length) }).toEqual({ list, kept: was[list] });
      }
      expect(now.sharing.approvals.slice(0, was.sharing.approvals.length)).toEqual(was.sharing.approvals);
      for (const request of was.sharing.requests) {
        const still = now.sharing.requests.find((candidate: any) => candidate.request.id === request.request.id);
        expect(still?.request).toEqual(request.request);
        if (request.release) expect(still.release).toEqual(request.release);
      }
      for (const consent of was.sharing.consents) {
        expect(now.sharing.consents.find((candidate: any) => candidate.id === consent.id)).toMatchObject({
          scope: consent.scope,
          decision: consent.decision,
          decidedAt: consent.decidedAt,
        });
      }
      for (const alert of was.alerts) expect(now.alerts).toContainEqual(alert);
      for (const child of was.children)
        expect(now.children.map((candidate: any) => candidate.workflowId)).toContain(child.workflowId);
      expect(after.cases[caseId]).toMatchObject({
        caseId,
        organisationId: before.cases[caseId].organisationId,
        openedAt: before.cases[caseId].openedAt,
      });
    }
  });
});
