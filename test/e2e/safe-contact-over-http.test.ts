import { staffOf, useHttpCases } from '../support/http-case';

const stonewater = staffOf('stonewater');
const officer = stonewater('officer-ada', 'caseworker', 'team-north');
const manager = stonewater('mgr-bea', 'manager', 'team-north');

/** The survivor's safe-contact profile, held against every contact attempt over HTTP. */
describe("the survivor's safe contact", () => {
  const http = useHttpCases({ organisationId: 'stonewater', principals: [officer, manager] });
  const call = http.call;

  it('refuses an unsafe channel, takes a manager’s justified override, and follows the profile as updated', async () => {
    // safe by text and phone, no voicemail, no letters
    const path = `/cases/${await http.openCase(officer, 'e2e-safe-contact-0001')}`;

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
