import { historyToJSON, type JSONPayload } from '@temporalio/common/lib/proto-utils';
import { defaultPayloadConverter } from '@temporalio/common';
import { CODEC_READERS } from '../../src/audit/codec-routes';
import { ROLES, type Principal } from '../../src/platform/auth';
import { caseWorkflowId } from '../../src/case/state';
import { fictionalDisclosure, fictionalSafeWord, fictionalSurvivorReference } from '../fixtures/disclosures';
import { startApi, type RunningApi } from '../support/api-server';
import { eventually, seedStaff, startCaseHarness, type CaseHarness } from '../support/case-harness';
import { testDataConverter } from '../support/test-keys';

/**
 * The codec endpoint decrypts a payload only for someone who may read its case (the same rule as
 * GET /cases/:caseId), through real HTTP, with the payloads the Temporal UI would send: a case's
 * history as a real worker on the time-skipping server stored it, and the cases in PostgreSQL.
 */
describe('the codec endpoint and need-to-know', () => {
  let harness: CaseHarness;
  let api: RunningApi;
  const codec = testDataConverter.payloadCodecs![0]!;
  const stonewater = (staffId: string, role: Principal['role']): Principal => ({
    staffId,
    role,
    organisationId: 'stonewater',
  });
  const kent = (staffId: string, role: Principal['role']): Principal => ({
    staffId,
    role,
    organisationId: 'kent-housing',
  });
  const people = {
    officer: stonewater('officer-ada', 'caseworker'),
    auditor: stonewater('audit-fay', 'auditor'),
    daLead: stonewater('lead-cai', 'da_lead'),
    kentOfficer: kent('officer-kit', 'caseworker'),
    kentAuditor: kent('audit-kay', 'auditor'),
    kentLead: kent('lead-kim', 'da_lead'),
  };
  /** works with the perpetrator of one Stonewater case; signs in with each role in turn */
  const perpetratorStaffId = 'staff-pat';

  const cases = { stonewater: '', perpetrators: '', kent: '' };
  const histories: Record<keyof typeof cases, JSONPayload[]> = { stonewater: [], perpetrators: [], kent: [] };

  let opened = 0;
  async function openCase(who: Principal, overrides: Parameters<typeof fictionalDisclosure>[0]): Promise<string> {
    opened += 1;
    const response = await api.call('POST', '/cases', {
      token: await api.tokenFor(who),
      body: fictionalDisclosure(overrides),
      headers: { 'Idempotency-Key': `codec-ntk-${String(opened).padStart(4, '0')}` },
    });
    expect(response.status).toBe(201);
    return response.body.caseId;
  }

  /** Every encrypted payload of the case's history, in the JSON form the Temporal UI sends. */
  async function encryptedPayloads(caseId: string): Promise<JSONPayload[]> {
    const history = JSON.parse(
      historyToJSON(await harness.env.client.workflow.getHandle(caseWorkflowId(caseId)).fetchHistory()),
    ) as unknown;
    const found: JSONPayload[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(walk);
      if (node === null || typeof node !== 'object') return;
      const metadata = (node as { metadata?: Record<string, string> }).metadata;
      if (
        metadata?.encoding !== undefined &&
        Buffer.from(metadata.encoding, 'base64').toString() === 'binary/encrypted'
      )
        found.push(node as JSONPayload);
      else Object.values(node).forEach(walk);
    };
    walk(history);
    return found;
  }

  const decode = async (who: Principal, payloads: JSONPayload[]) =>
    api.call('POST', '/codec/decode', { token: await api.tokenFor(who), body: { payloads } });
  /** What a reader of the answer can see: every payload's data, as text. */
  const readable = (body: { payloads: { data: string }[] }) =>
    body.payloads.map((payload) => Buffer.from(payload.data, 'base64').toString('utf8')).join('\n');
  const codecReads = async (caseId: string) =>
    (
      await harness.db.pool.query(
        "SELECT actor_staff_id, actor_role FROM access_log WHERE case_id = $1 AND resource = 'case.history.codec' ORDER BY seq",
        [caseId],
      )
    ).rows;

  beforeAll(async () => {
    harness = await startCaseHarness();
    await seedStaff(harness.db, 'stonewater');
    api = await startApi({
      pool: harness.db.pool,
      client: harness.env.client,
      taskQueue: harness.taskQueue,
      codecEndpoint: { codec, allowedOrigins: [] },
    });
    cases.stonewater = await openCase(people.officer, {});
    cases.perpetrators = await openCase(people.officer, {
      perpetrator: { isResident: false, officerId: perpetratorStaffId },
    });
    cases.kent = await openCase(people.kentOfficer, {
      organisationId: 'kent-housing',
      caseOfficerId: 'officer-kit',
      teamId: 'team-east',
    });
    await eventually(
      async () =>
        (
          await harness.db.pool.query('SELECT perpetrator_officer_id FROM cases WHERE case_id = $1', [
            cases.perpetrators,
          ])
        ).rows,
      (rows) => rows[0]?.perpetrator_officer_id === perpetratorStaffId,
    );
    for (const name of Object.keys(cases) as (keyof typeof cases)[]) {
      histories[name] = await encryptedPayloads(cases[name]);
      expect(histories[name].length).toBeGreaterThan(1);
      expect(JSON.stringify(histories[name])).not.toContain(fictionalSurvivorReference);
    }
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await harness?.stop();
  });

  it("decrypts an organisation's case for its auditor and DA lead, and logs one read per case per request", async () => {
    for (const reader of [people.auditor, people.daLead]) {
      const response = await decode(reader, histories.stonewater);
      expect(response.status).toBe(200);
      expect(response.body.payloads).toHaveLength(histories.stonewater.length);
      expect(readable(response.body)).toContain(fictionalSurvivorReference);
      expect(readable(response.body)).toContain(fictionalSafeWord);
    }
    expect(await codecReads(cases.stonewater)).toEqual([
      { actor_staff_id: 'audit-fay', actor_role: 'auditor' },
      { actor_staff_id: 'lead-cai', actor_role: 'da_lead' },
    ]);
  });

  it("gives another organisation's auditor and DA lead the payloads back as sent, in both directions", async () => {
    const attempts: [Principal, JSONPayload[]][] = [
      [people.kentAuditor, histories.stonewater],
      [people.kentLead, histories.stonewater],
      [people.auditor, histories.kent],
      [people.daLead, histories.kent],
    ];
    for (const [reader, payloads] of attempts) {
      const response = await decode(reader, payloads);
      expect(response.status).toBe(200);
      expect(response.body.payloads).toEqual(payloads);
      expect(readable(response.body)).not.toContain(fictionalSurvivorReference);
    }
    expect(await codecReads(cases.kent)).toEqual([]);
    const decoded = await decode(people.kentLead, histories.kent);
    expect(readable(decoded.body)).toContain(fictionalSurvivorReference);
  });

  it('decrypts only the caller’s own cases in a mixed batch, and logs only those', async () => {
    const before = (await codecReads(cases.stonewater)).length;
    const response = await decode(people.auditor, [...histories.stonewater, ...histories.kent]);
    expect(response.status).toBe(200);
    const answered = response.body.payloads as JSONPayload[];
    expect(readable({ payloads: answered.slice(0, histories.stonewater.length) as { data: string }[] })).toContain(
      fictionalSurvivorReference,
    );
    expect(answered.slice(histories.stonewater.length)).toEqual(histories.kent);
    expect(await codecReads(cases.stonewater)).toHaveLength(before + 1);
    expect(await codecReads(cases.kent)).not.toContainEqual(expect.objectContaining({ actor_staff_id: 'audit-fay' }));
    const audited = await harness.db.pool.query(
      "SELECT detail FROM audit_log WHERE action = 'history.decoded' AND actor_staff_id = 'audit-fay' ORDER BY seq DESC LIMIT 1",
    );
    expect(audited.rows[0].detail).toEqual({ payloads: answered.length, cases: 1, withheld: histories.kent.length });
  });

  it('decrypts nothing of a case for the staff member who works with its perpetrator, in any role', async () => {
    for (const role of ROLES) {
      const who: Principal = {
        staffId: perpetratorStaffId,
        role,
        organisationId: 'stonewater',
        ...(role === 'partner' ? { partnerId: 'idva-north' } : {}),
      };
      const response = await decode(who, histories.perpetrators);
      if (CODEC_READERS.roles.includes(role)) {
        expect(response.status).toBe(200);
        expect(response.body.payloads).toEqual(histories.perpetrators);
        // the same person, same role, reads a case that is not the perpetrator's
        expect(readable((await decode(who, histories.stonewater)).body)).toContain(fictionalSurvivorReference);
      } else {
        expect(response.status).toBe(403);
      }
    }
    expect(await codecReads(cases.perpetrators)).toEqual([]);
    // whereas a DA lead who does not work with the perpetrator reads it
    expect(readable((await decode(people.daLead, histories.perpetrators)).body)).toContain(fictionalSafeWord);
  });

  it('refuses a payload relabelled with a case the caller may read, and withholds one bound to no case', async () => {
    const kentPayload = histories.kent[0]!;
    const relabelled: JSONPayload = {
      ...kentPayload,
      metadata: { ...kentPayload.metadata, 'encryption-case-id': Buffer.from(cases.stonewater).toString('base64') },
    };
    const forged = await decode(people.auditor, [relabelled]);
    expect(forged.status).toBe(400);
    expect(forged.body.errors).toEqual([
      { field: 'body.payloads.0', message: expect.stringMatching(/failed authentication/) },
    ]);
    expect(JSON.stringify(forged.body)).not.toContain(fictionalSurvivorReference);

    const [unbound] = await codec.encode([
      defaultPayloadConverter.toPayload({ reference: fictionalSurvivorReference }),
    ]);
    const asSent: JSONPayload = {
      metadata: Object.fromEntries(
        Object.entries(unbound!.metadata!).map(([key, value]) => [key, Buffer.from(value).toString('base64')]),
      ),
      data: Buffer.from(unbound!.data!).toString('base64'),
    };
    const withheld = await decode(people.auditor, [asSent]);
    expect(withheld.status).toBe(200);
    expect(withheld.body.payloads).toEqual([asSent]);
  });
});
