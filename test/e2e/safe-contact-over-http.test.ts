import type { Principal } from '../../src/platform/auth';
import { fictionalDisclosure } from '../fixtures/disclosures';
import { startApi, type RunningApi } from '../support/api-server';
import { seedStaff, startCaseHarness, type CaseHarness } from '../support/case-harness';

const stonewater = (staffId: string, role: Principal['role'], teamId?: string): Principal => ({
  staffId,
  role,
  organisationId: 'stonewater',
  teamId,
});
const officer = stonewater('officer-ada', 'caseworker', 'team-north');
const manager = stonewater('mgr-bea', 'manager', 'team-north');

/** The survivor's safe-contact profile, held against every contact attempt over HTTP. */
describe("the survivor's safe contact", () => {
  let harness: CaseHarness;
  let api: RunningApi;
  const tokens = new Map<Principal, string>();
  const call = (who: Principal, method: string, path: string, body?: unknown) =>
    api.call(method, path, { token: tokens.get(who)!, body });

  beforeAll(async () => {
    harness = await startCaseHarness();
    await seedStaff(harness.db, 'stonewater');
    api = await startApi({ pool: harness.db.pool, client: harness.env.client, taskQueue: harness.taskQueue });
    for (const principal of [officer, manager]) tokens.set(principal, await api.tokenFor(principal));
  });
  afterAll(async () => {
    await api?.close();
    await harness?.stop();
  });

  it('refuses an unsafe channel, takes a manager’s justified override, and follows the profile as updated', async () => {
    const opened = await api.call('POST', '/cases', {
      token: tokens.get(officer)!,
      // safe by text and phone, no voicemail, no letters
      body: fictionalDisclosure({ disclosedAt: new Date(await harness.env.currentTimeMs()).toISOString() }),
      headers: { 'Idempotency-Key': 'e2e-safe-contact-0001' },
    });
    expect(opened.status).toBe(201);
    const path = `/cases/${opened.body.caseId}`;

    const byEmail = await call(officer, 'POST', `${path}/contact-attempts`, {
      outcome: 'not_reached',
      channel: 'email',
    });
    expect(byEmail.status).toBe(409);
    expect(byEmail.body.detail).toContain("email is not one of the survivor's safe channels");
    const voicemail = await call(officer, 'POST', `${path}/contact-attempts`, {
      outcome: 'not_reached',
      channel: 'phone',
      leftVoicemail: true,
    });
    expect(voicemail.status).toBe(409);
    expect(voicemail.body.detail).toContain('voicemail is not safe for the survivor');

    const justification = 'Police ask us to reach her by e-mail today: her phone was taken.';
    const notAManager = await call(officer, 'POST', `${path}/contact-attempts`, {
      outcome: 'not_reached',
      channel: 'email',
      override: { justification },
    });
    expect(notAManager.status).toBe(403);
    const overridden = await call(manager, 'POST', `${path}/contact-attempts`, {
      outcome: 'reached',
      channel: 'email',
      override: { justification },
    });
    expect(overridden.status).toBe(200);
    expect(overridden.body.entry).toMatchObject({ channel: 'email', override: { by: 'mgr-bea', justification } });

    // Agreed with the survivor: e-mail only from now on.
    const updated = await call(officer, 'POST', `${path}/safe-contact`, {
      safeContact: { channels: ['email'], lettersSafe: false, voicemailSafe: false },
    });
    expect(updated.status).toBe(200);
    expect(updated.body.entry).toMatchObject({ by: 'officer-ada', profile: { channels: ['email'] } });
    expect(
      (await call(officer, 'POST', `${path}/contact-attempts`, { outcome: 'reached', channel: 'email' })).status,
    ).toBe(200);
    expect(
      (await call(officer, 'POST', `${path}/contact-attempts`, { outcome: 'reached', channel: 'phone' })).status,
    ).toBe(409);

    const timeline = JSON.stringify((await call(officer, 'GET', `${path}/timeline`)).body);
    expect(timeline).toContain('Safe-contact profile updated');
    expect(timeline).toContain('outside the safe-contact profile, overridden by mgr-bea');
  });
});
