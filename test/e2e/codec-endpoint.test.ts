import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { Principal } from '../../src/platform/auth';
import { startApi, type RunningApi } from '../support/api-server';
import { createTestDatabase, withUnwritableAccessLog, type TestDatabase } from '../support/database';
import { testDataConverter } from '../support/test-keys';
import { caseWorkflowId } from '../../src/case/state';

/** The endpoint the Temporal UI calls to show decrypted histories: auditors and DA leads only. */
describe('the codec endpoint for the Temporal UI', () => {
  const uiOrigin = 'http://127.0.0.1:8233';
  const codec = testDataConverter.payloadCodecs![0]!;
  let db: TestDatabase;
  let api: RunningApi;
  /** a Stonewater case, as the projection records it */
  const caseId = randomUUID();
  const people: Record<string, Principal> = {
    auditor: { staffId: 'audit-fay', role: 'auditor', organisationId: 'stonewater' },
    daLead: { staffId: 'lead-cai', role: 'da_lead', organisationId: 'stonewater' },
    officer: { staffId: 'officer-ada', role: 'caseworker', organisationId: 'stonewater' },
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    // The codec endpoint never calls Temporal, so no client is needed behind it.
    api = await startApi({
      pool: db.pool,
      client: {} as Client,
      taskQueue: 'unused',
      codecEndpoint: { codec, allowedOrigins: [uiOrigin] },
    });
    await db.pool.query(
      `INSERT INTO cases (case_id, workflow_id, organisation_id, policy_profile, policy_version, status, risk_level, case_officer_id, team_id, opened_at, updated_at, state_version)
       VALUES ($1, $2, 'stonewater', 'stonewater', '1.0.0', 'open', 'unassessed', 'officer-ada', 'team-north', now(), now(), 1)`,
      [caseId, caseWorkflowId(caseId)],
    );
  });
  afterAll(async () => {
    await api?.close();
    await db?.drop();
  });

  const encrypted = async () => {
    const [payload] = await codec.encode(
      [defaultPayloadConverter.toPayload({ survivor: 'Testy McFixture', postcode: 'ZZ99 9ZZ' })],
      {
        type: 'workflow',
        namespace: 'default',
        workflowId: caseWorkflowId(caseId),
      },
    );
    const b64 = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes!).toString('base64');
    return {
      payloads: [
        {
          metadata: Object.fromEntries(Object.entries(payload!.metadata!).map(([k, v]) => [k, b64(v)])),
          data: b64(payload!.data),
        },
      ],
    };
  };
  const decodedValue = (body: { payloads: { data: string }[] }) =>
    JSON.parse(Buffer.from(body.payloads[0]!.data, 'base64').toString('utf8'));

  it('decodes for an auditor and records that it did', async () => {
    const body = await encrypted();
    expect(JSON.stringify(body)).not.toContain('Testy');
    const response = await api.call('POST', '/codec/decode', { token: await api.tokenFor(people.auditor!), body });
    expect(response.status).toBe(200);
    expect(decodedValue(response.body)).toEqual({ survivor: 'Testy McFixture', postcode: 'ZZ99 9ZZ' });
    const audited = await db.pool.query(
      "SELECT actor_staff_id, detail FROM audit_log WHERE action = 'history.decoded'",
    );
    expect(audited.rows).toEqual([{ actor_staff_id: 'audit-fay', detail: { payloads: 1, cases: 1, withheld: 0 } }]);
  });

  it('answers 503 and decrypts nothing when the access log cannot be written', async () => {
    const unlogged = await startApi({
      pool: withUnwritableAccessLog(db.pool),
      client: {} as Client,
      taskQueue: 'unused',
      codecEndpoint: { codec, allowedOrigins: [uiOrigin] },
    });
    try {
      const response = await unlogged.call('POST', '/codec/decode', {
        token: await unlogged.tokenFor(people.auditor!),
        body: await encrypted(),
      });
      expect(response.status).toBe(503);
      expect(response.body).toMatchObject({
        title: 'Log unavailable',
        detail: expect.stringContaining('nothing was decrypted'),
      });
      expect(JSON.stringify(response.body)).not.toContain('Testy');
    } finally {
      await unlogged.close();
    }
  });

  it('refuses caseworkers and callers without a token', async () => {
    const body = await encrypted();
    expect((await api.call('POST', '/codec/decode', { token: await api.tokenFor(people.officer!), body })).status).toBe(
      403,
    );
    expect((await api.call('POST', '/codec/decode', { body })).status).toBe(401);
  });

  it('lets a DA lead sign the UI in with a cookie only this path receives', async () => {
    const token = await api.tokenFor(people.daLead!);
    const signIn = await fetch(`${api.baseUrl}/codec/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }),
    });
    expect(signIn.status).toBe(200);
    const cookie = signIn.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^da_codec_session=/);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\/codec/);

    const viaCookie = await api.call('POST', '/codec/decode', {
      body: await encrypted(),
      headers: { cookie: cookie.split(';')[0]!, origin: uiOrigin },
    });
    expect(viaCookie.status).toBe(200);
    expect(viaCookie.headers.get('access-control-allow-origin')).toBe(uiOrigin);
    expect(viaCookie.headers.get('access-control-allow-credentials')).toBe('true');

    const officerSignIn = await fetch(`${api.baseUrl}/codec/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: await api.tokenFor(people.officer!) }),
    });
    expect(officerSignIn.status).toBe(403);
    expect(officerSignIn.headers.get('set-cookie')).toBeNull();
  });

  it('answers the UI origin’s preflight and no other', async () => {
    const preflight = (origin: string) =>
      fetch(`${api.baseUrl}/codec/decode`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
    const allowed = await preflight(uiOrigin);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(uiOrigin);
    expect((await preflight('https://evil.example')).headers.get('access-control-allow-origin')).toBeNull();
  });
});
